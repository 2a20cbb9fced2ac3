"""Matching mentors with mentees: how compatible two participants are and why
(`compatibility`), the best program-wide assignment of mentees to mentors (`assignment`), and
mentors to suggest for one mentee (`suggestions`). Pure domain rules: no database, no GraphQL.
"""

from shared.matching.assignment import (
    Proposal,
    ProposedPair,
    UnmatchedCode,
    UnmatchedMentee,
    propose_pairs,
)
from shared.matching.compatibility import Compatibility, assess
from shared.matching.pair_assessment import MatchAssessment, assess_match
from shared.matching.profiles import MatchProfile
from shared.matching.questionnaire import CommunicationStyle, MatchingAnswers, MeetingFormat
from shared.matching.reasons import MatchReason, ReasonCode
from shared.matching.rules import MatchingRules
from shared.matching.suggestions import MentorSuggestion, suggest

__all__ = [
    "CommunicationStyle",
    "Compatibility",
    "MatchAssessment",
    "MatchProfile",
    "MatchReason",
    "MatchingAnswers",
    "MatchingRules",
    "MeetingFormat",
    "MentorSuggestion",
    "Proposal",
    "ProposedPair",
    "ReasonCode",
    "UnmatchedCode",
    "UnmatchedMentee",
    "assess",
    "assess_match",
    "propose_pairs",
    "suggest",
]
