"""The committed `schema.graphql` is the contract frontends build on: it must match the code,
and every type and field must say what it is."""

from pathlib import Path

from graphql import (
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
)

from services.graphql_api.schema import build_schema, schema_sdl
from services.graphql_api.settings import GraphQLSettings

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_the_committed_schema_matches_the_code() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8")

    assert committed == schema_sdl(), (
        "schema.graphql is out of date: run `make schema` and commit the result"
    )


def test_every_type_and_field_has_a_description() -> None:
    schema = build_schema(GraphQLSettings.model_construct())._schema
    missing = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        if not graphql_type.description:
            missing.append(name)
        if isinstance(
            graphql_type, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType
        ):
            missing += [
                f"{name}.{field}"
                for field, definition in graphql_type.fields.items()
                if not definition.description
            ]

    assert missing == []


def test_the_relay_contract_is_in_place() -> None:
    sdl = schema_sdl()

    assert "interface Node {" in sdl
    assert "node(id: ID!): Node" in sdl
    for root in ("viewer: Viewer!", "programs(", "program(id: ID!)", "participants(", "pairs("):
        assert root in sdl
    assert "type UserError {" in sdl
    assert "programCreate(input: ProgramCreateInput!): ProgramCreatePayload!" in sdl
