"""Quarters of the talent reserve's reports and assessments, and when each is due.

A quarter's report and assessment are due `GRACE_DAYS` after the quarter ends, so the last
weeks of the quarter can be reported on. Until then a new submission replaces the stored one;
after it a stored one is final, and a first one is accepted as late.
"""

from datetime import date, timedelta

from shared.feedback.periods import period_bounds, quarter_key

GRACE_DAYS = 15


def due_on(quarter: str) -> date:
    """The last day a quarter's report or assessment counts as on time."""
    return period_bounds(quarter)[1] + timedelta(days=GRACE_DAYS)


def quarters_of_year(year: int) -> list[str]:
    return [f"{year:04d}-Q{n}" for n in range(1, 5)]


def expected_quarters(year: int, member_since: date, today: date) -> list[str]:
    """The quarters of `year` in which a member owes a report and an assessment: from the
    quarter they joined the pool, up to the current quarter (all four of a past year)."""
    first, current = quarter_key(member_since), quarter_key(today)
    return [q for q in quarters_of_year(year) if first <= q <= current]
