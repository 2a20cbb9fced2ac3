"""Objections to a talent-reserve admission during its publicity period.

Any employee (anyone signed in with a participant record, but the person admitted) may object
while the admission is announced, once each. An objection waiting for HR holds the
publication back, even past the end of the period: the enrollment counts its pending
objections (`pending_objections`), raised and lowered in the same transaction that writes the
objection. HR decides each: UPHELD rejects the admission (and the others waiting lapse),
DISMISSED lets it stand. The one deciding may neither have raised the objection nor taken a
step of the application.
"""

from beanie import PydanticObjectId
from pymongo.asynchronous.client_session import AsyncClientSession

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.enrollment_steps import move, require_new_person, require_status
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.persistence import get_or_fail, update_if_unchanged
from shared.db import in_transaction
from shared.enums import EnrollmentStatus, ObjectionStatus
from shared.models import Enrollment, EnrollmentObjection, utc_now


async def object_to(
    *, actor: Actor, enrollment_id: PydanticObjectId, reason: str
) -> EnrollmentObjection:
    """Raise an objection to an admission in its publicity period."""
    enrollment = await get_or_fail(Enrollment, enrollment_id, what="Enrollment")
    if actor.participant_id is None:
        raise forbidden("Only employees with a participant record may object.")
    if actor.is_self(enrollment.participant_id):
        raise forbidden("You cannot object to your own admission.")
    now = utc_now()
    ends_at = enrollment.publicity_ends_at
    if enrollment.status != EnrollmentStatus.APPROVED or ends_at is None or ends_at <= now:
        raise _not_announced()
    if not reason:
        raise DomainError.of(ErrorCode.INVALID, "Say what the objection is.", "reason")
    already = await EnrollmentObjection.get_pymongo_collection().find_one(
        {"enrollment_id": enrollment.id, "by_id": actor.participant_id}, {"_id": 1}
    )
    if already is not None:
        raise DomainError.of(ErrorCode.DUPLICATE, "You already objected to this admission.")
    objection = EnrollmentObjection(
        enrollment_id=enrollment.id,
        program_id=enrollment.program_id,
        participant_id=enrollment.participant_id,
        by_id=actor.participant_id,
        reason=reason,
    )

    async def raise_objection(session: AsyncClientSession) -> EnrollmentObjection:
        held = await Enrollment.get_pymongo_collection().update_one(
            {
                "_id": enrollment.id,
                "status": EnrollmentStatus.APPROVED.value,
                "publicity_ends_at": {"$gt": now},
            },
            {"$inc": {"pending_objections": 1}, "$set": {"updated_at": now}},
            session=session,
        )
        if held.matched_count != 1:
            raise _not_announced()
        return await objection.insert(session=session)

    return await in_transaction(raise_objection)


async def decide(
    *, actor: Actor, objection_id: PydanticObjectId, uphold: bool, note: str
) -> EnrollmentObjection:
    """HR upholds an objection (the admission is rejected, with `note` as the reason) or
    dismisses it."""
    objection = await get_or_fail(EnrollmentObjection, objection_id, what="Objection")
    if not actor.is_hr:
        raise forbidden("Only HR decides objections.")
    if objection.status != ObjectionStatus.PENDING:
        raise DomainError.of(
            ErrorCode.INVALID_TRANSITION, f"This objection is {objection.status} already."
        )
    enrollment = await get_or_fail(Enrollment, objection.enrollment_id, what="Enrollment")
    require_new_person(actor, enrollment)
    if actor.is_self(objection.by_id):
        raise DomainError.of(
            ErrorCode.SAME_PERSON_TWICE, "Another person decides an objection you raised."
        )
    if uphold:
        require_status(enrollment, (EnrollmentStatus.APPROVED,), EnrollmentStatus.REJECTED)
        if not note:
            raise DomainError.of(ErrorCode.INVALID, "Say why the objection is upheld.", "note")
    status = ObjectionStatus.UPHELD if uphold else ObjectionStatus.DISMISSED

    async def record(session: AsyncClientSession) -> EnrollmentObjection:
        await update_if_unchanged(
            objection,
            expected={"status": ObjectionStatus.PENDING},
            changes={
                "status": status,
                "decided_by_id": actor.participant_id,
                "decided_at": utc_now(),
                "decision_note": note,
            },
            session=session,
        )
        if uphold:
            await _lapse_pending(enrollment.id, session)
            await move(
                actor,
                enrollment,
                EnrollmentStatus.REJECTED,
                note=note,
                changes={"pending_objections": 0},
                session=session,
            )
        else:
            await Enrollment.get_pymongo_collection().update_one(
                {"_id": enrollment.id, "pending_objections": {"$gt": 0}},
                {"$inc": {"pending_objections": -1}, "$set": {"updated_at": utc_now()}},
                session=session,
            )
        return objection

    return await in_transaction(record)


async def withdraw_objected(*, actor: Actor, enrollment: Enrollment) -> Enrollment:
    """Withdraw an admission that objections are waiting on: they lapse."""

    async def record(session: AsyncClientSession) -> Enrollment:
        await _lapse_pending(enrollment.id, session)
        return await move(
            actor,
            enrollment,
            EnrollmentStatus.WITHDRAWN,
            note="",
            changes={"pending_objections": 0},
            session=session,
        )

    return await in_transaction(record)


async def _lapse_pending(
    enrollment_id: PydanticObjectId | None, session: AsyncClientSession
) -> None:
    await EnrollmentObjection.get_pymongo_collection().update_many(
        {"enrollment_id": enrollment_id, "status": ObjectionStatus.PENDING.value},
        {"$set": {"status": ObjectionStatus.LAPSED.value, "updated_at": utc_now()}},
        session=session,
    )


def _not_announced() -> DomainError:
    return DomainError.of(
        ErrorCode.INVALID_TRANSITION,
        "Objections are taken while an admission is announced, during its publicity period.",
    )
