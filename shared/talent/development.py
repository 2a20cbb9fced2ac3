"""A member's development against the program's minimums.

Each minimum (say, one INTERNAL_TRAINING per QUARTER) makes one slot per period of membership
in the year: a quarter slot for every quarter from the one the member joined the pool, a year
slot for the year. An activity counts in the quarter (and year) it ended. A slot is MET once
enough activities ended in it, MISSED when its period is over without them, and OPEN while
its period runs.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from shared.enums import DevelopmentActivityKind, DevelopmentPeriod
from shared.feedback.periods import period_bounds
from shared.models.talent import DevelopmentMinimum
from shared.talent.quarters import expected_quarters

# Activities done, per kind and quarter ("2026-Q2").
ActivityCounts = Mapping[tuple[DevelopmentActivityKind, str], int]


@dataclass(frozen=True)
class Slot:
    """One minimum over one period: how many activities it asks for and how many were done."""

    kind: DevelopmentActivityKind
    per: DevelopmentPeriod
    period: str  # "2026-Q2" or "2026"
    required: int
    done: int
    closed: bool  # the period is over

    @property
    def met(self) -> bool:
        return self.done >= self.required

    @property
    def counts(self) -> bool:
        """Whether the slot counts against the member yet: met, or its period over."""
        return self.met or self.closed

    @property
    def share(self) -> float:
        return min(self.done / self.required, 1.0)


def slots(
    minimums: Iterable[DevelopmentMinimum],
    counts: ActivityCounts,
    *,
    year: int,
    member_since: date,
    today: date,
) -> list[Slot]:
    """Every slot of `year` for a member in the pool since `member_since`, as of `today`."""
    quarters = expected_quarters(year, member_since, today)
    found = []
    for minimum in minimums:
        if minimum.per == DevelopmentPeriod.QUARTER:
            periods = [(q, [q]) for q in quarters]
        else:
            periods = [(f"{year:04d}", quarters)] if quarters else []
        for period, covered in periods:
            done = sum(counts.get((minimum.kind, q), 0) for q in covered)
            found.append(
                Slot(
                    kind=minimum.kind,
                    per=minimum.per,
                    period=period,
                    required=minimum.count,
                    done=done,
                    closed=period_bounds(period)[1] < today,
                )
            )
    return found


def activity_share(found: Iterable[Slot]) -> float | None:
    """The mean share of each counting slot's minimum reached (each capped at 1); None when
    no slot counts yet."""
    counting = [slot.share for slot in found if slot.counts]
    return sum(counting) / len(counting) if counting else None
