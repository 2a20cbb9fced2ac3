"""Matching: the mentors a mentee would choose, and the program-wide proposals managers make
and apply (see `shared.matching` for the rules, and the GraphQL API's `domain.matching*`)."""

from datetime import datetime

from beanie import PydanticObjectId
from pydantic import BaseModel, Field
from pymongo import ASCENDING, IndexModel

from shared.matching import MatchingRules, MatchReason, UnmatchedCode
from shared.models.base import TimestampedDocument

MAX_PREFERRED_MENTORS = 3


class MatchPreference(TimestampedDocument):
    """A mentee's preferred mentors in one program, first choice first (at most three).
    Read by the mentee and the program's managers; a proposal gives the mentee's choices a
    bonus (`MatchingRules.preference_bonus`)."""

    program_id: PydanticObjectId
    mentee_id: PydanticObjectId
    mentor_ids: list[PydanticObjectId] = Field(
        default_factory=list, max_length=MAX_PREFERRED_MENTORS
    )

    class Settings:
        name = "match_preferences"
        validate_on_save = True
        indexes = [
            # One per mentee and program; a program's preferences for its proposals.
            IndexModel(
                [("program_id", ASCENDING), ("mentee_id", ASCENDING)],
                unique=True,
                name="program_mentee_unique",
            ),
        ]


class ProposalUnmatched(BaseModel):
    """A mentee a proposal leaves without a mentor, and why."""

    mentee_id: PydanticObjectId
    code: UnmatchedCode
    message: str


class MatchingProposal(TimestampedDocument):
    """The best plan pairing a program's unpaired approved mentees with its mentors, as it
    stood when a manager asked for it, under the rules of that moment: its totals and the
    mentees it leaves unmatched; its pairs are `ProposalPair` documents. It changes nothing
    until applied."""

    program_id: PydanticObjectId
    created_by_id: PydanticObjectId | None = None
    rules: MatchingRules
    pair_count: int = 0
    unmatched: list[ProposalUnmatched] = Field(default_factory=list)
    total: float = 0.0  # scores plus preference bonuses: what the plan maximises
    total_score: float = 0.0

    class Settings:
        name = "matching_proposals"
        validate_on_save = True
        indexes = [
            # A program's proposals, the newest first (`Program.matchingProposals`).
            IndexModel([("program_id", ASCENDING), ("_id", ASCENDING)], name="program_id"),
        ]


class ProposalPair(TimestampedDocument):
    """A pair of a proposal, with its score and reasons; `pair_id` once it was applied (an
    entry is applied at most once)."""

    proposal_id: PydanticObjectId
    program_id: PydanticObjectId
    mentee_id: PydanticObjectId
    mentor_id: PydanticObjectId
    score: float
    preference_rank: int | None = None
    bonus: float = 0.0
    reasons: list[MatchReason] = Field(default_factory=list)
    pair_id: PydanticObjectId | None = None
    applied_at: datetime | None = None

    class Settings:
        name = "matching_proposal_pairs"
        validate_on_save = True
        indexes = [
            # A proposal's pairs in its order (`MatchingProposal.pairs`); one per mentee.
            IndexModel([("proposal_id", ASCENDING), ("_id", ASCENDING)], name="proposal_id"),
            IndexModel(
                [("proposal_id", ASCENDING), ("mentee_id", ASCENDING)],
                unique=True,
                name="proposal_mentee_unique",
            ),
        ]
