"""The talent reserve's admission: APPLIED -> RECOMMENDED -> HR_REVIEWED -> APPROVED ->
PUBLISHED, or REJECTED at HR's review, top management's decision or an upheld objection.

Each step belongs to one role and to a different person each time (`require_new_person`: the
applicant and whoever already took a step of the application may not take another):

- RECOMMENDED: the head of the applicant's department (`enrollmentRecommend`);
- HR_REVIEWED: HR's preliminary review (`enrollmentReview`); failing it rejects;
- APPROVED: top management, EXECUTIVE (`enrollmentDecide`); the admission is then announced
  for the program's `publicity_days`, during which any employee may object (`objections`);
- PUBLISHED: when the publicity period is over with no objection waiting for HR
  (`shared.talent.publication`): no one takes this step, time does.

Admins see everything but take none of these steps: the policy gives each to a role.
"""

from beanie import PydanticObjectId

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.enrollment_steps import move, require_new_person, require_status
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.inputs import Decision
from services.graphql_api.domain.persistence import get_or_fail
from shared.enums import EnrollmentStatus
from shared.models import Enrollment, Program, utc_now
from shared.talent.publication import publicity_end


async def recommend(*, actor: Actor, enrollment: Enrollment, note: str) -> Enrollment:
    """The head of the applicant's department recommends the application."""
    if not await actor.heads_department_of(enrollment.participant_id):
        raise forbidden("Only the head of the applicant's department recommends them.")
    require_status(enrollment, (EnrollmentStatus.APPLIED,), EnrollmentStatus.RECOMMENDED)
    require_new_person(actor, enrollment)
    return await move(
        actor,
        enrollment,
        EnrollmentStatus.RECOMMENDED,
        note=note,
        changes={"recommended_by_id": actor.participant_id},
    )


async def review(
    *, actor: Actor, enrollment_id: PydanticObjectId, passed: bool, note: str
) -> Enrollment:
    """HR's preliminary review of a recommended application: HR_REVIEWED, or REJECTED with
    the reason in `note`."""
    enrollment = await get_or_fail(Enrollment, enrollment_id, what="Enrollment")
    if enrollment.application is None:
        raise DomainError.of(
            ErrorCode.INVALID, "Only talent-reserve applications go through HR's review.", "id"
        )
    if not actor.is_hr:
        raise forbidden("Only HR reviews talent-reserve applications.")
    target = EnrollmentStatus.HR_REVIEWED if passed else EnrollmentStatus.REJECTED
    require_status(enrollment, (EnrollmentStatus.RECOMMENDED,), target)
    require_new_person(actor, enrollment)
    if not passed and not note:
        raise DomainError.of(ErrorCode.INVALID, "Say why the application does not pass.", "note")
    return await move(actor, enrollment, target, note=note)


async def decide(*, actor: Actor, enrollment: Enrollment, decision: Decision) -> Enrollment:
    """Top management approves a reviewed application (its publicity period starts) or
    rejects it."""
    if not actor.is_executive:
        raise forbidden("Only top management (EXECUTIVE) decides talent-reserve admissions.")
    target = EnrollmentStatus.APPROVED if decision.approve else EnrollmentStatus.REJECTED
    require_status(enrollment, (EnrollmentStatus.HR_REVIEWED,), target)
    require_new_person(actor, enrollment)
    if not decision.approve and not decision.reason:
        raise DomainError.of(ErrorCode.INVALID, "Give a reason when rejecting.", "reason")
    changes: dict[str, object] = {"decided_by_id": actor.participant_id}
    if decision.approve:
        program = await get_or_fail(Program, enrollment.program_id, what="Program")
        changes["publicity_ends_at"] = publicity_end(utc_now(), program.publicity_days)
        changes["pending_objections"] = 0
        if actor.is_admin:
            changes["disclosed_to_managers"] = True
    return await move(actor, enrollment, target, note=decision.reason, changes=changes)
