"""An apprentice's probation, as both services read it.

- Probation runs from the day the pair starts for the program's `probation_months` (default
  6) calendar months. An accepted extension moves its end, and the pair's planned end, by the
  months extended: at most `MAX_EXTENSION_MONTHS` in all. The pair stays ACTIVE.
- The qualification exam is due `EXAM_LEAD_DAYS` before probation ends, so the mentor's
  recommendation (and the decision on an extension) fit within probation. An exam is recorded
  only when taken within probation, and one result stands at a time: a retake is recorded
  only after a failed exam was followed by an accepted extension.
- The outcome follows from the exam and the recommendation:
  - a failed exam: NOT_PASSED, settled the day it is recorded (an extension accepted later
    reopens it, for a retake);
  - an accepted extension: EXTENDED, not settled while the extended probation runs;
  - a passed exam and the mentor's CONFIRM_ON_TIME: PASSED_ON_TIME, or EXTENDED when
    probation had been extended; settled that day.
  A settled outcome is what `pairComplete` records for an apprenticeship, and what mentor
  recognition counts, in the period of the day it was settled.
- Its stage says what it waits for (`stage_of`): the exam, the mentor's confirmation, a
  decision on an extension, or nothing (NOT_PASSED, CONFIRMED). Every step below stores it.
"""

import calendar
from datetime import date, datetime, timedelta
from typing import Any

from shared.enums import (
    PairOutcome,
    PairStatus,
    ProbationDecision,
    ProbationStage,
    RecommendationStatus,
)
from shared.models.apprenticeship import (
    Probation,
    ProbationRecommendation,
    QualificationExam,
)
from shared.models.base import stored_date

EXAM_LEAD_DAYS = 14
MAX_EXTENSION_MONTHS = 6
APPRENTICESHIP_OUTCOMES = frozenset(
    {PairOutcome.PASSED_ON_TIME, PairOutcome.EXTENDED, PairOutcome.NOT_PASSED}
)


def add_calendar_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def open_probation(starts_on: date, probation_months: int) -> Probation:
    """The probation of a pair that starts on `starts_on`."""
    return Probation(ends_on=add_calendar_months(starts_on, probation_months))


def exam_due_on(probation: Probation) -> date:
    return probation.ends_on - timedelta(days=EXAM_LEAD_DAYS)


def latest_exam(probation: Probation) -> QualificationExam | None:
    return probation.exams[-1] if probation.exams else None


def latest_recommendation(probation: Probation) -> ProbationRecommendation | None:
    return probation.recommendations[-1] if probation.recommendations else None


def pending_extension(probation: Probation) -> ProbationRecommendation | None:
    latest = latest_recommendation(probation)
    return latest if latest and latest.status == RecommendationStatus.PENDING else None


def is_confirmed(probation: Probation) -> bool:
    """Whether the mentor confirmed the apprentice: the probation is over for good."""
    return any(r.decision == ProbationDecision.CONFIRM_ON_TIME for r in probation.recommendations)


def may_record_exam(probation: Probation) -> bool:
    """No result stands yet, or the last one failed and an extension was accepted since."""
    exam = latest_exam(probation)
    if exam is None:
        return not is_confirmed(probation)
    return not exam.passed and any(
        r.decision == ProbationDecision.EXTEND
        and r.status == RecommendationStatus.ACCEPTED
        and r.decided_at is not None
        and r.decided_at > exam.at
        for r in probation.recommendations
    )


def stage_of(probation: Probation) -> ProbationStage:
    """What the probation waits for, from its exams and recommendations."""
    if pending_extension(probation) is not None:
        return ProbationStage.EXTENSION_PENDING
    if is_confirmed(probation):
        return ProbationStage.CONFIRMED
    if may_record_exam(probation):
        return ProbationStage.EXAM_DUE
    exam = latest_exam(probation)
    return ProbationStage.CONFIRMATION_DUE if exam and exam.passed else ProbationStage.NOT_PASSED


def _staged(probation: Probation) -> Probation:
    probation.stage = stage_of(probation)
    return probation


def with_exam(probation: Probation, exam: QualificationExam, today: date) -> Probation:
    """The probation once `exam` is recorded: a failure settles it as NOT_PASSED."""
    changed = probation.model_copy(deep=True)
    changed.exams.append(exam)
    if not exam.passed:
        changed.outcome, changed.settled_on = PairOutcome.NOT_PASSED, today
    return _staged(changed)


def with_recommendation(
    probation: Probation, recommendation: ProbationRecommendation, today: date
) -> Probation:
    """The probation once the mentor recommends: a confirmation takes effect at once and
    settles the outcome; an extension waits for its decision."""
    changed = probation.model_copy(deep=True)
    if recommendation.decision == ProbationDecision.CONFIRM_ON_TIME:
        recommendation = recommendation.model_copy(update={"status": RecommendationStatus.ACCEPTED})
        on_time = changed.extended_months == 0
        changed.outcome = PairOutcome.PASSED_ON_TIME if on_time else PairOutcome.EXTENDED
        changed.settled_on = today
    changed.recommendations.append(recommendation)
    return _staged(changed)


def with_extension_decided(
    probation: Probation,
    *,
    accepted: bool,
    by_id: Any,
    at: datetime,
    comment: str,
) -> Probation:
    """The probation once the pending extension is accepted (its end moves; the outcome is
    EXTENDED until the extended probation settles) or rejected (nothing else changes)."""
    changed = probation.model_copy(deep=True)
    pending = changed.recommendations[-1]
    pending.status = RecommendationStatus.ACCEPTED if accepted else RecommendationStatus.REJECTED
    pending.decided_by_id, pending.decided_at, pending.decision_comment = by_id, at, comment
    if accepted:
        months = pending.extend_by_months or 0
        changed.ends_on = add_calendar_months(changed.ends_on, months)
        changed.extended_months += months
        changed.outcome, changed.settled_on = PairOutcome.EXTENDED, None
    return _staged(changed)


def settled_result(pair: dict[str, Any]) -> tuple[str, date] | None:
    """A stored pair's settled apprenticeship outcome and the day it was settled: from its
    probation, or (for a pair completed before probations were recorded) the outcome it was
    completed with and its end day."""
    probation = pair.get("probation") or {}
    outcome, settled_on = probation.get("outcome"), stored_date(probation.get("settled_on"))
    if outcome is not None and settled_on is not None:
        return outcome, settled_on
    if probation.get("outcome") is None and pair.get("status") == PairStatus.COMPLETED.value:
        ended_on = stored_date(pair.get("ended_on"))
        if pair.get("outcome") in APPRENTICESHIP_OUTCOMES and ended_on is not None:
            return pair["outcome"], ended_on
    return None
