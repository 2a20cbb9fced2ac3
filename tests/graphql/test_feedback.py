"""Feedback in GraphQL: numbers equal a direct computation, and small groups stay hidden."""

import random
import statistics
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from services.surveys.health import evaluate_pair
from services.surveys.statistics import rebuild_statistics
from shared.enums import Role, SentimentLabel, SurveyCadence
from shared.feedback.periods import add_months
from shared.models import Pair, Participant, Program, SurveyResponse, utc_now
from tests.factories import make_pair, make_participant, make_program
from tests.factories.surveys import make_response, make_round
from tests.graphql.client import ADMIN, MANAGER, GraphQLTester, gid

TREND = """query($id: ID!, $g: Granularity!, $from: Date, $to: Date, $role: Role) {
  program(id: $id) {
    satisfactionTrend(granularity: $g, from: $from, to: $to, role: $role) {
      period availability responses averageScore nps averagePolarity negativeShare
    }
  }
}"""
SATISFACTION = """query($id: ID!, $from: Date, $to: Date, $role: Role) {
  program(id: $id) {
    satisfaction(from: $from, to: $to, role: $role) {
      availability responses averageScore nps positiveShare negativeShare
    }
  }
}"""


def _months_ago(n: int) -> datetime:
    now = datetime.now(UTC).replace(day=15, hour=12, minute=0, second=0, microsecond=0)
    year, month = now.year, now.month - n
    while month < 1:
        year, month = year - 1, month + 12
    return now.replace(year=year, month=month)


async def _program_with_history(min_group_size: int = 3) -> tuple[Program, list[Pair]]:
    program = await make_program(min_group_size=min_group_size)
    pairs = [await make_pair(program=program) for _ in range(4)]
    rng = random.Random(11)
    for months_ago in (0, 1, 2, 4):
        for pair in pairs:
            for role in (Role.MENTEE, Role.MENTOR):
                label = rng.choice([SentimentLabel.POSITIVE, SentimentLabel.NEGATIVE, None])
                await make_response(
                    pair=pair,
                    role=role,
                    satisfaction=rng.choice([2.0, 3.0, 3.5, 4.0, 4.5, 5.0]),
                    nps=rng.randint(0, 10) if role == Role.MENTEE else None,
                    comment=label,
                    submitted_at=_months_ago(months_ago),
                )
    await rebuild_statistics()
    return program, pairs


def _expected(responses: list[SurveyResponse]) -> dict[str, Any]:
    scores = [r.satisfaction for r in responses if r.satisfaction is not None]
    nps = [r.nps for r in responses if r.nps is not None]
    texts = [s for r in responses for s in r.sentiments]
    return {
        "responses": len(responses),
        "averageScore": round(statistics.mean(scores), 3),
        "nps": round(100 * (sum(n >= 9 for n in nps) - sum(n <= 6 for n in nps)) / len(nps), 1),
        "negativeShare": round(sum(s.polarity < 0 for s in texts) / len(texts), 3),
    }


async def test_trend_and_satisfaction_equal_a_direct_computation(gql: GraphQLTester) -> None:
    program, _ = await _program_with_history()
    responses = await SurveyResponse.find_all().to_list()
    start = _months_ago(5).date().replace(day=1)

    trend = await gql.data(
        TREND, {"id": gid(program), "g": "MONTH", "from": start.isoformat()}, roles=ADMIN
    )
    mentees = await gql.data(
        SATISFACTION,
        {"id": gid(program), "role": "MENTEE", "from": start.isoformat()},
        roles=ADMIN,
    )

    points = {p["period"]: p for p in trend["program"]["satisfactionTrend"]}
    assert len(points) == 6
    for months_ago in (0, 1, 2, 4):
        month = f"{_months_ago(months_ago):%Y-%m}"
        in_month = [r for r in responses if f"{r.submitted_at:%Y-%m}" == month]
        point = points[month]
        assert point["availability"] == "AVAILABLE"
        for name, value in _expected(in_month).items():
            assert point[name] == value, (month, name)
    empty = points[f"{_months_ago(3):%Y-%m}"]
    assert empty["availability"] == "NO_RESPONSES" and empty["averageScore"] is None
    summary = mentees["program"]["satisfaction"]
    expected = _expected([r for r in responses if r.role == Role.MENTEE])
    assert summary["responses"] == expected["responses"]
    assert summary["averageScore"] == expected["averageScore"]


async def test_quarters_sum_their_months(gql: GraphQLTester) -> None:
    program, _ = await _program_with_history()
    responses = await SurveyResponse.find_all().to_list()
    start = _months_ago(5).date().replace(day=1)

    data = await gql.data(
        TREND, {"id": gid(program), "g": "QUARTER", "from": start.isoformat()}, roles=ADMIN
    )

    for point in data["program"]["satisfactionTrend"]:
        year, quarter = point["period"].split("-Q")
        months = {f"{year}-{m:02d}" for m in range(3 * int(quarter) - 2, 3 * int(quarter) + 1)}
        inside = [r for r in responses if f"{r.submitted_at:%Y-%m}" in months]
        if inside:
            assert point["responses"] == len(inside)
            assert point["averageScore"] == _expected(inside)["averageScore"]


async def test_small_groups_are_withheld_and_filters_cannot_isolate_them(
    gql: GraphQLTester,
) -> None:
    program = await make_program(min_group_size=5)
    pairs = [await make_pair(program=program) for _ in range(6)]
    month = _months_ago(1)
    for pair in pairs:  # six mentee responses ...
        await make_response(pair=pair, role=Role.MENTEE, satisfaction=4.0, submitted_at=month)
    for pair in pairs[:2]:  # ... but only two mentor responses
        await make_response(pair=pair, role=Role.MENTOR, satisfaction=1.0, submitted_at=month)
    await rebuild_statistics()
    window = {"from": month.date().replace(day=1).isoformat(), "to": month.date().isoformat()}

    everyone = await gql.data(SATISFACTION, {"id": gid(program), **window}, roles=ADMIN)
    mentees = await gql.data(
        SATISFACTION, {"id": gid(program), "role": "MENTEE", **window}, roles=ADMIN
    )
    mentors = await gql.data(
        SATISFACTION, {"id": gid(program), "role": "MENTOR", **window}, roles=ADMIN
    )

    assert mentees["program"]["satisfaction"]["averageScore"] == 4.0
    for hidden in (everyone, mentors):
        summary = hidden["program"]["satisfaction"]
        assert summary["availability"] == "INSUFFICIENT_RESPONSES"
        assert summary["averageScore"] is None and summary["responses"] is None


async def test_a_longer_range_cannot_reveal_a_small_month(gql: GraphQLTester) -> None:
    program = await make_program(min_group_size=5)
    pairs = [await make_pair(program=program) for _ in range(5)]
    for pair in pairs:
        await make_response(pair=pair, satisfaction=4.0, submitted_at=_months_ago(2))
    await make_response(pair=pairs[0], satisfaction=1.0, submitted_at=_months_ago(1))
    await rebuild_statistics()

    big_month = await gql.data(
        SATISFACTION,
        {
            "id": gid(program),
            "from": _months_ago(2).date().isoformat(),
            "to": _months_ago(2).date().isoformat(),
        },
        roles=ADMIN,
    )
    both_months = await gql.data(
        SATISFACTION,
        {
            "id": gid(program),
            "from": _months_ago(2).date().isoformat(),
            "to": _months_ago(1).date().isoformat(),
        },
        roles=ADMIN,
    )

    assert big_month["program"]["satisfaction"]["averageScore"] == 4.0
    assert both_months["program"]["satisfaction"]["availability"] == "INSUFFICIENT_RESPONSES"


async def test_feedback_is_for_admins_and_the_programs_managers(gql: GraphQLTester) -> None:
    manager = await make_participant()
    program = await make_program(manager_ids=[manager.id], min_group_size=3)
    pair = await make_pair(program=program, starts_on=date.today() - timedelta(days=10))
    mentee = await Participant.get(pair.mentee_id)
    await make_response(
        pair=pair, role=Role.MENTOR, satisfaction=1.5, comment=SentimentLabel.NEGATIVE
    )
    await evaluate_pair(pair.id)  # type: ignore[arg-type]
    query = """query($id: ID!) { node(id: $id) { ... on Pair {
      health { status reasons { code } } feedback { answers { role satisfaction commentPolarity } }
      program { satisfaction { availability } insights { atRiskPairs }
        satisfactionTrend { period } surveyRounds { label } } } } }"""

    as_manager = await gql.data(query, {"id": gid(pair)}, viewer=manager, roles=MANAGER)
    as_mentee = await gql.data(query, {"id": gid(pair)}, viewer=mentee)

    node = as_manager["node"]
    assert node["health"]["status"] == "AT_RISK"
    assert {r["code"] for r in node["health"]["reasons"]} == {
        "LOW_SATISFACTION",
        "NEGATIVE_COMMENT",
    }
    assert node["feedback"][0]["answers"] == [
        {"role": "MENTOR", "satisfaction": 1.5, "commentPolarity": -0.5}
    ]
    assert node["program"]["insights"]["atRiskPairs"] == 1
    hidden = as_mentee["node"]
    assert hidden["health"] is None and hidden["feedback"] is None
    assert hidden["program"]["satisfaction"] is None and hidden["program"]["insights"] is None
    # Null, not an empty list: a list a manager sees empty must not look the same.
    assert hidden["program"]["satisfactionTrend"] is None
    assert hidden["program"]["surveyRounds"] is None
    assert len(node["program"]["satisfactionTrend"]) == 12


@pytest.mark.parametrize("granularity", ["MONTH", "QUARTER"])
async def test_the_default_trend_covers_the_last_twelve_months(
    gql: GraphQLTester, granularity: str
) -> None:
    program = await make_program()

    data = await gql.data(TREND, {"id": gid(program), "g": granularity}, roles=ADMIN)

    points = data["program"]["satisfactionTrend"]
    if granularity == "MONTH":
        assert len(points) == 12
    else:  # 12 months touch four or five calendar quarters
        assert 4 <= len(points) <= 5
    assert points[-1]["period"].startswith(f"{datetime.now(UTC):%Y}")
    assert all(p["availability"] == "NO_RESPONSES" for p in points)


SCHEDULE = """query($id: ID!) { program(id: $id) {
  surveySchedule { cadence lastRoundAt nextRoundAt } } }"""


async def test_the_survey_schedule_follows_the_cadence_and_the_last_round(
    gql: GraphQLTester,
) -> None:
    now = utc_now()  # at the millisecond precision stored
    this_month = datetime(now.year, now.month, 1, tzinfo=UTC)
    next_month = add_months(this_month.date(), 1)
    started = date.today() - timedelta(days=400)
    monthly = await make_program(survey_cadence=SurveyCadence.MONTHLY, starts_on=started)
    surveyed = await make_program(survey_cadence=SurveyCadence.MONTHLY, starts_on=started)
    opened = now - timedelta(hours=1)
    await make_round(program_id=surveyed.id, opens_at=opened, closes_at=now + timedelta(days=9))
    end_only = await make_program(survey_cadence=SurveyCadence.END_OF_PROGRAM)

    def schedule(data: dict[str, Any]) -> dict[str, Any]:
        found: dict[str, Any] = data["program"]["surveySchedule"]
        return found

    due_now = schedule(await gql.data(SCHEDULE, {"id": gid(monthly)}, roles=ADMIN))
    done = schedule(await gql.data(SCHEDULE, {"id": gid(surveyed)}, roles=ADMIN))
    none = schedule(await gql.data(SCHEDULE, {"id": gid(end_only)}, roles=ADMIN))

    assert due_now == {
        "cadence": "MONTHLY",
        "lastRoundAt": None,
        "nextRoundAt": this_month.isoformat(),
    }
    assert datetime.fromisoformat(done["lastRoundAt"]) == opened
    assert done["nextRoundAt"] == datetime.combine(next_month, time(), UTC).isoformat()
    assert none == {"cadence": "END_OF_PROGRAM", "lastRoundAt": None, "nextRoundAt": None}
