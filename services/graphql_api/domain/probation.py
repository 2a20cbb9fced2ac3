"""An apprentice's probation: the qualification exam, the mentor's recommendation and the
decision on an extension. The rules (dates, order, outcome) are in
`shared.apprenticeship.probation`; this module says who may take each step and refuses a
step out of order.

- `qualificationExamRecord`: the program's managers or HR (never a member of the pair), while
  the pair is ACTIVE.
- `probationRecommend`: the pair's mentor. CONFIRM_ON_TIME takes effect at once; EXTEND waits.
- `probationExtensionDecide`: the program's managers or HR (never a member of the pair).
  Accepting moves the end of probation and the pair's planned end by the months extended;
  the pair stays ACTIVE.

Each step rewrites the pair's probation only if the pair is as it was read (its `updated_at`),
so two steps at the same moment cannot both succeed.
"""

from datetime import UTC, date, datetime

from beanie import PydanticObjectId

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.inputs import ExamRecord, ExtensionDecision, ProbationRecommend
from services.graphql_api.domain.persistence import get_or_fail, update_if_unchanged
from shared.apprenticeship.probation import (
    MAX_EXTENSION_MONTHS,
    add_calendar_months,
    is_confirmed,
    latest_exam,
    may_record_exam,
    open_probation,
    pending_extension,
    with_exam,
    with_extension_decided,
    with_recommendation,
)
from shared.enums import PairStatus, ProbationDecision, ProgramKind
from shared.models import Pair, Program, utc_now
from shared.models.apprenticeship import (
    Probation,
    ProbationRecommendation,
    QualificationExam,
)


def probation_of(pair: Pair, program: Program, today: date) -> Probation:
    """The pair's probation as stored, or as it opened when the pair started (for a pair
    that started before its probation was recorded)."""
    if pair.probation is not None:
        return pair.probation
    return open_probation(pair.starts_on or today, program.probation_months)


async def record_exam(*, actor: Actor, data: ExamRecord) -> Pair:
    """Record the apprentice's qualification exam (or, after an accepted extension, the
    retake of a failed one)."""
    pair, program = await _apprenticeship(data.pair_id)
    if not (actor.is_hr or await actor.manages(program.id)):
        raise forbidden("Only HR and the program's managers record qualification exams.")
    _not_a_member(actor, pair, "record its exam")
    today = _today()
    probation = probation_of(pair, program, today)
    if not may_record_exam(probation):
        raise DomainError.of(ErrorCode.INVALID_TRANSITION, _why_no_exam(probation))
    previous = latest_exam(probation)
    if data.taken_on > today:
        raise _invalid_day("The exam cannot be taken in the future.")
    if pair.starts_on is not None and data.taken_on < pair.starts_on:
        raise _invalid_day(f"The exam cannot precede the pair's start ({pair.starts_on}).")
    if previous is not None and data.taken_on <= previous.taken_on:
        raise _invalid_day(f"A retake follows the exam of {previous.taken_on}.")
    if data.taken_on > probation.ends_on:
        raise _invalid_day(
            f"Probation ended on {probation.ends_on}: an exam counts only within probation "
            "(the mentor may recommend an extension)."
        )
    exam = QualificationExam(
        taken_on=data.taken_on,
        passed=data.passed,
        score=data.score,
        by_id=_by(actor),
    )
    return await _save(pair, with_exam(probation, exam, today))


async def recommend(*, actor: Actor, data: ProbationRecommend) -> Pair:
    """The mentor recommends confirming the apprentice on time (with a passed exam) or
    extending probation."""
    pair, program = await _apprenticeship(data.pair_id)
    if not actor.is_self(pair.mentor_id):
        raise forbidden("Only the pair's mentor recommends how the apprentice's probation ends.")
    today = _today()
    probation = probation_of(pair, program, today)
    if is_confirmed(probation):
        raise DomainError.of(ErrorCode.INVALID_TRANSITION, "The apprentice is confirmed already.")
    if pending_extension(probation) is not None:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            "An extension is waiting for a decision by the program's managers or HR.",
        )
    if data.decision == ProbationDecision.CONFIRM_ON_TIME:
        exam = latest_exam(probation)
        if exam is None or not exam.passed:
            raise DomainError.of(
                ErrorCode.INVALID_TRANSITION,
                "Confirming the apprentice needs a passed qualification exam.",
                "decision",
            )
    else:
        left = MAX_EXTENSION_MONTHS - probation.extended_months
        if (data.extend_by_months or 0) > left:
            raise DomainError.of(
                ErrorCode.INVALID,
                f"Probation extends by at most {MAX_EXTENSION_MONTHS} months in all; {left} left.",
                "extend_by_months",
            )
    recommendation = ProbationRecommendation(
        decision=data.decision,
        extend_by_months=data.extend_by_months,
        reason=data.reason,
        by_id=pair.mentor_id,
    )
    return await _save(pair, with_recommendation(probation, recommendation, today))


async def decide_extension(*, actor: Actor, data: ExtensionDecision) -> Pair:
    """Accept the mentor's pending extension (probation and the pair's planned end move;
    the pair stays ACTIVE) or reject it with a comment."""
    pair, program = await _apprenticeship(data.pair_id)
    if not (actor.is_hr or await actor.manages(program.id)):
        raise forbidden("Only HR and the program's managers decide an extension.")
    _not_a_member(actor, pair, "decide its extension")
    probation = probation_of(pair, program, _today())
    pending = pending_extension(probation)
    if pending is None or pending.decision != ProbationDecision.EXTEND:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION, "No extension is waiting for a decision."
        )
    decided = with_extension_decided(
        probation, accepted=data.approve, by_id=_by(actor), at=utc_now(), comment=data.comment
    )
    moved: dict[str, object] = {}
    if data.approve and pair.planned_end_on is not None:
        months = pending.extend_by_months or 0
        moved["planned_end_on"] = add_calendar_months(pair.planned_end_on, months)
    return await _save(pair, decided, **moved)


async def _apprenticeship(pair_id: PydanticObjectId) -> tuple[Pair, Program]:
    pair = await get_or_fail(Pair, pair_id, what="Pair", field="pair_id")
    program = await get_or_fail(Program, pair.program_id, what="Program")
    if program.kind != ProgramKind.APPRENTICESHIP:
        raise DomainError.of(
            ErrorCode.INVALID, "Only apprenticeship pairs have a probation.", "pair_id"
        )
    if pair.status != PairStatus.ACTIVE:
        raise DomainError.of(
            ErrorCode.PAIR_NOT_ACTIVE, f"The pair is {pair.status}; probation steps need it active."
        )
    return pair, program


async def _save(pair: Pair, probation: Probation, **changes: object) -> Pair:
    return await update_if_unchanged(
        pair,
        expected={"status": PairStatus.ACTIVE, "updated_at": pair.updated_at},
        changes={"probation": probation, **changes},
    )


def _not_a_member(actor: Actor, pair: Pair, what: str) -> None:
    if actor.is_self(pair.mentor_id) or actor.is_self(pair.mentee_id):
        raise DomainError.of(ErrorCode.SAME_PERSON, f"A member of the pair cannot {what}.")


def _why_no_exam(probation: Probation) -> str:
    exam = latest_exam(probation)
    if exam is None or exam.passed:
        return "The apprentice passed the exam already." if exam else "Probation is settled."
    return "The failed exam stands: a retake is recorded once an extension is accepted."


def _invalid_day(message: str) -> DomainError:
    return DomainError.of(ErrorCode.INVALID, message, "taken_on")


def _by(actor: Actor) -> PydanticObjectId | None:
    return PydanticObjectId(actor.participant_id) if actor.participant_id else None


def _today() -> date:
    return datetime.now(UTC).date()
