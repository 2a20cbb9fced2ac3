"""Beanie documents of every collection. Each collection has one writing service (see DESIGN)."""

from beanie import Document

from shared.models.apprenticeship import Concern, MentoringPlan
from shared.models.base import TimestampedDocument, utc_now
from shared.models.feedback import (
    FeedbackEvent,
    FeedbackNotice,
    JobLease,
    PairHealth,
    Recognition,
)
from shared.models.matching import MatchingProposal, MatchPreference, ProposalPair
from shared.models.pairs import CheckIn, Goal, Milestone, Pair
from shared.models.people import Participant
from shared.models.programs import Enrollment, EnrollmentTransition, Program
from shared.models.results import RoundResult
from shared.models.surveys import Invitation, SurveyResponse, SurveyRound, SurveyTemplate
from shared.models.talent import (
    DevelopmentActivity,
    EnrollmentObjection,
    MentorAssessment,
    OutstandingSelection,
    ProgressReport,
    RemovedDevelopmentActivity,
)

# Written by the GraphQL API.
GRAPHQL_API_DOCUMENTS: list[type[Document]] = [
    Participant,
    Program,
    Enrollment,
    Pair,
    Goal,
    CheckIn,
    MentoringPlan,
    Concern,
    EnrollmentObjection,
    DevelopmentActivity,
    RemovedDevelopmentActivity,
    ProgressReport,
    MentorAssessment,
    OutstandingSelection,
    MatchPreference,
    MatchingProposal,
    ProposalPair,
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
    "Concern",
    "DevelopmentActivity",
    "Enrollment",
    "EnrollmentObjection",
    "EnrollmentTransition",
    "FeedbackEvent",
    "FeedbackNotice",
    "Goal",
    "Invitation",
    "JobLease",
    "MatchPreference",
    "MatchingProposal",
    "MentorAssessment",
    "MentoringPlan",
    "Milestone",
    "OutstandingSelection",
    "Pair",
    "PairHealth",
    "Participant",
    "Program",
    "ProgressReport",
    "ProposalPair",
    "Recognition",
    "RemovedDevelopmentActivity",
    "RoundResult",
    "SurveyResponse",
    "SurveyRound",
    "SurveyTemplate",
    "TimestampedDocument",
    "utc_now",
]
