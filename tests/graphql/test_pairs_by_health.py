"""The list a program manager acts on: a program's active pairs by health, worst first."""

from datetime import timedelta

from shared.enums import HealthReasonCode, HealthStatus, PairStatus
from shared.models import Pair, PairHealth, Participant, utc_now
from shared.models.feedback import SEVERITY, HealthReason
from tests.factories import make_pair, make_participant, make_program
from tests.graphql.client import MANAGER, GraphQLTester, gid

AT_RISK_OR_WATCH = """query($program: ID!, $first: Int!, $after: String) {
  pairs(first: $first, after: $after, filter: {programId: $program, health: [AT_RISK, WATCH]}) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id health { status reasons { code detail } } } }
  }
}"""


async def _assessed(pair: Pair, status: HealthStatus, *codes: HealthReasonCode) -> None:
    assert pair.id is not None
    await PairHealth(
        pair_id=pair.id,
        program_id=pair.program_id,
        status=status,
        severity=SEVERITY[status],
        reasons=[HealthReason(code=code, detail=f"{code.value} detail") for code in codes],
        evaluated_at=utc_now() - timedelta(minutes=len(codes)),
    ).insert()


async def test_managers_list_pairs_at_risk_then_watch_with_their_reasons(
    gql: GraphQLTester,
) -> None:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id])
    other_program = await make_program(manager_ids=[manager.id])
    at_risk = [await make_pair(program=program) for _ in range(2)]
    watch = await make_pair(program=program)
    healthy = await make_pair(program=program)
    ended = await make_pair(program=program, status=PairStatus.COMPLETED)
    elsewhere = await make_pair(program=other_program)
    for pair in at_risk:
        await _assessed(pair, HealthStatus.AT_RISK, HealthReasonCode.LOW_SATISFACTION)
    await _assessed(watch, HealthStatus.WATCH, HealthReasonCode.NO_RECENT_CHECK_IN)
    await _assessed(healthy, HealthStatus.HEALTHY)
    await _assessed(ended, HealthStatus.AT_RISK, HealthReasonCode.LOW_SATISFACTION)
    await _assessed(elsewhere, HealthStatus.AT_RISK, HealthReasonCode.LOW_SATISFACTION)
    variables = {"program": gid(program), "first": 2}

    first = await gql.data(AT_RISK_OR_WATCH, variables, viewer=manager, roles=MANAGER)
    cursor = first["pairs"]["pageInfo"]["endCursor"]
    rest = await gql.data(
        AT_RISK_OR_WATCH, {**variables, "after": cursor}, viewer=manager, roles=MANAGER
    )

    nodes = [e["node"] for e in first["pairs"]["edges"] + rest["pairs"]["edges"]]
    assert {n["id"] for n in nodes[:2]} == {gid(p) for p in at_risk}
    assert [n["id"] for n in nodes[2:]] == [gid(watch)]
    assert [n["health"]["status"] for n in nodes] == ["AT_RISK", "AT_RISK", "WATCH"]
    assert nodes[2]["health"]["reasons"] == [
        {"code": "NO_RECENT_CHECK_IN", "detail": "NO_RECENT_CHECK_IN detail"}
    ]
    assert first["pairs"]["pageInfo"]["hasNextPage"] is True
    assert rest["pairs"]["pageInfo"]["hasNextPage"] is False


async def test_only_admins_and_the_programs_managers_list_pairs_by_health(
    gql: GraphQLTester,
) -> None:
    program = await make_program()
    pair = await make_pair(program=program)
    await _assessed(pair, HealthStatus.AT_RISK, HealthReasonCode.LOW_SATISFACTION)
    mentee = await Participant.get(pair.mentee_id)
    other_manager = await make_participant()

    as_mentee = await gql.run(
        AT_RISK_OR_WATCH, {"program": gid(program), "first": 5}, viewer=mentee
    )
    as_other = await gql.run(
        AT_RISK_OR_WATCH,
        {"program": gid(program), "first": 5},
        viewer=other_manager,
        roles=MANAGER,
    )
    without_program = await gql.run(
        "{ pairs(filter: {health: [AT_RISK]}) { totalCount } }", roles=MANAGER
    )

    for refused in (as_mentee, as_other):
        assert refused.errors is not None and refused.data is None
        assert refused.errors[0].extensions == {"code": "FORBIDDEN"}
    assert without_program.errors is not None
    assert without_program.errors[0].extensions["code"] == "BAD_USER_INPUT"


async def test_a_pair_that_ends_leaves_the_list(gql: GraphQLTester) -> None:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id])
    pair = await make_pair(program=program)
    await _assessed(pair, HealthStatus.AT_RISK, HealthReasonCode.LOW_SATISFACTION)
    variables = {"program": gid(program), "first": 5}
    before = await gql.data(AT_RISK_OR_WATCH, variables, viewer=manager, roles=MANAGER)

    ended = await gql.mutate(
        "pairEnd",
        {"id": gid(pair), "reason": "Moved to another team"},
        "pair { status }",
        viewer=manager,
        roles=MANAGER,
    )
    after = await gql.data(AT_RISK_OR_WATCH, variables, viewer=manager, roles=MANAGER)

    assert before["pairs"]["totalCount"] == 1
    assert ended["pair"] == {"status": "ENDED_EARLY"}
    assert after["pairs"] == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }
