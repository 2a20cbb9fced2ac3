"""How well a mentor fits a mentee: a score from 0 to 1 with the reasons behind it."""

from dataclasses import dataclass

from shared.models import Participant

# Weights of the compatibility signals; they sum to 1.
SKILL_WEIGHT = 0.55
LANGUAGE_WEIGHT = 0.15
INTEREST_WEIGHT = 0.15
PERSPECTIVE_WEIGHT = 0.15
SKILL_MATCHES_FOR_FULL_SCORE = 3


@dataclass(frozen=True)
class MatchAssessment:
    score: float
    reasons: list[str]


def _folded(values: list[str]) -> dict[str, str]:
    return {value.casefold(): value for value in values}


def assess_match(mentor: Participant, mentee: Participant) -> MatchAssessment:
    """Score a proposed pair on skills meeting development needs, a shared language, shared
    interests, and the outside perspective of a mentor from another department."""
    needs = _folded(mentee.development_needs)
    skills = _folded(mentor.skills)
    covered = [needs[key] for key in needs if key in skills]
    languages = sorted(set(_folded(mentor.languages)) & set(_folded(mentee.languages)))
    interests = [
        _folded(mentee.interests)[key]
        for key in _folded(mentee.interests)
        if key in _folded(mentor.interests)
    ]
    reasons = [f"Mentor's skills cover a development need: {need}" for need in covered]
    score = (
        SKILL_WEIGHT
        * min(len(covered), SKILL_MATCHES_FOR_FULL_SCORE)
        / (SKILL_MATCHES_FOR_FULL_SCORE)
    )
    if languages:
        score += LANGUAGE_WEIGHT
        reasons.append(
            "Shared language: " + ", ".join(_folded(mentee.languages)[k] for k in languages)
        )
    if interests:
        score += INTEREST_WEIGHT
        reasons.append("Shared interests: " + ", ".join(interests))
    if mentor.department and mentor.department != mentee.department:
        score += PERSPECTIVE_WEIGHT
        reasons.append(f"Outside perspective from {mentor.department}")
    return MatchAssessment(score=round(min(score, 1.0), 2), reasons=reasons)
