"""Programs, and the enrollments through which participants join them."""

from datetime import date, datetime

from beanie import PydanticObjectId
from pydantic import BaseModel, Field
from pymongo import ASCENDING, IndexModel

from shared.enums import (
    EnrollmentStatus,
    ProgramFormat,
    ProgramKind,
    ProgramStatus,
    Role,
    SurveyCadence,
)
from shared.matching import MatchingRules
from shared.models.apprenticeship import DEFAULT_PROBATION_MONTHS, MAX_PROBATION_MONTHS
from shared.models.base import TimestampedDocument, utc_now
from shared.models.talent import (
    DEFAULT_PUBLICITY_DAYS,
    DevelopmentMinimums,
    TalentApplication,
    YearEndWeights,
    default_development_minimums,
    default_year_end_weights,
)

# Enrollments that still disclose a person's private fields to the program's managers.
DISCLOSING_STATUSES = (
    EnrollmentStatus.APPLIED,
    EnrollmentStatus.RECOMMENDED,
    EnrollmentStatus.HR_REVIEWED,
    EnrollmentStatus.APPROVED,
    EnrollmentStatus.PUBLISHED,
)
MIN_GROUP_SIZE_FLOOR = 3
DEFAULT_MIN_GROUP_SIZE = 5


class RecognitionRules(BaseModel):
    """How a program ranks its mentors. The score is the weighted mean of the components a
    mentor has data for, each from 0 to 1:

    - satisfaction: their mentees' mean satisfaction, (score - 1) / 4;
    - positive comments: the share of their mentees' comments that are positive;
    - goals: the share of their pairs' goals achieved (dropped goals left out);
    - passed on time: for apprenticeships, the share of their completed pairs whose apprentice
      passed on time.

    Only mentors with at least `min_responses` distinct mentees who answered in the period
    (and never fewer than the program's minimum group size) are ranked."""

    satisfaction_weight: float = Field(default=0.4, ge=0, le=1)
    positive_comment_weight: float = Field(default=0.2, ge=0, le=1)
    goals_weight: float = Field(default=0.25, ge=0, le=1)
    passed_on_time_weight: float = Field(default=0.15, ge=0, le=1)
    min_responses: int = Field(default=5, ge=1, le=1000)


class Program(TimestampedDocument):
    """A mentoring program: its objectives, rules of engagement and the people who run it."""

    name: str
    name_key: str  # lower-case name; unique, so names are unique case-insensitively
    description: str = ""
    kind: ProgramKind
    format: ProgramFormat = ProgramFormat.FORMAL
    status: ProgramStatus = ProgramStatus.DRAFT
    objectives: list[str] = Field(default_factory=list)
    competencies: list[str] = Field(default_factory=list)
    duration_months: int = Field(default=12, ge=1, le=60)
    check_in_cadence_days: int = Field(default=14, ge=1, le=365)
    survey_cadence: SurveyCadence = SurveyCadence.QUARTERLY
    min_group_size: int = Field(default=DEFAULT_MIN_GROUP_SIZE, ge=MIN_GROUP_SIZE_FLOOR)
    manager_ids: list[PydanticObjectId] = Field(default_factory=list)
    starts_on: date | None = None
    ends_on: date | None = None
    recognition: RecognitionRules = Field(default_factory=RecognitionRules)
    # Apprenticeships: months from a pair's start to the end of the apprentice's probation.
    probation_months: int = Field(default=DEFAULT_PROBATION_MONTHS, ge=1, le=MAX_PROBATION_MONTHS)
    # Talent reserve: how long an admission is announced before it is published, and the
    # development each member is expected to show.
    publicity_days: int = Field(default=DEFAULT_PUBLICITY_DAYS, ge=1, le=90)
    development_minimums: DevelopmentMinimums = Field(default_factory=default_development_minimums)
    # How much each part counts in the year-end score of its members.
    year_end_weights: YearEndWeights = Field(default_factory=default_year_end_weights)
    # How pairs are scored and proposed; None: the defaults for the program's kind
    # (`MatchingRules.for_program_kind`).
    matching_rules: MatchingRules | None = None

    class Settings:
        name = "programs"
        validate_on_save = True
        indexes = [
            IndexModel([("name_key", ASCENDING)], unique=True, name="name_unique"),
            IndexModel([("status", ASCENDING), ("_id", ASCENDING)], name="status_id"),
            IndexModel([("kind", ASCENDING), ("_id", ASCENDING)], name="kind_id"),
            # The orders of `programs(orderBy:)` (NAME rides `name_unique`, STATUS `status_id`).
            IndexModel([("created_at", ASCENDING), ("_id", ASCENDING)], name="created_id"),
            IndexModel([("starts_on", ASCENDING), ("_id", ASCENDING)], name="starts_on_id"),
            IndexModel([("manager_ids", ASCENDING)], name="manager_ids"),
            # The survey service follows programs that changed (recognition rules).
            IndexModel([("updated_at", ASCENDING)], name="updated"),
        ]


class EnrollmentTransition(BaseModel):
    """One step in an enrollment's history: who moved it where, when and why."""

    from_status: EnrollmentStatus | None
    to_status: EnrollmentStatus
    at: datetime = Field(default_factory=utc_now)
    by_id: PydanticObjectId | None = None
    note: str = ""


class Enrollment(TimestampedDocument):
    """A participant's place in a program in one role, with the decisions that led to it."""

    program_id: PydanticObjectId
    participant_id: PydanticObjectId
    role: Role
    status: EnrollmentStatus = EnrollmentStatus.APPLIED
    recommended_by_id: PydanticObjectId | None = None
    decided_by_id: PydanticObjectId | None = None
    # Whether the program's managers may read the person's e-mail and development needs: set
    # when the person applied themselves or an admin applied or approved them, never by a
    # manager's own nomination; read only while the enrollment is open (see
    # `DISCLOSING_STATUSES`), so withdrawing or being rejected closes it again.
    disclosed_to_managers: bool = False
    history: list[EnrollmentTransition] = Field(default_factory=list)
    # Talent reserve (the MENTEE side): the application form; once APPROVED, the end of the
    # publicity period, and the objections still waiting for HR. `shared.talent.publication`
    # says when such an enrollment counts as PUBLISHED.
    application: TalentApplication | None = None
    publicity_ends_at: datetime | None = None
    pending_objections: int = Field(default=0, ge=0)

    class Settings:
        name = "enrollments"
        validate_on_save = True
        indexes = [
            IndexModel(
                [("program_id", ASCENDING), ("participant_id", ASCENDING), ("role", ASCENDING)],
                unique=True,
                name="program_participant_role_unique",
            ),
            IndexModel([("program_id", ASCENDING), ("_id", ASCENDING)], name="program_id"),
            IndexModel([("participant_id", ASCENDING), ("_id", ASCENDING)], name="participant_id"),
            # Admissions whose publicity period is over (the publication job).
            IndexModel(
                [("status", ASCENDING), ("publicity_ends_at", ASCENDING)], name="status_publicity"
            ),
        ]
