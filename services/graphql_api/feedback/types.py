"""GraphQL types of feedback: aggregates, trends, insights, rounds, pair health."""

from datetime import date, datetime
from enum import StrEnum

import strawberry

from services.graphql_api.core.enums import (
    HealthReasonCode,
    HealthStatus,
    Role,
    RoundStatus,
    SurveyCadence,
)


@strawberry.enum(description="Whether an aggregate can be shown.")
class Availability(StrEnum):
    AVAILABLE = "AVAILABLE"
    INSUFFICIENT_RESPONSES = "INSUFFICIENT_RESPONSES"
    NO_RESPONSES = "NO_RESPONSES"


@strawberry.enum(description="The length of one trend period.")
class Granularity(StrEnum):
    MONTH = "MONTH"
    QUARTER = "QUARTER"


@strawberry.type(
    description="Satisfaction over a group of responses. The numbers are null (and "
    "`availability` says INSUFFICIENT_RESPONSES) when they rest on fewer responses than the "
    "program's minimum group size, or when any month and role within holds fewer."
)
class SatisfactionSummary:
    availability: Availability = strawberry.field(description="Whether the numbers are shown.")
    responses: int | None = strawberry.field(description="Responses counted.")
    average_score: float | None = strawberry.field(description="Mean satisfaction, 1 to 5.")
    nps: float | None = strawberry.field(
        description="Net promoter score: % promoters (9-10) minus % detractors (0-6)."
    )
    positive_share: float | None = strawberry.field(description="Share of positive comments.")
    negative_share: float | None = strawberry.field(description="Share of negative comments.")
    response_rate: float | None = strawberry.field(
        description="Answered invitations over invitations of the rounds opened in the range."
    )


@strawberry.type(description="Feedback in one period; null numbers when not shown.")
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


@strawberry.type(description="What respondents said about one theme, this quarter.")
class ThemeInsight:
    theme: str = strawberry.field(
        description="MEETING_FREQUENCY, AVAILABILITY, COMMUNICATION, GOALS_AND_CAREER, "
        "SKILLS_AND_KNOWLEDGE, TRUST_AND_SUPPORT or PROGRAM_ORGANISATION."
    )
    mentions: int = strawberry.field(description="Comments mentioning it.")
    negative_mentions: int = strawberry.field(description="Of those, negative ones.")
    average_polarity: float = strawberry.field(description="Mean sentiment, -1 to 1.")
    change_since_previous: float | None = strawberry.field(
        description="Change of the mean sentiment since the previous quarter; null when that "
        "quarter is not shown."
    )


@strawberry.type(description="Participation in one survey round.")
class RoundResponseRate:
    label: str = strawberry.field(description="The round's label.")
    opens_at: datetime = strawberry.field(description="When it opened.")
    response_rate: float | None = strawberry.field(description="Answered over invited.")


@strawberry.type(description="What to look at in a program, from its feedback and goals.")
class ProgramInsights:
    quarter: str = strawberry.field(description="The quarter the themes describe.")
    availability: Availability = strawberry.field(
        description="Whether the quarter's themes can be shown."
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


@strawberry.type(description="One reason behind a pair's health.")
class HealthReasonType:
    code: HealthReasonCode = strawberry.field(description="The reason, for programs.")
    detail: str = strawberry.field(description="The reason in words.")


@strawberry.type(description="A pair's latest health assessment.")
class PairHealthType:
    status: HealthStatus = strawberry.field(description="HEALTHY, WATCH or AT_RISK.")
    reasons: list[HealthReasonType] = strawberry.field(description="Why, when not healthy.")
    updated_at: datetime = strawberry.field(description="When it was last assessed (UTC).")


@strawberry.type(description="One side's answer in a round: its score and comment sentiment.")
class SideFeedback:
    role: Role = strawberry.field(description="Who answered.")
    satisfaction: float | None = strawberry.field(description="Satisfaction, 1 to 5.")
    comment_polarity: float | None = strawberry.field(
        description="Mean sentiment of their comments, -1 to 1; null without comments."
    )
    submitted_at: datetime = strawberry.field(description="When they answered.")


@strawberry.type(description="A pair's feedback in one round (never the comment text).")
class PairFeedbackRound:
    round_label: str = strawberry.field(description="The round.")
    opens_at: datetime | None = strawberry.field(description="When the round opened.")
    answers: list[SideFeedback] = strawberry.field(description="Each side that answered.")


@strawberry.type(description="A wave of surveys sent to a program's active pairs.")
class SurveyRound:
    id: strawberry.ID = strawberry.field(description="The round's ID in the survey service.")
    label: str = strawberry.field(description="Its label.")
    opens_at: datetime = strawberry.field(description="When links start working.")
    closes_at: datetime = strawberry.field(description="When links expire.")
    status: RoundStatus = strawberry.field(description="OPEN or CLOSED.")
    invited: int = strawberry.field(description="Invitations sent.")
    submitted: int = strawberry.field(description="Invitations answered.")
    response_rate: float | None = strawberry.field(description="Answered over invited.")


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
