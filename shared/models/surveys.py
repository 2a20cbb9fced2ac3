"""Survey templates, rounds, personal invitations and the responses they collect."""

from datetime import datetime

from beanie import PydanticObjectId
from pydantic import BaseModel, Field
from pymongo import ASCENDING, DESCENDING, IndexModel

from shared.enums import (
    Audience,
    CommentIntent,
    InvitationState,
    QuestionKind,
    Role,
    RoundStatus,
    SentimentLabel,
    SurveyKind,
    TextInvites,
)
from shared.models.base import TimestampedDocument


class Question(BaseModel):
    """One question of a survey template."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    kind: QuestionKind
    prompt: str
    required: bool = True
    counts_toward_satisfaction: bool = False
    options: list[str] = Field(default_factory=list)
    scale_max: int | None = None  # RATING: 1..scale_max
    low_label: str = ""
    high_label: str = ""
    max_length: int | None = None  # TEXT
    # Unless declared, an answer is CONFIDENTIAL: the narrower promise.
    audience: Audience = Audience.CONFIDENTIAL
    invites: TextInvites = TextInvites.OPEN  # TEXT: what the answer is asked for


class SurveyTemplate(TimestampedDocument):
    """A versioned questionnaire for one audience. Versions used by a round are never edited."""

    key: str
    version: int = Field(default=1, ge=1)
    audience: Role
    kind: SurveyKind = SurveyKind.CHECK_IN
    title: str
    introduction: str = ""
    questions: list[Question]
    is_current: bool = True

    class Settings:
        name = "survey_templates"
        validate_on_save = True
        indexes = [
            IndexModel(
                [("key", ASCENDING), ("version", DESCENDING)], unique=True, name="key_version"
            ),
        ]


class SurveyRound(TimestampedDocument):
    """One wave of surveys: a check-in of a program's active pairs, or the end-of-program
    surveys of the pairs that ended in one month. A round made by the scheduler carries the
    period it is for (`schedule_key`), unique per program, so no period gets two."""

    program_id: PydanticObjectId
    label: str
    kind: SurveyKind = SurveyKind.CHECK_IN
    opens_at: datetime
    closes_at: datetime
    status: RoundStatus = RoundStatus.OPEN
    template_ids: dict[str, PydanticObjectId] = Field(default_factory=dict)  # by role
    created_by_id: PydanticObjectId | None = None
    schedule_key: str | None = None  # "CHECK_IN:2026-Q4", "END_OF_PROGRAM:2026-11"
    closed_at: datetime | None = None
    released_at: datetime | None = None  # closed and added up: see `RoundResult`

    class Settings:
        name = "survey_rounds"
        validate_on_save = True
        indexes = [
            IndexModel([("program_id", ASCENDING), ("opens_at", DESCENDING)], name="program_opens"),
            # A program's rounds page by page, the earliest opened first (GraphQL).
            IndexModel(
                [("program_id", ASCENDING), ("opens_at", ASCENDING), ("_id", ASCENDING)],
                name="program_opens_id",
            ),
            IndexModel([("status", ASCENDING), ("closes_at", ASCENDING)], name="status_closes"),
            IndexModel([("status", ASCENDING), ("released_at", ASCENDING)], name="status_released"),
            IndexModel(
                [("program_id", ASCENDING), ("schedule_key", ASCENDING)],
                unique=True,
                partialFilterExpression={"schedule_key": {"$type": "string"}},
                name="program_schedule_unique",
            ),
        ]


class Invitation(TimestampedDocument):
    """A personal, single-use survey link. Only the SHA-256 hash of its token is stored. A
    round invites each side of a pair once."""

    round_id: PydanticObjectId
    program_id: PydanticObjectId
    pair_id: PydanticObjectId
    participant_id: PydanticObjectId  # who answers
    subject_id: PydanticObjectId  # whom the survey is about: the counterpart
    role: Role
    kind: SurveyKind = SurveyKind.CHECK_IN
    template_id: PydanticObjectId
    token_hash: str
    state: InvitationState = InvitationState.PENDING
    opens_at: datetime | None = None  # the round's; None on links made before it was kept
    expires_at: datetime
    opened_at: datetime | None = None
    submitted_at: datetime | None = None
    revoked_at: datetime | None = None
    reminders_sent: int = 0
    last_reminded_at: datetime | None = None
    link_issued_at: datetime | None = None  # the current link; earlier ones no longer work
    last_mailed_at: datetime | None = None
    delivery_error: str = ""  # why the last message was not accepted; empty once one is
    # While a replica delivers a reminder (see services/surveys/delivery.py).
    reminder_claimed_until: datetime | None = None

    class Settings:
        name = "invitations"
        validate_on_save = True
        indexes = [
            IndexModel([("token_hash", ASCENDING)], unique=True, name="token_hash_unique"),
            IndexModel(
                [("round_id", ASCENDING), ("pair_id", ASCENDING), ("role", ASCENDING)],
                unique=True,
                name="round_pair_role_unique",
            ),
            IndexModel([("pair_id", ASCENDING), ("created_at", DESCENDING)], name="pair_created"),
        ]


class Answer(BaseModel):
    """The answer to one question: a number, a text or a list of choices."""

    question_id: str
    value: int | float | str | list[str] | None


class ThemeMention(BaseModel):
    """A theme a comment mentions, with the sentiment of the sentences that mention it."""

    theme: str
    polarity: float


class TextSentiment(BaseModel):
    """The scored sentiment of one free-text answer, how it reads (a suggestion, a problem
    reported, a comment) and who may see it. A text in a language the scorer does not read
    is NOT_SCORED, with polarity 0, and keeps its detected language."""

    question_id: str
    polarity: float = Field(ge=-1, le=1)
    subjectivity: float = Field(ge=0, le=1)
    label: SentimentLabel
    confidence: float = Field(ge=0, le=1)
    themes: list[ThemeMention] = Field(default_factory=list)
    language: str = "en"  # ISO 639-1 code of the detected language
    intent: CommentIntent = CommentIntent.COMMENT
    audience: Audience = Audience.CONFIDENTIAL  # the question's, when answered


class SurveyResponse(TimestampedDocument):
    """One submitted survey. There is at most one per invitation."""

    invitation_id: PydanticObjectId
    round_id: PydanticObjectId
    program_id: PydanticObjectId
    pair_id: PydanticObjectId
    respondent_id: PydanticObjectId
    mentor_id: PydanticObjectId
    role: Role
    template_id: PydanticObjectId
    template_version: int
    answers: list[Answer]
    satisfaction: float | None = Field(default=None, ge=1, le=5)  # mean of counting questions
    satisfaction_normalized: float | None = Field(default=None, ge=0, le=1)
    nps: int | None = Field(default=None, ge=0, le=10)
    sentiments: list[TextSentiment] = Field(default_factory=list)
    scorer_version: str = ""
    submitted_at: datetime

    class Settings:
        name = "responses"
        validate_on_save = True
        indexes = [
            IndexModel([("invitation_id", ASCENDING)], unique=True, name="invitation_unique"),
            IndexModel(
                [("program_id", ASCENDING), ("submitted_at", ASCENDING)], name="program_submitted"
            ),
            IndexModel(
                [("pair_id", ASCENDING), ("submitted_at", ASCENDING)], name="pair_submitted"
            ),
            IndexModel([("round_id", ASCENDING)], name="round"),
        ]
