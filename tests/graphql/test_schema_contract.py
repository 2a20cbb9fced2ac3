"""The committed `schema.graphql` is the contract frontends build on: it must match the code,
every type, field, argument and enum value must say what it is, and closed vocabularies are
enums whose values and meanings come from the domain."""

from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
)

from services.graphql_api.schema import build_schema, schema_sdl
from services.graphql_api.settings import GraphQLSettings
from services.surveys.lexicon import THEME_PATTERNS
from shared.enums import CommentTheme, DescribedEnum, HealthReasonCode, HealthStatus
from shared.feedback.reports import Availability

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


def _signature(field: GraphQLField) -> str:
    arguments = ", ".join(f"{name}: {arg.type}" for name, arg in field.args.items())
    return f"({arguments}): {field.type}"


def test_the_relay_contract_is_in_place() -> None:
    schema = build_schema(GraphQLSettings.model_construct())._schema
    query, mutation = schema.query_type, schema.mutation_type
    assert query is not None and mutation is not None

    assert isinstance(schema.type_map["Node"], GraphQLInterfaceType)
    assert _signature(query.fields["node"]) == "(id: ID!): Node"
    assert _signature(query.fields["program"]) == "(id: ID!): Program"
    assert str(query.fields["viewer"].type) == "Viewer!"
    for root in ("programs", "participants", "pairs", "recognitions"):
        assert str(query.fields[root].type).endswith("Connection!")
    assert "UserError" in schema.type_map
    assert _signature(mutation.fields["programCreate"]) == (
        "(input: ProgramCreateInput!): ProgramCreatePayload!"
    )


def test_every_argument_and_every_enum_value_has_a_description() -> None:
    schema = build_schema(GraphQLSettings.model_construct())._schema
    missing = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__"):
            continue
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType):
            missing += [
                f"{name}.{field}({argument})"
                for field, definition in graphql_type.fields.items()
                for argument, spec in definition.args.items()
                if not spec.description
            ]
        if isinstance(graphql_type, GraphQLEnumType):
            missing += [
                f"{name}.{value}"
                for value, spec in graphql_type.values.items()
                if not spec.description
            ]

    assert missing == []


@pytest.mark.parametrize(
    ("field", "vocabulary"),
    [
        ("ThemeInsight.theme", "CommentTheme!"),
        ("PairComment.themes", "[CommentTheme!]!"),
        ("ReleasedComment.themes", "[CommentTheme!]!"),
        ("HealthReasonType.code", "HealthReasonCode!"),
        ("PairComment.intent", "CommentIntent!"),
        ("QuestionResult.audience", "Audience!"),
    ],
)
def test_closed_vocabularies_are_enums(field: str, vocabulary: str) -> None:
    schema = build_schema(GraphQLSettings.model_construct())._schema
    type_name, field_name = field.split(".")
    found = schema.type_map[type_name]
    assert isinstance(found, GraphQLObjectType)

    assert str(found.fields[field_name].type) == vocabulary


@pytest.mark.parametrize("domain", [CommentTheme, HealthReasonCode, HealthStatus, Availability])
def test_enum_values_and_their_meaning_come_from_the_domain(domain: type[DescribedEnum]) -> None:
    schema = build_schema(GraphQLSettings.model_construct())._schema
    shown = schema.type_map[domain.__name__]
    assert isinstance(shown, GraphQLEnumType)

    assert {name: value.description for name, value in shown.values.items()} == {
        member.name: member.description for member in domain
    }


def test_the_theme_finder_has_one_pattern_per_theme_of_the_vocabulary() -> None:
    assert list(THEME_PATTERNS) == list(CommentTheme)
