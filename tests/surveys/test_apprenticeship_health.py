"""Apprenticeship health reasons: a missing mentoring plan and an open concern, how they show
in GraphQL, and how promptly a change to them re-assesses the pair."""

from datetime import UTC, date, datetime, timedelta

from services.surveys.automation.pair_changes import handle_pair, sync_changes
from services.surveys.health import evaluate_pair
from services.surveys.settings import SurveySettings
from shared.enums import ConcernStatus, HealthStatus, MentoringPlanStatus
from shared.feedback.periods import period_bounds, quarter_key
from shared.models import Concern, MentoringPlan, Pair, PairHealth
from tests.factories import make_pair
from tests.factories.apprenticeship import Apprenticeship, make_apprenticeship
from tests.graphql.client import MANAGER, GraphQLTester, gid, nodes

QUARTER = quarter_key(date.today())
QUARTER_STARTS = period_bounds(QUARTER)[0]
# Past the plan's grace period in the current quarter, whatever day the tests run on.
MID_QUARTER = datetime.combine(QUARTER_STARTS + timedelta(days=40), datetime.min.time(), UTC)


async def _plan(pair: Pair, status: MentoringPlanStatus) -> MentoringPlan:
    return await MentoringPlan(
        pair_id=pair.id,  # type: ignore[arg-type]
        program_id=pair.program_id,
        mentor_id=pair.mentor_id,
        mentee_id=pair.mentee_id,
        quarter=QUARTER,
        objectives=["Run the lathe"],
        activities=["Weekly session"],
        status=status,
    ).insert()


async def _reasons(pair: Pair, now: datetime = MID_QUARTER) -> tuple[HealthStatus, dict[str, str]]:
    health = await evaluate_pair(pair.id, now=now)  # type: ignore[arg-type]
    assert health is not None
    return health.status, {reason.code.value: reason.detail for reason in health.reasons}


async def test_a_missing_plan_is_a_reason_after_the_grace_period(database_name: str) -> None:
    world = await make_apprenticeship()

    within_grace = await _reasons(world.pair, MID_QUARTER - timedelta(days=15))
    missing = await _reasons(world.pair)
    await _plan(world.pair, MentoringPlanStatus.SUBMITTED)
    submitted = await _reasons(world.pair)

    assert missing[0] == HealthStatus.WATCH
    assert list(missing[1]) == ["PLAN_MISSING"]
    assert f"No mentoring plan for {QUARTER}" in missing[1]["PLAN_MISSING"]
    assert within_grace == (HealthStatus.HEALTHY, {})
    assert submitted == (HealthStatus.HEALTHY, {})


async def test_a_returned_plan_counts_as_missing_and_new_pairs_get_their_grace(
    database_name: str,
) -> None:
    world = await make_apprenticeship()
    await _plan(world.pair, MentoringPlanStatus.RETURNED)
    recent = await make_apprenticeship(program=world.program)
    await recent.pair.set({Pair.starts_on: QUARTER_STARTS + timedelta(days=20)})
    other_kind = await make_pair(starts_on=QUARTER_STARTS - timedelta(days=60))

    returned = await _reasons(world.pair)
    started_late = await _reasons(recent.pair)
    not_an_apprenticeship = await evaluate_pair(other_kind.id, now=MID_QUARTER)  # type: ignore[arg-type]

    assert "returned and is not resubmitted" in returned[1]["PLAN_MISSING"]
    assert "PLAN_MISSING" not in started_late[1]  # due 30 days after it started
    assert not_an_apprenticeship is not None
    assert "PLAN_MISSING" not in {r.code.value for r in not_an_apprenticeship.reasons}


async def test_an_open_concern_is_a_reason_until_it_is_resolved(database_name: str) -> None:
    world = await make_apprenticeship()
    await _plan(world.pair, MentoringPlanStatus.APPROVED)
    concern = await Concern(
        pair_id=world.pair.id,  # type: ignore[arg-type]
        program_id=world.pair.program_id,
        mentor_id=world.pair.mentor_id,
        mentee_id=world.pair.mentee_id,
        text="Perfunctory mentoring",
    ).insert()

    raised = await _reasons(world.pair)
    await concern.set({Concern.status: ConcernStatus.RESOLVED})
    resolved = await _reasons(world.pair)

    assert raised == (
        HealthStatus.WATCH,
        {"CONCERN_RAISED": "The mentee raised 1 concern(s) not resolved yet."},
    )
    assert resolved == (HealthStatus.HEALTHY, {})


async def _raise(gql: GraphQLTester, world: Apprenticeship) -> None:
    payload = await gql.mutate(
        "concernRaise",
        {"pairId": gid(world.pair), "text": "My master never has time."},
        "concern { id }",
        viewer=world.mentee,
    )
    assert payload["userErrors"] == []


async def test_a_concern_reassesses_the_pair_when_the_survey_service_is_told(
    gql: GraphQLTester, survey_settings: SurveySettings
) -> None:
    world = await make_apprenticeship()
    await _plan(world.pair, MentoringPlanStatus.APPROVED)
    await evaluate_pair(world.pair.id)  # type: ignore[arg-type]
    before = await PairHealth.find_one({"pair_id": world.pair.id})

    await _raise(gql, world)
    # What `POST /api/v1/pairs/{id}/changed` runs, which the concern's mutation calls.
    await handle_pair(world.pair.id, survey_settings)  # type: ignore[arg-type]
    query = """query($program: ID!, $pair: ID!) {
      pairs(filter: {programId: $program, health: [WATCH, AT_RISK]}) { edges { node { id } } }
      node(id: $pair) { ... on Pair { health { status reasons { code } } } } }"""
    seen = await gql.data(
        query,
        {"program": gid(world.program), "pair": gid(world.pair)},
        viewer=world.manager,
        roles=MANAGER,
    )

    assert before is not None and before.status == HealthStatus.HEALTHY
    assert [n["id"] for n in nodes(seen["pairs"])] == [gid(world.pair)]
    assert seen["node"]["health"] == {"status": "WATCH", "reasons": [{"code": "CONCERN_RAISED"}]}


async def test_the_sweep_reassesses_pairs_whose_plans_or_concerns_changed(
    gql: GraphQLTester, survey_settings: SurveySettings
) -> None:
    world = await make_apprenticeship()
    await _plan(world.pair, MentoringPlanStatus.APPROVED)
    await evaluate_pair(world.pair.id)  # type: ignore[arg-type]

    long_ago = datetime.now(UTC) - timedelta(days=60)
    await Pair.get_pymongo_collection().update_one(
        {"_id": world.pair.id}, {"$set": {"updated_at": long_ago}}
    )  # the pair itself has not changed: only its concern brings it to the sweep

    await _raise(gql, world)
    await sync_changes(survey_settings)

    health = await PairHealth.find_one({"pair_id": world.pair.id})
    assert health is not None
    assert [reason.code.value for reason in health.reasons] == ["CONCERN_RAISED"]
