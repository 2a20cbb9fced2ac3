"""The talent reserve: what an application holds, the objections raised while an admission is
announced, the members' development activities, their quarterly reports, their tutors'
quarterly assessments, and the year's selection of outstanding members."""

from datetime import date, datetime
from typing import Annotated, Any

from beanie import PydanticObjectId
from pydantic import AfterValidator, BaseModel, Field
from pymongo import ASCENDING, DESCENDING, IndexModel

from shared.enums import (
    DevelopmentActivityKind,
    DevelopmentPeriod,
    ObjectionStatus,
    YearEndComponent,
)
from shared.models.base import TimestampedDocument, utc_now
from shared.talent.evaluation import WEIGHTS

DEFAULT_PUBLICITY_DAYS = 7


class DevelopmentPlan(BaseModel):
    """The personal development plan filed with an application."""

    goals: list[str] = Field(default_factory=list)
    activities: list[str] = Field(default_factory=list)


class TalentApplication(BaseModel):
    """A talent-reserve application form: the echelon applied for and why."""

    echelon: int = Field(ge=1, le=3)
    motivation: str
    development_plan: DevelopmentPlan


class DevelopmentMinimum(BaseModel):
    """What a program expects of every member: at least `count` activities of `kind` in
    each `per` period of membership."""

    kind: DevelopmentActivityKind
    count: int = Field(default=1, ge=1, le=100)
    per: DevelopmentPeriod


def _one_per_kind(minimums: list[DevelopmentMinimum]) -> list[DevelopmentMinimum]:
    kinds = [minimum.kind for minimum in minimums]
    if len(set(kinds)) != len(kinds):
        raise ValueError("give at most one minimum per kind of activity")
    return minimums


DevelopmentMinimums = Annotated[
    list[DevelopmentMinimum],
    Field(max_length=len(DevelopmentActivityKind)),
    AfterValidator(_one_per_kind),
]


def minimums_of(stored: list[dict[str, Any]] | None) -> list[DevelopmentMinimum]:
    """A stored program's minimums (the defaults for one stored before they existed)."""
    if stored is None:
        return default_development_minimums()
    return [DevelopmentMinimum.model_validate(minimum) for minimum in stored]


def default_development_minimums() -> list[DevelopmentMinimum]:
    """The reserve's policy: internal training every quarter, external training every year."""
    return [
        DevelopmentMinimum(
            kind=DevelopmentActivityKind.INTERNAL_TRAINING, count=1, per=DevelopmentPeriod.QUARTER
        ),
        DevelopmentMinimum(
            kind=DevelopmentActivityKind.EXTERNAL_TRAINING, count=1, per=DevelopmentPeriod.YEAR
        ),
    ]


class EnrollmentObjection(TimestampedDocument):
    """An employee's objection to an admission announced in its publicity period; HR
    upholds it (the admission is rejected) or dismisses it."""

    enrollment_id: PydanticObjectId
    program_id: PydanticObjectId
    participant_id: PydanticObjectId  # the person admitted
    by_id: PydanticObjectId
    reason: str
    status: ObjectionStatus = ObjectionStatus.PENDING
    decided_by_id: PydanticObjectId | None = None
    decided_at: datetime | None = None
    decision_note: str = ""

    class Settings:
        name = "enrollment_objections"
        validate_on_save = True
        indexes = [
            IndexModel([("enrollment_id", ASCENDING), ("_id", ASCENDING)], name="enrollment_id"),
        ]


class YearEndWeight(BaseModel):
    """How much one part counts in a talent reserve's year-end score."""

    component: YearEndComponent
    weight: float = Field(ge=0, le=1)


def _weighed(weights: list[YearEndWeight]) -> list[YearEndWeight]:
    components = [w.component for w in weights]
    if len(set(components)) != len(components):
        raise ValueError("give each part of the score at most one weight")
    if not any(w.weight > 0 for w in weights):
        raise ValueError("at least one part of the score must weigh more than 0")
    return weights


YearEndWeights = Annotated[
    list[YearEndWeight],
    Field(min_length=1, max_length=len(YearEndComponent)),
    AfterValidator(_weighed),
]


def default_year_end_weights() -> list[YearEndWeight]:
    """The policy's composite (`shared.talent.evaluation.WEIGHTS`)."""
    return [YearEndWeight(component=c, weight=w) for c, w in WEIGHTS.items()]


def weights_of(stored: list[dict[str, Any]] | None) -> dict[YearEndComponent, float]:
    """A stored program's weights by part (a part it leaves out weighs 0; the defaults for a
    program stored before weights could be set)."""
    if stored is None:
        return dict(WEIGHTS)
    return {YearEndComponent(w["component"]): float(w["weight"]) for w in stored}


class ActivityCorrection(BaseModel):
    """A correction of a logged activity: who made it, when, and what it said before."""

    by_id: PydanticObjectId | None  # None: an admin acting without a participant record
    at: datetime = Field(default_factory=utc_now)
    kind: DevelopmentActivityKind
    title: str
    started_on: date
    ended_on: date
    hours: float
    note: str = ""


class DevelopmentActivity(TimestampedDocument):
    """Something a member did to develop: it counts in the quarter it ended. A correction keeps
    what it replaced in `corrections`; a removed activity moves to `RemovedDevelopmentActivity`."""

    enrollment_id: PydanticObjectId
    program_id: PydanticObjectId
    participant_id: PydanticObjectId
    kind: DevelopmentActivityKind
    title: str
    started_on: date
    ended_on: date
    hours: float = Field(ge=0, le=2000)
    note: str = ""
    logged_by_id: PydanticObjectId | None  # None: an admin acting without a participant record
    corrections: list[ActivityCorrection] = Field(default_factory=list)

    class Settings:
        name = "development_activities"
        validate_on_save = True
        indexes = [
            # A member's activities, the latest first (`TalentPoolMember.developmentActivities`).
            IndexModel(
                [("enrollment_id", ASCENDING), ("ended_on", DESCENDING), ("_id", DESCENDING)],
                name="enrollment_ended_on",
            ),
            # A program's activities of a year, counted per member (due lists, evaluation).
            IndexModel([("program_id", ASCENDING), ("ended_on", ASCENDING)], name="program_ended"),
        ]


class RemovedDevelopmentActivity(TimestampedDocument):
    """An activity removed from a member's record (logged by mistake, or twice): kept as it
    was, with who removed it, when and why. It no longer counts anywhere."""

    activity_id: PydanticObjectId
    enrollment_id: PydanticObjectId
    program_id: PydanticObjectId
    activity: dict[str, Any]  # as it was stored
    removed_by_id: PydanticObjectId | None
    removed_at: datetime = Field(default_factory=utc_now)
    reason: str

    class Settings:
        name = "removed_development_activities"
        validate_on_save = True
        indexes = [
            IndexModel([("activity_id", ASCENDING)], unique=True, name="activity_unique"),
            IndexModel([("enrollment_id", ASCENDING), ("_id", ASCENDING)], name="enrollment_id"),
        ]


def _quarterly_indexes() -> list[IndexModel]:
    return [
        IndexModel(
            [("enrollment_id", ASCENDING), ("quarter", ASCENDING)],
            unique=True,
            name="enrollment_quarter_unique",
        ),
        IndexModel([("program_id", ASCENDING), ("quarter", ASCENDING)], name="program_quarter"),
    ]


class QuarterlyRecord(TimestampedDocument):
    """What a member's record holds once a quarter: whose, which quarter, when it was last
    submitted, whether by its due date, and how many times."""

    enrollment_id: PydanticObjectId
    program_id: PydanticObjectId
    participant_id: PydanticObjectId
    quarter: str  # "2026-Q2"
    submitted_at: datetime = Field(default_factory=utc_now)
    on_time: bool = True
    revision: int = 1


class ProgressReport(QuarterlyRecord):
    """A member's work-and-study report for one quarter; one per member and quarter."""

    work: str
    study: str
    next_steps: str
    submitted_by_id: PydanticObjectId

    class Settings:
        name = "progress_reports"
        validate_on_save = True
        indexes = _quarterly_indexes()


class Rating(BaseModel):
    """A tutor's score for one competency, 1 (far below expectations) to 5 (far above)."""

    competency: str
    score: int = Field(ge=1, le=5)


class MentorAssessment(QuarterlyRecord):
    """A tutor's assessment of a member for one quarter; one per member and quarter."""

    tutor_id: PydanticObjectId
    ratings: list[Rating]
    comment: str = ""

    class Settings:
        name = "mentor_assessments"
        validate_on_save = True
        indexes = _quarterly_indexes()


class SelectionRecord(BaseModel):
    """One version of a year's selection: whom, why, who chose and when."""

    participant_ids: list[PydanticObjectId]
    note: str = ""
    by_id: PydanticObjectId | None = None
    at: datetime = Field(default_factory=utc_now)


class OutstandingSelection(TimestampedDocument):
    """The outstanding members of a program's year, as HR or top management chose them; a
    new choice replaces the current one and keeps it in `history`."""

    program_id: PydanticObjectId
    year: int
    current: SelectionRecord
    history: list[SelectionRecord] = Field(default_factory=list)

    class Settings:
        name = "outstanding_selections"
        validate_on_save = True
        indexes = [
            IndexModel(
                [("program_id", ASCENDING), ("year", ASCENDING)],
                unique=True,
                name="program_year_unique",
            ),
        ]
