"""Members of a talent pool, and their tutors.

A member is a talent-reserve enrollment that is PUBLISHED (see `shared.talent.publication`);
they are a member from the end of its publicity period. Their tutor is the mentor of their
ACTIVE pair in the program: the one who assesses them each quarter.

A member's development records are read by the member, their tutor, the head of their
department, those who follow the reserve (HR, EXECUTIVE) and the program's managers.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime

from beanie import PydanticObjectId
from bson import ObjectId

from services.graphql_api.domain.access import Actor
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


async def reads_development_records(
    actor: Actor,
    program_id: ObjectId,
    member_id: ObjectId,
    tutor_of: Callable[[], Awaitable[ObjectId | None]],
) -> bool:
    """Whether the actor reads the development records of `member_id` in `program_id`;
    `tutor_of` finds the member's tutor (asked last, only when needed)."""
    if actor.is_self(member_id) or actor.follows_talent_reserve:
        return True
    if await actor.manages(program_id):
        return True
    if member_id in (await actor.talent_scope()).department_member_ids:
        return True
    return actor.is_self(await tutor_of())
