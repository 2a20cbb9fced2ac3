"""What the survey service derives from responses: statistics, pair health, recognition, events."""

from datetime import datetime

from beanie import PydanticObjectId
from pydantic import BaseModel, Field
from pymongo import ASCENDING, DESCENDING, IndexModel

from shared.enums import HealthStatus, PeriodKind, Role, StatScope
from shared.models.base import TimestampedDocument, utc_now


class ThemeCounts(BaseModel):
    """Mentions of one theme in a bucket, split by the sentiment of the mentioning sentences."""

    mentions: int = 0
    polarity_sum: float = 0.0
    positive: int = 0
    negative: int = 0


class FeedbackStat(TimestampedDocument):
    """Running sums for one scope (within one program) x period x respondent role, updated
    with `$inc`. A mentor in two programs has a bucket in each."""

    scope: StatScope
    scope_id: PydanticObjectId
    program_id: PydanticObjectId
    period_kind: PeriodKind
    period: str  # "2026-11" or "2026-Q4"
    role: Role
    responses: int = 0
    satisfaction_count: int = 0
    satisfaction_sum: float = 0.0
    satisfaction_sq_sum: float = 0.0
    nps_promoters: int = 0
    nps_passives: int = 0
    nps_detractors: int = 0
    text_count: int = 0
    polarity_sum: float = 0.0
    positive_count: int = 0
    negative_count: int = 0
    themes: dict[str, ThemeCounts] = Field(default_factory=dict)

    class Settings:
        name = "feedback_stats"
        validate_on_save = True
        indexes = [
            IndexModel(
                [
                    ("scope", ASCENDING),
                    ("scope_id", ASCENDING),
                    ("program_id", ASCENDING),
                    ("period_kind", ASCENDING),
                    ("period", ASCENDING),
                    ("role", ASCENDING),
                ],
                unique=True,
                name="bucket_in_program_unique",
            ),
            IndexModel([("program_id", ASCENDING)], name="program"),
        ]


class HealthReason(BaseModel):
    """Why a pair is not healthy, as a code a frontend can translate plus a sentence."""

    code: str
    detail: str


class PairHealth(TimestampedDocument):
    """The latest health assessment of one pair."""

    pair_id: PydanticObjectId
    program_id: PydanticObjectId
    status: HealthStatus = HealthStatus.HEALTHY
    reasons: list[HealthReason] = Field(default_factory=list)
    evaluated_at: datetime = Field(default_factory=utc_now)

    class Settings:
        name = "pair_health"
        validate_on_save = True
        indexes = [
            IndexModel([("pair_id", ASCENDING)], unique=True, name="pair_unique"),
            IndexModel([("program_id", ASCENDING), ("status", ASCENDING)], name="program_status"),
        ]


class Recognition(TimestampedDocument):
    """A mentor's standing in a program for one period, with the evidence behind the score."""

    program_id: PydanticObjectId
    mentor_id: PydanticObjectId
    period: str
    score: float
    rank: int = Field(ge=1)
    evidence: dict[str, float | int | None] = Field(default_factory=dict)

    class Settings:
        name = "recognitions"
        validate_on_save = True
        indexes = [
            IndexModel(
                [("program_id", ASCENDING), ("period", ASCENDING), ("mentor_id", ASCENDING)],
                unique=True,
                name="program_period_mentor_unique",
            ),
            IndexModel([("mentor_id", ASCENDING), ("period", DESCENDING)], name="mentor_period"),
        ]


class FeedbackEvent(TimestampedDocument):
    """A note that feedback arrived, for subscribers; carries no answer content."""

    program_id: PydanticObjectId
    pair_id: PydanticObjectId
    response_id: PydanticObjectId
    role: Role

    class Settings:
        name = "feedback_events"
        validate_on_save = True
        indexes = [
            IndexModel([("program_id", ASCENDING), ("created_at", DESCENDING)], name="program")
        ]


class JobLease(TimestampedDocument):
    """Who runs a periodic job now, and when it last completed: replicas take turns."""

    name: str
    holder: str | None = None
    expires_at: datetime | None = None
    last_completed_on: str | None = None  # the UTC day, "2026-11-21"

    class Settings:
        name = "job_leases"
        validate_on_save = True
        indexes = [IndexModel([("name", ASCENDING)], unique=True, name="name_unique")]
