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
    rank: int | None = strawberry.field(
        description="1 for the highest score. Null for a mentor viewing their own standing "
        "when the score rests on answers they may not see (see `evidence`)."
    )
    score: float | None = strawberry.field(
        description="From 0 to 1; see `RecognitionRules`. Null when `rank` is."
    )
    evidence: RecognitionEvidence = strawberry.field(
        description="What the score rests on. A mentor viewing their own standing sees only "
        "figures over groups of at least the program's minimum group size of their mentees, "
        "from closed survey rounds."
    )

    @classmethod
    def from_doc(cls, doc: dict[str, Any], *, for_the_mentor: bool = False) -> "Recognition":
        """The standing as managers see it, or as the mentor themselves may see it: without
        score and rank when those rest on answers the mentor may not see."""
        stored = doc.get("evidence") or {}
        rank, score = doc["rank"], doc["score"]
        if for_the_mentor and not doc.get("shown_to_mentor", True):
            stored, rank, score = doc.get("mentor_evidence") or {}, None, None
        evidence = StoredEvidence.model_validate(stored)
        return cls(
            mentor_id=doc["mentor_id"],
            period=doc["period"],
            rank=rank,
            score=score,
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
        description="Fewest distinct mentees who answered in the period for a mentor to be "
        "ranked (never below the program's minimum group size; one mentee answering five "
        "rounds is one). Default 5."
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
    if await viewer.manages(program_id):
        return [Recognition.from_doc(d) for d in docs[: max(0, min(first, MAX_RANKED))]]
    own = [d for d in docs if viewer.is_self(d["mentor_id"])][: max(0, min(first, 1))]
    return [Recognition.from_doc(d, for_the_mentor=True) for d in own]


async def of_mentor(info: Info, mentor_id: ObjectId) -> list[Recognition]:
    """A mentor's recognitions, for themselves and for managers of those programs."""
    viewer = info.context.viewer
    found = await info.context.loaders.get(RecognitionsByMentorLoader).load(mentor_id)
    docs = sorted(found, key=lambda d: (d["period"], str(d["program_id"])), reverse=True)
    shown = []
    for doc in docs:
        if await viewer.manages(doc["program_id"]):
            shown.append(Recognition.from_doc(doc))
        elif viewer.is_self(mentor_id):
            shown.append(Recognition.from_doc(doc, for_the_mentor=True))
    return shown
