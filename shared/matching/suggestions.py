"""Mentors to suggest for one mentee, best first, with the reasons for each."""

from collections.abc import Collection, Sequence

from pydantic import BaseModel, ConfigDict

from shared.matching.compatibility import ScoringTerms, explain, prepare
from shared.matching.profiles import MatchProfile
from shared.matching.reasons import MatchReason
from shared.matching.rules import MatchingRules

MAX_SUGGESTIONS = 100


class MentorSuggestion(BaseModel):
    """A mentor who could take the mentee on, with the score and its reasons."""

    model_config = ConfigDict(frozen=True)

    mentor_id: str
    score: float
    reasons: tuple[MatchReason, ...]


def suggest(
    mentee: MatchProfile,
    mentors: Sequence[MatchProfile],
    *,
    rules: MatchingRules,
    exclusions: Collection[str] = (),
    first: int = 10,
) -> list[MentorSuggestion]:
    """The `first` best mentors for `mentee` by score, ties by mentor id.

    Only mentors a program-wide proposal could pair the mentee with are suggested: with a free
    place, not the mentee, not in `exclusions` (mentor ids: current and past pairs), not
    disqualified by the rules and scoring at least `min_score`."""
    if not 1 <= first <= MAX_SUGGESTIONS:
        raise ValueError(f"first must be between 1 and {MAX_SUGGESTIONS}.")
    terms = ScoringTerms.of(rules)
    prepared_mentee = prepare(mentee)
    excluded = set(exclusions) | {mentee.id}
    suggestions = []
    for mentor in mentors:
        if mentor.id in excluded or mentor.free_capacity == 0:
            continue
        compatibility = explain(prepare(mentor), prepared_mentee, terms)
        if compatibility.eligible and compatibility.score >= rules.min_score:
            suggestions.append(
                MentorSuggestion(
                    mentor_id=mentor.id,
                    score=compatibility.score,
                    reasons=compatibility.reasons,
                )
            )
    suggestions.sort(key=lambda suggestion: (-suggestion.score, suggestion.mentor_id))
    return suggestions[:first]
