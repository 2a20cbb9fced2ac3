"""When a talent-reserve admission is published, from one stored fact: its `publicity_ends_at`.

Top management's approval sets `publicity_ends_at` (approval + the program's publicity days);
until then any employee may object. An APPROVED admission whose period is over and that has no
objection waiting for HR IS published: reading it shows PUBLISHED, and it is in the talent
pool, from that moment. The survey service's `talent-publication` job then records the step
(`publish_due`), so the stored status and the history catch up; reads never wait for it.
"""

from datetime import datetime, timedelta
from typing import Any

from pymongo import UpdateOne

from shared.enums import EnrollmentStatus
from shared.models import Enrollment, utc_now

PUBLISHED_NOTE = "The publicity period ended without an upheld objection."
BATCH = 500


def publicity_end(approved_at: datetime, publicity_days: int) -> datetime:
    return approved_at + timedelta(days=publicity_days)


def in_pool_filter(now: datetime) -> dict[str, Any]:
    """The enrollments that are members of a talent pool at `now` (flat, index-friendly)."""
    return {
        "status": {"$in": [EnrollmentStatus.APPROVED.value, EnrollmentStatus.PUBLISHED.value]},
        "publicity_ends_at": {"$lte": now},
        "pending_objections": 0,
    }


def announced_filter(now: datetime) -> dict[str, Any]:
    """Admissions still in their publicity period at `now`: employees may object."""
    return {"status": EnrollmentStatus.APPROVED.value, "publicity_ends_at": {"$gt": now}}


def _due_filter(now: datetime) -> dict[str, Any]:
    return {
        "status": EnrollmentStatus.APPROVED.value,
        "publicity_ends_at": {"$lte": now},
        "pending_objections": 0,
    }


def shown_status(document: dict[str, Any], now: datetime) -> EnrollmentStatus:
    """The status a stored enrollment has at `now`: PUBLISHED once due, job or no job."""
    status = EnrollmentStatus(document["status"])
    ends_at = document.get("publicity_ends_at")
    if (
        status == EnrollmentStatus.APPROVED
        and ends_at is not None
        and ends_at <= now
        and not document.get("pending_objections", 0)
    ):
        return EnrollmentStatus.PUBLISHED
    return status


def is_announced(document: dict[str, Any], now: datetime) -> bool:
    """Whether the admission is in its publicity period at `now`."""
    ends_at = document.get("publicity_ends_at")
    return document["status"] == EnrollmentStatus.APPROVED.value and (
        ends_at is not None and ends_at > now
    )


async def publish_due(*, now: datetime | None = None, batch: int = BATCH) -> int:
    """Record PUBLISHED on every admission due at `now`, `batch` at a time; the number
    recorded. Each update is conditional on the admission still being due, so replicas
    running it at once, or a run repeated, record each publication once."""
    now = now or utc_now()
    collection = Enrollment.get_pymongo_collection()
    published = 0
    while True:
        due = await collection.find(
            _due_filter(now), {"publicity_ends_at": 1}, sort=[("publicity_ends_at", 1)]
        ).to_list(batch)
        if not due:
            return published
        updates = [
            UpdateOne(
                {"_id": document["_id"], **_due_filter(now)},
                {
                    "$set": {"status": EnrollmentStatus.PUBLISHED.value, "updated_at": now},
                    "$push": {
                        "history": {
                            "from_status": EnrollmentStatus.APPROVED.value,
                            "to_status": EnrollmentStatus.PUBLISHED.value,
                            "at": document["publicity_ends_at"],
                            "by_id": None,
                            "note": PUBLISHED_NOTE,
                        }
                    },
                },
            )
            for document in due
        ]
        result = await collection.bulk_write(updates, ordered=False)
        published += result.modified_count
        if len(due) < batch:
            return published
