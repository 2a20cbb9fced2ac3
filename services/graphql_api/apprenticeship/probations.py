"""The apprenticeships under way by what their probation waits for (`probations`): where HR
finds the exams to record and the extensions to decide, and a program's managers, a
department head or a pair follow theirs.

Each item is the pair's probation with the people it names. The pair itself is there only for
a viewer who may see it: HR follows probations, not a pair's goals and check-ins.
"""

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.apprenticeship.enums import ProbationStage
from services.graphql_api.apprenticeship.probation import Probation
from services.graphql_api.apprenticeship.types import named_participant
from services.graphql_api.context import Info
from services.graphql_api.core.connections import Connection
from services.graphql_api.core.convert import as_date
from services.graphql_api.core.ids import parse_id_of, to_global_id
from services.graphql_api.core.lists import root_connection
from services.graphql_api.domain.apprenticeship_access import probation_visibility
from services.graphql_api.pagination import Ordering
from services.graphql_api.visibility import visible_pair, visible_program
from shared.enums import PairStatus
from shared.feedback.periods import start_of
from shared.models import Pair as StoredPair
from shared.models.apprenticeship import Probation as StoredProbation

if TYPE_CHECKING:
    from services.graphql_api.pairs.types import Pair
    from services.graphql_api.participants.types import Participant
    from services.graphql_api.programs.types import Program

PairRef = Annotated["Pair", strawberry.lazy("services.graphql_api.pairs.types")]
ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
ProgramRef = Annotated["Program", strawberry.lazy("services.graphql_api.programs.types")]
Document = dict[str, Any]

# What someone has to act on: the exam, the mentor's confirmation, a decision on an extension.
WAITING = (
    ProbationStage.EXAM_DUE,
    ProbationStage.CONFIRMATION_DUE,
    ProbationStage.EXTENSION_PENDING,
)
ENDING_FIRST = Ordering(field="probation.ends_on", list_name="probations")


@strawberry.input(description="Narrow the list of probations.")
class ProbationFilter:
    program_id: strawberry.ID | None = strawberry.field(
        default=None, description="In this apprenticeship program."
    )
    stage: list[ProbationStage] | None = strawberry.field(
        default=None,
        description="At these stages; null or empty for those waiting for someone (EXAM_DUE, "
        "CONFIRMATION_DUE, EXTENSION_PENDING).",
    )
    ends_by: date | None = strawberry.field(
        default=None, description="Ending on or before this day (after any extension)."
    )


@strawberry.type(
    description="An apprenticeship under way and its probation: the pair's ID for "
    "`qualificationExamRecord` and `probationExtensionDecide`, the people, and the dates."
)
class ProbationCase:
    pair_db_id: strawberry.Private[ObjectId]
    program_id: strawberry.Private[ObjectId]
    mentor_id: strawberry.Private[ObjectId]
    mentee_id: strawberry.Private[ObjectId]
    pair_id: strawberry.ID = strawberry.field(description="The pair's ID.")
    starts_on: date | None = strawberry.field(description="When the pair started.")
    planned_end_on: date | None = strawberry.field(description="When the pair plans to end.")
    probation: Probation = strawberry.field(description="The probation, its exams and steps.")

    @classmethod
    def from_doc(cls, doc: Document) -> "ProbationCase":
        return cls(
            pair_db_id=doc["_id"],
            program_id=doc["program_id"],
            mentor_id=doc["mentor_id"],
            mentee_id=doc["mentee_id"],
            pair_id=to_global_id("Pair", doc["_id"]),
            starts_on=as_date(doc.get("starts_on")),
            planned_end_on=as_date(doc.get("planned_end_on")),
            probation=Probation.of(StoredProbation.model_validate(doc["probation"])),
        )

    @strawberry.field(description="The pair; null for a viewer who does not see it (HR).")
    async def pair(self, info: Info) -> PairRef | None:
        return await visible_pair(info, self.pair_db_id)

    @strawberry.field(description="The apprenticeship program.")
    async def program(self, info: Info) -> ProgramRef | None:
        return await visible_program(info, self.program_id)

    @strawberry.field(description="The master.")
    async def mentor(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.mentor_id)

    @strawberry.field(description="The apprentice.")
    async def mentee(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.mentee_id)


async def probation_cases(
    info: Info, filter: ProbationFilter | None, first: int, after: str | None
) -> Connection[ProbationCase]:
    """The active apprenticeships the viewer follows at the stages asked, ending first. Each
    stage is a branch of its own, an equality the `probation_stage_ends` index serves in order
    (one `$in` of them would be read in full and sorted)."""
    stages = list(dict.fromkeys(filter.stage if filter and filter.stage else WAITING))
    query: dict[str, Any] = {"status": PairStatus.ACTIVE.value}
    if filter is not None:
        if filter.program_id:
            query["program_id"] = parse_id_of(filter.program_id, "Program")
        if filter.ends_by:
            query["probation.ends_on"] = {"$lte": start_of(filter.ends_by)}
    seen = await probation_visibility(info.context.viewer)
    branches = [
        {"probation.stage": stage.value, **branch}
        for branch in ([{}] if seen is None else seen)
        for stage in stages
    ]
    return await root_connection(
        StoredPair.get_pymongo_collection(),
        query,
        first,
        after,
        ProbationCase.from_doc,
        ENDING_FIRST,
        visibility=branches,
    )
