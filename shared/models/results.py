"""What a closed survey round adds up to, computed once when the round is released.

Every figure a manager or a mentor sees about survey answers is made from these tallies, under
the rules of `shared.feedback.privacy`. A tally keeps raw counts, including the numbers of
distinct people behind them; whether it may be shown is decided when it is read (the
program's minimum group size can change).
"""

from datetime import datetime

from beanie import PydanticObjectId
from pydantic import BaseModel, Field
from pymongo import ASCENDING, IndexModel

from shared.enums import Audience, QuestionKind, Role, SurveyKind
from shared.models.base import TimestampedDocument


class ThemeTally(BaseModel):
    """Comments mentioning one theme: by how many people, and how they read."""

    people: int = 0
    mentions: int = 0
    polarity_sum: float = 0.0
    positive: int = 0
    negative: int = 0
    suggestions: int = 0


class CommentTally(BaseModel):
    """The scored comments of a group. Comments in languages the scorer does not read count
    only in `not_scored`, by language."""

    commenters: int = 0  # distinct people with at least one scored comment
    comments: int = 0
    polarity_sum: float = 0.0
    positive: int = 0
    negative: int = 0
    suggestions: int = 0
    problems: int = 0
    themes: dict[str, ThemeTally] = Field(default_factory=dict)
    not_scored: dict[str, int] = Field(default_factory=dict)


class QuestionTally(BaseModel):
    """How a scale or choice question was answered: a count per value or option."""

    question_id: str
    prompt: str
    kind: QuestionKind
    audience: Audience
    options: list[str] = Field(default_factory=list)  # the values, in the order shown
    answerers: int = 0  # distinct people
    counts: dict[str, int] = Field(default_factory=dict)


class GroupTally(BaseModel):
    """The answers of one group of people in a round. `comments` are those to program-team
    questions."""

    respondents: int = 0  # distinct people
    responses: int = 0
    satisfaction_people: int = 0  # distinct people who gave a satisfaction score
    nps_people: int = 0  # distinct people who answered the NPS question
    satisfaction_count: int = 0
    satisfaction_sum: float = 0.0
    nps_promoters: int = 0
    nps_passives: int = 0
    nps_detractors: int = 0
    comments: CommentTally = Field(default_factory=CommentTally)


class RoleTally(GroupTally):
    """One side of a program's pairs in a round, with its invitations and questions."""

    role: Role
    invited: int = 0
    confidential: CommentTally = Field(default_factory=CommentTally)  # confidential comments
    questions: list[QuestionTally] = Field(default_factory=list)


class MentorTally(GroupTally):
    """What one mentor's mentees said in a round, from program-team questions only."""

    mentor_id: PydanticObjectId
    # Who answered (never shown): thresholds over several rounds count distinct people.
    respondent_ids: list[PydanticObjectId] = Field(default_factory=list)


class ReleasedComment(BaseModel):
    """A confidential comment as released: its words and how they read, nothing else."""

    text: str
    label: str
    polarity: float
    intent: str
    language: str
    themes: list[str] = Field(default_factory=list)


class ConfidentialComments(BaseModel):
    """The answers to one confidential text question, in an order unrelated to who wrote
    them or when; each with its sentiment and themes."""

    question_id: str
    prompt: str
    commenters: int = 0  # distinct people
    comments: list[ReleasedComment] = Field(default_factory=list)


class RoundResult(TimestampedDocument):
    """A released round: closed, so no answer can join it, and added up once. Its `_id` is
    the round's."""

    program_id: PydanticObjectId
    label: str
    kind: SurveyKind
    opens_at: datetime
    closes_at: datetime
    released_at: datetime
    roles: list[RoleTally] = Field(default_factory=list)
    mentors: list[MentorTally] = Field(default_factory=list)
    confidential_comments: list[ConfidentialComments] = Field(default_factory=list)

    class Settings:
        name = "round_results"
        validate_on_save = True
        indexes = [
            IndexModel([("program_id", ASCENDING), ("opens_at", ASCENDING)], name="program_opens"),
        ]
