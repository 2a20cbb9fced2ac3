"""Enrollments: APPLIED -> RECOMMENDED -> APPROVED or REJECTED; WITHDRAWN at any open step.

A talent-reserve application (a MENTEE of a TALENT_RESERVE program) carries an application form
and follows the reserve's own steps instead (`talent_pipeline`): APPLIED -> RECOMMENDED ->
HR_REVIEWED -> APPROVED -> PUBLISHED. Whether an enrollment follows them is decided when it is
filed: it does when it holds an application. Other kinds of program, and tutors (MENTOR) of a
talent reserve, refuse an application form.

An enrollment discloses the person's e-mail and development needs to the program's managers
only when the person chose to take part (applied themselves) or an admin decided it (applied or
approved them). A manager nominating someone, or approving their own nomination, learns
nothing private: otherwise any manager could read anyone's needs by enrolling them.
"""

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain import objections, talent_pipeline
from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.enrollment_steps import move, require_status
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.inputs import ApplicationForm, Decision, EnrollmentApply
from services.graphql_api.domain.persistence import get_or_fail
from shared.enums import EnrollmentStatus, PairStatus, ProgramKind, ProgramStatus, Role
from shared.models import Enrollment, EnrollmentTransition, Pair, Participant, Program
from shared.models.talent import TalentApplication

WITHDRAWABLE = (
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.RECOMMENDED,
    EnrollmentStatus.HR_REVIEWED,
    EnrollmentStatus.APPROVED,
    EnrollmentStatus.PUBLISHED,
)


async def apply(*, actor: Actor, data: EnrollmentApply) -> Enrollment:
    """Participation is voluntary: people apply themselves; managers may apply on their behalf."""
    program = await get_or_fail(Program, data.program_id, what="Program", field="program_id")
    await get_or_fail(Participant, data.participant_id, what="Participant", field="participant_id")
    if not (actor.is_self(data.participant_id) or await actor.manages(program.id)):
        raise forbidden("You may only apply for yourself.")
    if program.status == ProgramStatus.CLOSED or (
        program.status == ProgramStatus.DRAFT and not await actor.manages(program.id)
    ):
        raise DomainError.of(
            ErrorCode.PROGRAM_NOT_ACTIVE, "This program does not take applications.", "program_id"
        )
    application = _application(program, data)
    existing = await Enrollment.find_one(
        {
            "program_id": program.id,
            "participant_id": data.participant_id,
            "role": data.role.value,
        }
    )
    if existing is not None:
        return await _reapply(actor, existing, application)
    transition = EnrollmentTransition(
        from_status=None, to_status=EnrollmentStatus.APPLIED, by_id=actor.participant_id
    )
    enrollment = Enrollment(
        program_id=program.id,
        participant_id=data.participant_id,
        role=data.role,
        disclosed_to_managers=_discloses(actor, data.participant_id),
        history=[transition],
        application=application,
    )
    try:
        return await enrollment.insert()
    except DuplicateKeyError:
        raise _already_applied(data.role) from None


def _application(program: Program, data: EnrollmentApply) -> TalentApplication | None:
    """The application form a talent-reserve application needs and no other takes."""
    wants_form = program.kind == ProgramKind.TALENT_RESERVE and data.role == Role.MENTEE
    if wants_form and data.application is None:
        raise DomainError.of(
            ErrorCode.INVALID,
            "A talent-reserve application needs the application form: echelon, motivation "
            "and development plan.",
            "application",
        )
    if not wants_form and data.application is not None:
        raise DomainError.of(
            ErrorCode.INVALID,
            "Only applications to a talent reserve, as a mentee, take an application form.",
            "application",
        )
    return _stored(data.application) if data.application is not None else None


def _stored(form: ApplicationForm) -> TalentApplication:
    return TalentApplication.model_validate(form.model_dump())


async def _reapply(
    actor: Actor, enrollment: Enrollment, application: TalentApplication | None
) -> Enrollment:
    if enrollment.status != EnrollmentStatus.WITHDRAWN:
        raise _already_applied(enrollment.role)
    return await move(
        actor,
        enrollment,
        EnrollmentStatus.APPLIED,
        note="Applied again.",
        changes={
            "disclosed_to_managers": _discloses(actor, enrollment.participant_id),
            "application": application,
            "publicity_ends_at": None,
            "pending_objections": 0,
        },
    )


def _discloses(actor: Actor, participant_id: PydanticObjectId) -> bool:
    """Whether this actor's applying someone opens their private fields to the managers."""
    return actor.is_self(participant_id) or actor.is_admin


async def recommend(*, actor: Actor, enrollment_id: PydanticObjectId, note: str) -> Enrollment:
    enrollment = await get_or_fail(Enrollment, enrollment_id, what="Enrollment")
    if enrollment.application is not None:
        return await talent_pipeline.recommend(actor=actor, enrollment=enrollment, note=note)
    await _require_manager(actor, enrollment)
    require_status(enrollment, (EnrollmentStatus.APPLIED,), EnrollmentStatus.RECOMMENDED)
    return await move(
        actor,
        enrollment,
        EnrollmentStatus.RECOMMENDED,
        note=note,
        changes={"recommended_by_id": actor.participant_id},
    )


async def decide(
    *, actor: Actor, enrollment_id: PydanticObjectId, decision: Decision
) -> Enrollment:
    enrollment = await get_or_fail(Enrollment, enrollment_id, what="Enrollment")
    if enrollment.application is not None:
        return await talent_pipeline.decide(actor=actor, enrollment=enrollment, decision=decision)
    await _require_manager(actor, enrollment)
    target = EnrollmentStatus.APPROVED if decision.approve else EnrollmentStatus.REJECTED
    require_status(enrollment, (EnrollmentStatus.RECOMMENDED,), target)
    if not decision.approve and not decision.reason:
        raise DomainError.of(ErrorCode.INVALID, "Give a reason when rejecting.", "reason")
    changes: dict[str, object] = {"decided_by_id": actor.participant_id}
    if decision.approve and actor.is_admin:
        changes["disclosed_to_managers"] = True
    return await move(actor, enrollment, target, note=decision.reason, changes=changes)


async def withdraw(*, actor: Actor, enrollment_id: PydanticObjectId) -> Enrollment:
    enrollment = await get_or_fail(Enrollment, enrollment_id, what="Enrollment")
    if not (actor.is_self(enrollment.participant_id) or await actor.manages(enrollment.program_id)):
        raise forbidden("You may only withdraw your own enrollment.")
    require_status(enrollment, WITHDRAWABLE, EnrollmentStatus.WITHDRAWN)
    side = "mentor_id" if enrollment.role == Role.MENTOR else "mentee_id"
    open_pair = await Pair.find_one(
        {
            "program_id": enrollment.program_id,
            side: enrollment.participant_id,
            "status": {"$in": [PairStatus.PROPOSED.value, PairStatus.ACTIVE.value]},
        }
    )
    if open_pair is not None:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            "End or decline the open pair in this program before withdrawing.",
        )
    if enrollment.pending_objections:
        return await objections.withdraw_objected(actor=actor, enrollment=enrollment)
    return await move(actor, enrollment, EnrollmentStatus.WITHDRAWN, note="")


async def _require_manager(actor: Actor, enrollment: Enrollment) -> None:
    if not await actor.manages(enrollment.program_id):
        raise forbidden("Only admins and this program's managers may decide on enrollments.")


def _already_applied(role: Role) -> DomainError:
    return DomainError.of(
        ErrorCode.DUPLICATE, f"Already enrolled in this program as {role.lower()}.", "role"
    )
