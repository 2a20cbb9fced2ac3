"""Recognitions in GraphQL: the ranking for managers, a mentor's own entry, the rules."""

from datetime import UTC, datetime

from services.surveys.recognition import compute_recognitions
from services.surveys.results import release_closed_rounds
from shared.enums import Role, RoundStatus
from shared.models import Participant
from tests.factories import make_pair, make_participant, make_program
from tests.factories.surveys import make_response, make_round
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid, nodes

RANKING = """query($id: ID!) { recognitions(programId: $id) { edges { node { rank score
  mentor { name } evidence { responses averageSatisfaction } } } } }"""


async def _ranked_program() -> tuple[object, Participant, list[Participant]]:
    manager = await make_participant(name="Manager")
    program = await make_program(
        manager_ids=[manager.id], min_group_size=3, recognition={"min_responses": 3}
    )
    mentors = []
    now = datetime.now(UTC)
    survey_round = await make_round(
        program_id=program.id, opens_at=now, closes_at=now, status=RoundStatus.CLOSED
    )
    for name, score in (("Low", 3.0), ("High", 5.0)):
        mentor = await make_participant(name=name)
        for n in range(3):  # three mentees each, answering one released round
            pair = await make_pair(program=program, mentor=mentor, enroll=n == 0)
            await make_response(
                pair=pair, role=Role.MENTEE, satisfaction=score, round_id=survey_round.id
            )
        mentors.append(mentor)
    await release_closed_rounds()
    await compute_recognitions(program.id, f"{now.year}")  # type: ignore[arg-type]
    return program, manager, mentors


async def test_managers_see_the_ranking_with_evidence(gql: GraphQLTester) -> None:
    program, manager, _ = await _ranked_program()

    data = await gql.data(RANKING, {"id": gid(program)}, viewer=manager, roles=MANAGER)  # type: ignore[arg-type]

    ranking = nodes(data["recognitions"])
    assert [(r["rank"], r["mentor"]["name"]) for r in ranking] == [(1, "High"), (2, "Low")]
    assert ranking[0]["evidence"] == {"responses": 3, "averageSatisfaction": 5.0}


async def test_a_mentor_sees_only_their_own_recognition(gql: GraphQLTester) -> None:
    program, _, (low, _) = await _ranked_program()

    ranking = await gql.data(RANKING, {"id": gid(program)}, viewer=low)  # type: ignore[arg-type]
    own = await gql.data(
        "query($id: ID!) { node(id: $id) { ... on Participant { recognitions { "
        "edges { node { rank } } } } } }",
        {"id": gid(low)},
        viewer=low,
    )

    assert [r["mentor"]["name"] for r in nodes(ranking["recognitions"])] == ["Low"]
    # The quarter, then the year.
    assert nodes(own["node"]["recognitions"]) == [{"rank": 2}, {"rank": 2}]


async def test_recognition_rules_have_defaults_and_can_be_changed(gql: GraphQLTester) -> None:
    program = await make_program()
    selection = "program { recognitionRules { satisfactionWeight goalsWeight minResponses } }"

    before = await gql.data(
        "query($id: ID!) { program(id: $id) { recognitionRules { satisfactionWeight "
        "minResponses } } }",
        {"id": gid(program)},
        roles=ADMIN,
    )
    changed = await gql.mutate(
        "programUpdate",
        {"id": gid(program), "recognitionRules": {"goalsWeight": 0.5, "minResponses": 8}},
        selection,
        roles=ADMIN,
    )
    all_zero = await gql.mutate(
        "programUpdate",
        {
            "id": gid(program),
            "recognitionRules": {
                "satisfactionWeight": 0,
                "positiveCommentWeight": 0,
                "goalsWeight": 0,
                "passedOnTimeWeight": 0,
            },
        },
        selection,
        roles=ADMIN,
    )

    assert before["program"]["recognitionRules"] == {"satisfactionWeight": 0.4, "minResponses": 5}
    assert changed["program"]["recognitionRules"] == {
        "satisfactionWeight": 0.4,
        "goalsWeight": 0.5,
        "minResponses": 8,
    }
    assert error_codes(all_zero) == ["INVALID"]


async def test_a_mentor_sees_no_score_resting_on_an_answer_they_may_not_see(
    gql: GraphQLTester,
) -> None:
    """Three mentees answer one round; a month later one answers alone. The managers' score
    rests on all four program-team answers; the mentor sees the first round's figures only,
    and no score or rank that the lone answer moved."""
    manager = await make_participant(name="Manager")
    program = await make_program(
        manager_ids=[manager.id], min_group_size=3, recognition={"min_responses": 3}
    )
    mentor = await make_participant(name="Mentor")
    now = datetime.now(UTC)
    first, second = [
        await make_round(
            program_id=program.id, opens_at=now, closes_at=now, status=RoundStatus.CLOSED
        )
        for _ in range(2)
    ]
    pairs = [await make_pair(program=program, mentor=mentor, enroll=n == 0) for n in range(3)]
    for pair in pairs:
        await make_response(pair=pair, satisfaction=4.0, round_id=first.id)
    await make_response(pair=pairs[0], satisfaction=1.0, round_id=second.id)
    await release_closed_rounds()
    await compute_recognitions(program.id, f"{now.year}")  # type: ignore[arg-type]
    query = """query($id: ID!) { recognitions(programId: $id) { edges { node { rank score
      evidence { responses averageSatisfaction } } } } }"""

    as_manager = await gql.data(query, {"id": gid(program)}, viewer=manager, roles=MANAGER)
    as_mentor = await gql.data(query, {"id": gid(program)}, viewer=mentor)

    (managers_view,) = nodes(as_manager["recognitions"])
    assert managers_view["rank"] == 1
    assert managers_view["evidence"] == {"responses": 4, "averageSatisfaction": 3.25}
    assert nodes(as_mentor["recognitions"]) == [
        {"rank": None, "score": None, "evidence": {"responses": 3, "averageSatisfaction": 4.0}}
    ]
