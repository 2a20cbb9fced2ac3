"""Raw MongoDB values to GraphQL values."""

from datetime import UTC, datetime
from typing import Any

from shared.models.base import stored_date as as_date

__all__ = ["as_date", "as_datetime"]


def as_datetime(value: Any) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)
