"""Pair health: each reason, the status they add up to, and the daily job across replicas."""

import asyncio
from datetime import date, timedelta

from services.surveys.automation.jobs import run_job
from services.surveys.health import assess_pairs, evaluate_pair
from services.surveys.settings import SurveySettings
from shared.enums import GoalStatus, HealthStatus, InvitationState, PairStatus, Role, SentimentLabel
from shared.models import PairHealth, Program, utc_now
from tests.factories import make_check_in, make_goal, make_pair, make_program
from tests.factories.surveys import make_invitation, make_response, make_round


async def _healthy_pair(**overrides: object):  # type: ignore[no-untyped-def]
    program = await make_program(check_in_cadence_days=14)
    pair = await make_pair(
        program=program, starts_on=date.today() - timedelta(days=60), **overrides
    )
    await make_check_in(pair=pair, held_on=date.today() - timedelta(days=5))
    return pair


async def _codes(pair) -> tuple[HealthStatus, list[str]]:  # type: ignore[no-untyped-def]
    health = await evaluate_pair(pair.id)
    assert health is not None
    return health.status, [reason.code for reason in health.reasons]


async def test_a_pair_with_good_feedback_and_meetings_is_healthy(database_name: str) -> None:
    pair = await _healthy_pair()
    await make_response(pair=pair, satisfaction=4.5, comment=SentimentLabel.POSITIVE)

    assert await _codes(pair) == (HealthStatus.HEALTHY, [])


async def test_low_satisfaction_puts_a_pair_at_risk(database_name: str) -> None:
    pair = await _healthy_pair()
    await make_response(pair=pair, role=Role.MENTOR, satisfaction=2.0)

    status, codes = await _codes(pair)

    assert (status, codes) == (HealthStatus.AT_RISK, ["LOW_SATISFACTION"])


async def test_one_concern_is_watch_and_two_are_at_risk(database_name: str) -> None:
    pair = await _healthy_pair()
    await make_response(pair=pair, satisfaction=4.5, days_ago=90)
    await make_response(pair=pair, satisfaction=3.5, comment=SentimentLabel.NEUTRAL)

    dropped = await _codes(pair)
    await make_response(
        pair=pair, role=Role.MENTOR, satisfaction=4.0, comment=SentimentLabel.NEGATIVE
    )
    dropped_and_negative = await _codes(pair)

    assert dropped == (HealthStatus.WATCH, ["SATISFACTION_DROP"])
    assert dropped_and_negative == (HealthStatus.AT_RISK, ["NEGATIVE_COMMENT", "SATISFACTION_DROP"])


async def test_missing_check_ins_and_overdue_goals_are_reasons(database_name: str) -> None:
    program = await make_program(check_in_cadence_days=14)
    pair = await make_pair(program=program, starts_on=date.today() - timedelta(days=90))
    await make_check_in(pair=pair, held_on=date.today() - timedelta(days=40))
    await make_goal(
        pair=pair, target_date=date.today() - timedelta(days=3), status=GoalStatus.IN_PROGRESS
    )
    await make_goal(
        pair=pair,
        target_date=date.today() - timedelta(days=3),
        status=GoalStatus.ACHIEVED,
        progress=100,
    )

    health = await evaluate_pair(pair.id)  # type: ignore[arg-type]

    assert health is not None and health.status == HealthStatus.AT_RISK
    details = {reason.code: reason.detail for reason in health.reasons}
    assert set(details) == {"NO_RECENT_CHECK_IN", "OVERDUE_GOALS"}
    assert "40 days" in details["NO_RECENT_CHECK_IN"]
    assert details["OVERDUE_GOALS"].startswith("1 goal")


async def test_ignoring_the_last_two_rounds_is_a_reason(database_name: str) -> None:
    pair = await _healthy_pair()
    for days in (100, 10):
        survey_round = await make_round(program_id=pair.program_id, closed_days_ago=days)
        await make_invitation(
            survey_round=survey_round, pair=pair, role=Role.MENTEE, state=InvitationState.EXPIRED
        )
        await make_invitation(
            survey_round=survey_round, pair=pair, role=Role.MENTOR, state=InvitationState.SUBMITTED
        )

    status, codes = await _codes(pair)

    assert (status, codes) == (HealthStatus.WATCH, ["IGNORED_INVITATIONS"])


async def test_a_pair_recovers_when_things_improve(database_name: str) -> None:
    pair = await _healthy_pair()
    await make_response(pair=pair, satisfaction=1.5, days_ago=90)
    at_risk = await _codes(pair)

    await make_response(pair=pair, satisfaction=4.5)
    recovered = await _codes(pair)

    assert at_risk[0] == HealthStatus.AT_RISK
    assert recovered == (HealthStatus.HEALTHY, [])
    assert await PairHealth.count() == 1


async def test_inactive_pairs_are_not_assessed(database_name: str) -> None:
    pair = await _healthy_pair(status=PairStatus.COMPLETED)

    assert await evaluate_pair(pair.id) is None  # type: ignore[arg-type]


async def test_the_daily_job_runs_once_a_day_whatever_the_number_of_replicas(
    survey_settings: SurveySettings,
) -> None:
    pairs = [await _healthy_pair() for _ in range(3)]
    program = await Program.get(pairs[0].program_id)
    assert program is not None

    def daily(holder: str):  # type: ignore[no-untyped-def]
        return run_job("daily", survey_settings, holder=holder, on_schedule=True)

    results = await asyncio.gather(*(daily(f"replica-{n}") for n in range(5)))
    later_today = await daily("replica-9")

    ran = [result for result in results if result is not None]
    assert len(ran) == 1 and ran[0]["pairsAssessed"] == 3
    assert later_today is None
    assert await PairHealth.count() == 3


async def test_an_earlier_assessment_never_replaces_a_later_one(database_name: str) -> None:
    pair = await _healthy_pair()
    await make_response(pair=pair, satisfaction=4.5)
    later = utc_now()
    await assess_pairs([pair.id], now=later)  # type: ignore[list-item]

    # An assessment that started before, with an older view (low satisfaction), ends last.
    await make_response(pair=pair, satisfaction=1.0, days_ago=1)
    await assess_pairs([pair.id], now=later - timedelta(minutes=1))  # type: ignore[list-item]
    stored = await PairHealth.find_one({"pair_id": pair.id})

    assert stored is not None
    assert (stored.status, stored.evaluated_at) == (HealthStatus.HEALTHY, later)
