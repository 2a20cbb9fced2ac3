"""The base every stored document builds on: UTC timestamps kept up to date on every write."""

from datetime import UTC, date, datetime
from typing import Any

from beanie import Document, Insert, Replace, Save, SaveChanges, Update, before_event
from pydantic import Field


def utc_now() -> datetime:
    """The current time in UTC, truncated to the millisecond precision BSON stores."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def stored_date(value: Any) -> date | None:
    """A date as read back from the driver: dates are stored as midnight UTC datetimes."""
    if value is None:
        return None
    return value.date() if isinstance(value, datetime) else value


class TimestampedDocument(Document):
    """A document with `created_at` and `updated_at`, both UTC."""

    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)

    @before_event(Insert, Replace, Save, SaveChanges, Update)
    def _touch(self) -> None:
        self.updated_at = utc_now()

    class Settings:
        validate_on_save = True
