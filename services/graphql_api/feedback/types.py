"""GraphQL types of feedback: aggregates, trends, insights, rounds, pair health."""

from datetime import date, datetime
from typing import Any, Optional

import strawberry
from bson import ObjectId

from services.graphql_api.core.connections import After, Connection, First, connection_of_list
from services.graphql_api.core.enums import (
    Audience,
    CommentIntent,
    CommentTheme,
    HealthReasonCode,
    HealthStatus,
    QuestionKind,
    Role,
    RoundStatus,
    SentimentLabel,
    SurveyCadence,
    graphql_enum,
)
from services.graphql_api.core.ids import to_global_id
from services.graphql_api.core.node import Node
from shared.enums import DescribedEnum
from shared.feedback.rates import InvitationCounts
from shared.feedback.reports import Availability

graphql_enum(Availability, "Whether figures can be shown, and if not, why.")


class Granularity(DescribedEnum):
    """The length of one trend period."""

    MONTH = "MONTH", "A calendar month."
    QUARTER = "QUARTER", "A calendar quarter."


graphql_enum(Granularity, "The length of one trend period.")


def known_themes(themes: list[str]) -> list[CommentTheme]:
    """Stored theme names as the vocabulary's values (a name the vocabulary no longer has,
    from an older scorer, is left out)."""
    return [CommentTheme(theme) for theme in themes if theme in CommentTheme.__members__]


@strawberry.type(description="Comments in one language the sentiment scorer does not read.")
class LanguageCount:
    language: str = strawberry.field(description='ISO 639-1 code, such as "zh"; "und" unknown.')
    comments: int = strawberry.field(description="Comments not scored.")


@strawberry.type(
    description="Satisfaction from the released survey rounds that opened in a range. A "
    "round is released once it closes; while a round is open only how many answered is "
    "shown (`pendingRounds`), so the figures stay up and never move with a single answer. "
    "Each round and role counts only when at least the program's minimum group size of "
    "distinct people answered in it; the comment figures need as many distinct commenters."
)
class SatisfactionSummary:
    availability: Availability = strawberry.field(description="Whether the numbers are shown.")
    responses: int | None = strawberry.field(description="Responses counted.")
    average_score: float | None = strawberry.field(description="Mean satisfaction, 1 to 5.")
    nps: float | None = strawberry.field(
        description="Net promoter score: % promoters (9-10) minus % detractors (0-6)."
    )
    positive_share: float | None = strawberry.field(description="Share of positive comments.")
    negative_share: float | None = strawberry.field(
        description="Share of negative comments (suggestions are not negative)."
    )
    suggestion_share: float | None = strawberry.field(
        description="Share of comments that are suggestions."
    )
    comments_not_scored: list[LanguageCount] = strawberry.field(
        description="Comments counted but not scored, by language."
    )
    response_rate: float | None = strawberry.field(
        description="Answered invitations over invitations of every round in the range, "
        "released or pending."
    )
    rounds_covered: list["SurveyRound"] = strawberry.field(
        description="The released rounds the figures are made from, oldest first."
    )
    pending_rounds: list["SurveyRound"] = strawberry.field(
        description="Rounds in the range whose answers are not in the figures yet."
    )


@strawberry.type(
    description="Feedback from the released rounds that opened in one period; null numbers "
    "when not shown."
)
class TrendPoint:
    period: str = strawberry.field(description='"2026-11" or "2026-Q4".')
    starts_on: date = strawberry.field(description="First day of the period.")
    availability: Availability = strawberry.field(description="Whether the numbers are shown.")
    responses: int | None = strawberry.field(description="Responses counted.")
    average_score: float | None = strawberry.field(description="Mean satisfaction, 1 to 5.")
    nps: float | None = strawberry.field(description="Net promoter score.")
    average_polarity: float | None = strawberry.field(
        description="Mean comment sentiment, -1 to 1."
    )
    negative_share: float | None = strawberry.field(description="Share of negative comments.")
    response_rate: float | None = strawberry.field(
        description="Answered over invited for rounds opened in the period."
    )
    rounds_covered: int = strawberry.field(description="Released rounds in the figures.")
    rounds_pending: int = strawberry.field(description="Rounds not released yet.")


@strawberry.type(description="What respondents said about one theme in the latest released round.")
class ThemeInsight:
    theme: CommentTheme = strawberry.field(description="The theme.")
    mentions: int = strawberry.field(description="Comments mentioning it.")
    negative_mentions: int = strawberry.field(description="Of those, negative ones.")
    suggestions: int = strawberry.field(description="Of those, suggestions.")
    average_polarity: float = strawberry.field(description="Mean sentiment, -1 to 1.")
    change_since_previous: float | None = strawberry.field(
        description="Change of the mean sentiment since the previous released round; null "
        "when the theme is not shown there."
    )


@strawberry.type(description="Participation in one survey round.")
class RoundResponseRate:
    label: str = strawberry.field(description="The round's label.")
    opens_at: datetime = strawberry.field(description="When it opened.")
    response_rate: float | None = strawberry.field(description="Answered over invited.")


@strawberry.type(description="What to look at in a program, from its feedback and goals.")
class ProgramInsights:
    latest_round: Optional["SurveyRound"] = strawberry.field(
        description="The latest released round with figures to show (enough people answered), "
        "which the themes describe; null before there is one."
    )
    previous_round: Optional["SurveyRound"] = strawberry.field(
        description="The shown released round before it, which the changes compare with."
    )
    availability: Availability = strawberry.field(
        description="Whether the latest round's themes can be shown."
    )
    themes: list[ThemeInsight] = strawberry.field(
        description="Themes ranked by negative mentions; empty when not shown."
    )
    response_rates: list[RoundResponseRate] = strawberry.field(
        description="Response rate of each round, oldest first."
    )
    at_risk_pairs: int = strawberry.field(description="Active pairs flagged AT_RISK.")
    goal_achievement_rate: float | None = strawberry.field(
        description="Achieved goals over goals not dropped."
    )


@strawberry.type(description="How many chose one value or option.")
class OptionCount:
    value: str = strawberry.field(description='The value ("1" to "5", "0" to "10") or option.')
    count: int = strawberry.field(description="How many chose it.")


@strawberry.type(
    description="How one side answered a scale or choice question in a released round. The "
    "distribution is null unless at least the program's minimum group size of people "
    "answered it and the side's other respondents are none or as many."
)
class QuestionResult:
    role: Role = strawberry.field(description="Who was asked.")
    question_id: str = strawberry.field(description="The question's id in its template.")
    prompt: str = strawberry.field(description="The question as asked.")
    kind: QuestionKind = strawberry.field(description="How it is answered.")
    audience: Audience = strawberry.field(description="Who its answers were promised to.")
    availability: Availability = strawberry.field(description="Whether the counts are shown.")
    answerers: int | None = strawberry.field(description="People who answered it.")
    distribution: list[OptionCount] | None = strawberry.field(
        description="Counts per value or option, in the order shown to respondents."
    )


@strawberry.type(description="A confidential comment, without person, pair or time.")
class ReleasedComment:
    text: str = strawberry.field(description="The words as written.")
    sentiment: SentimentLabel = strawberry.field(description="How it reads.")
    polarity: float = strawberry.field(description="Sentiment from -1 to 1 (0 if not scored).")
    intent: CommentIntent = strawberry.field(description="Suggestion, problem or comment.")
    language: str = strawberry.field(description="ISO 639-1 code of its language.")
    themes: list[CommentTheme] = strawberry.field(description="Themes it mentions.")


@strawberry.type(
    description="The answers to one confidential text question of a released round, shuffled. "
    "Null comments unless at least the program's minimum group size of people wrote one."
)
class ConfidentialCommentList:
    round_id: strawberry.Private[ObjectId]
    shown: strawberry.Private[list[ReleasedComment] | None]
    question_id: str = strawberry.field(description="The question's id in its template.")
    prompt: str = strawberry.field(description="The question as asked.")
    availability: Availability = strawberry.field(description="Whether the comments are shown.")

    @strawberry.field(
        description="The comments in random order, the same on every page; null while withheld."
    )
    def comments(
        self, first: First = 20, after: After = None
    ) -> Connection[ReleasedComment] | None:
        if self.shown is None:
            return None
        list_name = f"ConfidentialCommentList.comments:{self.question_id}"
        return connection_of_list(self.shown, first, after, list_name, self.round_id)


@strawberry.type(description="One reason behind a pair's health.")
class HealthReasonType:
    code: HealthReasonCode = strawberry.field(description="The reason, for programs.")
    detail: str = strawberry.field(description="The reason in words.")


@strawberry.type(description="A pair's latest health assessment.")
class PairHealthType:
    status: HealthStatus = strawberry.field(description="HEALTHY, WATCH or AT_RISK.")
    reasons: list[HealthReasonType] = strawberry.field(description="Why, when not healthy.")
    updated_at: datetime = strawberry.field(description="When it was last assessed (UTC).")


@strawberry.type(description="The answer to one program-team question.")
class AnswerShown:
    question_id: str = strawberry.field(description="The question's id in its template.")
    prompt: str = strawberry.field(description="The question as asked.")
    kind: QuestionKind = strawberry.field(description="How it is answered.")
    values: list[str] = strawberry.field(
        description="The answer: one value, or the options chosen; the text for TEXT."
    )


@strawberry.type(description="A comment to the program team, with how it reads.")
class PairComment:
    question_id: str = strawberry.field(description="The question's id in its template.")
    prompt: str = strawberry.field(description="The question as asked.")
    text: str = strawberry.field(description="The words as written.")
    sentiment: SentimentLabel = strawberry.field(description="How it reads.")
    polarity: float = strawberry.field(description="Sentiment from -1 to 1 (0 if not scored).")
    intent: CommentIntent = strawberry.field(description="Suggestion, problem or comment.")
    language: str = strawberry.field(description="ISO 639-1 code of its language.")
    themes: list[CommentTheme] = strawberry.field(description="Themes it mentions.")


@strawberry.type(
    description="One side's program-team answers in a round. Confidential answers (such as "
    "the program NPS) are never here."
)
class SideFeedback:
    role: Role = strawberry.field(description="Who answered.")
    satisfaction: float | None = strawberry.field(description="Satisfaction, 1 to 5.")
    comment_polarity: float | None = strawberry.field(
        description="Mean sentiment of their scored program-team comments, -1 to 1; null "
        "without any."
    )
    answers: list[AnswerShown] = strawberry.field(description="Their program-team answers.")
    comments: list[PairComment] = strawberry.field(description="Their program-team comments.")
    submitted_at: datetime = strawberry.field(description="When they answered.")


@strawberry.type(description="A pair's program-team feedback in one round.")
class PairFeedbackRound:
    round_label: str = strawberry.field(description="The round.")
    opens_at: datetime | None = strawberry.field(description="When the round opened.")
    answers: list[SideFeedback] = strawberry.field(description="Each side that answered.")


@strawberry.type(
    description="A wave of surveys sent to a program's active pairs; admins and the program's "
    "managers only."
)
class SurveyRound(Node):
    db_id: strawberry.Private[ObjectId]
    program_id: strawberry.Private[ObjectId]
    label: str = strawberry.field(description="Its label.")
    opens_at: datetime = strawberry.field(description="When links start working.")
    closes_at: datetime = strawberry.field(description="When links expire.")
    status: RoundStatus = strawberry.field(description="OPEN or CLOSED.")
    invited: int = strawberry.field(description="Invitations sent.")
    submitted: int = strawberry.field(description="Invitations answered.")
    response_rate: float | None = strawberry.field(description="Answered over invited.")
    released_at: datetime | None = strawberry.field(
        description="When its results were added up, after it closed; null before."
    )

    @classmethod
    def from_doc(cls, doc: dict[str, Any], counts: InvitationCounts) -> "SurveyRound":
        """The round with its invitations counted (of one side, or of both)."""
        return cls(
            id=to_global_id("SurveyRound", doc["_id"]),
            db_id=doc["_id"],
            program_id=doc["program_id"],
            label=doc["label"],
            opens_at=doc["opens_at"],
            closes_at=doc["closes_at"],
            status=doc["status"],
            invited=counts.invited,
            submitted=counts.submitted,
            response_rate=counts.response_rate,
            released_at=doc.get("released_at"),
        )

    def owning_program_id(self) -> ObjectId:
        """The round's program: its managers see the round."""
        return self.program_id


@strawberry.type(
    description="When a program's check-in rounds go out. A periodic cadence launches one "
    "round per calendar month, quarter or half-year, at its start, from the first whole period "
    "of the program on; a round launched by hand counts for its period. END_OF_PROGRAM "
    "programs get only the survey at the end of each pair."
)
class SurveySchedule:
    cadence: SurveyCadence = strawberry.field(description="How often rounds go out.")
    last_round_at: datetime | None = strawberry.field(
        description="When the latest check-in round opened; null before the first."
    )
    next_round_at: datetime | None = strawberry.field(
        description="When the next round is due (a past time: due now, launched within "
        "minutes); null when none will be: not active, no periodic cadence, or past the end."
    )
