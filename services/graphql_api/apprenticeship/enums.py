"""The apprenticeship vocabularies, registered as GraphQL enums with their descriptions."""

from services.graphql_api.core.enums import graphql_enum
from shared.enums import (
    ConcernStatus,
    MentoringPlanStatus,
    ProbationDecision,
    ProbationStage,
    RecommendationStatus,
)

graphql_enum(MentoringPlanStatus, "SUBMITTED -> APPROVED, or RETURNED -> SUBMITTED again.")
graphql_enum(ProbationDecision, "What a mentor recommends at the end of probation.")
graphql_enum(RecommendationStatus, "Where a probation recommendation stands.")
graphql_enum(ProbationStage, "What an apprentice's probation waits for.")
graphql_enum(ConcernStatus, "OPEN -> RESOLVED.")

__all__ = [
    "ConcernStatus",
    "MentoringPlanStatus",
    "ProbationDecision",
    "ProbationStage",
    "RecommendationStatus",
]
