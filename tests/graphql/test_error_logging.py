"""What the GraphQL API logs: a client's mistake is one line at INFO, never a traceback, so
fuzzing or a misbehaving frontend cannot flood the logs; an unexpected error keeps its
traceback for the people who must fix it."""

import logging

import pytest

from tests.factories import make_program
from tests.graphql.client import ADMIN, GraphQLTester, gid

CLIENT_MISTAKES = {
    "syntax": "{ programs(first: 5) { totalCount }",
    "unknown field": "{ programs { nosuchfield } }",
    "bad id": '{ node(id: "not-an-id") { id } }',
    "bad cursor": '{ programs(after: "bogus") { totalCount } }',
    "page size": "{ programs(first: 1000) { totalCount } }",
    "date range": (
        'query($id: ID!) { program(id: $id) { satisfaction(from: "2020-01-01",'
        ' to: "2019-01-01") { responses } } }'
    ),
    "too many aliases": "{ " + " ".join(f"a{n}: __typename" for n in range(20)) + " }",
}


@pytest.mark.parametrize("query", CLIENT_MISTAKES.values(), ids=CLIENT_MISTAKES.keys())
async def test_a_clients_mistake_is_logged_in_one_line_without_a_traceback(
    gql: GraphQLTester, caplog: pytest.LogCaptureFixture, query: str
) -> None:
    caplog.set_level(logging.INFO)
    program_id = gid(await make_program())

    result = await gql.run(query, {"id": program_id}, roles=ADMIN)

    assert result.errors
    records = [r for r in caplog.records if r.levelno >= logging.INFO]
    assert len(records) == len(result.errors)
    for record in records:
        assert record.levelno == logging.INFO
        assert record.exc_info is None
        assert "\n" not in record.getMessage()
        assert record.getMessage().startswith("client error ")


DOCUMENT_ERRORS = {
    "syntax": ("{ programs( }", "GRAPHQL_PARSE_FAILED"),
    "unknown field": ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
    "unused variable": ("query($after: String) { __typename }", "GRAPHQL_VALIDATION_FAILED"),
    "aliases": (
        "{ " + " ".join(f"a{n}: __typename" for n in range(16)) + " }",
        "QUERY_TOO_COMPLEX",
    ),
    "depth": (
        "{ programs { edges { node { pairs { edges { node { mentor { pairsAsMentor { edges {"
        " node { mentee { pairsAsMentee { edges { node { id } } } } } } } } } } } } } } }",
        "QUERY_TOO_COMPLEX",
    ),
    "tokens": ("{ " + "__typename " * 3001 + "}", "QUERY_TOO_COMPLEX"),
}


@pytest.mark.parametrize(("query", "code"), DOCUMENT_ERRORS.values(), ids=DOCUMENT_ERRORS.keys())
async def test_errors_in_the_query_document_carry_a_code(
    gql: GraphQLTester, query: str, code: str
) -> None:
    result = await gql.run(query, roles=ADMIN)

    assert result.errors
    assert {error.extensions["code"] for error in result.errors if error.extensions} == {code}
    assert all(error.extensions for error in result.errors)
