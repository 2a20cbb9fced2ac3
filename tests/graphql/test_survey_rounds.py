"""Survey rounds in GraphQL: a `Node` for admins and the program's managers, listed page by page
under their program, and named by their global ID wherever a round is asked for."""

from datetime import timedelta
from typing import Any

from shared.enums import InvitationState, Role, RoundStatus
from shared.models import Program, SurveyRound, utc_now
from tests.factories import make_pair, make_participant, make_program
from tests.factories.surveys import make_invitation, make_round
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, gid, nodes

NODE = """query($id: ID!) { node(id: $id) { __typename id
  ... on SurveyRound { label status invited submitted responseRate } } }"""
ROUNDS = """query($id: ID!, $first: Int!, $after: String) { program(id: $id) {
  surveyRounds(first: $first, after: $after) { totalCount
    pageInfo { hasNextPage endCursor } edges { node { id label } } } } }"""


async def _program_with_rounds(count: int) -> tuple[Program, Any, list[SurveyRound]]:
    manager = await make_participant(name="Manager")
    program = await make_program(manager_ids=[manager.id])
    assert program.id is not None
    pair = await make_pair(program=program)
    now = utc_now()
    rounds = []
    for n in range(count):
        opens_at = now - timedelta(days=30 * (count - n))
        rounds.append(
            await make_round(
                program_id=program.id,
                label=f"Round {n}",
                opens_at=opens_at,
                closes_at=opens_at + timedelta(days=60),
            )
        )
    states = (InvitationState.SUBMITTED, InvitationState.PENDING)
    for role, state in zip((Role.MENTEE, Role.MENTOR), states, strict=True):
        for survey_round in rounds[-1:]:  # the latest round, half answered
            await make_invitation(survey_round=survey_round, pair=pair, role=role, state=state)
    return program, manager, rounds


async def test_a_round_is_a_node_for_admins_and_its_programs_managers(gql: GraphQLTester) -> None:
    _, manager, rounds = await _program_with_rounds(1)
    other_manager = await make_participant()
    await make_program(manager_ids=[other_manager.id])
    pair_member = await make_participant()
    round_id = gid(rounds[0])

    as_admin = await gql.data(NODE, {"id": round_id}, roles=ADMIN)
    as_manager = await gql.data(NODE, {"id": round_id}, viewer=manager, roles=MANAGER)
    as_other_manager = await gql.data(NODE, {"id": round_id}, viewer=other_manager, roles=MANAGER)
    as_participant = await gql.data(NODE, {"id": round_id}, viewer=pair_member)

    expected = {
        "__typename": "SurveyRound",
        "id": round_id,
        "label": "Round 0",
        "status": "OPEN",
        "invited": 2,
        "submitted": 1,
        "responseRate": 0.5,
    }
    assert as_admin["node"] == expected
    assert as_manager["node"] == expected
    assert as_other_manager["node"] is None and as_participant["node"] is None


async def test_the_ids_the_program_lists_fetch_the_same_rounds(gql: GraphQLTester) -> None:
    program, manager, _ = await _program_with_rounds(2)
    listed = await gql.data(ROUNDS, {"id": gid(program), "first": 5}, viewer=manager, roles=MANAGER)

    for shown in nodes(listed["program"]["surveyRounds"]):
        fetched = await gql.data(NODE, {"id": shown["id"]}, viewer=manager, roles=MANAGER)
        assert (fetched["node"]["id"], fetched["node"]["label"]) == (shown["id"], shown["label"])


async def test_a_programs_rounds_page_earliest_first(gql: GraphQLTester) -> None:
    program, manager, rounds = await _program_with_rounds(7)
    labels, after, pages = [], None, 0
    while True:
        data = await gql.data(
            ROUNDS,
            {"id": gid(program), "first": 3, "after": after},
            viewer=manager,
            roles=MANAGER,
        )
        connection = data["program"]["surveyRounds"]
        labels += [node["label"] for node in nodes(connection)]
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]

    assert labels == [r.label for r in rounds] and pages == 3
    assert connection["totalCount"] == 7


async def test_rounds_are_named_by_their_global_id_or_their_raw_id(gql: GraphQLTester) -> None:
    program, _, _ = await _program_with_rounds(0)
    assert program.id is not None
    now = utc_now()
    closed = await make_round(
        program_id=program.id,
        opens_at=now - timedelta(days=20),
        closes_at=now - timedelta(days=5),
        status=RoundStatus.CLOSED,
    )
    query = """query($id: ID!, $round: ID!) { program(id: $id) {
      questionResults(roundId: $round) { questionId } } }"""

    by_global = await gql.run(query, {"id": gid(program), "round": gid(closed)}, roles=ADMIN)
    by_raw = await gql.run(query, {"id": gid(program), "round": str(closed.id)}, roles=ADMIN)
    by_other_type = await gql.run(query, {"id": gid(program), "round": gid(program)}, roles=ADMIN)

    assert by_global.errors is None and by_global.data == {"program": {"questionResults": []}}
    assert by_raw.errors is None and by_raw.data == by_global.data
    assert by_other_type.errors is not None
    assert by_other_type.errors[0].extensions == {"code": "BAD_USER_INPUT"}
