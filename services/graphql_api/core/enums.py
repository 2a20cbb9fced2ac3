"""The domain enums, registered as GraphQL enums with their descriptions.

`strawberry.enum` marks the class itself, so the shared enums are used as they are. Each value's
description comes from the enum (`shared.enums.DescribedEnum`): what a value means is written
once, beside the value.
"""

from typing import TypeVar

import strawberry

from shared.enums import (
    Audience,
    CommentIntent,
    CommentTheme,
    DescribedEnum,
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

EnumT = TypeVar("EnumT", bound=type[DescribedEnum])


def graphql_enum(enum_class: EnumT, description: str, name: str | None = None) -> EnumT:
    """Register `enum_class` as a GraphQL enum described by `description`, each value with
    its own description. A value without one is a mistake caught at import."""
    strawberry.enum(enum_class, name=name, description=description)
    for value in enum_class.__strawberry_definition__.values:  # type: ignore[attr-defined]
        member = enum_class(value.value)
        if not member.description:
            raise ValueError(f"{enum_class.__name__}.{member.name} has no description")
        value.description = member.description
    return enum_class


graphql_enum(Role, "The side a participant takes in a program or pair.")
graphql_enum(ViewerRole, "Platform-wide roles from the access token.")
graphql_enum(ProgramKind, "The shape of a mentoring program.")
graphql_enum(ProgramFormat, "Whether the program follows a formal plan.")
graphql_enum(ProgramStatus, "DRAFT -> ACTIVE -> CLOSED.")
graphql_enum(SurveyCadence, "How often surveys go out.")
graphql_enum(
    EnrollmentStatus,
    "APPLIED -> RECOMMENDED -> APPROVED or REJECTED; WITHDRAWN at any open step. Talent "
    "reserve: APPLIED -> RECOMMENDED -> HR_REVIEWED -> APPROVED -> PUBLISHED.",
)
graphql_enum(PairStatus, "PROPOSED -> ACTIVE -> COMPLETED or ENDED_EARLY; PROPOSED -> DECLINED.")
graphql_enum(
    PairOutcome, "How a pair ended: exam outcomes for apprenticeships, goal outcomes otherwise."
)
graphql_enum(GoalStatus, "Progress state of a goal.")
graphql_enum(HealthStatus, "How a pair is doing: HEALTHY, WATCH or AT_RISK.")
graphql_enum(RoundStatus, "Survey round life cycle: OPEN -> CLOSED.")
graphql_enum(Audience, "Who sees the answers to a survey question.")
graphql_enum(QuestionKind, "How a survey question is answered.")
graphql_enum(
    SentimentLabel,
    "How a comment reads; NOT_SCORED for a language the scorer does not read.",
)
graphql_enum(CommentIntent, "What a comment is: a suggestion, a problem reported, or a comment.")
graphql_enum(CommentTheme, "What a comment is about; a comment may mention several themes.")
graphql_enum(HealthReasonCode, "Why a pair is not healthy; each value states its rule.")

__all__ = [
    "Audience",
    "CommentIntent",
    "CommentTheme",
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
    "graphql_enum",
]
