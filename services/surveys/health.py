"""Pair health: HEALTHY, WATCH or AT_RISK, with the reasons a program manager can act on.

Reasons: the values of `shared.enums.HealthReasonCode`, each of which states its rule (the
GraphQL schema shows them); the thresholds are the constants below.

Status: AT_RISK with low satisfaction or two reasons or more, WATCH with one, else HEALTHY.
The apprenticeship reasons read the records the GraphQL API keeps: the mentor's plan for the
current quarter (`shared.apprenticeship.plans`) and the mentee's open concerns; the API tells
this service when those change, so the pair is assessed again at once.
Only active pairs are assessed. Pairs are assessed in batches (a handful of queries whatever
the batch size) by the feedback worker when responses arrive and by the daily job. An
assessment is stamped with the moment it started and never replaces a later one.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from beanie import PydanticObjectId
from pymongo import UpdateOne
from pymongo.errors import BulkWriteError

from shared.apprenticeship.plans import missing_plan
from shared.enums import (
    Audience,
    CommentIntent,
    ConcernStatus,
    GoalStatus,
    HealthReasonCode,
    HealthStatus,
    InvitationState,
    PairStatus,
    ProgramKind,
    SentimentLabel,
    SurveyKind,
)
from shared.feedback.periods import quarter_key
from shared.models import (
    CheckIn,
    Concern,
    Goal,
    Invitation,
    MentoringPlan,
    Pair,
    PairHealth,
    Program,
    SurveyResponse,
    SurveyRound,
    utc_now,
)
from shared.models.base import stored_date
from shared.models.feedback import SEVERITY, HealthReason

LOW_SATISFACTION = 2.0
SIGNIFICANT_DROP = 1.0
CHECK_IN_CADENCE_FACTOR = 2
IGNORED_ROUNDS = 2
DUPLICATE_KEY = 11000

Document = dict[str, Any]


@dataclass
class PairRecord:
    """What an assessment reads about one pair."""

    pair: Document
    program: Document
    responses: list[Document] = field(default_factory=list)
    last_check_in: date | None = None
    goals: list[Document] = field(default_factory=list)
    invitations: list[Document] = field(default_factory=list)
    closed_rounds: list[Document] = field(default_factory=list)  # newest first
    plan_status: str | None = None  # of the mentor's plan for the current quarter
    open_concerns: int = 0


def assess(record: PairRecord, now: datetime) -> tuple[HealthStatus, list[HealthReason]]:
    """The health of one pair from what was read about it: the rules above, nothing else."""
    reasons = sorted(
        [
            *_feedback_reasons(record.responses),
            *_check_in_reasons(record, now),
            *_goal_reasons(record.goals, now),
            *_invitation_reasons(record),
            *_apprenticeship_reasons(record, now),
        ],
        key=lambda reason: reason.code,
    )
    low = any(reason.code == HealthReasonCode.LOW_SATISFACTION for reason in reasons)
    if low or len(reasons) >= 2:
        return HealthStatus.AT_RISK, reasons
    return (HealthStatus.WATCH if reasons else HealthStatus.HEALTHY), reasons


def _reason(code: HealthReasonCode, detail: str) -> HealthReason:
    return HealthReason(code=code, detail=detail)


def _feedback_reasons(responses: list[Document]) -> list[HealthReason]:
    reasons = []
    newest_first = sorted(responses, key=lambda r: r["submitted_at"], reverse=True)
    for role in sorted({r["role"] for r in newest_first}):
        latest, *earlier = [r for r in newest_first if r["role"] == role]
        side = role.lower()
        satisfaction = latest.get("satisfaction")
        if satisfaction is not None and satisfaction <= LOW_SATISFACTION:
            reasons.append(
                _reason(
                    HealthReasonCode.LOW_SATISFACTION,
                    f"The {side}'s latest satisfaction is {satisfaction:.1f} of 5.",
                )
            )
        if any(_reports_a_problem(s) for s in latest.get("sentiments", [])):
            reasons.append(
                _reason(
                    HealthReasonCode.NEGATIVE_COMMENT, f"The {side}'s latest comment is negative."
                )
            )
        previous = next((r for r in earlier if r.get("satisfaction") is not None), None)
        if (
            previous is not None
            and satisfaction is not None
            and previous["satisfaction"] - satisfaction >= SIGNIFICANT_DROP
        ):
            reasons.append(
                _reason(
                    HealthReasonCode.SATISFACTION_DROP,
                    f"The {side}'s satisfaction fell from {previous['satisfaction']:.1f} "
                    f"to {satisfaction:.1f}.",
                )
            )
    return reasons


def _reports_a_problem(sentiment: Document) -> bool:
    """A program-team comment that reports a problem, or reads negative without being a
    suggestion. Confidential comments never count: health is seen with the pair."""
    if sentiment.get("audience") != Audience.PROGRAM_TEAM.value:
        return False
    intent = sentiment.get("intent")
    if intent == CommentIntent.PROBLEM.value:
        return True
    return intent != CommentIntent.SUGGESTION.value and (
        sentiment["label"] == SentimentLabel.NEGATIVE.value
    )


def _check_in_reasons(record: PairRecord, now: datetime) -> list[HealthReason]:
    last_day = record.last_check_in or stored_date(record.pair.get("starts_on"))
    if last_day is None:
        return []
    cadence = int(record.program.get("check_in_cadence_days", 14))
    gap = now.date() - last_day
    if gap <= timedelta(days=CHECK_IN_CADENCE_FACTOR * cadence):
        return []
    since = (
        "since the pair started" if record.last_check_in is None else f"since {last_day:%d %b %Y}"
    )
    return [
        _reason(
            HealthReasonCode.NO_RECENT_CHECK_IN,
            f"No check-in {since} ({gap.days} days; expected every {cadence}).",
        )
    ]


def _goal_reasons(goals: list[Document], now: datetime) -> list[HealthReason]:
    finished = (GoalStatus.ACHIEVED.value, GoalStatus.DROPPED.value)
    overdue = 0
    for goal in goals:
        target = stored_date(goal.get("target_date"))
        if goal.get("status") not in finished and target is not None and target < now.date():
            overdue += 1
    if not overdue:
        return []
    return [_reason(HealthReasonCode.OVERDUE_GOALS, f"{overdue} goal(s) past their target date.")]


def _invitation_reasons(record: PairRecord) -> list[HealthReason]:
    rounds = [r["_id"] for r in record.closed_rounds[:IGNORED_ROUNDS]]
    if len(rounds) < IGNORED_ROUNDS:
        return []
    invitations = [i for i in record.invitations if i["round_id"] in rounds]
    for participant in sorted({i["participant_id"] for i in invitations}):
        theirs = [i for i in invitations if i["participant_id"] == participant]
        answered = [i for i in theirs if i["state"] == InvitationState.SUBMITTED.value]
        if len(theirs) == IGNORED_ROUNDS and not answered:
            return [
                _reason(
                    HealthReasonCode.IGNORED_INVITATIONS,
                    f"The {theirs[0]['role'].lower()} left the last {IGNORED_ROUNDS} rounds' "
                    "surveys unanswered.",
                )
            ]
    return []


def _apprenticeship_reasons(record: PairRecord, now: datetime) -> list[HealthReason]:
    reasons = []
    if record.program.get("kind") == ProgramKind.APPRENTICESHIP.value:
        starts_on = stored_date(record.pair.get("starts_on"))
        why = missing_plan(starts_on=starts_on, plan_status=record.plan_status, today=now.date())
        if why is not None:
            reasons.append(_reason(HealthReasonCode.PLAN_MISSING, why))
    if record.open_concerns:
        reasons.append(
            _reason(
                HealthReasonCode.CONCERN_RAISED,
                f"The mentee raised {record.open_concerns} concern(s) not resolved yet.",
            )
        )
    return reasons


def _grouped(documents: Iterable[Document], key: str) -> dict[Any, list[Document]]:
    groups: dict[Any, list[Document]] = defaultdict(list)
    for document in documents:
        groups[document[key]].append(document)
    return groups


async def _records(pair_ids: Sequence[PydanticObjectId], now: datetime) -> list[PairRecord]:
    """Everything the rules read about the active pairs among `pair_ids`, in eight queries."""
    pairs = await Pair.get_pymongo_collection().find({"_id": {"$in": list(pair_ids)}}).to_list()
    pairs = [p for p in pairs if p["status"] == PairStatus.ACTIVE.value]
    if not pairs:
        return []
    ids = [p["_id"] for p in pairs]
    program_ids = list({p["program_id"] for p in pairs})
    programs = {
        p["_id"]: p
        async for p in Program.get_pymongo_collection().find({"_id": {"$in": program_ids}})
    }
    responses = _grouped(
        await SurveyResponse.get_pymongo_collection()
        .find(
            {"pair_id": {"$in": ids}},
            {
                "pair_id": 1,
                "role": 1,
                "satisfaction": 1,
                "sentiments.label": 1,
                "sentiments.intent": 1,
                "sentiments.audience": 1,
                "submitted_at": 1,
            },
        )
        .to_list(),
        "pair_id",
    )
    check_ins: dict[Any, date] = {}
    async for check_in in CheckIn.get_pymongo_collection().find(
        {"pair_id": {"$in": ids}}, {"pair_id": 1, "held_on": 1}
    ):
        held_on = stored_date(check_in["held_on"])
        if held_on is not None and held_on > check_ins.get(check_in["pair_id"], date.min):
            check_ins[check_in["pair_id"]] = held_on
    goals = _grouped(
        await Goal.get_pymongo_collection()
        .find({"pair_id": {"$in": ids}}, {"pair_id": 1, "status": 1, "target_date": 1})
        .to_list(),
        "pair_id",
    )
    invitations = _grouped(
        await Invitation.get_pymongo_collection()
        .find(
            {"pair_id": {"$in": ids}},
            {"pair_id": 1, "round_id": 1, "participant_id": 1, "role": 1, "state": 1},
        )
        .to_list(),
        "pair_id",
    )
    rounds = _grouped(
        [
            r
            for r in await SurveyRound.get_pymongo_collection()
            .find(
                {"program_id": {"$in": program_ids}}, {"program_id": 1, "closes_at": 1, "kind": 1}
            )
            .to_list()
            if r.get("kind", SurveyKind.CHECK_IN.value) == SurveyKind.CHECK_IN.value
            and r["closes_at"] <= now
        ],
        "program_id",
    )
    quarter = quarter_key(now)
    plans = {
        plan["pair_id"]: plan["status"]
        async for plan in MentoringPlan.get_pymongo_collection().find(
            {"pair_id": {"$in": ids}}, {"pair_id": 1, "quarter": 1, "status": 1}
        )
        if plan["quarter"] == quarter
    }
    open_concerns: dict[Any, int] = defaultdict(int)
    async for concern in Concern.get_pymongo_collection().find(
        {"pair_id": {"$in": ids}}, {"pair_id": 1, "status": 1}
    ):
        if concern["status"] == ConcernStatus.OPEN.value:
            open_concerns[concern["pair_id"]] += 1
    return [
        PairRecord(
            pair=pair,
            program=programs.get(pair["program_id"], {}),
            responses=responses.get(pair["_id"], []),
            last_check_in=check_ins.get(pair["_id"]),
            goals=goals.get(pair["_id"], []),
            invitations=invitations.get(pair["_id"], []),
            closed_rounds=sorted(
                rounds.get(pair["program_id"], []), key=lambda r: r["closes_at"], reverse=True
            ),
            plan_status=plans.get(pair["_id"]),
            open_concerns=open_concerns.get(pair["_id"], 0),
        )
        for pair in pairs
    ]


async def assess_pairs(pair_ids: Iterable[PydanticObjectId], *, now: datetime | None = None) -> int:
    """Assess the active pairs among `pair_ids` and store the results; returns how many were
    assessed. A stored assessment that started later than this one is kept."""
    started = now or utc_now()
    records = await _records(list(dict.fromkeys(pair_ids)), started)
    writes = []
    for record in records:
        status, reasons = assess(record, started)
        writes.append(
            UpdateOne(
                # An assessment that started later matches nothing here; the upsert then
                # collides with it on the unique pair index and is dropped below.
                {"pair_id": record.pair["_id"], "evaluated_at": {"$lte": started}},
                {
                    "$set": {
                        "program_id": record.pair["program_id"],
                        "status": status.value,
                        "severity": SEVERITY[status],
                        "reasons": [reason.model_dump(mode="json") for reason in reasons],
                        "evaluated_at": started,
                        "updated_at": utc_now(),
                    },
                    "$setOnInsert": {"created_at": started},
                },
                upsert=True,
            )
        )
    if writes:
        try:
            await PairHealth.get_pymongo_collection().bulk_write(writes, ordered=False)
        except BulkWriteError as error:
            others = [e for e in error.details["writeErrors"] if e["code"] != DUPLICATE_KEY]
            if others:
                raise
    return len(records)


async def evaluate_pair(
    pair_id: PydanticObjectId, *, now: datetime | None = None
) -> PairHealth | None:
    """Assess one pair now and return its stored health; None for a pair that is not active."""
    if not await assess_pairs([pair_id], now=now):
        return None
    return await PairHealth.find_one({"pair_id": pair_id})


PAIRS_PER_BATCH = 100


async def evaluate_active_pairs(*, now: datetime | None = None) -> int:
    """The daily pass over every active pair, a batch at a time; returns how many were
    assessed."""
    assessed, batch = 0, []
    cursor = Pair.get_pymongo_collection().find({"status": PairStatus.ACTIVE.value}, {"_id": 1})
    async for pair in cursor:
        batch.append(pair["_id"])
        if len(batch) == PAIRS_PER_BATCH:
            assessed += await assess_pairs(batch, now=now)
            batch = []
    if batch:
        assessed += await assess_pairs(batch, now=now)
    return assessed
