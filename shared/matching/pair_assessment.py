"""The assessment stored on a pair a manager proposes by hand: its score and its reasons as
sentences, the shape `Pair.match_score` and `Pair.match_reasons` hold."""

from dataclasses import dataclass

from shared.matching.compatibility import assess
from shared.matching.profiles import MatchProfile, ParticipantProfile
from shared.matching.rules import MatchingRules


@dataclass(frozen=True)
class MatchAssessment:
    """A pair's score (two decimals, as stored on the pair) and its reasons, strongest first."""

    score: float
    reasons: list[str]


def assess_match(
    mentor: ParticipantProfile,
    mentee: ParticipantProfile,
    rules: MatchingRules | None = None,
) -> MatchAssessment:
    """Score a proposed pair under a program's rules (the defaults when none are given)."""
    compatibility = assess(
        MatchProfile.of(mentor), MatchProfile.of(mentee), rules or MatchingRules()
    )
    return MatchAssessment(
        score=round(compatibility.score, 2),
        reasons=[reason.message for reason in compatibility.reasons],
    )
