"""Enrollments: APPLIED -> RECOMMENDED -> APPROVED or REJECTED; WITHDRAWN at any open step.

An enrollment discloses the person's e-mail and development needs to the program's managers
only when the person chose to take part (applied themselves) or an admin decided it (applied or
approved them). A manager nominating someone, or approving their own nomination, learns
nothing private: otherwise any manager could read anyone's needs by enrolling them.
"""

from beanie import PydanticObjectId
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.inputs import Decision, EnrollmentApply
from services.graphql_api.domain.persistence import get_or_fail, update_if_unchanged
from shared.enums import EnrollmentStatus, PairStatus, ProgramStatus, Role
from shared.models import Enrollment, EnrollmentTransition, Pair, Participant, Program

WITHDRAWABLE = (EnrollmentStatus.APPLIED, EnrollmentStatus.RECOMMENDED, EnrollmentStatus.APPROVED)


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
    existing = await Enrollment.find_one(
        {
            "program_id": program.id,
            "participant_id": data.participant_id,
            "role": data.role.value,
        }
    )
    if existing is not None:
        return await _reapply(actor, existing)
    transition = EnrollmentTransition(
        from_status=None, to_status=EnrollmentStatus.APPLIED, by_id=actor.participant_id
    )
    enrollment = Enrollment(
        program_id=program.id,
        participant_id=data.participant_id,
        role=data.role,
        disclosed_to_managers=_discloses(actor, data.participant_id),
        history=[transition],
    )
    try:
        return await enrollment.insert()
    except DuplicateKeyError:
        raise _already_applied(data.role) from None


async def _reapply(actor: Actor, enrollment: Enrollment) -> Enrollment:
    if enrollment.status != EnrollmentStatus.WITHDRAWN:
        raise _already_applied(enrollment.role)
    return await _move(
        actor,
        enrollment,
        EnrollmentStatus.APPLIED,
        note="Applied again.",
        disclosed=_discloses(actor, enrollment.participant_id),
    )


def _discloses(actor: Actor, participant_id: PydanticObjectId) -> bool:
    """Whether this actor's applying someone opens their private fields to the managers."""
    return actor.is_self(participant_id) or actor.is_admin


async def recommend(*, actor: Actor, enrollment_id: PydanticObjectId, note: str) -> Enrollment:
    enrollment = await _managed(actor, enrollment_id)
    _require(enrollment, (EnrollmentStatus.APPLIED,), EnrollmentStatus.RECOMMENDED)
    return await _move(actor, enrollment, EnrollmentStatus.RECOMMENDED, note=note, recommended=True)


async def decide(
    *, actor: Actor, enrollment_id: PydanticObjectId, decision: Decision
) -> Enrollment:
    enrollment = await _managed(actor, enrollment_id)
    target = EnrollmentStatus.APPROVED if decision.approve else EnrollmentStatus.REJECTED
    _require(enrollment, (EnrollmentStatus.RECOMMENDED,), target)
    if not decision.approve and not decision.reason:
        raise DomainError.of(ErrorCode.INVALID, "Give a reason when rejecting.", "reason")
    disclosed = True if decision.approve and actor.is_admin else None
    return await _move(
        actor, enrollment, target, note=decision.reason, decided=True, disclosed=disclosed
    )


async def withdraw(*, actor: Actor, enrollment_id: PydanticObjectId) -> Enrollment:
    enrollment = await get_or_fail(Enrollment, enrollment_id, what="Enrollment")
    if not (actor.is_self(enrollment.participant_id) or await actor.manages(enrollment.program_id)):
        raise forbidden("You may only withdraw your own enrollment.")
    _require(enrollment, WITHDRAWABLE, EnrollmentStatus.WITHDRAWN)
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
    return await _move(actor, enrollment, EnrollmentStatus.WITHDRAWN, note="")


async def _managed(actor: Actor, enrollment_id: PydanticObjectId) -> Enrollment:
    enrollment = await get_or_fail(Enrollment, enrollment_id, what="Enrollment")
    if not await actor.manages(enrollment.program_id):
        raise forbidden("Only admins and this program's managers may decide on enrollments.")
    return enrollment


def _require(
    enrollment: Enrollment, sources: tuple[EnrollmentStatus, ...], target: EnrollmentStatus
) -> None:
    if enrollment.status not in sources:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION,
            f"An enrollment that is {enrollment.status} cannot become {target}.",
        )


async def _move(
    actor: Actor,
    enrollment: Enrollment,
    target: EnrollmentStatus,
    *,
    note: str,
    recommended: bool = False,
    decided: bool = False,
    disclosed: bool | None = None,
) -> Enrollment:
    transition = EnrollmentTransition(
        from_status=enrollment.status, to_status=target, by_id=actor.participant_id, note=note
    )
    changes: dict[str, object] = {"status": target}
    if recommended:
        changes["recommended_by_id"] = actor.participant_id
    if decided:
        changes["decided_by_id"] = actor.participant_id
    if disclosed is not None:
        changes["disclosed_to_managers"] = disclosed
    await update_if_unchanged(
        enrollment,
        expected={"status": enrollment.status},
        changes=changes,
        push={"history": transition.model_dump()},
    )
    enrollment.history.append(transition)
    return enrollment


def _already_applied(role: Role) -> DomainError:
    return DomainError.of(
        ErrorCode.DUPLICATE, f"Already enrolled in this program as {role.lower()}.", "role"
    )
