"""Mentor recognition in GraphQL: ranked lists per program and period, and each mentor's own."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api import orders
from services.graphql_api.context import Info
from services.graphql_api.core.connections import Connection
from services.graphql_api.core.lists import child_connection, root_connection
from services.graphql_api.feedback.loaders import (
    BEST_RANK_FIRST,
    RecognitionsByMentorLoader,
    RecognitionsByProgramLoader,
    recognition_visibility,
)
from services.graphql_api.orders import RecognitionOrder
from services.graphql_api.visibility import visible_participant
from shared.feedback.periods import year_key
from shared.models import Recognition as StoredRecognition
from shared.models.feedback import RecognitionEvidence as StoredEvidence

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
Document = dict[str, Any]
Period = Annotated[
    str | None,
    strawberry.argument(
        description='A year ("2026") or a quarter ("2026-Q4"); null for this year.'
    ),
]


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
        description="Apprenticeships: apprentices confirmed in the period after passing the "
        "exam within probation."
    )
    apprenticeships_completed: int = strawberry.field(
        description="Apprenticeships whose probation was settled in the period: passed on "
        "time, confirmed after an extension, or not passed."
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


async def _as_seen(info: Info) -> Callable[[Document], Recognition]:
    """How the viewer sees a standing: whole in a program they manage; as its mentor may
    see it elsewhere (only their own are visible there: see `recognition_visibility`)."""
    viewer = info.context.viewer
    managed = None if viewer.is_admin else (await viewer.scope()).managed_program_ids

    def to_node(doc: Document) -> Recognition:
        mentor_view = managed is not None and doc["program_id"] not in managed
        return Recognition.from_doc(doc, for_the_mentor=mentor_view)

    return to_node


async def ranked(
    info: Info,
    program_id: ObjectId,
    period: str | None,
    first: int,
    after: str | None,
    order: RecognitionOrder | None,
) -> Connection[Recognition]:
    """A program's ranking for a period: managers see it whole; a mentor sees their own
    entry; others see nothing."""
    ordering = orders.ordering("recognitions", order, default=BEST_RANK_FIRST)
    return await root_connection(
        StoredRecognition.get_pymongo_collection(),
        {"program_id": program_id, "period": period or current_year()},
        first,
        after,
        await _as_seen(info),
        ordering,
        await recognition_visibility(info.context.viewer),
    )


async def of_program(
    info: Info, program_id: ObjectId, period: str | None, first: int, after: str | None
) -> Connection[Recognition]:
    """The ranking under a program, batched with the other programs' rankings."""
    where = (("period", period or current_year()),)
    return await child_connection(
        info,
        RecognitionsByProgramLoader,
        program_id,
        first,
        after,
        None,
        await _as_seen(info),
        where,
    )


async def of_mentor(
    info: Info, mentor_id: ObjectId, first: int, after: str | None
) -> Connection[Recognition]:
    """A mentor's standings, the newest period first: for themselves and for managers of
    those programs."""
    return await child_connection(
        info, RecognitionsByMentorLoader, mentor_id, first, after, None, await _as_seen(info)
    )
