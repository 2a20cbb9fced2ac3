"""Computing feedback figures for GraphQL from the buckets and rounds, with privacy rules."""

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.feedback import aggregates
from services.graphql_api.feedback.loaders import (
    AtRiskCountByProgramLoader,
    GoalCountsByProgramLoader,
    HealthByPairLoader,
    InvitationCountsByRoundLoader,
    ResponsesByPairLoader,
    RoundsByProgramLoader,
    StatCellsByProgramMonthLoader,
)
from services.graphql_api.feedback.types import (
    Availability,
    Granularity,
    HealthReasonType,
    PairFeedbackRound,
    PairHealthType,
    ProgramInsights,
    RoundResponseRate,
    SatisfactionSummary,
    SideFeedback,
    SurveyRound,
    SurveySchedule,
    ThemeInsight,
    TrendPoint,
)
from shared.enums import HealthReasonCode, ProgramStatus, Role, SurveyCadence, SurveyKind
from shared.feedback.periods import (
    month_key,
    months_between,
    months_of_quarter,
    period_bounds,
    quarter_key,
    quarter_of_month,
)
from shared.feedback.rates import InvitationCounts, goal_achievement_rate
from shared.feedback.schedule import next_round_at

DEFAULT_TREND_MONTHS = 12


def default_range(start: date | None, end: date | None) -> tuple[date, date]:
    """The last 12 months (this one included) unless the caller says otherwise."""
    today = datetime.now(UTC).date()
    end = end or today
    if start is None:
        year, month = end.year, end.month - (DEFAULT_TREND_MONTHS - 1)
        while month < 1:
            year, month = year - 1, month + 12
        start = date(year, month, 1)
    return start, end


async def _cells(
    info: Info, program_id: ObjectId, months: list[str], role: Role | None
) -> list[dict[str, Any]]:
    loader = info.context.loaders.get(StatCellsByProgramMonthLoader)
    cells = await loader.load_many([(program_id, month) for month in months])
    return [b for cell in cells for b in cell if role is None or b["role"] == role.value]


async def _rounds(info: Info, program_id: ObjectId) -> list[dict[str, Any]]:
    rounds = await info.context.loaders.get(RoundsByProgramLoader).load(program_id)
    return sorted(rounds, key=lambda r: r["opens_at"])


async def _counts(
    info: Info, rounds: list[dict[str, Any]], role: Role | None
) -> list[InvitationCounts]:
    """Each round's invitations by state, of one role or both."""
    loader = info.context.loaders.get(InvitationCountsByRoundLoader)
    found = await loader.load_many([r["_id"] for r in rounds])
    counts = []
    for by_role_and_state in found:
        by_state: dict[str, int] = {}
        for (invitation_role, state), n in by_role_and_state.items():
            if role is None or invitation_role == role.value:
                by_state[state] = by_state.get(state, 0) + n
        counts.append(InvitationCounts(by_state))
    return counts


async def _rate(info: Info, rounds: list[dict[str, Any]], role: Role | None) -> float | None:
    return sum(await _counts(info, rounds, role), InvitationCounts({})).response_rate


def _opened_in(rounds: list[dict[str, Any]], months: list[str]) -> list[dict[str, Any]]:
    wanted = set(months)
    return [r for r in rounds if month_key(r["opens_at"]) in wanted]


def _availability(totals: aggregates.Totals, min_group_size: int) -> Availability:
    if totals.responses == 0:
        return Availability.NO_RESPONSES
    return (
        Availability.AVAILABLE
        if totals.shown(min_group_size)
        else (Availability.INSUFFICIENT_RESPONSES)
    )


async def satisfaction(
    info: Info, program: Any, start: date | None, end: date | None, role: Role | None
) -> SatisfactionSummary:
    start, end = default_range(start, end)
    months = months_between(start, end)
    totals = aggregates.totals_of(
        await _cells(info, program.db_id, months, role), program.min_group_size
    )
    rate = await _rate(info, _opened_in(await _rounds(info, program.db_id), months), role)
    availability = _availability(totals, program.min_group_size)
    shown = availability == Availability.AVAILABLE
    return SatisfactionSummary(
        availability=availability,
        responses=totals.responses if shown else None,
        average_score=totals.average_score if shown else None,
        nps=totals.nps if shown else None,
        positive_share=totals.share(totals.positive_count) if shown else None,
        negative_share=totals.share(totals.negative_count) if shown else None,
        response_rate=rate,
    )


async def trend(
    info: Info,
    program: Any,
    granularity: Granularity,
    start: date | None,
    end: date | None,
    role: Role | None,
) -> list[TrendPoint]:
    start, end = default_range(start, end)
    months = months_between(start, end)
    cells = await _cells(info, program.db_id, months, role)
    rounds = await _rounds(info, program.db_id)
    counts = dict(zip((r["_id"] for r in rounds), await _counts(info, rounds, role), strict=True))
    periods: dict[str, list[str]] = {}
    for month in months:
        key = month if granularity == Granularity.MONTH else quarter_of_month(month)
        periods.setdefault(key, []).append(month)
    points = []
    for period, period_months in periods.items():
        totals = aggregates.totals_of(
            (c for c in cells if c["period"] in period_months), program.min_group_size
        )
        availability = _availability(totals, program.min_group_size)
        shown = availability == Availability.AVAILABLE
        first_year, first_month = (int(part) for part in period_months[0].split("-"))
        points.append(
            TrendPoint(
                period=period,
                starts_on=date(first_year, first_month, 1),
                availability=availability,
                responses=totals.responses if shown else None,
                average_score=totals.average_score if shown else None,
                nps=totals.nps if shown else None,
                average_polarity=totals.average_polarity if shown else None,
                negative_share=totals.share(totals.negative_count) if shown else None,
                response_rate=sum(
                    (counts[r["_id"]] for r in _opened_in(rounds, period_months)),
                    InvitationCounts({}),
                ).response_rate,
            )
        )
    return points


async def insights(info: Info, program: Any) -> ProgramInsights:
    today = datetime.now(UTC).date()
    quarter = quarter_key(today)
    this_quarter = months_of_quarter(quarter)
    previous_quarter = months_of_quarter(quarter_key(period_bounds(quarter)[0] - timedelta(days=1)))
    loaders = info.context.loaders
    # Loaded together, so the loads of every program in a list share their batches.
    cells, rounds, at_risk, goals = await asyncio.gather(
        _cells(info, program.db_id, previous_quarter + this_quarter, None),
        _rounds(info, program.db_id),
        loaders.get(AtRiskCountByProgramLoader).load(program.db_id),
        loaders.get(GoalCountsByProgramLoader).load(program.db_id),
    )
    k = program.min_group_size
    now = aggregates.totals_of((c for c in cells if c["period"] in this_quarter), k)
    before = aggregates.totals_of((c for c in cells if c["period"] in previous_quarter), k)
    themes = []
    if now.shown(k):
        for theme, counts in now.themes.items():
            mentions = int(counts.get("mentions", 0))
            average = counts.get("polarity_sum", 0.0) / mentions if mentions else 0.0
            earlier = before.themes.get(theme) if before.shown(k) else None
            change = None
            if earlier and earlier.get("mentions"):
                change = round(average - earlier["polarity_sum"] / earlier["mentions"], 3)
            themes.append(
                ThemeInsight(
                    theme=theme,
                    mentions=mentions,
                    negative_mentions=int(counts.get("negative", 0)),
                    average_polarity=round(average, 3),
                    change_since_previous=change,
                )
            )
    themes.sort(key=lambda t: (-t.negative_mentions, t.average_polarity))
    rates = [count.response_rate for count in await _counts(info, rounds, None)]
    return ProgramInsights(
        quarter=quarter,
        availability=_availability(now, k),
        themes=themes,
        response_rates=[
            RoundResponseRate(label=r["label"], opens_at=r["opens_at"], response_rate=rate)
            for r, rate in zip(rounds, rates, strict=True)
        ],
        at_risk_pairs=at_risk,
        goal_achievement_rate=goal_achievement_rate(goals),
    )


async def survey_rounds(info: Info, program_id: ObjectId) -> list[SurveyRound]:
    rounds = await _rounds(info, program_id)
    counts = await _counts(info, rounds, None)
    return [
        SurveyRound(
            id=strawberry.ID(str(survey_round["_id"])),
            label=survey_round["label"],
            opens_at=survey_round["opens_at"],
            closes_at=survey_round["closes_at"],
            status=survey_round["status"],
            invited=count.invited,
            submitted=count.submitted,
            response_rate=count.response_rate,
        )
        for survey_round, count in zip(rounds, counts, strict=True)
    ]


async def pair_health(info: Info, pair_id: ObjectId) -> PairHealthType | None:
    found = await info.context.loaders.get(HealthByPairLoader).load(pair_id)
    if not found:
        return None
    health = found[0]
    return PairHealthType(
        status=health["status"],
        reasons=[
            HealthReasonType(code=HealthReasonCode(r["code"]), detail=r["detail"])
            for r in health["reasons"]
        ],
        updated_at=health["evaluated_at"],
    )


async def pair_feedback(info: Info, pair: Any) -> list[PairFeedbackRound]:
    responses = await info.context.loaders.get(ResponsesByPairLoader).load(pair.db_id)
    rounds = {r["_id"]: r for r in await _rounds(info, pair.program_id)}
    by_round: dict[Any, list[dict[str, Any]]] = {}
    for response in sorted(responses, key=lambda r: r["submitted_at"]):
        by_round.setdefault(response["round_id"], []).append(response)
    result = []
    for round_id, answers in by_round.items():
        survey_round = rounds.get(round_id)
        result.append(
            PairFeedbackRound(
                round_label=survey_round["label"] if survey_round else "",
                opens_at=survey_round["opens_at"] if survey_round else None,
                answers=[
                    SideFeedback(
                        role=a["role"],
                        satisfaction=a.get("satisfaction"),
                        comment_polarity=(
                            round(
                                sum(s["polarity"] for s in a["sentiments"]) / len(a["sentiments"]),
                                3,
                            )
                            if a.get("sentiments")
                            else None
                        ),
                        submitted_at=a["submitted_at"],
                    )
                    for a in answers
                ],
            )
        )
    return result


async def survey_schedule(info: Info, program: Any) -> SurveySchedule:
    """The program's cadence, its latest check-in round and when the next is due, by the
    rule the survey service's scheduler follows."""
    rounds = await _rounds(info, program.db_id)
    opened = [
        r["opens_at"]
        for r in rounds
        if r.get("kind", SurveyKind.CHECK_IN.value) == SurveyKind.CHECK_IN.value
    ]
    last_round_at = max(opened, default=None)
    return SurveySchedule(
        cadence=program.survey_cadence,
        last_round_at=last_round_at,
        next_round_at=next_round_at(
            cadence=SurveyCadence(program.survey_cadence),
            active=program.status == ProgramStatus.ACTIVE,
            starts_on=program.starts_on,
            ends_on=program.ends_on,
            last_round_at=last_round_at,
            now=datetime.now(UTC),
        ),
    )
