"""Members of a talent pool, and their tutors.

A member is a talent-reserve enrollment that is PUBLISHED (see `shared.talent.publication`);
they are a member from the end of its publicity period. Their tutor is the mentor of their
ACTIVE pair in the program: the one who assesses them each quarter.
"""

from dataclasses import dataclass
from datetime import date, datetime

from beanie import PydanticObjectId
from bson import ObjectId

from services.graphql_api.domain.errors import DomainError, ErrorCode
from services.graphql_api.domain.persistence import get_or_fail
from shared.enums import EnrollmentStatus, PairStatus
from shared.models import Enrollment, Pair, Program, utc_now
from shared.talent.publication import shown_status


@dataclass(frozen=True)
class Membership:
    """A member's enrollment, their program, and the day they joined the pool."""

    enrollment: Enrollment
    program: Program
    since: datetime

    @property
    def participant_id(self) -> PydanticObjectId:
        return self.enrollment.participant_id

    @property
    def since_day(self) -> date:
        return self.since.date()


async def membership(enrollment_id: PydanticObjectId) -> Membership:
    """The talent-pool membership `enrollment_id` names; NOT_ENROLLED when it names none."""
    enrollment = await get_or_fail(
        Enrollment, enrollment_id, what="Enrollment", field="enrollment_id"
    )
    stored = {
        "status": enrollment.status.value,
        "publicity_ends_at": enrollment.publicity_ends_at,
        "pending_objections": enrollment.pending_objections,
    }
    published = shown_status(stored, utc_now()) == EnrollmentStatus.PUBLISHED
    if enrollment.application is None or not published or enrollment.publicity_ends_at is None:
        raise DomainError.of(
            ErrorCode.NOT_ENROLLED,
            "This enrollment is not a membership of a talent pool (published).",
            "enrollment_id",
        )
    program = await get_or_fail(Program, enrollment.program_id, what="Program")
    return Membership(enrollment=enrollment, program=program, since=enrollment.publicity_ends_at)


async def tutor_id(enrollment: Enrollment) -> ObjectId | None:
    """The mentor of the member's ACTIVE pair in the program, if any."""
    pair = await Pair.get_pymongo_collection().find_one(
        {
            "mentee_id": enrollment.participant_id,
            "program_id": enrollment.program_id,
            "status": PairStatus.ACTIVE.value,
        },
        {"mentor_id": 1},
    )
    return pair["mentor_id"] if pair else None
