"""The matching fields of `Pair`: why the two fit (the mentee's needs named only to those who
may see them), how the pair was proposed, each side's acceptance, and a forced start."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.matching.enums import PairOrigin
from services.graphql_api.matching.types import (
    ForcedActivation,
    MatchReason,
    reasons_shown,
    texts_shown,
)
from services.graphql_api.visibility import visible_participant
from shared.matching import MatchReason as Reason

if TYPE_CHECKING:
    from services.graphql_api.participants.types import Participant

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]


def matching_fields(doc: dict[str, Any]) -> dict[str, Any]:
    """The values `PairMatchingFields` needs from a stored pair."""
    forced = doc.get("forced_activation")
    return {
        "stored_reasons": doc.get("match_reasons", []),
        "stored_details": doc.get("match_details", []),
        "proposed_by_id": doc.get("proposed_by_id"),
        "origin": doc.get("origin", PairOrigin.MANAGER),
        "request_message": doc.get("request_message", ""),
        "accepted_by_mentor_at": doc.get("accepted_by_mentor_at"),
        "accepted_by_mentee_at": doc.get("accepted_by_mentee_at"),
        "forced_activation": (
            None
            if forced is None
            else ForcedActivation(
                by_id=forced.get("by_id"), at=forced["at"], reason=forced["reason"]
            )
        ),
    }


@strawberry.type(description="A pair's matching: its reasons, origin and acceptances.")
class PairMatchingFields:
    mentee_id: strawberry.Private[ObjectId]
    stored_reasons: strawberry.Private[list[str]]
    stored_details: strawberry.Private[list[dict[str, Any]]]
    proposed_by_id: strawberry.Private[ObjectId | None]
    origin: PairOrigin = strawberry.field(
        description="How it was proposed: by a manager, at the mentee's request, or from a "
        "matching proposal (pairs from before requests existed show MANAGER)."
    )
    request_message: str = strawberry.field(
        description="What the mentee wrote when asking for this mentor; empty otherwise."
    )
    accepted_by_mentor_at: datetime | None = strawberry.field(
        description="When the mentor accepted (`pairAccept`); null until then."
    )
    accepted_by_mentee_at: datetime | None = strawberry.field(
        description="When the mentee accepted (a request counts as accepted when made); null "
        "until then."
    )
    forced_activation: ForcedActivation | None = strawberry.field(
        description="Who started the pair without both sides' acceptance, when and why "
        "(`pairActivate`); null when it started by acceptance or has not started."
    )

    @strawberry.field(
        description="Why the two fit, strongest first, as sentences. A reason naming the "
        "mentee's development need names it only to those who may see the mentee's needs "
        "(the mentee, admins, managers the mentee disclosed them to); others, the mentor "
        "among them, read that the mentor's skills cover one of the mentee's needs."
    )
    async def match_reasons(self, info: Info) -> list[str]:
        if self.stored_details:
            return [reason.text for reason in await self._details(info)]
        return await texts_shown(info, self.mentee_id, self.stored_reasons)

    @strawberry.field(
        description="The same reasons with their codes and effects on the score (empty for "
        "pairs proposed before reasons carried them)."
    )
    async def match_reason_details(self, info: Info) -> list[MatchReason]:
        return await self._details(info)

    async def _details(self, info: Info) -> list[MatchReason]:
        reasons = [Reason.model_validate(doc) for doc in self.stored_details]
        return await reasons_shown(info, self.mentee_id, reasons)

    @strawberry.field(description="Who proposed it (a manager, or the mentee who asked).")
    async def proposed_by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.proposed_by_id)
