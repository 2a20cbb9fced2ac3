"""The talent reserve's vocabularies, registered as GraphQL enums with their descriptions."""

from services.graphql_api.core.enums import graphql_enum
from shared.enums import (
    DevelopmentActivityKind,
    DevelopmentPeriod,
    ObjectionStatus,
    YearEndComponent,
)

graphql_enum(
    ObjectionStatus, "An objection to an admission: PENDING -> UPHELD, DISMISSED or LAPSED."
)
graphql_enum(DevelopmentActivityKind, "How a talent-reserve member develops.")
graphql_enum(DevelopmentPeriod, "The period a development minimum is counted over.")
graphql_enum(YearEndComponent, "A part of a member's year-end score, with its rule.")

__all__ = ["DevelopmentActivityKind", "DevelopmentPeriod", "ObjectionStatus", "YearEndComponent"]
