"""Keyset pagination: stable cursors across inserts, counts, bounds and bad cursors."""

from typing import Any

import pytest

from tests.factories import make_check_in, make_pair, make_participant, make_program
from tests.graphql.client import ADMIN, GraphQLTester

PAGE = """query($first: Int, $after: String) {
  participants(first: $first, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { name } }
  }
}"""


async def _page(gql: GraphQLTester, first: int, after: str | None = None) -> dict[str, Any]:
    data = await gql.data(PAGE, {"first": first, "after": after}, roles=ADMIN)
    return data["participants"]


async def test_pages_follow_each_other_without_gaps_or_repeats(gql: GraphQLTester) -> None:
    for n in range(7):
        await make_participant(name=f"Person {n}")

    first = await _page(gql, 3)
    second = await _page(gql, 3, first["pageInfo"]["endCursor"])
    third = await _page(gql, 3, second["pageInfo"]["endCursor"])

    names = [e["node"]["name"] for page in (first, second, third) for e in page["edges"]]
    assert names == [f"Person {n}" for n in range(7)]
    assert first["totalCount"] == 7
    assert (first["pageInfo"]["hasNextPage"], third["pageInfo"]["hasNextPage"]) == (True, False)
    assert (first["pageInfo"]["hasPreviousPage"], second["pageInfo"]["hasPreviousPage"]) == (
        False,
        True,
    )


async def test_a_cursor_stays_valid_when_objects_are_inserted(gql: GraphQLTester) -> None:
    for n in range(4):
        await make_participant(name=f"Early {n}")
    first = await _page(gql, 2)

    await make_participant(name="Late arrival")
    rest = await _page(gql, 10, first["pageInfo"]["endCursor"])

    assert [e["node"]["name"] for e in rest["edges"]] == ["Early 2", "Early 3", "Late arrival"]
    assert rest["totalCount"] == 5


async def test_nested_lists_paginate_too(gql: GraphQLTester) -> None:
    pair = await make_pair()
    for days in range(5):
        await make_check_in(pair=pair, duration_minutes=30 + days)
    query = """query($after: String) { pairs { edges { node {
      checkIns(first: 2, after: $after) { totalCount pageInfo { endCursor hasNextPage }
        edges { node { durationMinutes } } } } } } }"""

    first = await gql.data(query, {"after": None}, roles=ADMIN)
    page = first["pairs"]["edges"][0]["node"]["checkIns"]
    second = await gql.data(query, {"after": page["pageInfo"]["endCursor"]}, roles=ADMIN)
    next_page = second["pairs"]["edges"][0]["node"]["checkIns"]

    assert page["totalCount"] == 5
    seen = [e["node"]["durationMinutes"] for e in page["edges"] + next_page["edges"]]
    assert len(set(seen)) == 4


@pytest.mark.parametrize("cursor", ["not-a-cursor", "WyJ4Il0", "eyJhIjoxfQ"])
async def test_an_invalid_cursor_gives_a_clear_error(gql: GraphQLTester, cursor: str) -> None:
    result = await gql.run(PAGE, {"first": 2, "after": cursor}, roles=ADMIN)

    assert result.errors is not None
    assert result.errors[0].message == "The cursor is not valid."


@pytest.mark.parametrize("first", [101, -1])
async def test_page_size_is_bounded(gql: GraphQLTester, first: int) -> None:
    result = await gql.run(PAGE, {"first": first}, roles=ADMIN)

    assert result.errors is not None
    assert result.errors[0].message == "`first` must be between 0 and 100."


OTHER_LIST = (
    "The cursor belongs to another list or another order: ask for the first page of this "
    "list in this order, without `after`."
)


async def _end_cursor(gql: GraphQLTester, query: str, variables: dict[str, Any]) -> str:
    found: Any = await gql.data(query, variables, roles=ADMIN)
    while "pageInfo" not in found:  # down to the (first) connection
        found = next(iter(found.values()))
        found = found[0]["node"] if isinstance(found, list) else found
    cursor: str = found["pageInfo"]["endCursor"]
    assert cursor
    return cursor


LISTS = {
    "participants": "query($a: String, $o: ParticipantOrder) { participants(first: 1, after: $a, "
    "orderBy: $o) { pageInfo { endCursor } } }",
    "programs": "query($a: String, $o: ProgramOrder) { programs(first: 1, after: $a, orderBy: $o) "
    "{ pageInfo { endCursor } } }",
    "pairs": "query($a: String, $o: PairOrder) { pairs(first: 1, after: $a, orderBy: $o) "
    "{ pageInfo { endCursor } } }",
    "Program.pairs": "query($a: String) { programs(first: 1) { edges { node { "
    "pairs(first: 1, after: $a) { pageInfo { endCursor } } } } } }",
}
NAME_ASC = {"field": "NAME", "direction": "ASC"}


def _variables(name: str, after: str | None, order: dict[str, str] | None) -> dict[str, Any]:
    return {"a": after, "o": order} if "$o" in LISTS[name] else {"a": after}


@pytest.mark.parametrize(
    ("issued_by", "issued_order", "used_by", "used_order"),
    [
        ("participants", None, "programs", None),
        ("programs", None, "participants", None),
        ("programs", NAME_ASC, "programs", {"field": "NAME", "direction": "DESC"}),
        ("programs", NAME_ASC, "programs", {"field": "CREATED_AT", "direction": "ASC"}),
        ("programs", NAME_ASC, "programs", None),
        ("programs", None, "programs", NAME_ASC),
        ("Program.pairs", None, "pairs", None),
        ("pairs", None, "Program.pairs", None),
    ],
)
async def test_a_cursor_of_another_list_or_order_is_refused(
    gql: GraphQLTester,
    issued_by: str,
    issued_order: dict[str, str] | None,
    used_by: str,
    used_order: dict[str, str] | None,
) -> None:
    for _ in range(2):
        await make_pair(program=await make_program())
    cursor = await _end_cursor(gql, LISTS[issued_by], _variables(issued_by, None, issued_order))
    same_list = await gql.run(
        LISTS[issued_by], _variables(issued_by, cursor, issued_order), roles=ADMIN
    )

    result = await gql.run(LISTS[used_by], _variables(used_by, cursor, used_order), roles=ADMIN)

    assert same_list.errors is None
    assert result.errors is not None
    assert result.errors[0].message == OTHER_LIST
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}


async def test_cursors_are_opaque(gql: GraphQLTester) -> None:
    await make_program(name="Apprenticeship 2026")
    cursor = await _end_cursor(gql, LISTS["programs"], {"a": None, "o": NAME_ASC})

    assert "apprenticeship" not in cursor.lower() and "programs" not in cursor
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
