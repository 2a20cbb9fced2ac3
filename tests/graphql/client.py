"""Running GraphQL operations in tests: through `schema.execute`, as a chosen viewer."""

from dataclasses import dataclass
from typing import Any

import strawberry
from graphql import ExecutionResult

from services.graphql_api.context import Context
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.domain.access import Actor
from services.graphql_api.settings import GraphQLSettings
from shared.enums import ViewerRole
from shared.models import Participant, TimestampedDocument


@dataclass
class GraphQLTester:
    schema: strawberry.Schema
    settings: GraphQLSettings

    async def run(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        viewer: Participant | None = None,
        roles: set[ViewerRole] | frozenset[ViewerRole] = frozenset(),
    ) -> ExecutionResult:
        actor = None
        if viewer is not None or roles:
            actor = Actor(
                participant_id=viewer.id if viewer is not None else None, roles=frozenset(roles)
            )
        context = Context(settings=self.settings, actor=actor, auth_error=None)
        return await self.schema.execute(query, variable_values=variables, context_value=context)

    async def data(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        viewer: Participant | None = None,
        roles: set[ViewerRole] | frozenset[ViewerRole] = frozenset(),
    ) -> dict[str, Any]:
        """The data of an operation that must not fail."""
        result = await self.run(query, variables, viewer=viewer, roles=roles)
        assert result.errors is None, result.errors
        assert result.data is not None
        return result.data

    async def mutate(
        self,
        name: str,
        input: dict[str, Any],
        selection: str,
        *,
        viewer: Participant | None = None,
        roles: set[ViewerRole] | frozenset[ViewerRole] = frozenset(),
    ) -> dict[str, Any]:
        """Run mutation `name` with `input`; the payload, user errors included."""
        input_type = name[0].upper() + name[1:] + "Input"
        query = (
            f"mutation($input: {input_type}!) {{ {name}(input: $input) {{ {selection} "
            "userErrors { field message code } } }"
        )
        data = await self.data(query, {"input": input}, viewer=viewer, roles=roles)
        payload: dict[str, Any] = data[name]
        return payload


def gid(document: TimestampedDocument) -> str:
    """The global ID of a stored document, as the API shows it."""
    assert document.id is not None
    return str(to_global_id(type(document).__name__, document.id))


def nodes(connection: dict[str, Any]) -> list[Any]:
    """The items of a connection's page, in order."""
    return [edge["node"] for edge in connection["edges"]]


def error_codes(payload: dict[str, Any]) -> list[str]:
    return [error["code"] for error in payload["userErrors"]]


ADMIN = frozenset({ViewerRole.ADMIN})
MANAGER = frozenset({ViewerRole.PROGRAM_MANAGER})
