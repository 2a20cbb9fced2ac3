"""Mentor recognition in GraphQL: ranked lists per program and period, and each mentor's own."""

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.feedback.loaders import (
    RecognitionsByMentorLoader,
    RecognitionsByProgramPeriodLoader,
)
from services.graphql_api.visibility import visible_participant
from shared.feedback.periods import year_key
from shared.models.feedback import RecognitionEvidence as StoredEvidence

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
MAX_RANKED = 100


@strawberry.type(description="What a recognition score rests on.")
class RecognitionEvidence:
    responses: int = strawberry.field(description="Mentee responses about the mentor.")
    average_satisfaction: float | None = strawberry.field(
        description="Their mentees' mean satisfaction, 1 to 5."
    )
    positive_comment_share: float | None = strawberry.field(
        description="Share of their mentees' comments that are positive."
    )
    goals_achieved: int = strawberry.field(description="Goals achieved in their pairs.")
    goals_counted: int = strawberry.field(description="Goals counted (dropped ones left out).")
    apprentices_passed_on_time: int = strawberry.field(
        description="Apprentices who passed on time (apprenticeships)."
    )
    apprenticeships_completed: int = strawberry.field(
        description="Apprenticeships completed in the period."
    )


@strawberry.type(description="A mentor's standing in a program for a period.")
class Recognition:
    mentor_id: strawberry.Private[ObjectId]
    period: str = strawberry.field(description='"2026" for a year, "2026-Q4" for a quarter.')
    rank: int = strawberry.field(description="1 for the highest score.")
    score: float = strawberry.field(description="From 0 to 1; see `RecognitionRules`.")
    evidence: RecognitionEvidence = strawberry.field(description="What the score rests on.")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "Recognition":
        evidence = StoredEvidence.model_validate(doc.get("evidence") or {})
        return cls(
            mentor_id=doc["mentor_id"],
            period=doc["period"],
            rank=doc["rank"],
            score=doc["score"],
            evidence=RecognitionEvidence(**evidence.model_dump()),
        )

    @strawberry.field(description="The mentor.")
    async def mentor(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.mentor_id)


@strawberry.type(
    description="How a program ranks its mentors: a weighted mean of the components a mentor "
    "has data for, each from 0 to 1."
)
class RecognitionRules:
    satisfaction_weight: float = strawberry.field(
        description="Weight of mentees' mean satisfaction, (score - 1) / 4. Default 0.4."
    )
    positive_comment_weight: float = strawberry.field(
        description="Weight of the share of positive mentee comments. Default 0.2."
    )
    goals_weight: float = strawberry.field(
        description="Weight of the share of their pairs' goals achieved. Default 0.25."
    )
    passed_on_time_weight: float = strawberry.field(
        description="Apprenticeships: weight of apprentices passing on time. Default 0.15."
    )
    min_responses: int = strawberry.field(
        description="Fewest mentee responses to be ranked (never below the program's minimum "
        "group size). Default 5."
    )


def current_year() -> str:
    return year_key(datetime.now(UTC))


async def ranked(
    info: Info, program_id: ObjectId, period: str | None, first: int
) -> list[Recognition]:
    """Managers see the ranking; a mentor sees their own entry; others see nothing."""
    viewer = info.context.viewer
    loader = info.context.loaders.get(RecognitionsByProgramPeriodLoader)
    docs = await loader.load((program_id, period or current_year()))
    if not await viewer.manages(program_id):
        docs = [d for d in docs if viewer.is_self(d["mentor_id"])]
    return [Recognition.from_doc(d) for d in docs[: max(0, min(first, MAX_RANKED))]]


async def of_mentor(info: Info, mentor_id: ObjectId) -> list[Recognition]:
    """A mentor's recognitions, for themselves and for managers of those programs."""
    viewer = info.context.viewer
    found = await info.context.loaders.get(RecognitionsByMentorLoader).load(mentor_id)
    docs = sorted(found, key=lambda d: (d["period"], str(d["program_id"])), reverse=True)
    if not viewer.is_self(mentor_id):
        docs = [d for d in docs if await viewer.manages(d["program_id"])]
    return [Recognition.from_doc(d) for d in docs]
