"""Pair: a mentor and a mentee working together in a program."""

from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.apprenticeship import pair_fields as apprenticeship
from services.graphql_api.apprenticeship.probation import Probation
from services.graphql_api.apprenticeship.types import Concern, MentoringPlan
from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First
from services.graphql_api.core.convert import as_date
from services.graphql_api.core.enums import HealthStatus, PairOutcome, PairStatus
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.core.lists import child_connection
from services.graphql_api.core.node import Node
from services.graphql_api.feedback import resolvers as feedback
from services.graphql_api.feedback.types import PairFeedbackRound, PairHealthType
from services.graphql_api.goals.types import CheckIn, Goal
from services.graphql_api.loaders.children import CheckInsByPairLoader, GoalsByPairLoader
from services.graphql_api.matching.pair_fields import PairMatchingFields, matching_fields
from services.graphql_api.permissions import ManagesProgram, NullUnlessPermitted
from services.graphql_api.visibility import visible_participant, visible_program

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant
    from services.graphql_api.programs.types import Program

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
ProgramRef = Annotated["Program", strawberry.lazy("services.graphql_api.programs.types")]


@strawberry.input(description="Narrow a list of pairs by status.")
class PairStatusFilter:
    status: list[PairStatus] | None = strawberry.field(
        default=None, description="Only pairs in these statuses."
    )


@strawberry.input(description="Narrow the list of pairs.")
class PairFilter:
    program_id: strawberry.ID | None = strawberry.field(
        default=None, description="In this program."
    )
    status: list[PairStatus] | None = strawberry.field(
        default=None, description="In these statuses."
    )
    mentor_id: strawberry.ID | None = strawberry.field(default=None, description="This mentor.")
    mentee_id: strawberry.ID | None = strawberry.field(default=None, description="This mentee.")
    health: list[HealthStatus] | None = strawberry.field(
        default=None,
        description="Active pairs whose latest health assessment is in these states, worst "
        "first (AT_RISK, WATCH, HEALTHY); needs `programId`, and admins or the program's "
        "managers. Ask for `health { reasons }` to see why.",
    )


@strawberry.type(description="A mentor and a mentee working together within one program.")
class Pair(PairMatchingFields, Node):
    db_id: strawberry.Private[ObjectId]
    program_id: strawberry.Private[ObjectId]
    mentor_id: strawberry.Private[ObjectId]
    mentee_id: strawberry.Private[ObjectId]
    probation_doc: strawberry.Private[dict[str, Any] | None]
    status: PairStatus = strawberry.field(description="Where the pair stands.")
    match_score: float | None = strawberry.field(
        description="Compatibility from 0 to 1 when the pair was proposed."
    )
    starts_on: date | None = strawberry.field(description="When mentoring started.")
    planned_end_on: date | None = strawberry.field(description="When it is planned to end.")
    ended_on: date | None = strawberry.field(description="When it ended, if it has.")
    outcome: PairOutcome | None = strawberry.field(description="How it ended, if completed.")
    end_reason: str = strawberry.field(description="Why it ended or was declined.")
    created_at: datetime = strawberry.field(description="When it was proposed (UTC).")
    updated_at: datetime = strawberry.field(description="When it last changed (UTC).")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Pair":
        return cls(
            id=to_global_id("Pair", doc["_id"]),
            db_id=doc["_id"],
            program_id=doc["program_id"],
            mentor_id=doc["mentor_id"],
            mentee_id=doc["mentee_id"],
            probation_doc=doc.get("probation"),
            status=doc["status"],
            match_score=doc.get("match_score"),
            starts_on=as_date(doc.get("starts_on")),
            planned_end_on=as_date(doc.get("planned_end_on")),
            ended_on=as_date(doc.get("ended_on")),
            outcome=doc.get("outcome"),
            end_reason=doc.get("end_reason", ""),
            created_at=doc["created_at"],
            updated_at=doc["updated_at"],
            **matching_fields(doc),
        )

    def owning_program_id(self) -> ObjectId:
        """The pair's program: its managers see the pair's managers-only fields."""
        return self.program_id

    @strawberry.field(description="The program the pair belongs to.")
    async def program(self, info: Info) -> ProgramRef | None:
        return await visible_program(info, self.program_id)

    @strawberry.field(description="The mentor.")
    async def mentor(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.mentor_id)

    @strawberry.field(description="The mentee.")
    async def mentee(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.mentee_id)

    @strawberry.field(description="The pair's goals, oldest first.")
    async def goals(self, info: Info, first: First = 20, after: After = None) -> Connection[Goal]:
        return await child_connection(
            info, GoalsByPairLoader, self.db_id, first, after, None, Goal.from_doc
        )

    @strawberry.field(description="The pair's check-ins, most recent first.")
    async def check_ins(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[CheckIn]:
        return await child_connection(
            info, CheckInsByPairLoader, self.db_id, first, after, None, CheckIn.from_doc
        )

    @strawberry.field(
        description="Apprenticeships: the apprentice's probation, its exam and the mentor's "
        "recommendation; null for other programs and for a pair not started."
    )
    async def probation(self, info: Info) -> Probation | None:
        return await apprenticeship.probation(info, self)

    @strawberry.field(
        description="Apprenticeships: the mentor's quarterly plans, the newest quarter first."
    )
    async def mentoring_plans(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[MentoringPlan]:
        return await apprenticeship.mentoring_plans(info, self.db_id, first, after)

    @strawberry.field(
        description="Concerns the mentee raised, the newest first: for the mentee, the "
        "program's managers, admins and the head of the mentee's department; null for "
        "everyone else, the mentor above all."
    )
    async def concerns(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[Concern] | None:
        return await apprenticeship.concerns(info, self, first, after)

    @strawberry.field(
        description="The pair's latest health assessment; admins and the program's managers "
        "only, never the pair's own mentor (it may carry the mentee's concern); null for "
        "others, and before the first assessment.",
        extensions=[NullUnlessPermitted(ManagesProgram())],
    )
    async def health(self, info: Info) -> PairHealthType | None:
        if info.context.viewer.is_self(self.mentor_id):
            return None
        return await feedback.pair_health(info, self.db_id)

    @strawberry.field(
        description="Each round's program-team answers from both sides, with their comments "
        "and how they read; never a confidential answer. Admins and the program's managers "
        "only.",
        extensions=[NullUnlessPermitted(ManagesProgram())],
    )
    async def feedback(self, info: Info) -> list[PairFeedbackRound] | None:
        return await feedback.pair_feedback(info, self)
