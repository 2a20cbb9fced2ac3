"""Calendar periods of feedback and their keys.

Keys sort as strings in time order within one kind: months "2026-11", quarters "2026-Q4",
half-years "2026-H2", years "2026". All periods are calendar periods in UTC.
"""

import calendar
import re
from datetime import UTC, date, datetime

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_HALF = re.compile(r"^(\d{4})-H([12])$")
_YEAR = re.compile(r"^(\d{4})$")


def month_key(day: date) -> str:
    """ "2026-11" for any moment in November 2026 (a datetime is a date too)."""
    return f"{day.year:04d}-{day.month:02d}"


def quarter_key(day: date) -> str:
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def half_key(day: date) -> str:
    return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"


def year_key(day: date) -> str:
    return f"{day.year:04d}"


def months_between(start: date, end: date) -> list[str]:
    """Every month from the one holding `start` to the one holding `end`, inclusive."""
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def quarter_of_month(month: str) -> str:
    """ "2026-Q4" for "2026-11"."""
    return quarter_key(period_bounds(month)[0])


def months_of_quarter(quarter: str) -> list[str]:
    first, last = period_bounds(quarter)
    return months_between(first, last)


def quarters_of(period: str) -> list[str]:
    """The quarters a recognition period (a quarter or a year) is made of."""
    if _QUARTER.match(period):
        return [period]
    if _YEAR.match(period):
        return [f"{period}-Q{n}" for n in range(1, 5)]
    raise ValueError(f"not a quarter or a year: {period!r}")


def recognition_periods(day: date) -> list[str]:
    """The periods mentors are ranked over that `day` falls in: its quarter and its year."""
    return [quarter_key(day), year_key(day)]


def period_bounds(period: str) -> tuple[date, date]:
    """The first and last day of a month, quarter, half-year or year key."""
    if match := _MONTH.match(period):
        year, month = int(match[1]), int(match[2])
        first, months = date(year, month, 1), 1
    elif match := _QUARTER.match(period):
        year, quarter = int(match[1]), int(match[2])
        first, months = date(year, 3 * quarter - 2, 1), 3
    elif match := _HALF.match(period):
        year, half = int(match[1]), int(match[2])
        first, months = date(year, 6 * half - 5, 1), 6
    elif match := _YEAR.match(period):
        first, months = date(int(match[1]), 1, 1), 12
    else:
        raise ValueError(f"not a period key: {period!r}")
    last_month = add_months(first, months - 1)  # stays within the calendar, even in 9999
    return first, last_month.replace(day=calendar.monthrange(last_month.year, last_month.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, for a first of the month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, day.day)


def start_of(day: date) -> datetime:
    """Midnight UTC at the start of `day`."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


# The years a period given by a client may fall in: a calendar's worth, with room for each
# period's bounds.
FIRST_YEAR, LAST_YEAR = 1970, 9998


def is_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def is_quarter(text: str) -> bool:
    """Whether `text` is a quarter key such as "2026-Q4" (of a year `is_year` accepts)."""
    match = _QUARTER.match(text)
    return match is not None and is_year(int(match[1]))
