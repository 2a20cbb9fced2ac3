"""The JSON body of `GET /api/v1/rounds/{id}/results`, field for field (see `exports`)."""

from pydantic import Field

from services.surveys.api_models import CamelModel, RoundPublic, Timestamp
from shared.enums import Audience, QuestionKind, Role
from shared.feedback.reports import Availability


class ThemeFigures(CamelModel):
    theme: str
    mentions: int
    negative: int
    suggestions: int
    average_polarity: float | None


class CommentFigures(CamelModel):
    """How one side's comments read, over the shown groups."""

    count: int
    positive_share: float | None
    negative_share: float | None
    suggestion_share: float | None
    average_polarity: float | None
    not_scored: dict[str, int] = Field(description="Comments not scored, by language code.")
    themes: list[ThemeFigures]


class RoleFigures(CamelModel):
    """One side's figures; each is null when withheld (see `availability`)."""

    role: Role
    invited: int
    respondents: int
    availability: Availability
    responses: int | None
    average_satisfaction: float | None
    nps: float | None
    comments: CommentFigures | None


class OptionCount(CamelModel):
    value: str
    count: int


class QuestionFigures(CamelModel):
    """A scale or choice question's answers, option by option."""

    role: Role
    question_id: str
    question: str
    kind: QuestionKind
    audience: Audience
    availability: Availability
    answerers: int | None
    distribution: list[OptionCount] | None


class CommentPublic(CamelModel):
    """A comment's words and how they read."""

    text: str
    sentiment: str
    polarity: float
    intent: str
    language: str
    themes: list[str]


class ConfidentialCommentList(CamelModel):
    """The answers to one confidential text question: shuffled, without person, pair or time."""

    question_id: str
    question: str
    availability: Availability
    comments: list[CommentPublic] | None


class TeamAnswer(CamelModel):
    question_id: str
    question: str
    values: list[str]


class TeamComment(CommentPublic):
    question_id: str
    question: str


class TeamResponse(CamelModel):
    """One response's program-team answers, with its pair and side."""

    pair_id: str
    pair_global_id: str = Field(description="The pair's GraphQL ID.")
    role: Role
    submitted_at: Timestamp
    satisfaction: float | None
    answers: list[TeamAnswer]
    comments: list[TeamComment]


class RoundResults(CamelModel):
    """What admins and the program's managers may see of a round's answers."""

    round: RoundPublic
    availability: Availability = Field(description="PENDING until the round is released.")
    min_group_size: int
    roles: list[RoleFigures]
    questions: list[QuestionFigures]
    confidential_comments: list[ConfidentialCommentList]
    program_team_answers: list[TeamResponse]
