"""What the survey service derives from responses: pair health, recognition, and the events
and notices that carry responses to the feedback worker and to live subscribers. Figures about
answers are in `shared.models.results`."""

from datetime import datetime

from beanie import PydanticObjectId
from pydantic import BaseModel, Field
from pymongo import ASCENDING, DESCENDING, IndexModel

from shared.enums import HealthReasonCode, HealthStatus, Role
from shared.models.base import TimestampedDocument, utc_now


class HealthReason(BaseModel):
    """Why a pair is not healthy, as a code a frontend can translate plus a sentence."""

    code: HealthReasonCode
    detail: str


SEVERITY = {HealthStatus.HEALTHY: 0, HealthStatus.WATCH: 1, HealthStatus.AT_RISK: 2}


class PairHealth(TimestampedDocument):
    """The latest health assessment of one pair. `evaluated_at` orders assessments: an
    assessment never replaces one that started later."""

    pair_id: PydanticObjectId
    program_id: PydanticObjectId
    status: HealthStatus = HealthStatus.HEALTHY
    severity: int = 0  # SEVERITY[status]: lists of pairs by health sort worst first on it
    reasons: list[HealthReason] = Field(default_factory=list)
    evaluated_at: datetime = Field(default_factory=utc_now)

    class Settings:
        name = "pair_health"
        validate_on_save = True
        indexes = [
            IndexModel([("pair_id", ASCENDING)], unique=True, name="pair_unique"),
            # A program's pairs in some health states, by severity either way (GraphQL's
            # `pairs(filter: {health})`), and its at-risk count.
            IndexModel(
                [
                    ("program_id", ASCENDING),
                    ("status", ASCENDING),
                    ("severity", ASCENDING),
                    ("_id", ASCENDING),
                ],
                name="program_status_severity",
            ),
        ]


class RecognitionEvidence(BaseModel):
    """What a mentor's recognition score rests on."""

    responses: int = 0
    average_satisfaction: float | None = None
    positive_comment_share: float | None = None
    goals_achieved: int = 0
    goals_counted: int = 0
    apprentices_passed_on_time: int = 0
    apprenticeships_completed: int = 0


class Recognition(TimestampedDocument):
    """A mentor's standing in a program for one period, with the evidence behind the score.

    `rank_key` orders a program's mentors for a period (highest score first, ties by mentor
    id) as a string, so ranks are kept by walking an index range. `rules` fingerprints the
    program's rules the score was computed with; `computed_at` orders computations. The score
    rests on the program-team answers of the period's released rounds, which the program's
    managers may see anyway."""

    program_id: PydanticObjectId
    mentor_id: PydanticObjectId
    period: str
    score: float
    rank: int = Field(ge=1)
    rank_key: str = ""
    evidence: RecognitionEvidence = Field(default_factory=RecognitionEvidence)
    # The mentor sees the whole standing only when it rests on nothing they may not see (see
    # `shared.feedback.privacy`); otherwise `mentor_evidence`, without score or rank.
    shown_to_mentor: bool = True
    mentor_evidence: RecognitionEvidence | None = None
    rules: str = ""
    computed_at: datetime = Field(default_factory=utc_now)

    class Settings:
        name = "recognitions"
        validate_on_save = True
        indexes = [
            IndexModel(
                [("program_id", ASCENDING), ("period", ASCENDING), ("mentor_id", ASCENDING)],
                unique=True,
                name="program_period_mentor_unique",
            ),
            IndexModel(
                [("program_id", ASCENDING), ("period", ASCENDING), ("rank_key", ASCENDING)],
                name="program_period_rank",
            ),
            IndexModel([("mentor_id", ASCENDING), ("period", DESCENDING)], name="mentor_period"),
            # A year's standings of some programs (`outstandingCandidates`).
            IndexModel([("period", ASCENDING), ("program_id", ASCENDING)], name="period_program"),
        ]


class FeedbackEvent(TimestampedDocument):
    """The outbox: one per stored response, appended in the transaction that stores it. The
    feedback worker re-assesses the pair, notifies subscribers and deletes it; a failure
    keeps it, with a later `retry_at`. Carries no answer content. Figures about answers do
    not come from here: they are added up once per closed round (`RoundResult`)."""

    program_id: PydanticObjectId
    pair_id: PydanticObjectId
    response_id: PydanticObjectId
    role: Role
    submitted_at: datetime
    attempts: int = 0
    retry_at: datetime | None = None  # not before; None: at once
    last_error: str = ""

    class Settings:
        name = "feedback_events"
        validate_on_save = True
        # The worker walks the events in `_id` order; the collection holds only the backlog.
        indexes: list[IndexModel] = []


NOTICE_LIFETIME_SECONDS = 24 * 3600


class FeedbackNotice(TimestampedDocument):
    """Feedback arrived: which pair and which side, for live subscribers. Its `_id` is the
    event's, so a notice is written once; notices expire after a day."""

    program_id: PydanticObjectId
    pair_id: PydanticObjectId
    role: Role
    received_at: datetime

    class Settings:
        name = "feedback_notices"
        validate_on_save = True
        indexes = [
            IndexModel(
                [("created_at", ASCENDING)],
                expireAfterSeconds=NOTICE_LIFETIME_SECONDS,
                name="expire",
            )
        ]


class JobLease(TimestampedDocument):
    """Which replica runs a background job now. `epoch` grows each time the lease changes
    hands, so a replica that lost the lease cannot renew it. `last_completed_on` records daily
    jobs' last run; `watermark`, up to when a job that follows changes has looked."""

    name: str
    holder: str | None = None
    epoch: int = 0
    expires_at: datetime | None = None
    last_completed_on: str | None = None  # the UTC day, "2026-11-21"
    watermark: datetime | None = None

    class Settings:
        name = "job_leases"
        validate_on_save = True
        indexes = [IndexModel([("name", ASCENDING)], unique=True, name="name_unique")]
