"""Turning feedback buckets into figures a program manager may see, without exposing anyone.

The building block is a cell: one program, one month, one respondent role. A figure over
several cells is shown only if it rests on at least `min_group_size` responses AND every cell
in it holds either no response or at least `min_group_size`. Then the difference of any two
shown figures (another period range, the other role) is itself made of such cells, so no
filter combination isolates fewer people than the threshold.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from shared.feedback.rates import net_promoter_score

Bucket = dict[str, Any]


@dataclass
class Totals:
    """Sums over some cells, and whether any of them is too small to show."""

    responses: int = 0
    satisfaction_count: int = 0
    satisfaction_sum: float = 0.0
    nps_promoters: int = 0
    nps_passives: int = 0
    nps_detractors: int = 0
    text_count: int = 0
    polarity_sum: float = 0.0
    positive_count: int = 0
    negative_count: int = 0
    themes: dict[str, dict[str, float]] = field(default_factory=dict)
    small_cell: bool = False

    def add(self, bucket: Bucket, min_group_size: int) -> None:
        count = int(bucket.get("responses", 0))
        if 0 < count < min_group_size:
            self.small_cell = True
        self.responses += count
        for name in (
            "satisfaction_count",
            "nps_promoters",
            "nps_passives",
            "nps_detractors",
            "text_count",
            "positive_count",
            "negative_count",
        ):
            setattr(self, name, getattr(self, name) + int(bucket.get(name, 0)))
        self.satisfaction_sum += float(bucket.get("satisfaction_sum", 0.0))
        self.polarity_sum += float(bucket.get("polarity_sum", 0.0))
        for theme, counts in (bucket.get("themes") or {}).items():
            target = self.themes.setdefault(theme, {})
            for name, value in counts.items():
                target[name] = target.get(name, 0) + value

    def shown(self, min_group_size: int) -> bool:
        return self.responses >= min_group_size and not self.small_cell

    @property
    def average_score(self) -> float | None:
        if not self.satisfaction_count:
            return None
        return round(self.satisfaction_sum / self.satisfaction_count, 3)

    @property
    def nps(self) -> float | None:
        return net_promoter_score(self.nps_promoters, self.nps_passives, self.nps_detractors)

    def share(self, count: int) -> float | None:
        return round(count / self.text_count, 3) if self.text_count else None

    @property
    def average_polarity(self) -> float | None:
        return round(self.polarity_sum / self.text_count, 3) if self.text_count else None


def totals_of(buckets: Iterable[Bucket], min_group_size: int) -> Totals:
    totals = Totals()
    for bucket in buckets:
        totals.add(bucket, min_group_size)
    return totals
