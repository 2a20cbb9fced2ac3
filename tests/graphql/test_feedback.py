"""Feedback in GraphQL: figures of released rounds equal a direct computation, small groups stay
hidden, headlines stay up while a round is open, and pairs show program-team answers only."""

import random
import statistics
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from services.surveys.health import evaluate_pair
from services.surveys.results import release_closed_rounds
from shared.enums import (
    Audience,
    InvitationState,
    QuestionKind,
    Role,
    RoundStatus,
    SentimentLabel,
    SurveyCadence,
)
from shared.feedback.periods import add_months
from shared.models import (
    Pair,
    Participant,
    Program,
    SurveyResponse,
    SurveyRound,
    SurveyTemplate,
    utc_now,
)
from shared.models.surveys import Answer, Question, TextSentiment
from tests.factories import make_pair, make_participant, make_program
from tests.factories.surveys import make_invitation, make_response, make_round
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
      availability responses averageScore nps positiveShare negativeShare responseRate
      roundsCovered { label } pendingRounds { label status invited submitted }
    }
  }
}"""


def _months_ago(n: int) -> datetime:
    now = datetime.now(UTC).replace(day=1, hour=0, minute=30, second=0, microsecond=0)
    year, month = now.year, now.month - n
    while month < 1:
        year, month = year - 1, month + 12
    return now.replace(year=year, month=month)


async def _closed_round(program: Program, opens_at: datetime, label: str = "Round") -> SurveyRound:
    assert program.id is not None
    return await make_round(
        program_id=program.id,
        label=label,
        opens_at=opens_at,
        closes_at=opens_at + timedelta(hours=1),
        status=RoundStatus.CLOSED,
    )


async def _program_with_history(min_group_size: int = 3) -> tuple[Program, list[Pair]]:
    """Four released monthly rounds, 0, 1, 2 and 4 months ago, answered by every side."""
    program = await make_program(min_group_size=min_group_size)
    pairs = [await make_pair(program=program) for _ in range(4)]
    rng = random.Random(11)
    for months_ago in (0, 1, 2, 4):
        survey_round = await _closed_round(program, _months_ago(months_ago))
        for pair in pairs:
            for role in (Role.MENTEE, Role.MENTOR):
                label = rng.choice([SentimentLabel.POSITIVE, SentimentLabel.NEGATIVE, None])
                await make_response(
                    pair=pair,
                    role=role,
                    round_id=survey_round.id,
                    satisfaction=rng.choice([2.0, 3.0, 3.5, 4.0, 4.5, 5.0]),
                    nps=rng.randint(0, 10) if role == Role.MENTEE else None,
                    comment=label,
                    submitted_at=_months_ago(months_ago),
                )
    await release_closed_rounds()
    return program, pairs


def _expected(responses: list[SurveyResponse], k: int = 3) -> dict[str, Any]:
    """The figures by the privacy rules: atoms (round, role) of at least k people; comment
    figures only from atoms with at least k commenters."""
    atoms: dict[Any, list[SurveyResponse]] = {}
    for response in responses:
        atoms.setdefault((response.round_id, response.role), []).append(response)
    shown = [a for a in atoms.values() if len({r.respondent_id for r in a}) >= k]
    counted = [r for atom in shown for r in atom]
    scores = [r.satisfaction for r in counted if r.satisfaction is not None]
    nps = [r.nps for r in counted if r.nps is not None]
    texts = [
        s
        for atom in shown
        if len({r.respondent_id for r in atom if r.sentiments}) >= k
        for r in atom
        for s in r.sentiments
    ]
    return {
        "responses": len(counted),
        "averageScore": round(statistics.mean(scores), 3),
        "nps": round(100 * (sum(n >= 9 for n in nps) - sum(n <= 6 for n in nps)) / len(nps), 1),
        "negativeShare": (
            round(sum(s.polarity < 0 for s in texts) / len(texts), 3) if texts else None
        ),
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
    survey_round = await _closed_round(program, month)
    for pair in pairs:  # six mentee responses ...
        await make_response(pair=pair, role=Role.MENTEE, satisfaction=4.0, round_id=survey_round.id)
    for pair in pairs[:2]:  # ... but only two mentor responses
        await make_response(pair=pair, role=Role.MENTOR, satisfaction=1.0, round_id=survey_round.id)
    await release_closed_rounds()
    window = {"from": month.date().replace(day=1).isoformat(), "to": month.date().isoformat()}

    everyone = await gql.data(SATISFACTION, {"id": gid(program), **window}, roles=ADMIN)
    mentees = await gql.data(
        SATISFACTION, {"id": gid(program), "role": "MENTEE", **window}, roles=ADMIN
    )
    mentors = await gql.data(
        SATISFACTION, {"id": gid(program), "role": "MENTOR", **window}, roles=ADMIN
    )

    assert mentees["program"]["satisfaction"]["averageScore"] == 4.0
    # The two mentors count nowhere: "everyone minus mentees" isolates nothing.
    assert everyone["program"]["satisfaction"] == mentees["program"]["satisfaction"]
    summary = mentors["program"]["satisfaction"]
    assert summary["availability"] == "INSUFFICIENT_RESPONSES"
    assert summary["averageScore"] is None and summary["responses"] is None


async def test_a_longer_range_cannot_reveal_a_small_month(gql: GraphQLTester) -> None:
    program = await make_program(min_group_size=5)
    pairs = [await make_pair(program=program) for _ in range(5)]
    big = await _closed_round(program, _months_ago(2))
    small = await _closed_round(program, _months_ago(1))
    for pair in pairs:
        await make_response(pair=pair, satisfaction=4.0, round_id=big.id)
    await make_response(pair=pairs[0], satisfaction=1.0, round_id=small.id)
    await release_closed_rounds()

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

    # The small round counts in no figure: the longer range shows the big round alone.
    assert big_month["program"]["satisfaction"]["averageScore"] == 4.0
    assert both_months["program"]["satisfaction"] == big_month["program"]["satisfaction"] | {
        "roundsCovered": [{"label": "Round"}, {"label": "Round"}]
    }


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
      health { status reasons { code } } feedback { answers { role satisfaction } }
      program { satisfaction { availability } insights { atRiskPairs }
        satisfactionTrend { period } surveyRounds { totalCount } } } } }"""

    as_manager = await gql.data(query, {"id": gid(pair)}, viewer=manager, roles=MANAGER)
    as_mentee = await gql.data(query, {"id": gid(pair)}, viewer=mentee)

    node = as_manager["node"]
    assert node["health"]["status"] == "AT_RISK"
    assert {r["code"] for r in node["health"]["reasons"]} == {
        "LOW_SATISFACTION",
        "NEGATIVE_COMMENT",
    }
    assert node["feedback"][0]["answers"] == [{"role": "MENTOR", "satisfaction": 1.5}]
    assert node["program"]["insights"]["atRiskPairs"] == 1
    hidden = as_mentee["node"]
    assert hidden["health"] is None and hidden["feedback"] is None
    assert hidden["program"]["satisfaction"] is None and hidden["program"]["insights"] is None
    # Null, not an empty list: a list a manager sees empty must not look the same.
    assert hidden["program"]["satisfactionTrend"] is None
    assert hidden["program"]["surveyRounds"] is None
    assert len(node["program"]["satisfactionTrend"]) == 12


PAIR_FEEDBACK = """query($id: ID!) { node(id: $id) { ... on Pair { feedback {
  roundLabel answers { role satisfaction commentPolarity answers { questionId values }
    comments { questionId text sentiment intent } } } } } }"""


async def test_pair_feedback_shows_program_team_answers_and_never_a_confidential_one(
    gql: GraphQLTester,
) -> None:
    program = await make_program()
    pair = await make_pair(program=program)
    template = await SurveyTemplate(
        key="check-in",
        audience=Role.MENTEE,
        title="Check-in",
        questions=[
            Question(
                id="satisfaction",
                kind=QuestionKind.LIKERT_5,
                prompt="How satisfied are you?",
                counts_toward_satisfaction=True,
                audience=Audience.PROGRAM_TEAM,
            ),
            Question(id="nps", kind=QuestionKind.NPS, prompt="Recommend the program?"),
            Question(
                id="note",
                kind=QuestionKind.TEXT,
                prompt="Anything your program manager should know?",
                audience=Audience.PROGRAM_TEAM,
            ),
            Question(id="program_better", kind=QuestionKind.TEXT, prompt="Program better?"),
        ],
    ).insert()

    def scored(question_id: str, polarity: float, audience: Audience) -> TextSentiment:
        label = SentimentLabel.NEGATIVE if polarity < 0 else SentimentLabel.POSITIVE
        return TextSentiment(
            question_id=question_id,
            polarity=polarity,
            subjectivity=0.5,
            label=label,
            confidence=0.9,
            audience=audience,
        )

    await make_response(
        pair=pair,
        template_id=template.id,
        satisfaction=2.0,
        nps=3,
        answers=[
            Answer(question_id="satisfaction", value=2),
            Answer(question_id="nps", value=3),
            Answer(question_id="note", value="We have not met for a month."),
            Answer(question_id="program_better", value="The HR side is a mess."),
        ],
        sentiments=[
            scored("note", -0.3, Audience.PROGRAM_TEAM),
            scored("program_better", -0.9, Audience.CONFIDENTIAL),
        ],
    )

    data = await gql.data(PAIR_FEEDBACK, {"id": gid(pair)}, roles=ADMIN)

    (side,) = data["node"]["feedback"][0]["answers"]
    assert side["satisfaction"] == 2.0
    assert side["answers"] == [
        {"questionId": "satisfaction", "values": ["2"]},
        {"questionId": "note", "values": ["We have not met for a month."]},
    ]
    assert side["comments"] == [
        {
            "questionId": "note",
            "text": "We have not met for a month.",
            "sentiment": "NEGATIVE",
            "intent": "COMMENT",
        }
    ]
    assert side["commentPolarity"] == -0.3  # the confidential comment's -0.9 counts nowhere here


async def test_a_new_round_leaves_the_headline_up_and_says_what_is_pending(
    gql: GraphQLTester,
) -> None:
    program = await make_program(min_group_size=3)
    pairs = [await make_pair(program=program) for _ in range(4)]
    released = await _closed_round(program, _months_ago(1), label="Last month")
    for pair in pairs:
        await make_response(pair=pair, satisfaction=4.0, round_id=released.id)
    await release_closed_rounds()
    before = await gql.data(SATISFACTION, {"id": gid(program)}, roles=ADMIN)
    assert program.id is not None
    open_round = await make_round(program_id=program.id, label="This month")
    for n, pair in enumerate(pairs):
        state = InvitationState.SUBMITTED if n < 2 else InvitationState.PENDING
        await make_invitation(survey_round=open_round, pair=pair, role=Role.MENTEE, state=state)
        if n < 2:  # two answers arrive, both very unhappy
            await make_response(pair=pair, satisfaction=1.0, round_id=open_round.id)

    after = await gql.data(SATISFACTION, {"id": gid(program)}, roles=ADMIN)

    summary = after["program"]["satisfaction"]
    assert summary["availability"] == "AVAILABLE"
    assert (summary["responses"], summary["averageScore"]) == (4, 4.0)
    assert summary["roundsCovered"] == [{"label": "Last month"}]
    assert summary["pendingRounds"] == [
        {"label": "This month", "status": "OPEN", "invited": 4, "submitted": 2}
    ]
    unchanged = {k: v for k, v in summary.items() if k not in ("pendingRounds", "responseRate")}
    assert unchanged == {
        k: v
        for k, v in before["program"]["satisfaction"].items()
        if k not in ("pendingRounds", "responseRate")
    }


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


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2026-05-01", "2026-04-01", "`from` must not be after `to`."),
        ("0001-01-01", "9999-12-31", "A date range may span at most ten years."),
    ],
)
async def test_a_date_range_is_bounded_with_a_clear_error(
    gql: GraphQLTester, start: str, end: str, message: str
) -> None:
    program = await make_program()

    for query in (TREND, SATISFACTION):
        variables = {"id": gid(program), "from": start, "to": end}
        if query is TREND:
            variables["g"] = "MONTH"
        result = await gql.run(query, variables, roles=ADMIN)

        assert result.errors is not None and result.data is not None
        assert result.errors[0].message == message
        assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}


@pytest.mark.parametrize("end", ["0001-01-01", "0001-12-31", "9999-12-31"])
async def test_a_range_at_the_ends_of_the_calendar_is_answered_not_an_error(
    gql: GraphQLTester, end: str
) -> None:
    program = await make_program()

    for query in (TREND, SATISFACTION):
        variables = {"id": gid(program), "to": end}
        if query is TREND:
            variables["g"] = "MONTH"
        result = await gql.run(query, variables, roles=ADMIN)

        assert result.errors is None, result.errors
        assert result.data is not None and result.data["program"] is not None
