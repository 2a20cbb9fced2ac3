"""Recognising outstanding mentors: a ranked score per program and period, with evidence.

The rules (weights and the minimum number of responses) are the program's; see
`shared.models.programs.RecognitionRules`. Only a mentor with at least that many distinct
mentees who answered in the period's released rounds, and never fewer than the program's
minimum group size, is ranked: one mentee answering five rounds is one.

The score rests on the program-team answers of the mentor's mentees in released rounds: the
program's managers may see those with their pair anyway. The mentor sees their whole standing
only when every answer behind it is in a shown part of their atoms (`shared.feedback.privacy`:
rounds where at least the minimum group size of their mentees answered). Otherwise they see
the evidence of the shown parts alone, and neither score nor rank, which would carry the
rest.

Apprenticeships count the apprentices whose probation was settled in the period (the day the
outcome was recorded: `shared.apprenticeship.probation`), not the day the pair ends: an
apprentice confirmed on time in March counts in March's quarter and year.

Incremental: when a round is released, a pair's outcome is recorded or the program's rules
change, only the mentors concerned are scored again, each from their own data (their atoms in
the program's released rounds of the period, their pairs and those pairs' goals), never from
a scan of the program. Rankings are kept in `services.surveys.ranking`.
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bson import ObjectId

from services.surveys.ranking import Scored, place_scores
from shared.apprenticeship.probation import settled_result
from shared.enums import GoalStatus, PairOutcome, ProgramKind
from shared.feedback.periods import period_bounds, recognition_periods, start_of
from shared.feedback.privacy import Figures
from shared.models import Goal, Pair, Program, Recognition, RoundResult, utc_now
from shared.models.feedback import RecognitionEvidence
from shared.models.programs import DEFAULT_MIN_GROUP_SIZE
from shared.models.results import MentorTally

IDS_PER_COMMAND = 200
Document = dict[str, Any]


@dataclass(frozen=True)
class MentorPeriod:
    """One mentor's standing to refresh: in a program, for a quarter or a year."""

    program_id: ObjectId
    mentor_id: ObjectId
    period: str


def rules_fingerprint(program: Document) -> str:
    """What a score depends on besides the mentor's data: the rules, the group size, the kind."""
    rules = {
        "recognition": program.get("recognition") or {},
        "min_group_size": program.get("min_group_size"),
        "kind": program.get("kind"),
    }
    return hashlib.sha256(json.dumps(rules, sort_keys=True).encode()).hexdigest()[:16]


def _threshold(program: Document) -> int:
    rules = program.get("recognition") or {}
    return max(int(rules.get("min_responses", 5)), int(program.get("min_group_size", 5)))


def score_mentor(
    program: Document,
    feedback: Figures,
    pairs: list[Document],
    goals: dict[Any, list[str]],
    period: str,
) -> tuple[float | None, RecognitionEvidence]:
    """The documented score of one mentor (None when not eligible) and its evidence."""
    rules = program.get("recognition") or {}
    components: list[tuple[float, float]] = []
    average = positive_share = None
    enough = len(feedback.people) >= _threshold(program)  # distinct mentees, not responses
    if enough and feedback.satisfaction_count:
        average = feedback.satisfaction_sum / feedback.satisfaction_count
        components.append((rules.get("satisfaction_weight", 0.4), (average - 1) / 4))
    if enough and feedback.comments:
        positive_share = feedback.positive / feedback.comments
        components.append((rules.get("positive_comment_weight", 0.2), positive_share))
    statuses = [
        s for pair in pairs for s in goals.get(pair["_id"], []) if s != GoalStatus.DROPPED.value
    ]
    achieved = sum(s == GoalStatus.ACHIEVED.value for s in statuses)
    if statuses:
        components.append((rules.get("goals_weight", 0.25), achieved / len(statuses)))
    start, end = period_bounds(period)
    results = [settled_result(p) for p in pairs]
    completed = [outcome for outcome, day in filter(None, results) if start <= day <= end]
    passed = sum(outcome == PairOutcome.PASSED_ON_TIME.value for outcome in completed)
    if program.get("kind") == ProgramKind.APPRENTICESHIP.value and completed:
        components.append((rules.get("passed_on_time_weight", 0.15), passed / len(completed)))
    evidence = RecognitionEvidence(
        responses=feedback.responses if enough else 0,
        average_satisfaction=None if average is None else round(average, 3),
        positive_comment_share=None if positive_share is None else round(positive_share, 3),
        goals_achieved=achieved,
        goals_counted=len(statuses),
        apprentices_passed_on_time=passed,
        apprenticeships_completed=len(completed),
    )
    if not enough:
        return None, evidence
    weight = sum(w for w, _ in components)
    score = sum(w * x for w, x in components) / weight if weight else 0.0
    return round(score, 4), evidence


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), IDS_PER_COMMAND):
        yield values[start : start + IDS_PER_COMMAND]


@dataclass
class MentorFeedback:
    """A mentor's mentee feedback in a period: all of it (for the program team) and what the
    mentor may see of it (the shown parts of their atoms)."""

    everything: Figures
    shown: Figures

    @property
    def complete(self) -> bool:
        """Whether the mentor may see all of it."""
        everything, shown = self.everything, self.shown
        return (everything.responses, everything.comments) == (shown.responses, shown.comments)


async def _feedback(
    items: set[MentorPeriod], programs: dict[Any, Document]
) -> dict[MentorPeriod, MentorFeedback]:
    """Each mentor's mentee feedback in each period, from their atoms in the program's
    released rounds that opened in the period (`shared.feedback.privacy`)."""
    by_program_period: dict[tuple[Any, str], list[MentorPeriod]] = defaultdict(list)
    for item in items:
        by_program_period[(item.program_id, item.period)].append(item)
    figures = {item: MentorFeedback(Figures(), Figures()) for item in items}
    collection = RoundResult.get_pymongo_collection()
    for (program_id, period), group in by_program_period.items():
        program = programs.get(program_id)
        if program is None:
            continue
        k = int(program.get("min_group_size", DEFAULT_MIN_GROUP_SIZE))
        start, end = period_bounds(period)
        wanted = {item.mentor_id: item for item in group}
        cursor = collection.find(
            {
                "program_id": program_id,
                "opens_at": {"$gte": start_of(start), "$lt": start_of(end + timedelta(days=1))},
            },
            {"mentors": 1},
        )
        async for result in cursor:
            for mentor in result.get("mentors", []):
                concerned = wanted.get(mentor["mentor_id"])
                if concerned is not None:
                    atom = MentorTally.model_validate(mentor)
                    figures[concerned].everything.add(atom, 0)
                    figures[concerned].shown.add(atom, k)
    return figures


async def _pairs_and_goals(
    mentor_ids: list[ObjectId],
) -> tuple[dict[tuple[Any, Any], list[Document]], dict[Any, list[str]]]:
    """The mentors' pairs by (program, mentor) and those pairs' goal statuses."""
    pairs: dict[tuple[Any, Any], list[Document]] = defaultdict(list)
    for chunk in _chunks(mentor_ids):
        async for pair in Pair.get_pymongo_collection().find(
            {"mentor_id": {"$in": chunk}},
            {
                "program_id": 1,
                "mentor_id": 1,
                "status": 1,
                "outcome": 1,
                "ended_on": 1,
                "probation.outcome": 1,
                "probation.settled_on": 1,
            },
        ):
            pairs[(pair["program_id"], pair["mentor_id"])].append(pair)
    pair_ids = [p["_id"] for found in pairs.values() for p in found]
    goals: dict[Any, list[str]] = defaultdict(list)
    for chunk in _chunks(pair_ids):
        async for goal in Goal.get_pymongo_collection().find(
            {"pair_id": {"$in": chunk}}, {"pair_id": 1, "status": 1}
        ):
            goals[goal["pair_id"]].append(goal["status"])
    return pairs, goals


async def refresh_recognitions(
    items: Iterable[MentorPeriod], *, now: datetime | None = None
) -> set[MentorPeriod]:
    """Score the mentors concerned again and update their programs' rankings. Returns the
    items whose ranking could not be updated (to retry); a failure in one program and period
    does not stop the others."""
    now = now or utc_now()
    wanted = set(items)
    if not wanted:
        return set()
    program_ids = list({item.program_id for item in wanted})
    programs = {
        p["_id"]: p
        async for p in Program.get_pymongo_collection().find({"_id": {"$in": program_ids}})
    }
    feedback = await _feedback(wanted, programs)
    pairs, goals = await _pairs_and_goals(list({item.mentor_id for item in wanted}))
    groups: dict[tuple[Any, str], list[MentorPeriod]] = defaultdict(list)
    for item in wanted:
        groups[(item.program_id, item.period)].append(item)
    failed: set[MentorPeriod] = set()
    for (program_id, period), group in groups.items():
        program = programs.get(program_id)
        if program is None:
            continue
        scored = []
        for item in group:
            mentor_pairs = pairs.get((program_id, item.mentor_id), [])
            found = feedback[item]
            score, evidence = score_mentor(program, found.everything, mentor_pairs, goals, period)
            mentor_evidence = None
            if not found.complete:
                _, mentor_evidence = score_mentor(program, found.shown, mentor_pairs, goals, period)
            scored.append(Scored(item.mentor_id, score, evidence, mentor_evidence))
        try:
            await place_scores(program, period, scored, now, rules=rules_fingerprint(program))
        except Exception:
            failed.update(group)
    return failed


def mentor_periods(program_id: ObjectId, mentor_id: ObjectId, day: datetime) -> list[MentorPeriod]:
    """What one response or outcome on `day` changes: the mentor's quarter and year."""
    return [MentorPeriod(program_id, mentor_id, p) for p in recognition_periods(day)]


async def refresh_program(program_id: ObjectId, *, now: datetime | None = None) -> int:
    """Score every mentor of a program again, in every period it has a ranking for and in the
    current ones (after its rules changed); returns how many standings were refreshed."""
    now = now or utc_now()
    periods = set(recognition_periods(now))
    periods.update(
        await Recognition.get_pymongo_collection().distinct("period", {"program_id": program_id})
    )
    mentors = await Pair.get_pymongo_collection().distinct("mentor_id", {"program_id": program_id})
    items = {MentorPeriod(program_id, m, p) for m in mentors for p in periods}
    failed = await refresh_recognitions(items, now=now)
    if failed:
        raise RuntimeError(f"{len(failed)} recognitions of program {program_id} failed")
    return len(items)


async def program_rules_changed(program: Document) -> bool:
    """Whether a program's rankings were computed under other rules than its current ones."""
    stale = await Recognition.get_pymongo_collection().find_one(
        {"program_id": program["_id"], "rules": {"$ne": rules_fingerprint(program)}},
        {"_id": 1},
    )
    return stale is not None


async def compute_recognitions(program_id: ObjectId, period: str) -> list[Recognition]:
    """Score every mentor of a program for one period and return the ranking (for tools, the
    demo and tests; releasing a round refreshes its mentors one by one)."""
    mentors = await Pair.get_pymongo_collection().distinct("mentor_id", {"program_id": program_id})
    failed = await refresh_recognitions({MentorPeriod(program_id, m, period) for m in mentors})
    if failed:
        raise RuntimeError("the ranking could not be updated")
    return (
        await Recognition.find({"program_id": program_id, "period": period})
        .sort("rank_key")
        .to_list()
    )
