"""Validated input of domain operations. Strings are trimmed and bounded, lists capped at 100."""

from datetime import date
from typing import Annotated

from beanie import PydanticObjectId
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    EmailStr,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from shared.apprenticeship.probation import MAX_EXTENSION_MONTHS
from shared.enums import (
    GoalStatus,
    PairOutcome,
    ProbationDecision,
    ProgramFormat,
    ProgramKind,
    Role,
    SurveyCadence,
)
from shared.feedback.periods import is_quarter
from shared.models.apprenticeship import MAX_PROBATION_MONTHS
from shared.models.programs import MIN_GROUP_SIZE_FLOOR
from shared.models.talent import DevelopmentMinimums, YearEndWeights

MAX_LIST_ITEMS = 100

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, max_length=1000)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


def _unique(values: list[str]) -> list[str]:
    """Drop repeats (ignoring case), keeping the first spelling and the order."""
    seen: set[str] = set()
    kept = []
    for value in values:
        if value.casefold() not in seen:
            seen.add(value.casefold())
            kept.append(value)
    return kept


Tags = Annotated[list[Tag], Field(max_length=MAX_LIST_ITEMS), AfterValidator(_unique)]
Ids = Annotated[list[PydanticObjectId], Field(max_length=MAX_LIST_ITEMS)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecognitionRulesChange(_Input):
    """Recognition weights and threshold to change; None keeps the current value."""

    satisfaction_weight: float | None = Field(default=None, ge=0, le=1)
    positive_comment_weight: float | None = Field(default=None, ge=0, le=1)
    goals_weight: float | None = Field(default=None, ge=0, le=1)
    passed_on_time_weight: float | None = Field(default=None, ge=0, le=1)
    min_responses: int | None = Field(default=None, ge=1, le=1000)


class ProgramFields(_Input):
    """Fields a program can be created or updated with; on update, None means unchanged."""

    name: Name | None = None
    description: LongText | None = None
    kind: ProgramKind | None = None
    format: ProgramFormat | None = None
    objectives: Tags | None = None
    competencies: Tags | None = None
    duration_months: int | None = Field(default=None, ge=1, le=60)
    check_in_cadence_days: int | None = Field(default=None, ge=1, le=365)
    survey_cadence: SurveyCadence | None = None
    min_group_size: int | None = Field(default=None, ge=MIN_GROUP_SIZE_FLOOR, le=1000)
    manager_ids: Ids | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    recognition: RecognitionRulesChange | None = None
    probation_months: int | None = Field(default=None, ge=1, le=MAX_PROBATION_MONTHS)
    publicity_days: int | None = Field(default=None, ge=1, le=90)
    development_minimums: DevelopmentMinimums | None = None
    year_end_weights: YearEndWeights | None = None

    @field_validator("ends_on")
    @classmethod
    def _after_start(cls, ends_on: date | None, info: ValidationInfo) -> date | None:
        starts_on = info.data.get("starts_on")
        if ends_on is not None and starts_on is not None and ends_on <= starts_on:
            raise ValueError("the end date must be after the start date")
        return ends_on


class ProgramCreate(ProgramFields):
    name: Name
    kind: ProgramKind


class ParticipantFields(_Input):
    """Fields of a participant; on update, None means unchanged."""

    name: Name | None = None
    email: EmailStr | None = None
    department: ShortText | None = None
    title: ShortText | None = None
    level: ShortText | None = None
    echelon: int | None = Field(default=None, ge=1, le=3)
    skills: Tags | None = None
    development_needs: Tags | None = None
    interests: Tags | None = None
    languages: Tags | None = None
    mentor_capacity: int | None = Field(default=None, ge=0, le=20)
    active: bool | None = None


class ParticipantCreate(ParticipantFields):
    name: Name
    email: EmailStr


PlanItem = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
PlanItems = Annotated[list[PlanItem], Field(min_length=1, max_length=20)]


def _quarter(text: str) -> str:
    if not is_quarter(text):
        raise ValueError('give a quarter such as "2026-Q4"')
    return text


Quarter = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_quarter)]


class DevelopmentPlanForm(_Input):
    goals: PlanItems
    activities: PlanItems


class ApplicationForm(_Input):
    """A talent-reserve application: the echelon, why, and the personal development plan."""

    echelon: int = Field(ge=1, le=3)
    motivation: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)
    ]
    development_plan: DevelopmentPlanForm


class EnrollmentApply(_Input):
    program_id: PydanticObjectId
    participant_id: PydanticObjectId
    role: Role
    application: ApplicationForm | None = None


class Recommendation(_Input):
    note: Reason = ""


class Decision(_Input):
    approve: bool
    reason: Reason = ""


class PairClosing(_Input):
    reason: Reason = ""


class PairCreate(_Input):
    program_id: PydanticObjectId
    mentor_id: PydanticObjectId
    mentee_id: PydanticObjectId


class PairCompletion(_Input):
    outcome: PairOutcome | None = None  # apprenticeships: the probation's settled outcome
    note: Reason = ""


class GoalFields(_Input):
    title: Name | None = None
    description: LongText | None = None
    competency: ShortText | None = None
    status: GoalStatus | None = None
    progress: int | None = Field(default=None, ge=0, le=100)
    target_date: date | None = None


class GoalCreate(GoalFields):
    pair_id: PydanticObjectId
    title: Name


class MilestoneAdd(_Input):
    title: Name
    due_on: date | None = None


class CheckInLog(_Input):
    pair_id: PydanticObjectId
    held_on: date
    duration_minutes: int = Field(ge=1, le=24 * 60)
    topics: Tags = Field(default_factory=list)
    notes: LongText = ""


def _required_unless(flag: str, value: str, info: ValidationInfo, message: str) -> str:
    """`value`, which must not be empty when the input's `flag` is false."""
    if not info.data.get(flag, True) and not value:
        raise ValueError(message)
    return value


class MentoringPlanSubmit(_Input):
    """A mentor's plan for one quarter of an apprenticeship."""

    pair_id: PydanticObjectId
    quarter: Quarter
    objectives: PlanItems
    activities: PlanItems
    competencies: Tags = Field(default_factory=list)


class MentoringPlanDecision(_Input):
    approve: bool
    comment: Reason = ""

    @field_validator("comment")
    @classmethod
    def _returned_with_a_comment(cls, comment: str, info: ValidationInfo) -> str:
        return _required_unless("approve", comment, info, "say what to change in the plan")


class ExamRecord(_Input):
    pair_id: PydanticObjectId
    taken_on: date
    passed: bool
    score: float | None = Field(default=None, ge=0, le=100)


class ProbationRecommend(_Input):
    pair_id: PydanticObjectId
    decision: ProbationDecision
    extend_by_months: int | None = Field(default=None, ge=1, le=MAX_EXTENSION_MONTHS)
    reason: Reason = ""

    @field_validator("extend_by_months")
    @classmethod
    def _months_with_an_extension(cls, months: int | None, info: ValidationInfo) -> int | None:
        extending = info.data.get("decision") == ProbationDecision.EXTEND
        if extending and months is None:
            raise ValueError("say by how many months to extend")
        if not extending and months is not None:
            raise ValueError("only an extension takes a number of months")
        return months

    @field_validator("reason")
    @classmethod
    def _extension_with_a_reason(cls, reason: str, info: ValidationInfo) -> str:
        if info.data.get("decision") == ProbationDecision.EXTEND and not reason:
            raise ValueError("say why probation should be extended")
        return reason


class ExtensionDecision(_Input):
    pair_id: PydanticObjectId
    approve: bool
    comment: Reason = ""

    @field_validator("comment")
    @classmethod
    def _rejected_with_a_comment(cls, comment: str, info: ValidationInfo) -> str:
        return _required_unless("approve", comment, info, "say why the extension is refused")


class ConcernRaise(_Input):
    pair_id: PydanticObjectId
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]


class ConcernResolve(_Input):
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]
