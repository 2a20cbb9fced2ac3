"""Quarterly mentoring plans of apprenticeships: SUBMITTED -> APPROVED, or SUBMITTED ->
RETURNED -> SUBMITTED again.

The pair's mentor files one plan per quarter (the current one or the next; see
`shared.apprenticeship.plans`) while the pair is ACTIVE. The head of the mentee's department,
or an admin, approves it or returns it with a comment; never a member of the pair. A returned
plan is resubmitted in place: it keeps its ID, its `revision` goes up by one, its content is
replaced, and its history keeps every step with who and when.
"""

from datetime import UTC, datetime

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.inputs import MentoringPlanDecision, MentoringPlanSubmit
from services.graphql_api.domain.persistence import get_or_fail, update_if_unchanged
from shared.apprenticeship.plans import plannable_quarters
from shared.enums import MentoringPlanStatus, PairStatus, ProgramKind
from shared.feedback.periods import period_bounds
from shared.models import MentoringPlan, Pair, Program, utc_now
from shared.models.apprenticeship import PlanStep


async def submit_plan(*, actor: Actor, data: MentoringPlanSubmit) -> MentoringPlan:
    """File the plan for a quarter, or resubmit a returned one as its next revision."""
    pair = await get_or_fail(Pair, data.pair_id, what="Pair", field="pair_id")
    if not actor.is_self(pair.mentor_id):
        raise forbidden("Only the pair's mentor files its mentoring plans.")
    program = await get_or_fail(Program, pair.program_id, what="Program")
    if program.kind != ProgramKind.APPRENTICESHIP:
        raise DomainError.of(
            ErrorCode.INVALID, "Mentoring plans are filed for apprenticeships only.", "pair_id"
        )
    if pair.status != PairStatus.ACTIVE:
        raise DomainError.of(ErrorCode.PAIR_NOT_ACTIVE, "Plans are filed for active pairs only.")
    _check_quarter(pair, data.quarter)
    competencies = _program_competencies(program, data.competencies)
    content = {
        "objectives": data.objectives,
        "activities": data.activities,
        "competencies": competencies,
    }
    existing = await MentoringPlan.find_one({"pair_id": pair.id, "quarter": data.quarter})
    if existing is None:
        return await _first_revision(pair, data.quarter, content)
    if existing.status != MentoringPlanStatus.RETURNED:
        raise DomainError.of(
            ErrorCode.DUPLICATE,
            f"The plan for {data.quarter} is {existing.status} already; only a returned plan "
            "is submitted again.",
            "quarter",
        )
    revision = existing.revision + 1
    now = utc_now()
    step = PlanStep(
        status=MentoringPlanStatus.SUBMITTED, revision=revision, by_id=pair.mentor_id, at=now
    )
    resubmitted = await update_if_unchanged(
        existing,
        expected={"status": MentoringPlanStatus.RETURNED, "revision": existing.revision},
        changes={
            **content,
            "status": MentoringPlanStatus.SUBMITTED,
            "revision": revision,
            "submitted_at": now,
            "decided_by_id": None,
            "decided_at": None,
            "decision_comment": "",
        },
        push={"history": step},
    )
    resubmitted.history.append(step)
    return resubmitted


async def decide_plan(
    *, actor: Actor, plan_id: PydanticObjectId, data: MentoringPlanDecision
) -> MentoringPlan:
    """SUBMITTED -> APPROVED, or RETURNED with a comment, by the head of the mentee's
    department or an admin."""
    plan = await get_or_fail(MentoringPlan, plan_id, what="Mentoring plan")
    if not (actor.is_admin or await actor.heads_department_of(plan.mentee_id)):
        raise forbidden("Only the head of the mentee's department, or an admin, decides plans.")
    if actor.is_self(plan.mentor_id) or actor.is_self(plan.mentee_id):
        raise DomainError.of(
            ErrorCode.SAME_PERSON, "A member of the pair cannot decide its own plan."
        )
    if plan.status != MentoringPlanStatus.SUBMITTED:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            f"Only a submitted plan is decided; this one is {plan.status}.",
        )
    target = MentoringPlanStatus.APPROVED if data.approve else MentoringPlanStatus.RETURNED
    now = utc_now()
    by_id = PydanticObjectId(actor.participant_id) if actor.participant_id else None
    changes = {
        "status": target,
        "decided_by_id": by_id,
        "decided_at": now,
        "decision_comment": data.comment,
    }
    step = PlanStep(
        status=target, revision=plan.revision, by_id=by_id, at=now, comment=data.comment
    )
    decided = await update_if_unchanged(
        plan,
        expected={"status": MentoringPlanStatus.SUBMITTED, "revision": plan.revision},
        changes=changes,
        push={"history": step},
    )
    decided.history.append(step)
    return decided


async def _first_revision(pair: Pair, quarter: str, content: dict[str, list[str]]) -> MentoringPlan:
    now = utc_now()
    plan = MentoringPlan(
        pair_id=pair.id,
        program_id=pair.program_id,
        mentor_id=pair.mentor_id,
        mentee_id=pair.mentee_id,
        quarter=quarter,
        submitted_at=now,
        history=[
            PlanStep(status=MentoringPlanStatus.SUBMITTED, revision=1, by_id=pair.mentor_id, at=now)
        ],
        **content,
    )
    try:
        return await plan.insert()
    except DuplicateKeyError:
        raise DomainError.of(
            ErrorCode.DUPLICATE, f"A plan for {quarter} was filed meanwhile.", "quarter"
        ) from None


def _check_quarter(pair: Pair, quarter: str) -> None:
    today = datetime.now(UTC).date()
    current, following = plannable_quarters(today)
    if quarter not in (current, following):
        raise DomainError.of(
            ErrorCode.INVALID,
            f"Plans are filed for the current quarter ({current}) or the next ({following}).",
            "quarter",
        )
    if pair.planned_end_on is not None and period_bounds(quarter)[0] > pair.planned_end_on:
        raise DomainError.of(
            ErrorCode.INVALID,
            f"The pair is planned to end on {pair.planned_end_on}, before {quarter}.",
            "quarter",
        )


def _program_competencies(program: Program, asked: list[str]) -> list[str]:
    """The competencies asked for, spelt as the program lists them; each must be one of the
    program's when it lists any."""
    if not program.competencies:
        return asked
    known = {competency.casefold(): competency for competency in program.competencies}
    unknown = [competency for competency in asked if competency.casefold() not in known]
    if unknown:
        raise DomainError.of(
            ErrorCode.INVALID,
            f"Not a competency of this program: {', '.join(unknown)}.",
            "competencies",
        )
    return [known[competency.casefold()] for competency in asked]
