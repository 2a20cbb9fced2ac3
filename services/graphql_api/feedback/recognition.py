"""Mentor recognition in GraphQL: ranked lists per program and period, and each mentor's own."""

from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId
from strawberry.dataloader import DataLoader

from services.graphql_api.context import Info
from shared.feedback.periods import year_key
from shared.models import Recognition as RecognitionDocument
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
        from services.graphql_api.participants.types import visible_participant

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


def recognitions_by_program() -> DataLoader[tuple[ObjectId, str], list[dict[str, Any]]]:
    async def load(keys: Sequence[tuple[ObjectId, str]]) -> list[list[dict[str, Any]]]:
        by_period: dict[str, list[ObjectId]] = defaultdict(list)
        for program_id, period in keys:
            by_period[period].append(program_id)
        found: dict[tuple[ObjectId, str], list[dict[str, Any]]] = defaultdict(list)
        collection = RecognitionDocument.get_pymongo_collection()
        for period, program_ids in by_period.items():
            cursor = (
                collection.find({"program_id": {"$in": program_ids}, "period": period})
                .sort([("program_id", 1), ("rank_key", 1)])
                .batch_size(10_000)
            )
            async for doc in cursor:
                found[(doc["program_id"], period)].append(doc)
        return [found[key] for key in keys]

    return DataLoader(load_fn=load)


async def ranked(
    info: Info, program_id: ObjectId, period: str | None, first: int
) -> list[Recognition]:
    """Managers see the ranking; a mentor sees their own entry; others see nothing."""
    viewer = info.context.viewer
    loaders = info.context.loaders
    if loaders.recognitions is None:
        loaders.recognitions = recognitions_by_program()
    docs = await loaders.recognitions.load((program_id, period or current_year()))
    if not await viewer.manages(program_id):
        docs = [d for d in docs if viewer.is_self(d["mentor_id"])]
    return [Recognition.from_doc(d) for d in docs[: max(0, min(first, MAX_RANKED))]]


async def of_mentor(info: Info, mentor_id: ObjectId) -> list[Recognition]:
    """A mentor's recognitions, for themselves and for managers of those programs."""
    from services.graphql_api.feedback.resolvers import feedback_loaders

    viewer = info.context.viewer
    found = await feedback_loaders(info).recognitions_by_mentor.load(mentor_id)
    docs = sorted(found, key=lambda d: (d["period"], str(d["program_id"])), reverse=True)
    if not viewer.is_self(mentor_id):
        docs = [d for d in docs if await viewer.manages(d["program_id"])]
    return [Recognition.from_doc(d) for d in docs]
