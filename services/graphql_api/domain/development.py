"""Development activities of talent-pool members, and mending them.

- Logged by the member or their tutor, once the activity has ended; each counts in the quarter
  it ended against the program's minimums (`shared.talent.development`).
- A logged activity may be corrected, or removed when logged by mistake or twice.
- Who may log, correct or remove:
  - the member and their tutor, while the records of the quarter it ended in are open (until
    15 days after the quarter, as for reports; for a correction, the quarter it moves to too);
  - HR and admins at any time, except on a record they keep themselves once its quarter has
    closed: that goes to a colleague.
- A correction keeps what it replaced, with who and when. A removed activity is kept aside as
  it was, with who removed it, when and why, and counts nowhere.
- Someone who may not read the member's records learns nothing: to them an activity does not
  exist (NOT_FOUND).
"""

from collections.abc import Iterable
from datetime import UTC, date, datetime

from beanie import PydanticObjectId
from bson import ObjectId
from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import DuplicateKeyError

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden, not_found
from services.graphql_api.domain.persistence import (
    encode_for_storage,
    update_if_unchanged,
)
from services.graphql_api.domain.talent_inputs import (
    ActivityCorrect,
    ActivityFields,
    ActivityLog,
    ActivityRemove,
)
from services.graphql_api.domain.talent_members import (
    membership,
    reads_development_records,
    tutor_id,
)
from shared.db import in_transaction
from shared.feedback.periods import quarter_key
from shared.models import DevelopmentActivity, Enrollment, RemovedDevelopmentActivity
from shared.models.talent import ActivityCorrection
from shared.talent.quarters import due_on


async def log_activity(*, actor: Actor, data: ActivityLog) -> DevelopmentActivity:
    """Record an activity a member did."""
    member = await membership(data.enrollment_id)
    _check_days(data)
    await _may_keep(actor, member.enrollment, "log", (data.ended_on,))
    activity = DevelopmentActivity(
        enrollment_id=member.enrollment.id,
        program_id=member.program.id,
        participant_id=member.participant_id,
        logged_by_id=_by(actor),
        **_fields(data),
    )
    return await activity.insert()


async def correct_activity(*, actor: Actor, data: ActivityCorrect) -> DevelopmentActivity:
    """Replace what a logged activity says, keeping what it said before."""
    activity, enrollment = await _visible(actor, data.id)
    _check_days(data)  # first: the day it moves to must be one the rules can place
    await _may_keep(actor, enrollment, "correct", (activity.ended_on, data.ended_on))
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
    activity, enrollment = await _visible(actor, data.id)
    await _may_keep(actor, enrollment, "remove", (activity.ended_on,))
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


async def _visible(
    actor: Actor, activity_id: PydanticObjectId
) -> tuple[DevelopmentActivity, Enrollment]:
    """The activity and its enrollment; NOT_FOUND for someone who may not read the record."""
    activity = await DevelopmentActivity.get(activity_id)
    enrollment = await Enrollment.get(activity.enrollment_id) if activity else None
    if activity is None or enrollment is None:
        raise not_found("Activity")

    async def tutor_of() -> ObjectId | None:
        assert enrollment is not None
        return await tutor_id(enrollment)

    if not await reads_development_records(
        actor, enrollment.program_id, enrollment.participant_id, tutor_of
    ):
        raise not_found("Activity")
    return activity, enrollment


async def _may_keep(actor: Actor, enrollment: Enrollment, what: str, days: Iterable[date]) -> None:
    """Whether the actor may `what` an activity of `enrollment` ending on `days` (see the
    module's rules); raises why not."""
    keeper = actor.is_self(enrollment.participant_id) or actor.is_self(await tutor_id(enrollment))
    overseer = actor.is_admin or actor.is_hr
    if not (keeper or overseer):
        raise forbidden(f"Only the member, their tutor and HR {what} the member's activities.")
    today = datetime.now(UTC).date()
    closed = [quarter_key(day) for day in days if today > due_on(quarter_key(day))]
    if not closed or not keeper:
        return
    quarter = closed[0]
    when = f"The records of {quarter} closed on {due_on(quarter).isoformat()}"
    if overseer:
        raise DomainError.of(
            ErrorCode.SAME_PERSON,
            f"{when}, and this record is one you keep: another HR colleague may {what} it.",
            "ended_on",
        )
    raise DomainError.of(ErrorCode.INVALID_TRANSITION, f"{when}: ask HR to {what} it.", "ended_on")


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
