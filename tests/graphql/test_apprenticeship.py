"""Apprenticeships: quarterly mentoring plans and the apprentice's probation, step by step,
with every refusal."""

import asyncio
from datetime import date, timedelta
from typing import Any

from shared.apprenticeship.plans import plannable_quarters
from shared.apprenticeship.probation import add_calendar_months
from shared.enums import PairStatus, ProgramKind
from shared.models import MentoringPlan, Pair, Participant
from tests.factories import make_pair, make_participant, make_program
from tests.factories.apprenticeship import HEAD, HR, Apprenticeship, make_apprenticeship
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, error_codes, gid, nodes

CURRENT, NEXT = plannable_quarters(date.today())
PLAN = """mentoringPlan { id quarter status revision objectives competencies decisionComment
  mentor { name } mentee { name } decidedBy { name } history { status revision by { name } } }"""
PROBATION = """pair { status plannedEndOn outcome probation { endsOn examDueOn extendedMonths
  outcome settledOn exam { takenOn passed score recordedBy { name } }
  recommendation { decision extendByMonths reason status by { name } decidedBy { name } } } }"""


def _plan(world: Apprenticeship, quarter: str = CURRENT, **fields: Any) -> dict[str, Any]:
    return {
        "pairId": gid(world.pair),
        "quarter": quarter,
        "objectives": ["Run the lathe alone"],
        "activities": ["Weekly shop-floor session"],
        "competencies": ["machining"],
        **fields,
    }


async def _submit(gql: GraphQLTester, world: Apprenticeship, **fields: Any) -> dict[str, Any]:
    return await gql.mutate(
        "mentoringPlanSubmit", _plan(world, **fields), PLAN, viewer=world.mentor
    )


async def _decide(
    gql: GraphQLTester, plan_id: str, approve: bool, comment: str = "", **viewer: Any
) -> dict[str, Any]:
    return await gql.mutate(
        "mentoringPlanDecide",
        {"id": plan_id, "approve": approve, "comment": comment},
        PLAN,
        **viewer,
    )


async def test_a_plan_is_submitted_returned_resubmitted_and_approved(gql: GraphQLTester) -> None:
    world = await make_apprenticeship()

    submitted = await _submit(gql, world)
    plan_id = submitted["mentoringPlan"]["id"]
    returned = await _decide(
        gql, plan_id, False, "Add a safety objective", viewer=world.head, roles=HEAD
    )
    resubmitted = await _submit(gql, world, objectives=["Run the lathe alone", "Safety walk"])
    approved = await _decide(gql, plan_id, True, viewer=world.head, roles=HEAD)

    assert submitted["userErrors"] == []
    assert submitted["mentoringPlan"]["status"] == "SUBMITTED"
    assert submitted["mentoringPlan"]["competencies"] == ["Machining"]  # the program's spelling
    assert returned["mentoringPlan"]["status"] == "RETURNED"
    assert returned["mentoringPlan"]["decisionComment"] == "Add a safety objective"
    assert resubmitted["mentoringPlan"]["id"] == plan_id
    assert resubmitted["mentoringPlan"]["revision"] == 2
    assert resubmitted["mentoringPlan"]["decisionComment"] == ""
    plan = approved["mentoringPlan"]
    assert (plan["status"], plan["revision"]) == ("APPROVED", 2)
    assert plan["decidedBy"] == {"name": "Hana Head"}
    assert plan["objectives"] == ["Run the lathe alone", "Safety walk"]
    assert [(s["status"], s["revision"], s["by"]["name"]) for s in plan["history"]] == [
        ("SUBMITTED", 1, "Tomasz Master"),
        ("RETURNED", 1, "Hana Head"),
        ("SUBMITTED", 2, "Tomasz Master"),
        ("APPROVED", 2, "Hana Head"),
    ]


async def test_submitting_a_plan_is_refused_out_of_order_or_by_others(gql: GraphQLTester) -> None:
    world = await make_apprenticeship()
    other_kind = await make_pair()
    ended = await make_apprenticeship(program=world.program, status=PairStatus.COMPLETED)
    past = f"{date.today().year - 1}-Q1"

    async def codes(viewer: Any = None, roles: Any = frozenset(), **fields: Any) -> list[str]:
        payload = await gql.mutate(
            "mentoringPlanSubmit", _plan(world, **fields), PLAN, viewer=viewer, roles=roles
        )
        return error_codes(payload)

    assert await codes(world.mentee) == ["FORBIDDEN"]
    assert await codes(world.manager, MANAGER) == ["FORBIDDEN"]
    assert await codes(roles=ADMIN) == ["FORBIDDEN"]
    assert await codes(world.mentor, quarter="2026-Q5") == ["INVALID"]
    assert await codes(world.mentor, quarter=past) == ["INVALID"]
    assert await codes(world.mentor, competencies=["Juggling"]) == ["INVALID"]
    assert await codes(world.mentor, objectives=[]) == ["INVALID"]
    wrong_kind = await gql.mutate(
        "mentoringPlanSubmit",
        _plan(world, pairId=gid(other_kind)),
        PLAN,
        viewer=await _participant(other_kind.mentor_id),
    )
    assert error_codes(wrong_kind) == ["INVALID"]
    not_active = await gql.mutate("mentoringPlanSubmit", _plan(ended), PLAN, viewer=ended.mentor)
    assert error_codes(not_active) == ["PAIR_NOT_ACTIVE"]
    assert await codes(world.mentor) == []
    duplicate = await codes(world.mentor)
    assert duplicate == ["DUPLICATE"]
    assert await MentoringPlan.count() == 1


async def test_deciding_a_plan_is_for_the_head_of_the_apprentices_department(
    gql: GraphQLTester,
) -> None:
    world = await make_apprenticeship()
    plan_id = (await _submit(gql, world))["mentoringPlan"]["id"]
    other_head = await make_participant(department="Sales")
    mentor_heading = await make_apprenticeship(program=world.program)
    plan_of_head = (await _submit(gql, mentor_heading))["mentoringPlan"]["id"]

    by_manager = await _decide(gql, plan_id, True, viewer=world.manager, roles=MANAGER)
    by_mentor = await _decide(gql, plan_id, True, viewer=world.mentor)
    by_other_head = await _decide(gql, plan_id, True, viewer=other_head, roles=HEAD)
    own_plan = await _decide(gql, plan_of_head, True, viewer=mentor_heading.mentor, roles=HEAD)
    without_comment = await _decide(gql, plan_id, False, viewer=world.head, roles=HEAD)
    by_admin = await _decide(gql, plan_id, True, roles=ADMIN)
    twice = await _decide(gql, plan_id, True, viewer=world.head, roles=HEAD)

    assert error_codes(by_manager) == ["FORBIDDEN"]
    assert error_codes(by_mentor) == ["FORBIDDEN"]
    assert error_codes(by_other_head) == ["FORBIDDEN"]
    assert error_codes(own_plan) == ["SAME_PERSON"]
    assert error_codes(without_comment) == ["INVALID"]
    assert without_comment["userErrors"][0]["field"] == ["input", "comment"]
    assert by_admin["mentoringPlan"]["status"] == "APPROVED"
    assert error_codes(twice) == ["INVALID_TRANSITION"]


async def test_plans_are_seen_by_the_pair_its_managers_and_the_department_head(
    gql: GraphQLTester,
) -> None:
    world = await make_apprenticeship()
    await _submit(gql, world)
    await _submit(gql, world, quarter=NEXT)
    stranger = await make_participant(department="Production")
    other_head = await make_participant(department="Sales")
    query = """query($pair: ID!) {
      node(id: $pair) { ... on Pair { mentoringPlans { totalCount edges { node { quarter } } } } }
      mentoringPlans(filter: {status: [SUBMITTED]}) { totalCount edges { node { id quarter
        mentee { name } pair { id } } } } }"""

    async def seen(viewer: Any, roles: Any = frozenset()) -> dict[str, Any]:
        return await gql.data(query, {"pair": gid(world.pair)}, viewer=viewer, roles=roles)

    as_mentee = await seen(world.mentee)
    as_manager = await seen(world.manager, MANAGER)
    as_head = await seen(world.head, HEAD)
    as_stranger = await seen(stranger)
    as_other_head = await seen(other_head, HEAD)

    quarters = [n["quarter"] for n in nodes(as_mentee["node"]["mentoringPlans"])]
    assert quarters == [NEXT, CURRENT]  # the newest quarter first
    assert as_manager["mentoringPlans"]["totalCount"] == 2
    head_sees = nodes(as_head["mentoringPlans"])
    assert as_head["node"] is None  # the pair itself stays hidden from the head
    assert [n["mentee"]["name"] for n in head_sees] == ["Ada Apprentice"] * 2
    assert all(n["pair"] is None for n in head_sees)
    plan_id = head_sees[0]["id"]
    by_id = "query($id: ID!) { node(id: $id) { ... on MentoringPlan { quarter } } }"
    assert (await gql.data(by_id, {"id": plan_id}, viewer=world.head, roles=HEAD))["node"]
    assert (await gql.data(by_id, {"id": plan_id}, viewer=other_head, roles=HEAD))["node"] is None
    for outsider in (as_stranger, as_other_head):
        assert outsider["node"] is None
        assert outsider["mentoringPlans"] == {"totalCount": 0, "edges": []}


async def _participant(participant_id: Any) -> Participant | None:
    return await Participant.get(participant_id)


async def _exam(
    gql: GraphQLTester, world: Apprenticeship, passed: bool, days_ago: int = 1, **viewer: Any
) -> dict[str, Any]:
    taken_on = (date.today() - timedelta(days=days_ago)).isoformat()
    selection = PROBATION
    viewer = viewer or {"viewer": world.manager, "roles": MANAGER}
    return await gql.mutate(
        "qualificationExamRecord",
        {"pairId": gid(world.pair), "takenOn": taken_on, "passed": passed, "score": 71.5},
        selection,
        **viewer,
    )


async def _recommend(
    gql: GraphQLTester, world: Apprenticeship, decision: str, **fields: Any
) -> dict[str, Any]:
    viewer = fields.pop("viewer", world.mentor)
    return await gql.mutate(
        "probationRecommend",
        {"pairId": gid(world.pair), "decision": decision, **fields},
        PROBATION,
        viewer=viewer,
    )


async def _extension(
    gql: GraphQLTester, world: Apprenticeship, approve: bool, comment: str = "", **viewer: Any
) -> dict[str, Any]:
    viewer = viewer or {"viewer": await make_participant(department="HR"), "roles": HR}
    return await gql.mutate(
        "probationExtensionDecide",
        {"pairId": gid(world.pair), "approve": approve, "comment": comment},
        PROBATION,
        **viewer,
    )


async def test_passing_and_a_confirmation_on_time_settle_passed_on_time(
    gql: GraphQLTester,
) -> None:
    world = await make_apprenticeship()
    starts_on = world.pair.starts_on
    assert starts_on is not None

    recorded = await _exam(gql, world, passed=True)
    confirmed = await _recommend(gql, world, "CONFIRM_ON_TIME", reason="Ready")
    completed = await gql.mutate(
        "pairComplete", {"id": gid(world.pair)}, "pair { status outcome }", roles=ADMIN
    )

    probation = recorded["pair"]["probation"]
    assert probation["endsOn"] == add_calendar_months(starts_on, 6).isoformat()
    assert (
        probation["examDueOn"]
        == (add_calendar_months(starts_on, 6) - timedelta(days=14)).isoformat()
    )
    assert probation["exam"]["passed"] is True and probation["exam"]["score"] == 71.5
    assert probation["exam"]["recordedBy"] == {"name": "Mira Manager"}
    assert probation["outcome"] is None
    settled = confirmed["pair"]["probation"]
    assert settled["outcome"] == "PASSED_ON_TIME"
    assert settled["settledOn"] == date.today().isoformat()
    assert settled["recommendation"]["status"] == "ACCEPTED"
    assert settled["recommendation"]["by"] == {"name": "Tomasz Master"}
    assert confirmed["pair"]["status"] == "ACTIVE"
    assert completed["pair"] == {"status": "COMPLETED", "outcome": "PASSED_ON_TIME"}


async def test_an_accepted_extension_moves_the_planned_end_and_keeps_the_pair_active(
    gql: GraphQLTester,
) -> None:
    world = await make_apprenticeship()
    planned_end, starts_on = world.pair.planned_end_on, world.pair.starts_on
    assert planned_end is not None and starts_on is not None
    hr = await make_participant(name="Ines HR", department="HR")

    failed = await _exam(gql, world, passed=False, days_ago=3)
    early_retake = await _exam(gql, world, passed=True)
    extend = await _recommend(
        gql, world, "EXTEND", extendByMonths=2, reason="Needs more practice on the lathe"
    )
    accepted = await _extension(gql, world, True, "Agreed", viewer=hr, roles=HR)
    retake = await _exam(gql, world, passed=True)
    confirmed = await _recommend(gql, world, "CONFIRM_ON_TIME")
    completed = await gql.mutate(
        "pairComplete", {"id": gid(world.pair)}, "pair { status outcome }", roles=ADMIN
    )

    assert failed["pair"]["probation"]["outcome"] == "NOT_PASSED"
    assert failed["pair"]["probation"]["settledOn"] == date.today().isoformat()
    assert error_codes(early_retake) == ["INVALID_TRANSITION"]
    assert extend["pair"]["probation"]["recommendation"]["status"] == "PENDING"
    pair = accepted["pair"]
    assert pair["status"] == "ACTIVE"
    assert pair["plannedEndOn"] == add_calendar_months(planned_end, 2).isoformat()
    assert (
        pair["probation"]["endsOn"]
        == add_calendar_months(add_calendar_months(starts_on, 6), 2).isoformat()
    )
    assert pair["probation"]["extendedMonths"] == 2
    assert (pair["probation"]["outcome"], pair["probation"]["settledOn"]) == ("EXTENDED", None)
    assert pair["probation"]["recommendation"]["decidedBy"] == {"name": "Ines HR"}
    assert retake["userErrors"] == [] and retake["pair"]["probation"]["exam"]["passed"] is True
    assert confirmed["pair"]["probation"]["outcome"] == "EXTENDED"
    assert confirmed["pair"]["probation"]["settledOn"] == date.today().isoformat()
    assert completed["pair"] == {"status": "COMPLETED", "outcome": "EXTENDED"}
    stored = await world.reload()
    assert stored.planned_end_on == add_calendar_months(planned_end, 2)


async def test_a_rejected_extension_changes_no_date(gql: GraphQLTester) -> None:
    world = await make_apprenticeship()
    await _recommend(gql, world, "EXTEND", extendByMonths=1, reason="Late start")

    without_comment = await _extension(gql, world, False)
    rejected = await _extension(gql, world, False, "Exam first")
    again = await _recommend(gql, world, "EXTEND", extendByMonths=1, reason="Still late")

    assert error_codes(without_comment) == ["INVALID"]
    probation = rejected["pair"]["probation"]
    assert probation["recommendation"]["status"] == "REJECTED"
    assert probation["extendedMonths"] == 0 and probation["outcome"] is None
    assert rejected["pair"]["plannedEndOn"] == world.pair.planned_end_on.isoformat()  # type: ignore[union-attr]
    assert again["userErrors"] == []


async def test_probation_steps_are_refused_out_of_order_or_by_others(gql: GraphQLTester) -> None:
    world = await make_apprenticeship()
    hr_mentor = world.mentor
    other_kind = await make_pair()
    stranger = await make_participant()

    assert error_codes(await _exam(gql, world, True, viewer=world.mentor)) == ["FORBIDDEN"]
    assert error_codes(await _exam(gql, world, True, viewer=stranger)) == ["FORBIDDEN"]
    assert error_codes(await _exam(gql, world, True, viewer=hr_mentor, roles=HR)) == ["SAME_PERSON"]
    assert error_codes(await _exam(gql, world, True, days_ago=-2)) == ["INVALID"]
    assert error_codes(await _exam(gql, world, True, days_ago=200)) == ["INVALID"]
    assert error_codes(await _recommend(gql, world, "CONFIRM_ON_TIME")) == ["INVALID_TRANSITION"]
    assert error_codes(await _recommend(gql, world, "EXTEND", reason="x")) == ["INVALID"]
    assert error_codes(await _recommend(gql, world, "EXTEND", extendByMonths=1)) == ["INVALID"]
    assert error_codes(await _recommend(gql, world, "EXTEND", extendByMonths=7, reason="Long")) == [
        "INVALID"
    ]
    assert error_codes(await _recommend(gql, world, "CONFIRM_ON_TIME", viewer=world.mentee)) == [
        "FORBIDDEN"
    ]
    assert error_codes(await _extension(gql, world, True)) == ["INVALID_TRANSITION"]

    assert error_codes(await _recommend(gql, world, "EXTEND", extendByMonths=4, reason="a")) == []
    assert error_codes(await _recommend(gql, world, "EXTEND", extendByMonths=1, reason="b")) == [
        "INVALID_TRANSITION"
    ]  # one is waiting
    assert error_codes(await _extension(gql, world, True, viewer=world.mentor, roles=HR)) == [
        "SAME_PERSON"
    ]
    assert error_codes(await _extension(gql, world, True, viewer=world.mentee)) == ["FORBIDDEN"]
    assert error_codes(await _extension(gql, world, True)) == []
    assert error_codes(await _recommend(gql, world, "EXTEND", extendByMonths=3, reason="c")) == [
        "INVALID"
    ]  # six months in all
    assert error_codes(await _exam(gql, world, True)) == []
    assert error_codes(await _exam(gql, world, True)) == ["INVALID_TRANSITION"]
    assert error_codes(await _recommend(gql, world, "CONFIRM_ON_TIME")) == []
    assert error_codes(await _recommend(gql, world, "CONFIRM_ON_TIME")) == ["INVALID_TRANSITION"]

    other = await gql.mutate(
        "qualificationExamRecord",
        {"pairId": gid(other_kind), "takenOn": date.today().isoformat(), "passed": True},
        "pair { id }",
        roles=ADMIN,
    )
    assert error_codes(other) == ["INVALID"]
    await Pair.get_pymongo_collection().update_one(
        {"_id": world.pair.id}, {"$set": {"status": PairStatus.ENDED_EARLY.value}}
    )
    assert error_codes(await _recommend(gql, world, "CONFIRM_ON_TIME")) == ["PAIR_NOT_ACTIVE"]


async def test_probation_months_come_from_the_program(gql: GraphQLTester) -> None:
    program = await make_program(kind=ProgramKind.APPRENTICESHIP, probation_months=3)
    world = await make_apprenticeship(program=program)
    query = "query($id: ID!) { node(id: $id) { ... on Pair { probation { endsOn } } } }"
    other = await make_pair()
    other_query = await gql.data(query, {"id": gid(other)}, roles=ADMIN)

    found = await gql.data(query, {"id": gid(world.pair)}, roles=ADMIN)
    updated = await gql.mutate(
        "programUpdate",
        {"id": gid(program), "probationMonths": 9},
        "program { probationMonths }",
        roles=ADMIN,
    )

    starts_on = world.pair.starts_on
    assert starts_on is not None
    assert found["node"]["probation"]["endsOn"] == add_calendar_months(starts_on, 3).isoformat()
    assert other_query["node"]["probation"] is None
    assert updated["program"] == {"probationMonths": 9}


async def test_an_extension_decided_twice_at_once_moves_the_dates_once(
    gql: GraphQLTester,
) -> None:
    world = await make_apprenticeship()
    planned_end = world.pair.planned_end_on
    assert planned_end is not None
    await _recommend(gql, world, "EXTEND", extendByMonths=2, reason="More practice")
    deciders = [await make_participant(department="HR") for _ in range(4)]

    payloads = await asyncio.gather(
        *(_extension(gql, world, True, "Yes", viewer=hr, roles=HR) for hr in deciders)
    )

    accepted = [p for p in payloads if p["userErrors"] == []]
    assert len(accepted) == 1
    refused = sorted(code for p in payloads for code in error_codes(p))
    assert set(refused) <= {"CONFLICT", "INVALID_TRANSITION"} and len(refused) == 3
    stored = await world.reload()
    assert stored.planned_end_on == add_calendar_months(planned_end, 2)
    assert stored.probation is not None and stored.probation.extended_months == 2
