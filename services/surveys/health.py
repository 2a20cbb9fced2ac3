"""Pair health: HEALTHY, WATCH or AT_RISK, with the reasons a program manager can act on.

Reasons:
- LOW_SATISFACTION: either side's latest satisfaction is 2 of 5 or lower;
- NEGATIVE_COMMENT: either side's latest response holds a negative comment;
- SATISFACTION_DROP: either side's satisfaction fell by a point or more since their previous
  response;
- NO_RECENT_CHECK_IN: no check-in for more than twice the program's check-in cadence;
- OVERDUE_GOALS: goals past their target date, neither achieved nor dropped;
- IGNORED_INVITATIONS: someone in the pair left the invitations of the last two rounds unanswered.

Status: AT_RISK with low satisfaction or two reasons or more, WATCH with one, else HEALTHY.
Evaluated when a response arrives and by a daily job; evaluating is idempotent.
"""

from datetime import UTC, datetime, timedelta

from beanie import PydanticObjectId

from shared.enums import GoalStatus, HealthStatus, InvitationState, PairStatus, SentimentLabel
from shared.models import (
    CheckIn,
    Goal,
    Invitation,
    Pair,
    PairHealth,
    Program,
    SurveyResponse,
    SurveyRound,
    utc_now,
)
from shared.models.feedback import HealthReason

LOW_SATISFACTION = 2.0
SIGNIFICANT_DROP = 1.0
CHECK_IN_CADENCE_FACTOR = 2
IGNORED_ROUNDS = 2


async def evaluate_pair(
    pair_id: PydanticObjectId, *, now: datetime | None = None
) -> PairHealth | None:
    """Assess an active pair and store the result; None for a pair that is not active."""
    now = now or utc_now()
    pair = await Pair.get(pair_id)
    if pair is None or pair.status != PairStatus.ACTIVE:
        return None
    program = await Program.get(pair.program_id)
    assert program is not None
    reasons = [
        *await _feedback_reasons(pair),
        *await _check_in_reasons(pair, program, now),
        *await _goal_reasons(pair, now),
        *await _invitation_reasons(pair),
    ]
    low = any(reason.code == "LOW_SATISFACTION" for reason in reasons)
    status = (
        HealthStatus.AT_RISK
        if low or len(reasons) >= 2
        else HealthStatus.WATCH
        if reasons
        else HealthStatus.HEALTHY
    )
    await PairHealth.get_pymongo_collection().update_one(
        {"pair_id": pair.id},
        {
            "$set": {
                "program_id": pair.program_id,
                "status": status.value,
                "reasons": [reason.model_dump() for reason in reasons],
                "evaluated_at": now,
                "updated_at": now,
            },
            "$setOnInsert": {"created_at": now},
        },
        upsert=True,
    )
    return await PairHealth.find_one(PairHealth.pair_id == pair.id)


async def _feedback_reasons(pair: Pair) -> list[HealthReason]:
    reasons = []
    responses = (
        await SurveyResponse.find(SurveyResponse.pair_id == pair.id)
        .sort("-submitted_at")
        .limit(20)
        .to_list()
    )
    for role in {response.role for response in responses}:
        latest, *earlier = [r for r in responses if r.role == role]
        side = role.lower()
        if latest.satisfaction is not None and latest.satisfaction <= LOW_SATISFACTION:
            reasons.append(
                HealthReason(
                    code="LOW_SATISFACTION",
                    detail=f"The {side}'s latest satisfaction is {latest.satisfaction:.1f} of 5.",
                )
            )
        if any(s.label == SentimentLabel.NEGATIVE for s in latest.sentiments):
            reasons.append(
                HealthReason(
                    code="NEGATIVE_COMMENT", detail=f"The {side}'s latest comment is negative."
                )
            )
        previous = next((r for r in earlier if r.satisfaction is not None), None)
        if (
            previous is not None
            and latest.satisfaction is not None
            and previous.satisfaction is not None
            and previous.satisfaction - latest.satisfaction >= SIGNIFICANT_DROP
        ):
            reasons.append(
                HealthReason(
                    code="SATISFACTION_DROP",
                    detail=f"The {side}'s satisfaction fell from {previous.satisfaction:.1f} "
                    f"to {latest.satisfaction:.1f}.",
                )
            )
    return sorted(reasons, key=lambda reason: reason.code)


async def _check_in_reasons(pair: Pair, program: Program, now: datetime) -> list[HealthReason]:
    latest = await CheckIn.find(CheckIn.pair_id == pair.id).sort("-held_on").first_or_none()
    last_day = latest.held_on if latest else pair.starts_on
    if last_day is None:
        return []
    allowed = timedelta(days=CHECK_IN_CADENCE_FACTOR * program.check_in_cadence_days)
    gap = now.date() - last_day
    if gap <= allowed:
        return []
    since = "since the pair started" if latest is None else f"since {last_day:%d %b %Y}"
    return [
        HealthReason(
            code="NO_RECENT_CHECK_IN",
            detail=f"No check-in {since} ({gap.days} days; expected every "
            f"{program.check_in_cadence_days}).",
        )
    ]


async def _goal_reasons(pair: Pair, now: datetime) -> list[HealthReason]:
    overdue = await Goal.find(
        Goal.pair_id == pair.id,
        {"status": {"$nin": [GoalStatus.ACHIEVED.value, GoalStatus.DROPPED.value]}},
        {"target_date": {"$lt": datetime.combine(now.date(), datetime.min.time(), UTC)}},
    ).count()
    if not overdue:
        return []
    return [HealthReason(code="OVERDUE_GOALS", detail=f"{overdue} goal(s) past their target date.")]


async def _invitation_reasons(pair: Pair) -> list[HealthReason]:
    rounds = (
        await SurveyRound.find(
            SurveyRound.program_id == pair.program_id, {"closes_at": {"$lte": utc_now()}}
        )
        .sort("-closes_at")
        .limit(IGNORED_ROUNDS)
        .to_list()
    )
    if len(rounds) < IGNORED_ROUNDS:
        return []
    invitations = await Invitation.find(
        Invitation.pair_id == pair.id, {"round_id": {"$in": [r.id for r in rounds]}}
    ).to_list()
    for participant in {i.participant_id for i in invitations}:
        theirs = [i for i in invitations if i.participant_id == participant]
        unanswered = [i for i in theirs if i.state != InvitationState.SUBMITTED]
        if len(theirs) == IGNORED_ROUNDS and len(unanswered) == IGNORED_ROUNDS:
            side = theirs[0].role.lower()
            return [
                HealthReason(
                    code="IGNORED_INVITATIONS",
                    detail=f"The {side} left the last {IGNORED_ROUNDS} rounds' surveys unanswered.",
                )
            ]
    return []


async def evaluate_active_pairs(*, now: datetime | None = None) -> int:
    """The daily pass over every active pair; returns how many were assessed."""
    count = 0
    async for pair in Pair.find(Pair.status == PairStatus.ACTIVE):
        assert pair.id is not None
        if await evaluate_pair(pair.id, now=now) is not None:
            count += 1
    return count
