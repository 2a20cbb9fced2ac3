"""Apprenticeship records: the mentor's quarterly mentoring plans, the apprentice's probation
(embedded in the pair: qualification exams and the mentor's recommendations) and the concerns
a mentee raises about their mentoring. The rules that read them are in `shared.apprenticeship`.
"""

from datetime import date, datetime

from beanie import PydanticObjectId
from pydantic import BaseModel, Field
from pymongo import ASCENDING, DESCENDING, IndexModel

from shared.enums import (
    ConcernStatus,
    MentoringPlanStatus,
    PairOutcome,
    ProbationDecision,
    ProbationStage,
    RecommendationStatus,
)
from shared.models.base import TimestampedDocument, utc_now

# A program's probation, from a pair's start, unless it says otherwise (`Program.probation_months`).
DEFAULT_PROBATION_MONTHS = 6
MAX_PROBATION_MONTHS = 12


class PlanStep(BaseModel):
    """One step of a plan's history: a revision filed, approved or returned; who, when, why."""

    status: MentoringPlanStatus
    revision: int = Field(ge=1)
    by_id: PydanticObjectId | None  # None: an admin acting without a participant record
    at: datetime = Field(default_factory=utc_now)
    comment: str = ""


class MentoringPlan(TimestampedDocument):
    """The mentor's plan for one quarter of an apprenticeship: objectives, activities and the
    program's competencies it works on. One per pair and quarter: a returned plan is
    resubmitted in place as its next `revision` (the content is replaced, the history keeps
    every step)."""

    pair_id: PydanticObjectId
    program_id: PydanticObjectId
    mentor_id: PydanticObjectId
    mentee_id: PydanticObjectId
    quarter: str  # "2026-Q4"
    objectives: list[str] = Field(default_factory=list)
    activities: list[str] = Field(default_factory=list)
    competencies: list[str] = Field(default_factory=list)
    status: MentoringPlanStatus = MentoringPlanStatus.SUBMITTED
    revision: int = Field(default=1, ge=1)
    submitted_at: datetime = Field(default_factory=utc_now)
    decided_by_id: PydanticObjectId | None = None
    decided_at: datetime | None = None
    decision_comment: str = ""
    history: list[PlanStep] = Field(default_factory=list)

    class Settings:
        name = "mentoring_plans"
        validate_on_save = True
        indexes = [
            # One plan per pair and quarter; `Pair.mentoringPlans` (newest quarter first) and
            # the health rule's plans of the current quarter.
            IndexModel(
                [("pair_id", ASCENDING), ("quarter", DESCENDING)],
                unique=True,
                name="pair_quarter_unique",
            ),
            # The root list, as a program's managers and a department head narrow it.
            IndexModel([("program_id", ASCENDING), ("_id", ASCENDING)], name="program_id"),
            IndexModel([("mentee_id", ASCENDING), ("_id", ASCENDING)], name="mentee_id"),
            # The survey service re-assesses the pairs whose plans changed.
            IndexModel([("updated_at", ASCENDING)], name="updated"),
        ]


class Concern(TimestampedDocument):
    """A concern a mentee raised about their mentoring (a perfunctory mentor, say). The
    program's managers, admins and the head of the mentee's department read it; the mentor
    never does, whatever other role they hold (`mentor_id` is kept to leave them out)."""

    pair_id: PydanticObjectId
    program_id: PydanticObjectId
    mentor_id: PydanticObjectId
    mentee_id: PydanticObjectId  # who raised it
    text: str
    status: ConcernStatus = ConcernStatus.OPEN
    raised_at: datetime = Field(default_factory=utc_now)
    resolved_by_id: PydanticObjectId | None = None
    resolved_at: datetime | None = None
    resolution_note: str = ""

    class Settings:
        name = "concerns"
        validate_on_save = True
        indexes = [
            # `Pair.concerns`, and the health rule's open concerns of a batch of pairs.
            IndexModel([("pair_id", ASCENDING), ("_id", ASCENDING)], name="pair_id"),
            IndexModel([("program_id", ASCENDING), ("_id", ASCENDING)], name="program_id"),
            IndexModel([("mentee_id", ASCENDING), ("_id", ASCENDING)], name="mentee_id"),
            IndexModel([("updated_at", ASCENDING)], name="updated"),
        ]


class QualificationExam(BaseModel):
    """An apprentice's qualification exam: when, the result, and who recorded it."""

    taken_on: date
    passed: bool
    score: float | None = Field(default=None, ge=0, le=100)
    by_id: PydanticObjectId | None  # None: an admin acting without a participant record
    at: datetime = Field(default_factory=utc_now)


class ProbationRecommendation(BaseModel):
    """The mentor's recommendation, and (for an extension) the decision on it."""

    decision: ProbationDecision
    extend_by_months: int | None = Field(default=None, ge=1)
    reason: str = ""
    by_id: PydanticObjectId
    at: datetime = Field(default_factory=utc_now)
    status: RecommendationStatus = RecommendationStatus.PENDING
    decided_by_id: PydanticObjectId | None = None
    decided_at: datetime | None = None
    decision_comment: str = ""


class Probation(BaseModel):
    """An apprentice's probation: its end (moved by accepted extensions), the exams and the
    mentor's recommendations in order, and the outcome they add up to. `settled_on` is the
    day the current outcome was recorded, None while it may still change (no outcome yet, or
    an extension under way)."""

    ends_on: date
    extended_months: int = Field(default=0, ge=0)
    exams: list[QualificationExam] = Field(default_factory=list)
    recommendations: list[ProbationRecommendation] = Field(default_factory=list)
    outcome: PairOutcome | None = None
    settled_on: date | None = None
    # What it waits for, kept by `shared.apprenticeship.probation` at every step and stored so
    # lists of apprenticeships filter on it.
    stage: ProbationStage = ProbationStage.EXAM_DUE
