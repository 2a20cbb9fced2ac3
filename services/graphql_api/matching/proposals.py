"""A program-wide matching proposal in GraphQL: its totals, its pairs (a connection) and the
mentees it leaves unmatched. Admins and the program's managers only."""

from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from bson import ObjectId

from services.graphql_api.context import Info
from services.graphql_api.core.connections import After, Connection, First, connection_of_list
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.core.lists import child_connection
from services.graphql_api.core.node import Node, load_visible
from services.graphql_api.matching.enums import UnmatchedCode
from services.graphql_api.matching.loaders import MatchingProposalByIdLoader, PairsByProposalLoader
from services.graphql_api.matching.rules import MatchingRules
from services.graphql_api.matching.types import MatchReason, reasons_shown
from services.graphql_api.visibility import visible_pair, visible_participant, visible_program
from shared.matching import MatchingRules as Rules
from shared.matching import MatchReason as Reason

if TYPE_CHECKING:
    from services.graphql_api.pairs.types import Pair
    from services.graphql_api.participants.types import Participant
    from services.graphql_api.programs.types import Program

ParticipantRef = Annotated[
    "Participant", strawberry.lazy("services.graphql_api.participants.types")
]
PairRef = Annotated["Pair", strawberry.lazy("services.graphql_api.pairs.types")]
ProgramRef = Annotated["Program", strawberry.lazy("services.graphql_api.programs.types")]


@strawberry.type(description="A pair of a matching proposal, with its score and reasons.")
class ProposedPair:
    mentee_id: strawberry.Private[ObjectId]
    mentor_id: strawberry.Private[ObjectId]
    pair_id: strawberry.Private[ObjectId | None]
    reason_models: strawberry.Private[list[Reason]]
    score: float = strawberry.field(description="Compatibility from 0 to 1.")
    preference_rank: int | None = strawberry.field(
        description="1, 2 or 3 when the mentee ranked this mentor among their preferences."
    )
    preference_bonus: float = strawberry.field(
        description="What the preference added to the proposal's objective (not to the score)."
    )
    applied_at: datetime | None = strawberry.field(
        description="When it was applied (its pair proposed); null until then."
    )

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "ProposedPair":
        return cls(
            mentee_id=doc["mentee_id"],
            mentor_id=doc["mentor_id"],
            pair_id=doc.get("pair_id"),
            reason_models=[Reason.model_validate(r) for r in doc.get("reasons", [])],
            score=doc["score"],
            preference_rank=doc.get("preference_rank"),
            preference_bonus=doc.get("bonus", 0.0),
            applied_at=doc.get("applied_at"),
        )

    @strawberry.field(description="The mentee.")
    async def mentee(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.mentee_id)

    @strawberry.field(description="The mentor.")
    async def mentor(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.mentor_id)

    @strawberry.field(
        description="Why they fit, the largest effect first (the mentee's needs named only to "
        "those who may see them)."
    )
    async def reasons(self, info: Info) -> list[MatchReason]:
        return await reasons_shown(info, self.mentee_id, self.reason_models)

    @strawberry.field(description="The pair it became once applied; null until then.")
    async def pair(self, info: Info) -> PairRef | None:
        return await visible_pair(info, self.pair_id)


@strawberry.type(description="A mentee a matching proposal leaves without a mentor, and why.")
class UnmatchedMentee:
    mentee_id: strawberry.Private[ObjectId]
    code: UnmatchedCode = strawberry.field(description="Why, for programs.")
    message: str = strawberry.field(description="Why, in words.")

    @strawberry.field(description="The mentee.")
    async def mentee(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.mentee_id)


@strawberry.type(
    description="The best plan pairing a program's unpaired approved mentees with its mentors "
    "when a manager asked for it: the most mentees matched, then the highest total of scores "
    "plus preference bonuses, under every mentor's free places. It changes nothing until "
    "applied (`matchingProposalApply`). Admins and the program's managers only."
)
class MatchingProposal(Node):
    db_id: strawberry.Private[ObjectId]
    program_id: strawberry.Private[ObjectId]
    created_by_id: strawberry.Private[ObjectId | None]
    rules_doc: strawberry.Private[dict[str, Any]]
    unmatched_docs: strawberry.Private[list[dict[str, Any]]]
    pair_count: int = strawberry.field(description="How many pairs it proposes.")
    total: float = strawberry.field(
        description="What the plan maximises: the pairs' scores plus preference bonuses."
    )
    total_score: float = strawberry.field(description="The pairs' scores alone, summed.")
    created_at: datetime = strawberry.field(description="When it was made (UTC).")

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> "MatchingProposal":
        return cls(
            id=to_global_id("MatchingProposal", doc["_id"]),
            db_id=doc["_id"],
            program_id=doc["program_id"],
            created_by_id=doc.get("created_by_id"),
            rules_doc=doc.get("rules") or {},
            unmatched_docs=doc.get("unmatched", []),
            pair_count=doc.get("pair_count", 0),
            total=doc.get("total", 0.0),
            total_score=doc.get("total_score", 0.0),
            created_at=doc["created_at"],
        )

    @strawberry.field(description="The program.")
    async def program(self, info: Info) -> ProgramRef | None:
        return await visible_program(info, self.program_id)

    @strawberry.field(description="Who made it; null if not visible.")
    async def created_by(self, info: Info) -> ParticipantRef | None:
        return await visible_participant(info, self.created_by_id)

    @strawberry.field(description="The matching rules it was made under.")
    def rules(self) -> MatchingRules:
        return MatchingRules.of(Rules.model_validate(self.rules_doc), is_default=False)

    @strawberry.field(description="Its pairs, in the order of the mentees' enrollment.")
    async def pairs(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[ProposedPair]:
        return await child_connection(
            info, PairsByProposalLoader, self.db_id, first, after, None, ProposedPair.from_doc
        )

    @strawberry.field(description="The mentees it leaves without a mentor, and why.")
    async def unmatched(
        self, info: Info, first: First = 20, after: After = None
    ) -> Connection[UnmatchedMentee]:
        items = [
            UnmatchedMentee(mentee_id=doc["mentee_id"], code=doc["code"], message=doc["message"])
            for doc in self.unmatched_docs
        ]
        return connection_of_list(items, first, after, "MatchingProposal.unmatched", self.db_id)


async def visible_proposal(info: Info, proposal_id: ObjectId | None) -> MatchingProposal | None:
    """A proposal for admins and its program's managers; None for others and when missing."""
    viewer = info.context.viewer

    async def sees(doc: dict[str, Any]) -> bool:
        return await viewer.manages(doc["program_id"])

    loader = info.context.loaders.get(MatchingProposalByIdLoader)
    return await load_visible(loader, proposal_id, sees, MatchingProposal.from_doc)
