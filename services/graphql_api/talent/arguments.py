"""Arguments of the talent reserve's fields: a year or a quarter, this one when omitted."""

from datetime import UTC, datetime
from typing import Annotated

import strawberry

from services.graphql_api.domain.errors import DomainError, ErrorCode
from shared.feedback.periods import FIRST_YEAR, LAST_YEAR, is_quarter, is_year, quarter_key

Year = Annotated[int | None, strawberry.argument(description="The year; null for this year.")]
Quarter = Annotated[
    str | None,
    strawberry.argument(description='A quarter such as "2026-Q2"; null for this one.'),
]


def year_or_this(year: int | None) -> int:
    """`year`, or this year for None; a year out of range is the client's mistake."""
    if year is None:
        return datetime.now(UTC).year
    if not is_year(year):
        raise DomainError.of(
            ErrorCode.INVALID, f"Give a year from {FIRST_YEAR} to {LAST_YEAR}.", ("year",)
        )
    return year


def quarter_or_this(quarter: str | None) -> str:
    """`quarter`, or this quarter for None; a malformed one is the client's mistake."""
    if quarter is None:
        return quarter_key(datetime.now(UTC))
    quarter = quarter.strip()
    if not is_quarter(quarter):
        raise DomainError.of(ErrorCode.INVALID, 'Give a quarter such as "2026-Q2".', ("quarter",))
    return quarter
