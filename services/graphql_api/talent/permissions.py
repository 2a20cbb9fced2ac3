"""Who may read what of the talent reserve, as Strawberry permission classes.

- Applications are read with their enrollment (see `Actor.sees_enrollment`): the applicant,
  admins, the program's managers, HR, EXECUTIVE and the applicant's department head.
- Objections: admins, HR, EXECUTIVE, the program's managers, and whoever raised one.
- A member's development records (activities, reports, assessments, progress): those who
  follow the reserve, the member, their department head and their tutor.
- Due lists and the year-end evaluation: admins, HR, EXECUTIVE and the program's managers.
"""

from typing import Any, Protocol

from bson import ObjectId
from strawberry.permission import BasePermission

from services.graphql_api.context import Info
from services.graphql_api.domain.access import Actor
from services.graphql_api.domain.talent_members import reads_development_records
from services.graphql_api.talent.loaders import TutorByMemberLoader


class InProgram(Protocol):
    def owning_program_id(self) -> ObjectId: ...


class OfMember(Protocol):
    """A member's record: their program and who they are."""

    def owning_program_id(self) -> ObjectId: ...

    def member_id(self) -> ObjectId: ...


class FollowsTalentReserve(BasePermission):
    """Admins, HR, EXECUTIVE, and the managers of the program the object belongs to."""

    message = "Only HR, top management and this program's managers may see this."

    async def has_permission(self, source: InProgram, info: Info, **kwargs: Any) -> bool:
        return await follows(info.context.viewer, source.owning_program_id())


class SeesDevelopmentRecords(BasePermission):
    """Those who follow the reserve, the member, their department head and their tutor."""

    message = "Only the member, their tutor, their department head and HR may see this."

    async def has_permission(self, source: OfMember, info: Info, **kwargs: Any) -> bool:
        return await sees_development_records(info, source.owning_program_id(), source.member_id())


async def sees_development_records(info: Info, program_id: ObjectId, member_id: ObjectId) -> bool:
    """Whether the viewer reads the development records of `member_id` in `program_id`."""
    tutors = info.context.loaders.get(TutorByMemberLoader)

    async def tutor_of() -> ObjectId | None:
        return await tutors.load((program_id, member_id))

    return await reads_development_records(info.context.viewer, program_id, member_id, tutor_of)


async def follows(viewer: Actor, program_id: ObjectId) -> bool:
    """Admins, HR and EXECUTIVE follow every talent reserve; managers their own programs."""
    return viewer.follows_talent_reserve or await viewer.manages(program_id)


async def sees_objection(viewer: Actor, objection: dict[str, Any]) -> bool:
    return viewer.is_self(objection["by_id"]) or await follows(viewer, objection["program_id"])
