"""The JSON bodies of the rounds, links, templates and survey-flow endpoints under `/api/v1`:
what they take and what they send, field for field, so OpenAPI documents them as they are."""

import re
from datetime import datetime
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    field_validator,
)
from pydantic.alias_generators import to_camel

from shared.enums import (
    Audience,
    InvitationState,
    QuestionKind,
    Role,
    RoundStatus,
    SurveyKind,
    TextInvites,
)
from shared.models.surveys import Question

# Sent as `datetime.isoformat()` gives it (`+00:00`), as clients have always received it.
Timestamp = Annotated[
    datetime,
    PlainSerializer(lambda value: value.isoformat(), return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
ID_DESCRIPTION = "the database id (24 hex digits), or the GraphQL ID"


class CamelModel(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class RoundCreate(CamelModel):
    program_id: str = Field(
        min_length=1,
        max_length=100,
        description=f"The program: {ID_DESCRIPTION} of a `Program`.",
    )
    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    opens_at: datetime
    closes_at: datetime
    templates: dict[Role, str] | None = Field(
        default=None, description="Template key per audience; the check-in surveys by default."
    )

    @field_validator("opens_at", "closes_at", mode="before")
    @classmethod
    def _rfc3339(cls, value: object) -> object:
        # Not a number of seconds, nor a time without its zone: what the schema says.
        if not (isinstance(value, str) and RFC3339.match(value)):
            raise ValueError("give a date and time with its zone, e.g. 2026-12-01T09:00:00Z")
        return value


class RoundPublic(CamelModel):
    """A round and how far it has got."""

    id: str = Field(description="The round's database id.")
    global_id: str = Field(description="The round's GraphQL ID (`SurveyRound.id`).")
    program_id: str
    program_global_id: str = Field(description="The program's GraphQL ID.")
    label: str
    opens_at: Timestamp
    closes_at: Timestamp
    status: RoundStatus
    invited: int = Field(description="Invitations sent, less those revoked.")
    submitted: int
    by_state: dict[InvitationState, int] = Field(description="Invitations by state.")
    response_rate: float | None = Field(description="Submitted per invited, 0-1; null at 0.")
    released_at: Timestamp | None = Field(description="When its figures were released.")


class LinkPublic(CamelModel):
    """A personal survey link: shown in this response only, never again."""

    invitation_id: str
    pair_id: str
    pair_global_id: str = Field(description="The pair's GraphQL ID.")
    participant_id: str
    participant_global_id: str = Field(description="The participant's GraphQL ID.")
    role: Role
    link: str = Field(description="`{MENTORSHIP_SURVEYS_PUBLIC_URL}/s/{token}`.")
    expires_at: Timestamp


class RoundLaunched(CamelModel):
    round: RoundPublic
    links: list[LinkPublic]


class RemindersSent(CamelModel):
    reminded: int = Field(description="Invitations reminded now, each with a fresh link.")
    links: list[LinkPublic]


class AnswerIn(CamelModel):
    question_id: Annotated[str, StringConstraints(max_length=40)]
    value: JsonValue = Field(
        default=None,
        description="A number for scales, a string for text and single choice, a list for "
        "multiple choice; null to leave an optional question unanswered.",
    )


class ResponseIn(CamelModel):
    answers: list[AnswerIn] = Field(max_length=100)


class ResponseStored(CamelModel):
    status: InvitationState = Field(description="Always SUBMITTED.")
    submitted_at: Timestamp


class ProgramName(CamelModel):
    name: str


class Counterpart(CamelModel):
    """Whom the survey is about: the other side of the pair."""

    name: str
    role: Role


class AudienceExplanation(CamelModel):
    audience: Audience
    explanation: str = Field(description="Who will see these answers, in words for people.")


class Privacy(CamelModel):
    summary: str
    min_group_size: int = Field(description="Confidential answers count only in groups this big.")
    audiences: list[AudienceExplanation]


class QuestionShown(CamelModel):
    """A question as the respondent sees it."""

    id: str
    kind: QuestionKind
    audience: Audience
    invites: TextInvites | None = Field(description="TEXT only: what the answer is asked for.")
    prompt: str
    required: bool
    options: list[str]
    min: int | None = Field(description="Scales only: the lowest value.")
    max: int | None = Field(description="Scales only: the highest value.")
    low_label: str
    high_label: str
    max_length: int | None = Field(description="TEXT only: the longest answer accepted.")


class SurveyShown(CamelModel):
    title: str
    introduction: str
    questions: list[QuestionShown]


class SurveyForRespondent(CamelModel):
    """The survey behind a link, with whom it is about and who will see the answers."""

    state: InvitationState
    closes_at: Timestamp
    program: ProgramName
    about: Counterpart
    privacy: Privacy
    survey: SurveyShown


class TemplatePublic(CamelModel):
    """The current version of a survey template."""

    key: str
    version: int
    audience: Role
    kind: SurveyKind
    title: str
    introduction: str
    questions: list[Question] = Field(description="As stored (snake_case fields).")
