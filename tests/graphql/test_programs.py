"""Program mutations and queries: the life cycle, validation and who may change what."""

from typing import Any

import pytest

from shared.enums import PairStatus, ProgramStatus
from shared.models import Program
from tests.factories import make_pair, make_participant, make_program
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid

PROGRAM = (
    "program { id name status managers { edges { node { name } } } minGroupSize startsOn endsOn }"
)


async def test_an_admin_creates_a_draft_program(gql: GraphQLTester) -> None:
    manager = await make_participant(name="Lukas Brandt")

    payload = await gql.mutate(
        "programCreate",
        {
            "name": "  Master & Apprentice 2027 ",
            "kind": "APPRENTICESHIP",
            "objectives": ["Pass the exam", "pass the exam", "Work safely"],
            "managerIds": [gid(manager)],
            "startsOn": "2027-01-01",
            "endsOn": "2027-12-31",
        },
        PROGRAM,
        roles=ADMIN,
    )

    assert payload["userErrors"] == []
    program = payload["program"]
    assert program["name"] == "Master & Apprentice 2027"
    assert program["status"] == "DRAFT"
    assert program["managers"]["edges"] == [{"node": {"name": "Lukas Brandt"}}]
    assert program["minGroupSize"] == 5
    stored = await Program.find_one(Program.name == "Master & Apprentice 2027")
    assert stored is not None and stored.objectives == ["Pass the exam", "Work safely"]


async def test_a_program_manager_who_creates_a_program_manages_it(gql: GraphQLTester) -> None:
    me = await make_participant()

    payload = await gql.mutate(
        "programCreate", {"name": "Peer circles", "kind": "PEER"}, PROGRAM, viewer=me, roles=MANAGER
    )

    assert payload["program"]["managers"]["edges"] == [{"node": {"name": me.name}}]


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        ({"name": "   "}, ["input", "name"], "INVALID"),
        ({"name": "x" * 201}, ["input", "name"], "INVALID"),
        ({"minGroupSize": 2}, ["input", "minGroupSize"], "INVALID"),
        ({"durationMonths": 0}, ["input", "durationMonths"], "INVALID"),
        ({"startsOn": "2027-05-01", "endsOn": "2027-01-01"}, ["input", "endsOn"], "INVALID"),
        ({"objectives": ["o"] * 101}, ["input", "objectives"], "INVALID"),
        ({"managerIds": ["bm90LWFuLWlk"]}, ["input", "managerIds"], "INVALID"),
    ],
)
async def test_invalid_program_input_is_refused_and_nothing_is_stored(
    gql: GraphQLTester, values: dict[str, Any], field: list[str], code: str
) -> None:
    payload = await gql.mutate(
        "programCreate", {"name": "Valid name", "kind": "PEER", **values}, PROGRAM, roles=ADMIN
    )

    assert payload["program"] is None
    assert error_codes(payload) == [code]
    assert payload["userErrors"][0]["field"] == field
    assert await Program.count() == 0


async def test_program_names_are_unique_regardless_of_case(gql: GraphQLTester) -> None:
    await make_program(name="Talent Reserve")

    payload = await gql.mutate(
        "programCreate", {"name": "talent reserve", "kind": "PEER"}, PROGRAM, roles=ADMIN
    )

    assert error_codes(payload) == ["DUPLICATE"]
    assert payload["userErrors"][0]["field"] == ["input", "name"]


async def test_participants_may_not_create_programs(gql: GraphQLTester) -> None:
    someone = await make_participant()

    payload = await gql.mutate(
        "programCreate", {"name": "Mine", "kind": "PEER"}, PROGRAM, viewer=someone
    )

    assert error_codes(payload) == ["FORBIDDEN"]
    assert await Program.count() == 0


async def test_the_life_cycle_runs_draft_active_closed(gql: GraphQLTester) -> None:
    manager = await make_participant()
    program = await make_program(status=ProgramStatus.DRAFT, manager_ids=[manager.id])

    activated = await gql.mutate(
        "programActivate", {"id": gid(program)}, PROGRAM, viewer=manager, roles=MANAGER
    )
    again = await gql.mutate(
        "programActivate", {"id": gid(program)}, PROGRAM, viewer=manager, roles=MANAGER
    )
    closed = await gql.mutate(
        "programClose", {"id": gid(program)}, PROGRAM, viewer=manager, roles=MANAGER
    )
    changed_after_close = await gql.mutate(
        "programUpdate", {"id": gid(program), "name": "Renamed"}, PROGRAM, roles=ADMIN
    )

    assert activated["program"]["status"] == "ACTIVE"
    assert error_codes(again) == ["INVALID_TRANSITION"]
    assert closed["program"]["status"] == "CLOSED"
    assert error_codes(changed_after_close) == ["INVALID_TRANSITION"]


async def test_a_program_needs_a_manager_to_activate(gql: GraphQLTester) -> None:
    program = await make_program(status=ProgramStatus.DRAFT)

    payload = await gql.mutate("programActivate", {"id": gid(program)}, PROGRAM, roles=ADMIN)

    assert error_codes(payload) == ["INVALID"]
    assert payload["userErrors"][0]["field"] == ["input", "managerIds"]


async def test_a_program_with_open_pairs_cannot_close(gql: GraphQLTester) -> None:
    pair = await make_pair(status=PairStatus.PROPOSED)
    program = await Program.get(pair.program_id)
    assert program is not None

    payload = await gql.mutate("programClose", {"id": gid(program)}, PROGRAM, roles=ADMIN)

    assert error_codes(payload) == ["INVALID_TRANSITION"]
    assert "1 open pair" in payload["userErrors"][0]["message"]


async def test_only_its_managers_update_a_program(gql: GraphQLTester) -> None:
    manager, other_manager = await make_participant(), await make_participant()
    program = await make_program(manager_ids=[manager.id], description="Old")

    refused = await gql.mutate(
        "programUpdate",
        {"id": gid(program), "description": "Hijacked"},
        PROGRAM,
        viewer=other_manager,
        roles=MANAGER,
    )
    accepted = await gql.mutate(
        "programUpdate",
        {"id": gid(program), "description": "New", "checkInCadenceDays": 21},
        "program { description checkInCadenceDays }",
        viewer=manager,
        roles=MANAGER,
    )

    assert error_codes(refused) == ["FORBIDDEN"]
    assert accepted["program"] == {"description": "New", "checkInCadenceDays": 21}


async def test_updating_a_missing_program_reports_not_found(gql: GraphQLTester) -> None:
    program = await make_program()
    await program.delete()

    payload = await gql.mutate(
        "programUpdate", {"id": gid(program), "name": "X"}, PROGRAM, roles=ADMIN
    )

    assert error_codes(payload) == ["NOT_FOUND"]


async def test_programs_filter_by_status_kind_and_search(gql: GraphQLTester) -> None:
    await make_program(name="Apprentices North", kind="APPRENTICESHIP")
    await make_program(name="Apprentices South", kind="APPRENTICESHIP", status=ProgramStatus.CLOSED)
    await make_program(name="Peer learning", kind="PEER")

    data = await gql.data(
        """{ programs(filter: {search: "apprent", status: [ACTIVE], kind: [APPRENTICESHIP]})
             { totalCount edges { node { name } } } }""",
        roles=ADMIN,
    )

    assert data["programs"]["totalCount"] == 1
    assert data["programs"]["edges"][0]["node"]["name"] == "Apprentices North"
