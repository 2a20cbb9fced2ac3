"""The matching vocabularies, registered as GraphQL enums with their descriptions."""

from services.graphql_api.core.enums import graphql_enum
from shared.enums import PairOrigin
from shared.matching import CommunicationStyle, MeetingFormat, ReasonCode, UnmatchedCode

graphql_enum(ReasonCode, "Why a pair scores as it does, or may not be proposed.", "MatchReasonCode")
graphql_enum(UnmatchedCode, "Why a proposal leaves a mentee without a mentor.", "UnmatchedReason")
graphql_enum(CommunicationStyle, "How a participant likes mentoring conversations to run.")
graphql_enum(MeetingFormat, "Where a participant likes to meet.")
graphql_enum(PairOrigin, "How a pair was proposed, which says whose acceptance it needs.")

__all__ = ["CommunicationStyle", "MeetingFormat", "PairOrigin", "ReasonCode", "UnmatchedCode"]
