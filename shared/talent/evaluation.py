"""The year-end evaluation of a talent reserve: each member's composite score and rank.

The score is the weighted mean of the components a member has data for, each from 0 to 1
(see `YearEndComponent` for each one's rule), with the program's weights
(`Program.year_end_weights`; `WEIGHTS` by default); a component without data (no assessment yet, no
goal, nothing owed yet) is left out of both sums rather than counted as 0. Members are ranked
by score, the highest first; equal scores share a rank (1, 2, 2, 4), listed by name. A member
with no component at all has no score and no rank and comes last.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from shared.enums import YearEndComponent

WEIGHTS: dict[YearEndComponent, float] = {
    YearEndComponent.TUTOR_ASSESSMENTS: 0.4,
    YearEndComponent.REPORTS_ON_TIME: 0.2,
    YearEndComponent.DEVELOPMENT_ACTIVITIES: 0.25,
    YearEndComponent.GOALS_ACHIEVED: 0.15,
}
# Scores are compared rounded, so that sums computed in another order still tie.
PRECISION = 6


@dataclass(frozen=True)
class MemberRecord:
    """What a member's year rests on."""

    key: Any  # the member's enrollment id
    name: str
    assessment_means: tuple[float, ...]  # each assessment's mean rating, 1 to 5
    reports_on_time: int
    reports_owed: int
    activity_share: float | None
    goals_achieved: int
    goals_counted: int

    @property
    def mean_assessment(self) -> float | None:
        if not self.assessment_means:
            return None
        return sum(self.assessment_means) / len(self.assessment_means)


@dataclass(frozen=True)
class Part:
    """One component of a score: its weight and value (None: no data)."""

    component: YearEndComponent
    weight: float
    value: float | None


@dataclass(frozen=True)
class Standing:
    record: MemberRecord
    parts: tuple[Part, ...]
    score: float | None
    rank: int | None


Weights = Mapping[YearEndComponent, float]


def parts_of(record: MemberRecord, weights: Weights = WEIGHTS) -> tuple[Part, ...]:
    mean = record.mean_assessment
    values = {
        YearEndComponent.TUTOR_ASSESSMENTS: None if mean is None else (mean - 1) / 4,
        YearEndComponent.REPORTS_ON_TIME: (
            record.reports_on_time / record.reports_owed if record.reports_owed else None
        ),
        YearEndComponent.DEVELOPMENT_ACTIVITIES: record.activity_share,
        YearEndComponent.GOALS_ACHIEVED: (
            record.goals_achieved / record.goals_counted if record.goals_counted else None
        ),
    }
    return tuple(
        Part(component, weights.get(component, 0.0), values[component])
        for component in YearEndComponent
    )


def score_of(parts: Iterable[Part]) -> float | None:
    counted = [part for part in parts if part.value is not None and part.weight > 0]
    total = sum(part.weight for part in counted)
    if not total:
        return None
    return round(sum(part.weight * (part.value or 0.0) for part in counted) / total, PRECISION)


def rank(records: Iterable[MemberRecord], weights: Weights = WEIGHTS) -> list[Standing]:
    """Every member's standing, the best first."""
    scored = [(record, parts_of(record, weights)) for record in records]
    with_scores = [(record, parts, score_of(parts)) for record, parts in scored]
    with_scores.sort(key=lambda item: (item[2] is None, -(item[2] or 0.0), item[0].name))
    standings: list[Standing] = []
    for position, (record, parts, score) in enumerate(with_scores, start=1):
        previous = standings[-1] if standings else None
        if score is None:
            place = None
        elif previous is not None and previous.score == score:
            place = previous.rank
        else:
            place = position
        standings.append(Standing(record=record, parts=parts, score=score, rank=place))
    return standings
