"""The talent reserve's admission: the application form, objections, and what is public of an
admission (announced in its publicity period; a member of the pool: see `members`)."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.core.node import Node
from services.graphql_api.loaders.by_id import ParticipantByIdLoader
from services.graphql_api.talent.enums import ObjectionStatus
from services.graphql_api.visibility import (
    visible_enrollment,
    visible_participant,
    visible_program,
)

if TYPE_CHECKING:
    from services.graphql_api.enrollments.types import Enrollment
    from services.graphql_api.participants.types import Participant
    from services.graphql_api.programs.types import Program

EnrollmentRef = Annotated["Enrollment", strawberry.lazy("services.graphql_api.enrollments.types")]
ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
ProgramRef = Annotated["Program", strawberry.lazy("services.graphql_api.programs.types")]
Document = dict[str, Any]


@strawberry.type(description="The personal development plan filed with an application.")
class DevelopmentPlan:
    goals: list[str] = strawberry.field(description="What they mean to achieve.")
    activities: list[str] = strawberry.field(description="How: training, rotation, study, ...")


@strawberry.type(
    description="A talent-reserve application form. Seen with its enrollment: by the "
    "applicant, admins, the program's managers, HR, top management and the applicant's "
    "department head."
)
class TalentApplication:
    echelon: int = strawberry.field(
        description="The echelon applied for: 1 middle managers, 2 department heads and "
        "technical backbones, 3 team leaders and outstanding employees."
    )
    motivation: str = strawberry.field(description="Why they apply.")
    development_plan: DevelopmentPlan = strawberry.field(description="Their development plan.")

    @classmethod
    def from_doc(cls, doc: Document) -> "TalentApplication":
        plan = doc.get("development_plan") or {}
        return cls(
            echelon=doc["echelon"],
            motivation=doc.get("motivation", ""),
            development_plan=DevelopmentPlan(
                goals=plan.get("goals", []), activities=plan.get("activities", [])
            ),
        )


@strawberry.type(
    description="An employee's objection to a talent-reserve admission in its publicity "
    "period. Seen by admins, HR, top management, the program's managers and whoever raised it."
)
class EnrollmentObjection(Node):
    enrollment_db_id: strawberry.Private[ObjectId]
    program_id: strawberry.Private[ObjectId]
    by_id: strawberry.Private[ObjectId]
    decided_by_id: strawberry.Private[ObjectId | None]
    reason: str = strawberry.field(description="What the objection is.")
    status: ObjectionStatus = strawberry.field(description="PENDING, UPHELD, DISMISSED or LAPSED.")
    created_at: datetime = strawberry.field(description="When it was raised (UTC).")
    decided_at: datetime | None = strawberry.field(description="When HR decided (UTC).")
    decision_note: str = strawberry.field(description="HR's reason for the decision.")

    @classmethod
    def from_doc(cls, doc: Document) -> "EnrollmentObjection":
        return cls(
            id=to_global_id("EnrollmentObjection", doc["_id"]),
            enrollment_db_id=doc["enrollment_id"],
            program_id=doc["program_id"],
            by_id=doc["by_id"],
            decided_by_id=doc.get("decided_by_id"),
            reason=doc["reason"],
            status=doc["status"],
            created_at=doc["created_at"],
            decided_at=doc.get("decided_at"),
            decision_note=doc.get("decision_note", ""),
        )

    def owning_program_id(self) -> ObjectId:
        return self.program_id

    @strawberry.field(description="Who raised it, if the viewer may see them.")
    async def by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.by_id)

    @strawberry.field(description="Who in HR decided it, if the viewer may see them.")
    async def decided_by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.decided_by_id)

    @strawberry.field(description="The admission objected to, if the viewer may see it.")
    async def enrollment(self, info: Info) -> EnrollmentRef | None:
        return await visible_enrollment(info, self.enrollment_db_id)


@strawberry.type(
    description="What is public of a talent-reserve admission: the person's name, department "
    "and title, and the echelon."
)
class PublicAdmission:
    enrollment_db_id: strawberry.Private[ObjectId]
    program_id: strawberry.Private[ObjectId]
    participant_id: strawberry.Private[ObjectId]
    enrollment_id: strawberry.ID = strawberry.field(
        description="The admission's enrollment: object to it with `enrollmentObject`."
    )
    echelon: int = strawberry.field(description="The echelon, 1 to 3.")

    @classmethod
    def fields_of(cls, doc: Document) -> dict[str, Any]:
        return {
            "enrollment_db_id": doc["_id"],
            "program_id": doc["program_id"],
            "participant_id": doc["participant_id"],
            "enrollment_id": to_global_id("Enrollment", doc["_id"]),
            "echelon": (doc.get("application") or {}).get("echelon", 0),
        }

    async def _person(self, info: Info) -> Document:
        found = await info.context.loaders.get(ParticipantByIdLoader).load(self.participant_id)
        return found or {}

    @strawberry.field(description="The person's name, as announced.")
    async def name(self, info: Info) -> str:
        return str((await self._person(info)).get("name", ""))

    @strawberry.field(description="Their department, as announced.")
    async def department(self, info: Info) -> str:
        return str((await self._person(info)).get("department", ""))

    @strawberry.field(description="Their job title, as announced.")
    async def title(self, info: Info) -> str:
        return str((await self._person(info)).get("title", ""))

    @strawberry.field(description="The talent reserve.")
    async def program(self, info: Info) -> ProgramRef | None:
        return await visible_program(info, self.program_id)

    @strawberry.field(description="The person's record, if the viewer may see it.")
    async def participant(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.participant_id)

    @strawberry.field(
        description="The enrollment with the application, if the viewer may see it (see "
        "`TalentApplication`)."
    )
    async def enrollment(self, info: Info) -> EnrollmentRef | None:
        return await visible_enrollment(info, self.enrollment_db_id)


@strawberry.type(
    description="A talent-reserve admission announced in its publicity period: any employee "
    "may object until it ends."
)
class TalentAnnouncement(PublicAdmission):
    publicity_ends_at: datetime = strawberry.field(
        description="When the publicity period ends (UTC); the admission is published then "
        "unless an objection is upheld or still waiting for HR."
    )

    @classmethod
    def from_doc(cls, doc: Document) -> "TalentAnnouncement":
        return cls(**cls.fields_of(doc), publicity_ends_at=doc["publicity_ends_at"])
