"""Enrollment: a participant's place in a program, with its decision history."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First
from services.graphql_api.core.enums import EnrollmentStatus, Role
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.core.lists import child_connection
from services.graphql_api.core.node import Node
from services.graphql_api.permissions import NullUnlessPermitted
from services.graphql_api.talent.loaders import ObjectionsByEnrollmentLoader
from services.graphql_api.talent.members import TalentPoolMember
from services.graphql_api.talent.permissions import FollowsTalentReserve
from services.graphql_api.talent.types import EnrollmentObjection, TalentApplication
from services.graphql_api.visibility import visible_participant, visible_program
from shared.models import utc_now
from shared.talent.publication import shown_status

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant
    from services.graphql_api.programs.types import Program

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
ProgramRef = Annotated["Program", strawberry.lazy("services.graphql_api.programs.types")]


@strawberry.input(description="Narrow a list of enrollments.")
class EnrollmentFilter:
    status: list[EnrollmentStatus] | None = strawberry.field(
        default=None,
        description="Only enrollments in these statuses, as stored: a talent-reserve admission "
        "is stored as PUBLISHED once the publication job records it (by default within a "
        "minute of its publicity period's end); until then it is found under APPROVED. "
        "`talentPool` lists the members exactly.",
    )

    def statuses(self) -> tuple[str, ...] | None:
        return tuple(self.status) if self.status else None


@strawberry.type(description="One step in an enrollment's history.")
class EnrollmentTransition:
    from_status: EnrollmentStatus | None = strawberry.field(description="Status before.")
    to_status: EnrollmentStatus = strawberry.field(description="Status after.")
    at: datetime = strawberry.field(description="When (UTC).")
    note: str = strawberry.field(description="Note or reason given.")
    by_id: strawberry.Private[ObjectId | None]

    @strawberry.field(description="Who made the change, if the viewer may see them.")
    async def by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.by_id)


@strawberry.type(description="A participant's application to, or membership of, a program.")
class Enrollment(Node):
    db_id: strawberry.Private[ObjectId]
    program_id: strawberry.Private[ObjectId]
    participant_id: strawberry.Private[ObjectId]
    recommended_by_id: strawberry.Private[ObjectId | None]
    decided_by_id: strawberry.Private[ObjectId | None]
    stored: strawberry.Private[dict[str, Any]]
    role: Role = strawberry.field(description="Mentor or mentee.")
    status: EnrollmentStatus = strawberry.field(
        description="Where the application stands. A talent-reserve admission is PUBLISHED "
        "from the end of its publicity period when no objection is upheld or waiting."
    )
    history: list[EnrollmentTransition] = strawberry.field(description="Every change, in order.")
    application: TalentApplication | None = strawberry.field(
        description="Talent reserve: the application form (null for other enrollments)."
    )
    publicity_ends_at: datetime | None = strawberry.field(
        description="Talent reserve: when the approved admission's publicity period ends "
        "(UTC); employees may object until then. Null before approval."
    )
    created_at: datetime = strawberry.field(description="When they applied (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Enrollment":
        application = doc.get("application")
        return cls(
            id=to_global_id("Enrollment", doc["_id"]),
            db_id=doc["_id"],
            program_id=doc["program_id"],
            participant_id=doc["participant_id"],
            recommended_by_id=doc.get("recommended_by_id"),
            decided_by_id=doc.get("decided_by_id"),
            stored=doc,
            role=doc["role"],
            status=shown_status(doc, utc_now()),
            application=TalentApplication.from_doc(application) if application else None,
            publicity_ends_at=doc.get("publicity_ends_at"),
            history=[
                EnrollmentTransition(
                    from_status=step.get("from_status"),
                    to_status=step["to_status"],
                    at=step["at"],
                    note=step.get("note", ""),
                    by_id=step.get("by_id"),
                )
                for step in doc.get("history", [])
            ],
            created_at=doc["created_at"],
            updated_at=doc["updated_at"],
        )

    def owning_program_id(self) -> ObjectId:
        return self.program_id

    @strawberry.field(description="The program.")
    async def program(self, info: Info) -> ProgramRef | None:
        return await visible_program(info, self.program_id)

    @strawberry.field(
        description="Talent reserve: the membership of the pool this admission became once "
        "PUBLISHED; null before."
    )
    def pool_membership(self) -> TalentPoolMember | None:
        if self.application is None or self.status != EnrollmentStatus.PUBLISHED:
            return None
        return TalentPoolMember.from_doc(self.stored)

    @strawberry.field(
        description="Talent reserve: the objections raised in the publicity period, the first "
        "raised first. Admins, HR, top management and the program's managers (null for others).",
        extensions=[NullUnlessPermitted(FollowsTalentReserve())],
    )
    async def objections(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[EnrollmentObjection] | None:
        return await child_connection(
            info,
            ObjectionsByEnrollmentLoader,
            self.db_id,
            first,
            after,
            None,
            EnrollmentObjection.from_doc,
        )

    @strawberry.field(description="Who applied.")
    async def participant(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.participant_id)

    @strawberry.field(description="Who recommended the application, if visible.")
    async def recommended_by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.recommended_by_id)

    @strawberry.field(description="Who approved or rejected it, if visible.")
    async def decided_by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.decided_by_id)
