"""`orderBy` on the root lists: every order pages through a list of several pages with no item
repeated and none missing, in the order asked, both ways; ties broken by ID; empty values first
ascending and last descending."""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from bson import ObjectId

from services.graphql_api.core.ids import to_global_id
from services.graphql_api.orders import SORT_KEYS, PairOrderField
from shared.enums import HealthStatus, ProgramStatus
from shared.models import Pair, PairHealth, Participant, Program, Recognition
from shared.models.feedback import SEVERITY
from tests.factories import make_pair, make_participant, make_program
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester

PAGE_SIZE = 3
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
Document = dict[str, Any]
Viewer = dict[str, Any]


def expected_order(documents: list[Document], field: str, direction: str) -> list[ObjectId]:
    """The order MongoDB gives: empty values before set ones, ties by `_id`; DESC reverses."""

    def key(doc: Document) -> tuple[Any, ...]:
        value = doc.get(field)
        return (value is not None, value, doc["_id"])

    return [d["_id"] for d in sorted(documents, key=key, reverse=direction == "DESC")]


async def walk(
    gql: GraphQLTester,
    root: str,
    order_type: str,
    order: dict[str, str] | None,
    viewer: Viewer,
    *,
    arguments: str = "",
    program: Program | None = None,
    node: str = "id",
) -> tuple[list[Any], int, int]:
    """Every item of a root list, page by page: the items, the pages, and `totalCount`.
    `arguments` may use `$program`, the global ID of `program`."""
    declared = ", $program: ID!" if program is not None else ""
    query = (
        f"query($first: Int!, $after: String, $order: {order_type}{declared}) {{ "
        f"{root}(first: $first, after: $after, orderBy: $order{arguments}) {{ totalCount "
        f"pageInfo {{ hasNextPage hasPreviousPage endCursor }} edges {{ cursor node {{ {node} }} }}"
        " } }"
    )
    values = {"program": program_id(program)} if program is not None else {}
    items: list[Any] = []
    pages, after, total = 0, None, -1
    while True:
        data = await gql.data(
            query, {"first": PAGE_SIZE, "after": after, "order": order, **values}, **viewer
        )
        page = data[root]
        pages += 1
        total = page["totalCount"]
        items += [edge["node"] for edge in page["edges"]]
        assert page["pageInfo"]["hasPreviousPage"] == (after is not None)
        if page["edges"]:
            assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            return items, pages, total
        assert len(page["edges"]) == PAGE_SIZE
        after = page["pageInfo"]["endCursor"]
        assert pages < 20, "the pages never end"


def program_id(program: Program) -> str:
    assert program.id is not None
    return str(to_global_id("Program", program.id))


def ids_of(type_name: str, object_ids: list[ObjectId]) -> list[str]:
    return [str(to_global_id(type_name, object_id)) for object_id in object_ids]


def assert_walked(found: list[str], expected: list[str], pages: int, total: int) -> None:
    assert len(found) == len(set(found)), "an item came twice"
    assert set(found) == set(expected), "an item is missing or extra"
    assert found == expected
    assert pages >= 3 and total == len(expected)


# Programs: names differing in case, start dates with ties and gaps, statuses and creation
# times with ties.
async def _programs() -> tuple[list[Program], Participant]:
    manager = await make_participant(name="Manager")
    specs = [
        ("alpha", T0.date(), ProgramStatus.ACTIVE, 0),
        ("Bravo", None, ProgramStatus.DRAFT, 0),
        ("charlie", T0.date() + timedelta(days=9), ProgramStatus.CLOSED, 1),
        ("Delta", T0.date(), ProgramStatus.ACTIVE, 1),
        ("echo", None, ProgramStatus.ACTIVE, 2),
        ("Foxtrot", T0.date() - timedelta(days=40), ProgramStatus.DRAFT, 2),
        ("golf", T0.date(), ProgramStatus.CLOSED, 2),
        ("Hotel", None, ProgramStatus.ACTIVE, 3),
    ]
    programs = [
        await make_program(
            name=name,
            starts_on=starts_on,
            status=status,
            created_at=T0 + timedelta(hours=hour),
            manager_ids=[manager.id],
        )
        for name, starts_on, status, hour in specs
    ]
    return programs, manager


PROGRAM_ORDERS = [
    ("NAME", "name_key"),
    ("CREATED_AT", "created_at"),
    ("STARTS_ON", "starts_on"),
    ("STATUS", "status"),
]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize(("field", "stored"), PROGRAM_ORDERS)
async def test_programs_page_in_every_order(
    gql: GraphQLTester, field: str, stored: str, direction: str
) -> None:
    await _programs()
    documents = await Program.get_pymongo_collection().find().to_list()

    found, pages, total = await walk(
        gql, "programs", "ProgramOrder", {"field": field, "direction": direction}, {"roles": ADMIN}
    )

    expected = ids_of("Program", expected_order(documents, stored, direction))
    assert_walked([item["id"] for item in found], expected, pages, total)


async def test_a_participant_pages_through_the_programs_they_may_see_in_order(
    gql: GraphQLTester,
) -> None:
    """Drafts are hidden from a participant: the visibility filter and the cursor combine."""
    await _programs()
    for days in (2, 9):  # more visible ones, for three pages
        await make_program(starts_on=T0.date() + timedelta(days=days))
    viewer = await make_participant(name="Viewer")
    documents = await Program.get_pymongo_collection().find({"status": {"$ne": "DRAFT"}}).to_list()

    found, pages, total = await walk(
        gql,
        "programs",
        "ProgramOrder",
        {"field": "STARTS_ON", "direction": "DESC"},
        {"viewer": viewer},
    )

    expected = ids_of("Program", expected_order(documents, "starts_on", "DESC"))
    assert_walked([item["id"] for item in found], expected, pages, total)


async def test_programs_keep_their_oldest_first_order_without_order_by(
    gql: GraphQLTester,
) -> None:
    programs, _ = await _programs()

    found, _, _ = await walk(gql, "programs", "ProgramOrder", None, {"roles": ADMIN})

    assert [item["id"] for item in found] == [program_id(p) for p in programs]


# Participants: namesakes, departments with ties and an empty one.
PARTICIPANT_ORDERS = [
    ("NAME", "name_key"),
    ("CREATED_AT", "created_at"),
    ("DEPARTMENT", "department"),
]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize(("field", "stored"), PARTICIPANT_ORDERS)
async def test_participants_page_in_every_order(
    gql: GraphQLTester, field: str, stored: str, direction: str
) -> None:
    specs = [
        ("Ana Lima", "Sales", 0),
        ("ana lima", "Engineering", 0),
        ("Zoë Ruiz", "", 1),
        ("Bo Chen", "Sales", 1),
        ("Ana Lima", "Finance", 2),
        ("Émile Roux", "Engineering", 2),
        ("Carl Berg", "", 3),
        ("Dee Park", "Sales", 3),
    ]
    for name, department, hour in specs:
        await make_participant(
            name=name, department=department, created_at=T0 + timedelta(hours=hour)
        )
    documents = await Participant.get_pymongo_collection().find().to_list()

    found, pages, total = await walk(
        gql,
        "participants",
        "ParticipantOrder",
        {"field": field, "direction": direction},
        {"roles": ADMIN},
    )

    expected = ids_of("Participant", expected_order(documents, stored, direction))
    assert_walked([item["id"] for item in found], expected, pages, total)


# Pairs: match scores and start dates with ties and gaps, seen by an admin and by a manager
# who also mentors in a program they do not manage (two visibility branches, merged).
PAIR_ORDERS = [
    ("CREATED_AT", "created_at"),
    ("MATCH_SCORE", "match_score"),
    ("STARTS_ON", "starts_on"),
]


async def _pairs() -> Participant:
    manager = await make_participant(name="Manager")
    managed = await make_program(manager_ids=[manager.id])
    elsewhere = await make_program()
    specs = [
        (managed, 0.8, T0.date(), 0),
        (managed, None, None, 0),
        (managed, 0.8, T0.date() + timedelta(days=3), 1),
        (elsewhere, 0.5, T0.date(), 1),
        (managed, 0.95, None, 2),
        (elsewhere, None, T0.date() - timedelta(days=5), 2),
        (managed, 0.5, T0.date(), 3),
        (elsewhere, 0.8, None, 3),
        (elsewhere, 0.1, T0.date(), 4),
    ]
    for program, score, starts_on, hour in specs:
        mentor = manager if program is elsewhere and hour < 4 else None
        await make_pair(
            program=program,
            mentor=mentor,
            enroll=mentor is None,
            match_score=score,
            starts_on=starts_on,
            created_at=T0 + timedelta(hours=hour),
        )
    return manager


@pytest.mark.parametrize("viewer_kind", ["admin", "manager and mentor"])
@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize(("field", "stored"), PAIR_ORDERS)
async def test_pairs_page_in_every_order(
    gql: GraphQLTester, field: str, stored: str, direction: str, viewer_kind: str
) -> None:
    manager = await _pairs()
    collection = Participant.get_pymongo_collection().database["pairs"]
    if viewer_kind == "admin":
        viewer: Viewer = {"roles": ADMIN}
        documents = await collection.find().to_list()
    else:
        viewer = {"viewer": manager, "roles": MANAGER}
        managed = await Program.find_one({"manager_ids": manager.id})
        assert managed is not None
        documents = [
            d
            for d in await collection.find().to_list()
            if d["program_id"] == managed.id or d["mentor_id"] == manager.id
        ]
        assert 4 < len(documents) < 9  # some pairs hidden, both branches present

    found, pages, total = await walk(
        gql, "pairs", "PairOrder", {"field": field, "direction": direction}, viewer
    )

    expected = ids_of("Pair", expected_order(documents, stored, direction))
    assert_walked([item["id"] for item in found], expected, pages, total)


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_pairs_by_health_page_in_both_directions(gql: GraphQLTester, direction: str) -> None:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id])
    statuses = [HealthStatus.WATCH, HealthStatus.AT_RISK, HealthStatus.HEALTHY] * 3
    for status in statuses[:8]:
        pair = await make_pair(program=program)
        assert pair.id is not None
        await PairHealth(
            pair_id=pair.id, program_id=program.id, status=status, severity=SEVERITY[status]
        ).insert()
    health = await PairHealth.get_pymongo_collection().find().to_list()
    pair_of = {h["_id"]: h["pair_id"] for h in health}

    found, pages, total = await walk(
        gql,
        "pairs",
        "PairOrder",
        {"field": "HEALTH", "direction": direction},
        {"viewer": manager, "roles": MANAGER},
        arguments=", filter: {programId: $program, health: [AT_RISK, WATCH, HEALTHY]}",
        program=program,
    )

    order = [pair_of[h] for h in expected_order(health, "severity", direction)]
    assert_walked([item["id"] for item in found], ids_of("Pair", order), pages, total)


async def test_health_is_an_order_of_the_health_list_only(gql: GraphQLTester) -> None:
    program = await make_program()
    query = """query($order: PairOrder, $filter: PairFilter) {
      pairs(orderBy: $order, filter: $filter) { totalCount } }"""
    health_filter = {"programId": program_id(program), "health": ["WATCH"]}

    without_filter = await gql.run(query, {"order": {"field": "HEALTH"}}, roles=ADMIN)
    other_order = await gql.run(
        query, {"order": {"field": "MATCH_SCORE"}, "filter": health_filter}, roles=ADMIN
    )

    for result in (without_filter, other_order):
        assert result.errors is not None
        assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}
    assert "filter.health" in without_filter.errors[0].message  # type: ignore[index]


async def _ranking(count: int) -> tuple[Program, Participant]:
    manager = await make_participant(name="Manager")
    program = await make_program(manager_ids=[manager.id])
    assert program.id is not None
    for rank in range(1, count + 1):
        mentor = await make_participant()
        assert mentor.id is not None
        await Recognition(
            program_id=program.id,
            mentor_id=mentor.id,
            period="2026",
            score=1 - rank / 10,
            rank=rank,
            rank_key=f"{rank:04d}",
        ).insert()
    return program, manager


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
async def test_a_ranking_pages_in_both_directions(gql: GraphQLTester, direction: str) -> None:
    program, manager = await _ranking(8)

    found, pages, total = await walk(
        gql,
        "recognitions",
        "RecognitionOrder",
        {"field": "RANK", "direction": direction},
        {"viewer": manager, "roles": MANAGER},
        arguments=', programId: $program, period: "2026"',
        program=program,
        node="rank",
    )

    ranks = list(range(1, 9))
    assert_walked(
        [str(item["rank"]) for item in found],
        [str(rank) for rank in (ranks if direction == "ASC" else ranks[::-1])],
        pages,
        total,
    )


# Each order has an index whose leading keys, after the list's equality conditions, are the
# sort field: (list's model, equality fields before the sort field).
LISTS = {
    "ProgramOrderField": (Program, ()),
    "ParticipantOrderField": (Participant, ()),
    "PairOrderField": (Pair, ()),
    "RecognitionOrderField": (Recognition, ("program_id", "period")),
}


@pytest.mark.parametrize("order_field", list(SORT_KEYS), ids=lambda f: f"{type(f).__name__}.{f}")
def test_every_order_has_an_index_that_serves_it(order_field: Any) -> None:
    model, equalities = LISTS[type(order_field).__name__]
    if order_field == PairOrderField.HEALTH:
        model, equalities = PairHealth, ("program_id", "status")
    sort_field = SORT_KEYS[order_field].field
    leading = [
        [key for key, _ in index.document["key"].items()] for index in model.Settings.indexes
    ]

    assert any(
        keys[: len(equalities)] == list(equalities) and keys[len(equalities)] == sort_field
        for keys in leading
        if len(keys) > len(equalities)
    ), f"no index serves {order_field}"
