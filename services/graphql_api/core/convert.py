"""Raw MongoDB values to GraphQL values."""

from datetime import UTC, date, datetime
from typing import Any


def as_date(value: Any) -> date | None:
    """Dates are stored as midnight UTC datetimes."""
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


def as_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
