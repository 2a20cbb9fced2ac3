"""Development activities of talent-pool members: logged by the member or their tutor, once
the activity has ended; each counts in the quarter it ended against the program's minimums
(`shared.talent.development`).

A logged activity may be corrected or removed (logged by mistake, or twice) by the member or
their tutor while its quarter's records are open (until 15 days after the quarter, as for
reports; for a correction, the quarter it moves to too), and by HR or an admin at any time. A
correction keeps what it replaced, with who and when; a removed activity is kept aside as it
was, with who removed it, when and why, and counts nowhere.
"""

from datetime import UTC, date, datetime

from beanie import PydanticObjectId
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.persistence import (
    encode_for_storage,
    get_or_fail,
    update_if_unchanged,
)
from services.graphql_api.domain.talent_inputs import (
    ActivityCorrect,
    ActivityFields,
    ActivityLog,
    ActivityRemove,
)
from services.graphql_api.domain.talent_members import Membership, membership, tutor_id
from shared.db import in_transaction
from shared.feedback.periods import quarter_key
from shared.models import DevelopmentActivity, RemovedDevelopmentActivity
from shared.models.talent import ActivityCorrection
from shared.talent.quarters import due_on


async def log_activity(*, actor: Actor, data: ActivityLog) -> DevelopmentActivity:
    """Record an activity a member did."""
    member = await membership(data.enrollment_id)
    if not await _keeps_records_of(actor, member):
        raise forbidden("Only the member and their tutor log the member's activities.")
    _check_days(data)
    assert actor.participant_id is not None  # one of the two people above
    activity = DevelopmentActivity(
        enrollment_id=member.enrollment.id,
        program_id=member.program.id,
        participant_id=member.participant_id,
        logged_by_id=actor.participant_id,
        **_fields(data),
    )
    return await activity.insert()


async def correct_activity(*, actor: Actor, data: ActivityCorrect) -> DevelopmentActivity:
    """Replace what a logged activity says, keeping what it said before."""
    activity = await get_or_fail(DevelopmentActivity, data.id, what="Activity", field="id")
    _check_days(data)  # first: the day it moves to must be one the rules can place
    await _may_change(actor, activity, "correct", (activity.ended_on, data.ended_on))
    before = ActivityCorrection(
        by_id=_by(actor),
        kind=activity.kind,
        title=activity.title,
        started_on=activity.started_on,
        ended_on=activity.ended_on,
        hours=activity.hours,
        note=activity.note,
    )
    return await update_if_unchanged(
        activity,
        expected={"updated_at": activity.updated_at},
        changes={**_fields(data), "corrections": [*activity.corrections, before]},
    )


async def remove_activity(*, actor: Actor, data: ActivityRemove) -> DevelopmentActivity:
    """Take an activity off the member's record, keeping it aside with the reason."""
    activity = await get_or_fail(DevelopmentActivity, data.id, what="Activity", field="id")
    await _may_change(actor, activity, "remove", (activity.ended_on,))
    stored = encode_for_storage(activity.model_dump(by_alias=True))
    removed = RemovedDevelopmentActivity(
        activity_id=data.id,
        enrollment_id=activity.enrollment_id,
        program_id=activity.program_id,
        activity=stored,
        removed_by_id=_by(actor),
        reason=data.reason,
    )

    async def move(session: AsyncClientSession) -> None:
        deleted = await DevelopmentActivity.get_pymongo_collection().delete_one(
            {"_id": data.id, "updated_at": stored["updated_at"]}, session=session
        )
        if deleted.deleted_count != 1:
            raise DomainError.of(ErrorCode.CONFLICT, "It changed meanwhile; reload and try again.")
        await RemovedDevelopmentActivity.get_pymongo_collection().insert_one(
            encode_for_storage(removed.model_dump(by_alias=True, exclude={"id"})), session=session
        )

    try:
        await in_transaction(move)
    except DuplicateKeyError:
        raise DomainError.of(ErrorCode.CONFLICT, "It was removed already.") from None
    return activity


async def _keeps_records_of(actor: Actor, member: Membership) -> bool:
    """The member and their tutor keep the member's record."""
    return actor.is_self(member.participant_id) or actor.is_self(await tutor_id(member.enrollment))


async def _may_change(
    actor: Actor, activity: DevelopmentActivity, what: str, days: tuple[date, ...]
) -> None:
    """HR and admins at any time; the member and their tutor while the records of each
    quarter `days` fall in are open."""
    if actor.is_admin or actor.is_hr:
        return
    member = await membership(activity.enrollment_id)
    if not await _keeps_records_of(actor, member):
        raise forbidden(f"Only the member, their tutor and HR {what} the member's activities.")
    today = datetime.now(UTC).date()
    for day in days:
        quarter = quarter_key(day)
        if today > due_on(quarter):
            raise DomainError.of(
                ErrorCode.INVALID_TRANSITION,
                f"The records of {quarter} closed on {due_on(quarter).isoformat()}: "
                f"ask HR to {what} it.",
                "ended_on",
            )


def _check_days(data: ActivityFields) -> None:
    if data.ended_on < data.started_on:
        raise DomainError.of(
            ErrorCode.INVALID, "An activity cannot end before it starts.", "ended_on"
        )
    if data.ended_on > datetime.now(UTC).date():
        raise DomainError.of(
            ErrorCode.INVALID, "Log an activity once it has ended, not before.", "ended_on"
        )


def _fields(data: ActivityFields) -> dict[str, object]:
    return {
        "kind": data.kind,
        "title": data.title,
        "started_on": data.started_on,
        "ended_on": data.ended_on,
        "hours": data.hours,
        "note": data.note,
    }


def _by(actor: Actor) -> PydanticObjectId | None:
    return PydanticObjectId(actor.participant_id) if actor.participant_id else None
