"""Mentor/mentee pairs, their goals and their check-ins."""

from datetime import date, datetime

from beanie import PydanticObjectId
from pydantic import BaseModel, Field
from pymongo import ASCENDING, DESCENDING, IndexModel

from shared.enums import GoalStatus, PairOrigin, PairOutcome, PairStatus
from shared.matching import MatchReason
from shared.models.apprenticeship import Probation
from shared.models.base import TimestampedDocument


class ForcedActivation(BaseModel):
    """A program manager started a pair without both sides' acceptance: who, when and why."""

    by_id: PydanticObjectId | None = None
    at: datetime
    reason: str


class Pair(TimestampedDocument):
    """A mentor and a mentee working together within one program."""

    program_id: PydanticObjectId
    mentor_id: PydanticObjectId
    mentee_id: PydanticObjectId
    status: PairStatus = PairStatus.PROPOSED
    match_score: float | None = Field(default=None, ge=0, le=1)
    match_reasons: list[str] = Field(default_factory=list)
    # The reasons with their codes and effects (pairs stored before them have text only).
    match_details: list[MatchReason] = Field(default_factory=list)
    # Who proposed it, and each side's acceptance: it starts once both accepted (a mentee's
    # request is their acceptance), or when a program manager forces it with a reason.
    origin: PairOrigin = PairOrigin.MANAGER
    proposed_by_id: PydanticObjectId | None = None
    request_message: str = ""
    proposal_id: PydanticObjectId | None = None
    accepted_by_mentor_at: datetime | None = None
    accepted_by_mentee_at: datetime | None = None
    forced_activation: ForcedActivation | None = None
    # A pair formed by matching (a mentee's request, a proposal) is the mentee's only such
    # open pair in the program: a partial unique index keeps it so under concurrency.
    matched: bool = False
    starts_on: date | None = None
    planned_end_on: date | None = None
    ended_on: date | None = None
    outcome: PairOutcome | None = None
    end_reason: str = ""
    # Apprenticeships: the probation, opened when the pair starts (see `shared.apprenticeship`).
    probation: Probation | None = None
    # True while PROPOSED or ACTIVE; a partial unique index allows one open pair per
    # mentor, mentee and program.
    is_open: bool = True

    class Settings:
        name = "pairs"
        validate_on_save = True
        indexes = [
            IndexModel(
                [("program_id", ASCENDING), ("mentor_id", ASCENDING), ("mentee_id", ASCENDING)],
                unique=True,
                partialFilterExpression={"is_open": True},
                name="open_pair_unique",
            ),
            IndexModel(
                [("program_id", ASCENDING), ("mentee_id", ASCENDING)],
                unique=True,
                partialFilterExpression={"is_open": True, "matched": True},
                name="open_matched_mentee_unique",
            ),
            IndexModel([("program_id", ASCENDING), ("_id", ASCENDING)], name="program_id"),
            IndexModel([("mentor_id", ASCENDING), ("_id", ASCENDING)], name="mentor_id"),
            IndexModel([("mentee_id", ASCENDING), ("_id", ASCENDING)], name="mentee_id"),
            IndexModel([("status", ASCENDING), ("_id", ASCENDING)], name="status_id"),
            # The orders of `pairs(orderBy:)`.
            IndexModel([("created_at", ASCENDING), ("_id", ASCENDING)], name="created_id"),
            IndexModel([("match_score", ASCENDING), ("_id", ASCENDING)], name="match_score_id"),
            IndexModel([("starts_on", ASCENDING), ("_id", ASCENDING)], name="starts_on_id"),
            # The apprenticeships settled in a year, of some programs (`outstandingCandidates`).
            IndexModel(
                [("probation.settled_on", ASCENDING), ("program_id", ASCENDING)],
                name="probation_settled_program",
            ),
            # The apprenticeships under way by what their probation waits for, ending first
            # (`probations`).
            IndexModel(
                [
                    ("probation.stage", ASCENDING),
                    ("status", ASCENDING),
                    ("probation.ends_on", ASCENDING),
                    ("_id", ASCENDING),
                ],
                name="probation_stage_ends",
            ),
            # The survey service follows pairs that changed (ended, declined, outcome).
            IndexModel([("updated_at", ASCENDING)], name="updated"),
        ]


class Milestone(BaseModel):
    """A dated step towards a goal."""

    id: PydanticObjectId = Field(default_factory=PydanticObjectId)
    title: str
    due_on: date | None = None
    done_at: datetime | None = None


class Goal(TimestampedDocument):
    """A development goal a pair works on, tracked by status, progress and milestones."""

    pair_id: PydanticObjectId
    program_id: PydanticObjectId
    title: str
    description: str = ""
    competency: str = ""
    status: GoalStatus = GoalStatus.NOT_STARTED
    progress: int = Field(default=0, ge=0, le=100)
    target_date: date | None = None
    achieved_at: datetime | None = None
    milestones: list[Milestone] = Field(default_factory=list)

    class Settings:
        name = "goals"
        validate_on_save = True
        indexes = [
            IndexModel([("pair_id", ASCENDING), ("_id", ASCENDING)], name="pair_id"),
            IndexModel([("program_id", ASCENDING), ("status", ASCENDING)], name="program_status"),
        ]


class CheckIn(TimestampedDocument):
    """A meeting a pair held: when, how long, what they talked about."""

    pair_id: PydanticObjectId
    program_id: PydanticObjectId
    held_on: date
    duration_minutes: int = Field(ge=1, le=24 * 60)
    topics: list[str] = Field(default_factory=list)
    notes: str = ""
    logged_by_id: PydanticObjectId | None = None

    class Settings:
        name = "check_ins"
        validate_on_save = True
        indexes = [
            IndexModel([("pair_id", ASCENDING), ("held_on", DESCENDING)], name="pair_held_on"),
            IndexModel(
                [("program_id", ASCENDING), ("held_on", DESCENDING)], name="program_held_on"
            ),
        ]
