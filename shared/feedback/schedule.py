"""When a program's next check-in round is due, from its survey cadence.

A program with a periodic cadence (MONTHLY, QUARTERLY, SEMIANNUAL) gets one check-in round in
each calendar period of that length (month, quarter, half-year), due when the period starts.
Periods that start before the program does are skipped, so pairs have a whole period together
before they are asked. A check-in round launched by hand within a period counts as that
period's round. END_OF_PROGRAM means no periodic rounds: only the survey at the end of each pair.
"""

from collections.abc import Callable
from datetime import date, datetime

from shared.enums import SurveyCadence
from shared.feedback.periods import add_months, half_key, month_key, quarter_key, start_of

_PERIODS: dict[SurveyCadence, tuple[int, Callable[[date], str]]] = {
    SurveyCadence.MONTHLY: (1, month_key),
    SurveyCadence.QUARTERLY: (3, quarter_key),
    SurveyCadence.SEMIANNUAL: (6, half_key),
}


def is_periodic(cadence: SurveyCadence) -> bool:
    return cadence in _PERIODS


def period_key(cadence: SurveyCadence, day: date) -> str:
    """The key of the cadence period holding `day`: "2026-11", "2026-Q4" or "2026-H2"."""
    return _PERIODS[cadence][1](day)


def period_start(cadence: SurveyCadence, day: date) -> date:
    """The first day of the cadence period holding `day`."""
    months = _PERIODS[cadence][0]
    return date(day.year, (day.month - 1) // months * months + 1, 1)


def _first_period_from(cadence: SurveyCadence, day: date) -> date:
    start = period_start(cadence, day)
    return start if start == day else add_months(start, _PERIODS[cadence][0])


def next_round_at(
    *,
    cadence: SurveyCadence,
    active: bool,
    starts_on: date | None,
    ends_on: date | None,
    last_round_at: datetime | None,
    now: datetime,
) -> datetime | None:
    """When the next scheduled check-in round is due (at or before `now`: due now); None for
    programs that are not active, have no periodic cadence, or end before it."""
    if not active or not is_periodic(cadence):
        return None
    candidate = period_start(cadence, now.date())
    if starts_on is not None:
        candidate = max(candidate, _first_period_from(cadence, starts_on))
    if last_round_at is not None and last_round_at >= start_of(candidate):
        candidate = add_months(period_start(cadence, last_round_at.date()), _PERIODS[cadence][0])
    if ends_on is not None and candidate > ends_on:
        return None
    return start_of(candidate)
