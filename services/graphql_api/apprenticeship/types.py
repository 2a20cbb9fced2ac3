"""MentoringPlan and Concern: the apprenticeship records, read with their pair or on their own
(a department head reads them without seeing the pair)."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.apprenticeship.enums import ConcernStatus, MentoringPlanStatus
from services.graphql_api.context import Info
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.core.node import Node
from services.graphql_api.loaders.by_id import ParticipantByIdLoader
from services.graphql_api.visibility import visible_pair

if TYPE_CHECKING:
    from services.graphql_api.pairs.types import Pair
    from services.graphql_api.participants.types import Participant

PairRef = Annotated["Pair", strawberry.lazy("services.graphql_api.pairs.types")]
ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
Document = dict[str, Any]


async def named_participant(info: Info, participant_id: ObjectId | None) -> "Participant | None":
    """A person a record names (its mentor, mentee or decider), shown to whoever may read
    the record, whatever else of the directory they see; private fields stay private."""
    from services.graphql_api.participants.types import Participant

    if participant_id is None:
        return None
    document = await info.context.loaders.get(ParticipantByIdLoader).load(participant_id)
    return None if document is None else Participant.from_doc(document)


@strawberry.input(description="Narrow the list of mentoring plans.")
class MentoringPlanFilter:
    program_id: strawberry.ID | None = strawberry.field(
        default=None, description="In this program."
    )
    status: list[MentoringPlanStatus] | None = strawberry.field(
        default=None, description="In these statuses (SUBMITTED: waiting for a decision)."
    )
    quarter: str | None = strawberry.field(default=None, description='For this quarter, "2026-Q4".')


@strawberry.input(description="Narrow the list of concerns.")
class ConcernFilter:
    program_id: strawberry.ID | None = strawberry.field(
        default=None, description="In this program."
    )
    status: list[ConcernStatus] | None = strawberry.field(
        default=None, description="In these statuses."
    )


@strawberry.type(description="One step of a mentoring plan's history.")
class MentoringPlanStep:
    by_id: strawberry.Private[ObjectId | None]
    status: MentoringPlanStatus = strawberry.field(description="What the step made of the plan.")
    revision: int = strawberry.field(description="The revision it concerned.")
    at: datetime = strawberry.field(description="When (UTC).")
    comment: str = strawberry.field(description="Why, for a returned plan.")

    @strawberry.field(description="Who took the step; null for an admin without a record.")
    async def by(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.by_id)


@strawberry.type(
    description="A mentor's plan for one quarter of an apprenticeship, approved or returned "
    "by the head of the mentee's department. Seen by the pair, the program's managers, admins "
    "and that department head."
)
class MentoringPlan(Node):
    db_id: strawberry.Private[ObjectId]
    pair_id: strawberry.Private[ObjectId]
    mentor_id: strawberry.Private[ObjectId]
    mentee_id: strawberry.Private[ObjectId]
    decided_by_id: strawberry.Private[ObjectId | None]
    quarter: str = strawberry.field(description='The quarter it plans, "2026-Q4".')
    objectives: list[str] = strawberry.field(description="What the apprentice is to achieve.")
    activities: list[str] = strawberry.field(description="How: tasks, training, meetings.")
    competencies: list[str] = strawberry.field(
        description="The program's competencies it works on."
    )
    status: MentoringPlanStatus = strawberry.field(description="Where the plan stands.")
    revision: int = strawberry.field(
        description="1 for the first submission; one more for each resubmission after a return."
    )
    submitted_at: datetime = strawberry.field(description="When this revision was submitted (UTC).")
    decided_at: datetime | None = strawberry.field(
        description="When this revision was approved or returned (UTC)."
    )
    decision_comment: str = strawberry.field(description="The decider's comment.")
    history: list[MentoringPlanStep] = strawberry.field(
        description="Every submission and decision, oldest first."
    )
    created_at: datetime = strawberry.field(description="When it was first filed (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")

    @classmethod
    def from_doc(cls, doc: Document) -> "MentoringPlan":
        return cls(
            id=to_global_id("MentoringPlan", doc["_id"]),
            db_id=doc["_id"],
            pair_id=doc["pair_id"],
            mentor_id=doc["mentor_id"],
            mentee_id=doc["mentee_id"],
            decided_by_id=doc.get("decided_by_id"),
            quarter=doc["quarter"],
            objectives=doc.get("objectives", []),
            activities=doc.get("activities", []),
            competencies=doc.get("competencies", []),
            status=doc["status"],
            revision=doc.get("revision", 1),
            submitted_at=doc["submitted_at"],
            decided_at=doc.get("decided_at"),
            decision_comment=doc.get("decision_comment", ""),
            history=[
                MentoringPlanStep(
                    by_id=step.get("by_id"),
                    status=step["status"],
                    revision=step["revision"],
                    at=step["at"],
                    comment=step.get("comment", ""),
                )
                for step in doc.get("history", [])
            ],
            created_at=doc["created_at"],
            updated_at=doc["updated_at"],
        )

    @strawberry.field(description="The pair; null for a viewer who does not see it.")
    async def pair(self, info: Info) -> PairRef | None:
        return await visible_pair(info, self.pair_id)

    @strawberry.field(description="The mentor who files it.")
    async def mentor(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.mentor_id)

    @strawberry.field(description="The apprentice it is for.")
    async def mentee(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.mentee_id)

    @strawberry.field(description="Who approved or returned this revision.")
    async def decided_by(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.decided_by_id)


@strawberry.type(
    description="A concern a mentee raised about their mentoring. Read by the program's "
    "managers, admins and the head of the mentee's department; never by the pair's mentor."
)
class Concern(Node):
    db_id: strawberry.Private[ObjectId]
    pair_id: strawberry.Private[ObjectId]
    mentor_id: strawberry.Private[ObjectId]
    mentee_id: strawberry.Private[ObjectId]
    resolved_by_id: strawberry.Private[ObjectId | None]
    text: str = strawberry.field(description="What the mentee reports.")
    status: ConcernStatus = strawberry.field(description="OPEN or RESOLVED.")
    raised_at: datetime = strawberry.field(description="When it was raised (UTC).")
    resolved_at: datetime | None = strawberry.field(description="When it was resolved (UTC).")
    resolution_note: str = strawberry.field(description="How it was dealt with.")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")

    @classmethod
    def from_doc(cls, doc: Document) -> "Concern":
        return cls(
            id=to_global_id("Concern", doc["_id"]),
            db_id=doc["_id"],
            pair_id=doc["pair_id"],
            mentor_id=doc["mentor_id"],
            mentee_id=doc["mentee_id"],
            resolved_by_id=doc.get("resolved_by_id"),
            text=doc["text"],
            status=doc["status"],
            raised_at=doc["raised_at"],
            resolved_at=doc.get("resolved_at"),
            resolution_note=doc.get("resolution_note", ""),
            updated_at=doc["updated_at"],
        )

    @strawberry.field(description="The pair; null for a viewer who does not see it.")
    async def pair(self, info: Info) -> PairRef | None:
        return await visible_pair(info, self.pair_id)

    @strawberry.field(description="The mentee who raised it.")
    async def mentee(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.mentee_id)

    @strawberry.field(description="The mentor it is about.")
    async def mentor(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.mentor_id)

    @strawberry.field(description="Who resolved it.")
    async def resolved_by(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.resolved_by_id)
