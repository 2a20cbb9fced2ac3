"""Recognising outstanding mentors: a ranked score per program and period, with evidence.

The rules (weights and the minimum number of responses) are the program's; see
`shared.models.programs.RecognitionRules`. Recomputed when a response arrives and daily.
"""

from collections import defaultdict
from datetime import date
from typing import Any

from beanie import PydanticObjectId
from pymongo.asynchronous.client_session import AsyncClientSession

from shared.db import in_transaction
from shared.enums import (
    GoalStatus,
    PairOutcome,
    PairStatus,
    PeriodKind,
    ProgramKind,
    Role,
    StatScope,
)
from shared.models import FeedbackStat, Goal, Pair, Program, Recognition, utc_now

APPRENTICESHIP_OUTCOMES = {
    PairOutcome.PASSED_ON_TIME.value,
    PairOutcome.EXTENDED.value,
    PairOutcome.NOT_PASSED.value,
}


def periods_of(day: date) -> list[str]:
    """The recognition periods a day falls in: its quarter and its year."""
    return [f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}", f"{day.year:04d}"]


def _quarters(period: str) -> list[str]:
    return [period] if "-Q" in period else [f"{period}-Q{n}" for n in range(1, 5)]


def _period_bounds(period: str) -> tuple[date, date]:
    year = int(period[:4])
    if "-Q" not in period:
        return date(year, 1, 1), date(year, 12, 31)
    quarter = int(period[-1])
    start = date(year, 3 * quarter - 2, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


async def _feedback_by_mentor(
    program_id: PydanticObjectId, period: str
) -> dict[Any, dict[str, float]]:
    totals: dict[Any, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    cursor = FeedbackStat.get_pymongo_collection().find(
        {
            "scope": StatScope.MENTOR.value,
            "program_id": program_id,
            "period_kind": PeriodKind.QUARTER.value,
            "period": {"$in": _quarters(period)},
            "role": Role.MENTEE.value,
        }
    )
    async for bucket in cursor:
        mentor = totals[bucket["scope_id"]]
        for name in (
            "responses",
            "satisfaction_count",
            "satisfaction_sum",
            "text_count",
            "positive_count",
        ):
            mentor[name] += bucket.get(name, 0)
    return totals


async def _pairs_by_mentor(program_id: PydanticObjectId) -> dict[Any, list[Pair]]:
    pairs: dict[Any, list[Pair]] = defaultdict(list)
    async for pair in Pair.find(Pair.program_id == program_id):
        pairs[pair.mentor_id].append(pair)
    return pairs


async def _goals_by_pair(program_id: PydanticObjectId) -> dict[Any, list[str]]:
    goals: dict[Any, list[str]] = defaultdict(list)
    async for goal in Goal.find(Goal.program_id == program_id):
        goals[goal.pair_id].append(goal.status.value)
    return goals


def _score(
    program: Program,
    feedback: dict[str, float],
    pairs: list[Pair],
    goals: dict[Any, list[str]],
    period: str,
) -> tuple[float, dict[str, float | int | None]]:
    rules = program.recognition
    components: list[tuple[float, float]] = []
    average = None
    if feedback["satisfaction_count"]:
        average = feedback["satisfaction_sum"] / feedback["satisfaction_count"]
        components.append((rules.satisfaction_weight, (average - 1) / 4))
    positive_share = None
    if feedback["text_count"]:
        positive_share = feedback["positive_count"] / feedback["text_count"]
        components.append((rules.positive_comment_weight, positive_share))
    statuses = [
        s for pair in pairs for s in goals.get(pair.id, []) if s != GoalStatus.DROPPED.value
    ]
    achieved = sum(s == GoalStatus.ACHIEVED.value for s in statuses)
    if statuses:
        components.append((rules.goals_weight, achieved / len(statuses)))
    start, end = _period_bounds(period)
    completed = [
        p
        for p in pairs
        if p.status == PairStatus.COMPLETED
        and p.outcome in APPRENTICESHIP_OUTCOMES
        and p.ended_on is not None
        and start <= p.ended_on <= end
    ]
    passed = sum(p.outcome == PairOutcome.PASSED_ON_TIME for p in completed)
    if program.kind == ProgramKind.APPRENTICESHIP and completed:
        components.append((rules.passed_on_time_weight, passed / len(completed)))
    weight = sum(w for w, _ in components)
    score = sum(w * x for w, x in components) / weight if weight else 0.0
    evidence: dict[str, float | int | None] = {
        "responses": int(feedback["responses"]),
        "average_satisfaction": None if average is None else round(average, 3),
        "positive_comment_share": None if positive_share is None else round(positive_share, 3),
        "goals_achieved": achieved,
        "goals_counted": len(statuses),
        "apprentices_passed_on_time": passed,
        "apprenticeships_completed": len(completed),
    }
    return round(score, 4), evidence


async def compute_recognitions(program_id: PydanticObjectId, period: str) -> list[Recognition]:
    """Rank the program's eligible mentors for `period` ("2026" or "2026-Q4") and store it."""
    program = await Program.get(program_id)
    if program is None:
        return []
    threshold = max(program.recognition.min_responses, program.min_group_size)
    feedback = await _feedback_by_mentor(program_id, period)
    pairs = await _pairs_by_mentor(program_id)
    goals = await _goals_by_pair(program_id)
    scored = []
    for mentor_id, totals in feedback.items():
        if totals["responses"] >= threshold:
            score, evidence = _score(program, totals, pairs.get(mentor_id, []), goals, period)
            scored.append((score, mentor_id, evidence))
    scored.sort(key=lambda item: (-item[0], str(item[1])))
    now = utc_now()
    recognitions = [
        Recognition(
            program_id=program_id,
            mentor_id=mentor_id,
            period=period,
            score=score,
            rank=rank,
            evidence=evidence,
            created_at=now,
            updated_at=now,
        )
        for rank, (score, mentor_id, evidence) in enumerate(scored, start=1)
    ]

    async def replace(session: AsyncClientSession) -> None:
        await Recognition.get_pymongo_collection().delete_many(
            {"program_id": program_id, "period": period}, session=session
        )
        if recognitions:
            await Recognition.insert_many(recognitions, session=session)

    await in_transaction(replace)
    return recognitions


async def recognise_after_response(program_id: PydanticObjectId, day: date) -> None:
    for period in periods_of(day):
        await compute_recognitions(program_id, period)
