"""Rates and scores shown to program managers, with one definition each."""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from shared.enums import GoalStatus, InvitationState

NPS_PROMOTER_MIN = 9
NPS_DETRACTOR_MAX = 6


class NpsCategory(StrEnum):
    """Where an answer to "how likely are you to recommend" (0-10) falls."""

    PROMOTER = "PROMOTER"
    PASSIVE = "PASSIVE"
    DETRACTOR = "DETRACTOR"


# The counters of each category, as feedback figures keep them.
NPS_COUNT_FIELDS = {
    NpsCategory.PROMOTER: "nps_promoters",
    NpsCategory.PASSIVE: "nps_passives",
    NpsCategory.DETRACTOR: "nps_detractors",
}


def nps_category(score: int) -> NpsCategory:
    """9-10 promote, 7-8 are passive, 0-6 detract."""
    if score >= NPS_PROMOTER_MIN:
        return NpsCategory.PROMOTER
    if score <= NPS_DETRACTOR_MAX:
        return NpsCategory.DETRACTOR
    return NpsCategory.PASSIVE


def net_promoter_score(promoters: int, passives: int, detractors: int) -> float | None:
    """% promoters minus % detractors, -100 to 100; None without answers."""
    answered = promoters + passives + detractors
    if not answered:
        return None
    return round(100 * (promoters - detractors) / answered, 1)


def ratio(part: int, whole: int) -> float | None:
    """`part / whole` to four decimals; None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


@dataclass(frozen=True)
class InvitationCounts:
    """Invitations of one or more rounds by state. A revoked link (its pair ended, or it was
    withdrawn) was never a fair request to answer, so it is not counted as invited."""

    by_state: Mapping[str, int]

    @property
    def invited(self) -> int:
        revoked = self.by_state.get(InvitationState.REVOKED.value, 0)
        return sum(self.by_state.values()) - revoked

    @property
    def submitted(self) -> int:
        return self.by_state.get(InvitationState.SUBMITTED.value, 0)

    @property
    def response_rate(self) -> float | None:
        """Submitted over invited."""
        return ratio(self.submitted, self.invited)

    def __add__(self, other: "InvitationCounts") -> "InvitationCounts":
        merged = dict(self.by_state)
        for state, count in other.by_state.items():
            merged[state] = merged.get(state, 0) + count
        return InvitationCounts(merged)


def goal_achievement_rate(goals_by_status: Mapping[str, int]) -> float | None:
    """Achieved goals over goals not dropped."""
    kept = {s: n for s, n in goals_by_status.items() if s != GoalStatus.DROPPED.value}
    return ratio(kept.get(GoalStatus.ACHIEVED.value, 0), sum(kept.values()))
