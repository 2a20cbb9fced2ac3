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

from shared.enums import (
    GoalStatus,
    PairOutcome,
    ProgramFormat,
    ProgramKind,
    Role,
    SurveyCadence,
)
from shared.models.programs import MIN_GROUP_SIZE_FLOOR

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


class EnrollmentApply(_Input):
    program_id: PydanticObjectId
    participant_id: PydanticObjectId
    role: Role


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
    outcome: PairOutcome
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
