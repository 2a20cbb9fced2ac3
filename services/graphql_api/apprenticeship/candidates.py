"""The mentors ranked for a year's outstanding-employee selection, with their evidence."""

from typing import TYPE_CHECKING, Annotated

import strawberry
from bson import ObjectId

from services.graphql_api.apprenticeship.types import named_participant
from services.graphql_api.context import Info
from services.graphql_api.core.connections import Connection, connection_of_list
from services.graphql_api.domain.outstanding import Candidate, outstanding_candidates
from services.graphql_api.feedback.recognition import Recognition

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
# The owner a cursor of the list across programs carries (a list of one program carries it).
EVERY_PROGRAM = ObjectId(b"\0" * 12)


@strawberry.type(
    description="A mentor ranked for the year's outstanding-employee selection: those whose "
    "apprentices passed on time first, then by recognition score."
)
class OutstandingCandidate:
    mentor_id: strawberry.Private[ObjectId]
    rank: int = strawberry.field(description="1 for the first candidate of the list.")
    apprentices_passed_on_time: int = strawberry.field(
        description="Apprentices confirmed after passing the exam within probation this year."
    )
    apprentices_extended: int = strawberry.field(
        description="Apprentices confirmed this year after an extended probation."
    )
    apprentices_not_passed: int = strawberry.field(
        description="Apprentices whose exam failed this year (and were not extended since)."
    )
    apprenticeships_settled: int = strawberry.field(
        description="Apprenticeships whose probation was settled this year: the three above."
    )
    recognition_score: float | None = strawberry.field(
        description="The best of their recognition scores for the year in the programs asked "
        "about; null when they are not ranked there."
    )
    recognitions: list[Recognition] = strawberry.field(
        description="Their recognition standings for the year in those programs, with evidence."
    )

    @classmethod
    def of(cls, rank: int, candidate: Candidate) -> "OutstandingCandidate":
        return cls(
            mentor_id=candidate.mentor_id,
            rank=rank,
            apprentices_passed_on_time=candidate.passed_on_time,
            apprentices_extended=candidate.extended,
            apprentices_not_passed=candidate.not_passed,
            apprenticeships_settled=candidate.settled,
            recognition_score=candidate.best_score,
            recognitions=[Recognition.from_doc(doc) for doc in candidate.standings],
        )

    @strawberry.field(description="The mentor.")
    async def mentor(self, info: Info) -> ParticipantRef | None:
        return await named_participant(info, self.mentor_id)


async def ranked_candidates(
    info: Info, year: str, program_id: ObjectId | None, first: int, after: str | None
) -> Connection[OutstandingCandidate]:
    found = await outstanding_candidates(
        actor=info.context.viewer, year=year, program_id=program_id
    )
    items = [OutstandingCandidate.of(n, c) for n, c in enumerate(found, start=1)]
    list_name = f"Query.outstandingCandidates:{year}"
    return connection_of_list(items, first, after, list_name, program_id or EVERY_PROGRAM)
