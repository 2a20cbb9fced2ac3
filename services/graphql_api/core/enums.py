"""The domain enums, registered as GraphQL enums with their descriptions.

`strawberry.enum` marks the class itself, so the shared enums are used as they are.
"""

import strawberry

from shared.enums import (
    Audience,
    CommentIntent,
    EnrollmentStatus,
    GoalStatus,
    HealthReasonCode,
    HealthStatus,
    PairOutcome,
    PairStatus,
    ProgramFormat,
    ProgramKind,
    ProgramStatus,
    QuestionKind,
    Role,
    RoundStatus,
    SentimentLabel,
    SurveyCadence,
    ViewerRole,
)

strawberry.enum(Role, description="The side a participant takes in a program or pair.")
strawberry.enum(ViewerRole, description="Platform-wide roles from the access token.")
strawberry.enum(ProgramKind, description="The shape of a mentoring program.")
strawberry.enum(ProgramFormat, description="Whether the program follows a formal plan.")
strawberry.enum(ProgramStatus, description="DRAFT -> ACTIVE -> CLOSED.")
strawberry.enum(SurveyCadence, description="How often surveys go out.")
strawberry.enum(
    EnrollmentStatus,
    description="APPLIED -> RECOMMENDED -> APPROVED or REJECTED; WITHDRAWN at any open step.",
)
strawberry.enum(
    PairStatus, description="PROPOSED -> ACTIVE -> COMPLETED or ENDED_EARLY; PROPOSED -> DECLINED."
)
strawberry.enum(
    PairOutcome,
    description="How a pair ended: exam outcomes for apprenticeships, goal outcomes otherwise.",
)
strawberry.enum(GoalStatus, description="Progress state of a goal.")
strawberry.enum(HealthStatus, description="How a pair is doing: HEALTHY, WATCH or AT_RISK.")
strawberry.enum(RoundStatus, description="Survey round life cycle: OPEN -> CLOSED.")
strawberry.enum(
    Audience,
    description="Who sees the answers to a survey question: PROGRAM_TEAM (admins and the "
    "program's managers, with the pair; never the counterpart) or CONFIDENTIAL (only in "
    "figures over at least the program's minimum group size of people, after the round "
    "closes).",
)
strawberry.enum(QuestionKind, description="How a survey question is answered.")
strawberry.enum(
    SentimentLabel,
    description="How a comment reads; NOT_SCORED for a language the scorer does not read.",
)
strawberry.enum(
    CommentIntent,
    description="What a comment is: a SUGGESTION (an answer to an improvement question that "
    "reports no problem), a PROBLEM reported with the relationship, or another COMMENT.",
)
strawberry.enum(
    HealthReasonCode,
    description="Why a pair is not healthy: its latest satisfaction is 2 of 5 or lower "
    "(LOW_SATISFACTION), a comment to the program team reports a problem with the "
    "relationship (NEGATIVE_COMMENT; a suggestion never does), satisfaction fell "
    "by a point or more (SATISFACTION_DROP), no check-in for twice the program's cadence "
    "(NO_RECENT_CHECK_IN), goals are past their target date (OVERDUE_GOALS), or someone left "
    "the last two rounds unanswered (IGNORED_INVITATIONS).",
)

__all__ = [
    "Audience",
    "CommentIntent",
    "EnrollmentStatus",
    "GoalStatus",
    "HealthReasonCode",
    "HealthStatus",
    "PairOutcome",
    "PairStatus",
    "ProgramFormat",
    "ProgramKind",
    "ProgramStatus",
    "QuestionKind",
    "Role",
    "RoundStatus",
    "SentimentLabel",
    "SurveyCadence",
    "ViewerRole",
]
