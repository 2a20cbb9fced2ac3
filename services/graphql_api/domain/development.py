"""Development activities of talent-pool members: logged by the member or their tutor, once
the activity has ended; each counts in the quarter it ended against the program's minimums
(`shared.talent.development`)."""

from datetime import UTC, datetime

from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.errors import DomainError, ErrorCode, forbidden
from services.graphql_api.domain.talent_inputs import ActivityLog
from services.graphql_api.domain.talent_members import membership, tutor_id
from shared.models import DevelopmentActivity


async def log_activity(*, actor: Actor, data: ActivityLog) -> DevelopmentActivity:
    """Record an activity a member did."""
    member = await membership(data.enrollment_id)
    if not actor.is_self(member.participant_id) and not actor.is_self(
        await tutor_id(member.enrollment)
    ):
        raise forbidden("Only the member and their tutor log the member's activities.")
    if data.ended_on < data.started_on:
        raise DomainError.of(
            ErrorCode.INVALID, "An activity cannot end before it starts.", "ended_on"
        )
    if data.ended_on > datetime.now(UTC).date():
        raise DomainError.of(
            ErrorCode.INVALID, "Log an activity once it has ended, not before.", "ended_on"
        )
    assert actor.participant_id is not None  # one of the two people above
    activity = DevelopmentActivity(
        enrollment_id=member.enrollment.id,
        program_id=member.program.id,
        participant_id=member.participant_id,
        kind=data.kind,
        title=data.title,
        started_on=data.started_on,
        ended_on=data.ended_on,
        hours=data.hours,
        note=data.note,
        logged_by_id=actor.participant_id,
    )
    return await activity.insert()
