"""Protection: depth, alias and cost limits, error masking, and production hardening."""

from typing import Any

import httpx
import pytest
from pymongo import AsyncMongoClient

from services.graphql_api.app import create_app
from services.graphql_api.settings import GraphQLSettings
from shared.enums import ViewerRole
from shared.tokens import issue_development_token
from tests.asgi import serve
from tests.factories import make_participant
from tests.graphql.client import ADMIN, GraphQLTester


async def test_a_too_deep_query_is_rejected(gql: GraphQLTester) -> None:
    nested = "pair { " * 7 + "id" + " }" * 7
    query = f"{{ pairs {{ edges {{ node {{ goals {{ edges {{ node {{ {nested} }} }} }} }} }} }} }}"

    result = await gql.run(query, roles=ADMIN)

    assert result.data is None
    assert result.errors is not None
    assert "exceeds maximum operation depth" in result.errors[0].message


async def test_an_alias_heavy_query_is_rejected(gql: GraphQLTester) -> None:
    aliases = " ".join(f"a{n}: viewer {{ roles }}" for n in range(20))

    result = await gql.run(f"{{ {aliases} }}", roles=ADMIN)

    assert result.errors is not None
    assert result.errors[0].message == "20 aliases found. Allowed: 15"


async def test_an_expensive_query_is_rejected_before_it_runs(gql: GraphQLTester) -> None:
    query = """{ programs(first: 100) { edges { node {
      pairs(first: 100) { edges { node { goals(first: 100) { edges { node { title } } } } } }
    } } } }"""

    result = await gql.run(query, roles=ADMIN)

    assert result.data is None
    assert result.errors is not None
    assert "over the limit of 200000" in result.errors[0].message
    assert result.errors[0].extensions == {"code": "QUERY_TOO_COMPLEX"}


@pytest.mark.parametrize(
    "query",
    [
        '{ program(id: "not-an-id") { name } }',
        '{ programs(after: "bm90LWEtY3Vyc29y") { totalCount } }',
        "{ programs(first: 1000) { totalCount } }",
    ],
    ids=["bad id", "bad cursor", "page too large"],
)
async def test_a_clients_mistake_is_bad_user_input(gql: GraphQLTester, query: str) -> None:
    result = await gql.run(query, roles=ADMIN)

    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}


async def test_page_sizes_in_variables_count_toward_the_cost(gql: GraphQLTester) -> None:
    query = """query($n: Int!) { programs(first: $n) { edges { node {
      pairs(first: $n) { edges { node { checkIns(first: $n) { edges { node { notes } } } } } }
    } } } }"""

    small = await gql.run(query, {"n": 10}, roles=ADMIN)
    large = await gql.run(query, {"n": 100}, roles=ADMIN)

    assert small.errors is None
    assert large.errors is not None and "over the limit" in large.errors[0].message


NESTED_PAGES = [
    # A program's managers, each with their pairs.
    "query($n: Int!) { programs(first: $n) { edges { node { managers(first: $n) { edges { "
    "node { pairsAsMentor(first: 30) { edges { node { id } } } } } } } } } }",
    # Each participant's standings, each with its mentor's pairs.
    "query($n: Int!) { participants(first: $n) { edges { node { recognitions(first: $n) { "
    "edges { node { mentor { pairsAsMentor(first: 30) { edges { node { id } } } } } } } } } } }",
    # A program's rounds and its ranking, with the ranked mentors' pairs.
    "query($n: Int!) { programs(first: $n) { edges { node { surveyRounds(first: $n) { edges { "
    "node { id } } } recognitions(first: $n) { edges { node { mentor { pairsAsMentor(first: "
    "10) { edges { node { id } } } } } } } } } } }",
]


@pytest.mark.parametrize("query", NESTED_PAGES, ids=["managers", "standings", "rounds"])
async def test_every_connection_multiplies_the_cost_of_what_is_under_it(
    gql: GraphQLTester, query: str
) -> None:
    small = await gql.run(query, {"n": 10}, roles=ADMIN)
    large = await gql.run(query, {"n": 100}, roles=ADMIN)

    assert small.errors is None
    assert large.data is None and large.errors is not None
    assert "over the limit of 200000" in large.errors[0].message


# 100 pairs x 100 goals: 10,100 under one program; 100 programs' worth is over 200,000.
UNDER_A_PROGRAM = (
    "enrollments(first: 100) { edges { node { participant { "
    "pairsAsMentor(first: 100) { edges { node { goals(first: 100) { edges { node { title } } } "
    "} } } } } } }"
)


@pytest.mark.parametrize(
    "query",
    [
        # Reached through `node` with an inline fragment on Program ...
        "query($id: ID!) { node(id: $id) { ... on Program { " + UNDER_A_PROGRAM + " } } }",
        # ... through a named fragment ...
        "query($id: ID!) { node(id: $id) { ...P } } fragment P on Program { "
        + UNDER_A_PROGRAM
        + " }",
        # ... and with the page sizes only in variable defaults.
        "query($id: ID!, $n: Int = 100) { program(id: $id) { "
        + UNDER_A_PROGRAM.replace("first: 100", "first: $n")
        + " } }",
    ],
)
async def test_fragments_and_variable_defaults_count_toward_the_cost(
    gql: GraphQLTester, query: str
) -> None:
    result = await gql.run(
        query, {"id": "UHJvZ3JhbTo2YjAwMDAwMDAwMDAwMDAwMDAwMDAwMDA="}, roles=ADMIN
    )

    assert result.data is None and result.errors is not None
    assert "over the limit of 200000" in result.errors[0].message


async def test_unexpected_failures_are_masked(
    gql: GraphQLTester, monkeypatch: pytest.MonkeyPatch
) -> None:
    from services.graphql_api.domain import access

    async def broken(self: Any) -> dict[str, Any]:
        raise RuntimeError("connection string mongodb://user:secret@db")

    monkeypatch.setattr(access.Actor, "participant_filter", broken)

    result = await gql.run("{ participants { totalCount } }", roles=ADMIN)

    assert result.errors is not None
    assert result.errors[0].message == "Unexpected error."
    assert result.errors[0].extensions == {"code": "INTERNAL_SERVER_ERROR"}
    assert "secret" not in str(result.errors[0].formatted)


def _production_settings(mongodb_url: str, database: str) -> GraphQLSettings:
    return GraphQLSettings.model_construct(
        **{
            **GraphQLSettings(mongodb_url=mongodb_url, database=database).model_dump(),
            "env": "production",
        }
    )


@pytest.fixture
async def production_http(
    mongodb_url: str, database_name: str, mongo_client: AsyncMongoClient[Any]
) -> Any:
    app = create_app(_production_settings(mongodb_url, database_name), mongo_client=mongo_client)
    async with serve(app) as client:
        yield client


async def test_production_turns_off_get_graphiql_and_introspection(
    production_http: httpx.AsyncClient,
) -> None:
    get = await production_http.get("/graphql", params={"query": "{ __typename }"})
    ide = await production_http.get("/graphql", headers={"accept": "text/html"})
    introspection = await production_http.post(
        "/graphql", json={"query": "{ __schema { types { name } } }"}
    )

    assert get.status_code >= 400 and "data" not in get.text
    assert ide.status_code >= 400 and "graphiql" not in ide.text.lower()
    assert introspection.json()["data"] is None
    assert "introspection has been disabled" in introspection.json()["errors"][0]["message"]


async def test_development_allows_anonymous_introspection_only(
    graphql_http: httpx.AsyncClient,
) -> None:
    introspection = await graphql_http.post(
        "/graphql", json={"query": "{ __schema { queryType { name } } }"}
    )
    data = await graphql_http.post("/graphql", json={"query": "{ viewer { roles } }"})

    assert introspection.json()["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    assert data.json()["errors"][0]["extensions"] == {"code": "UNAUTHENTICATED"}


async def test_a_bearer_token_authenticates_over_http(
    graphql_http: httpx.AsyncClient, graphql_settings: GraphQLSettings
) -> None:
    me = await make_participant(name="Token Holder")
    assert me.id is not None
    token = issue_development_token(
        graphql_settings, participant_id=me.id, roles=frozenset({ViewerRole.PROGRAM_MANAGER})
    )

    response = await graphql_http.post(
        "/graphql",
        json={"query": "{ viewer { roles participant { name } } }"},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.json() == {
        "data": {"viewer": {"roles": ["PROGRAM_MANAGER"], "participant": {"name": "Token Holder"}}}
    }


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Bearer not.a.jwt", "The access token is not valid."),
        ("Basic dXNlcjpwYXNz", "Use `Authorization: Bearer <token>`."),
    ],
)
async def test_a_bad_token_is_refused_even_for_introspection(
    graphql_http: httpx.AsyncClient, header: str, message: str
) -> None:
    response = await graphql_http.post(
        "/graphql", json={"query": "{ __typename }"}, headers={"Authorization": header}
    )

    assert response.json()["errors"][0]["message"] == message


async def test_an_expired_token_is_refused(
    graphql_http: httpx.AsyncClient, graphql_settings: GraphQLSettings
) -> None:
    from datetime import timedelta

    me = await make_participant()
    assert me.id is not None
    token = issue_development_token(
        graphql_settings, participant_id=me.id, lifetime=timedelta(minutes=-5)
    )

    response = await graphql_http.post(
        "/graphql",
        json={"query": "{ viewer { roles } }"},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert response.json()["errors"][0]["message"] == "The access token has expired."


async def test_an_oversized_body_is_refused(graphql_http: httpx.AsyncClient) -> None:
    response = await graphql_http.post(
        "/graphql", json={"query": "{ __typename }", "variables": {"x": "y" * 300_000}}
    )

    assert response.status_code == 413


@pytest.mark.parametrize(
    "query",
    [
        "query($s: String) { programs(filter: {search: $s}) { totalCount } }",
        "query($s: String) { participants(filter: {search: $s}) { totalCount } }",
        "query($s: String, $id: ID!) { recognitions(programId: $id, period: $s) { totalCount } }",
    ],
)
async def test_text_that_is_not_unicode_is_a_clear_input_error(
    gql: GraphQLTester, query: str
) -> None:
    variables = {"s": "Ada \ud800", "id": "UHJvZ3JhbTo2YjAwMDAwMDAwMDAwMDAwMDAwMDAwMDA="}
    if "$id" not in query:
        del variables["id"]
    result = await gql.run(query, variables, roles=ADMIN)

    assert result.errors is not None
    assert result.errors[0].message == (
        "The request holds text with characters that are not Unicode text."
    )
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}
