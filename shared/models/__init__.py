"""Beanie documents of every collection. Each collection has one writing service (see DESIGN)."""

from beanie import Document

from shared.models.base import TimestampedDocument, utc_now
from shared.models.feedback import (
    FeedbackEvent,
    FeedbackNotice,
    JobLease,
    PairHealth,
    Recognition,
)
from shared.models.pairs import CheckIn, Goal, Milestone, Pair
from shared.models.people import Participant
from shared.models.programs import Enrollment, EnrollmentTransition, Program
from shared.models.results import RoundResult
from shared.models.surveys import Invitation, SurveyResponse, SurveyRound, SurveyTemplate

# Written by the GraphQL API.
GRAPHQL_API_DOCUMENTS: list[type[Document]] = [
    Participant,
    Program,
    Enrollment,
    Pair,
    Goal,
    CheckIn,
]
# Written by the survey service.
SURVEY_DOCUMENTS: list[type[Document]] = [
    SurveyTemplate,
    SurveyRound,
    Invitation,
    SurveyResponse,
    RoundResult,
    PairHealth,
    Recognition,
    FeedbackEvent,
    FeedbackNotice,
    JobLease,
]
ALL_DOCUMENTS: list[type[Document]] = GRAPHQL_API_DOCUMENTS + SURVEY_DOCUMENTS

__all__ = [
    "ALL_DOCUMENTS",
    "GRAPHQL_API_DOCUMENTS",
    "SURVEY_DOCUMENTS",
    "CheckIn",
    "Enrollment",
    "EnrollmentTransition",
    "FeedbackEvent",
    "FeedbackNotice",
    "Goal",
    "Invitation",
    "JobLease",
    "Milestone",
    "Pair",
    "PairHealth",
    "Participant",
    "Program",
    "Recognition",
    "RoundResult",
    "SurveyResponse",
    "SurveyRound",
    "SurveyTemplate",
    "TimestampedDocument",
    "utc_now",
]
