"""The outbox (`feedback_events`): each stored response comes with an event, which the feedback
worker (`services.surveys.feedback_worker`) takes in arrival order, in batches: the pairs
concerned are assessed again, live subscribers notified, and the events deleted.

Each step is idempotent (an assessment never replaces a later one, a notice has its event's
`_id`), so a crash part-way, or two replicas taking the same batch, only repeats work. A
failure keeps the events with a retry time that backs off; backlog and age are on `/metrics`.

Figures about answers are not kept per response: a round is added up once, when it is
released (`services.surveys.results`), and the recognitions resting on it are refreshed then.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.errors import BulkWriteError

from services.surveys.health import assess_pairs
from shared.models import FeedbackEvent, FeedbackNotice, utc_now

logger = logging.getLogger(__name__)

# Events per batch: a batch costs the same few commands whatever its size, and `$in`
# lists longer than a few hundred cost the embedded server more per document.
BATCH_SIZE = 200
MAX_RETRY_DELAY_SECONDS = 300
DUPLICATE_KEY = 11000


def _events() -> Any:
    return FeedbackEvent.get_pymongo_collection()


def _due(now: datetime) -> dict[str, Any]:
    """Events to handle now: new ones (no retry time) and failed ones whose retry is due."""
    return {"$or": [{"retry_at": None}, {"retry_at": {"$lte": now}}]}


def _retry_delay(attempts: int) -> float:
    return float(min(MAX_RETRY_DELAY_SECONDS, 2**attempts))


async def handle_batch(limit: int = BATCH_SIZE, *, now: datetime | None = None) -> int:
    """Re-assess the pairs of up to `limit` due events, notify subscribers, and delete the
    events; returns how many were handled. When the assessment fails, the events stay, to be
    retried after a delay that grows with each attempt."""
    now = now or utc_now()
    events = await _events().find(_due(now)).sort("_id", 1).limit(limit).to_list()
    if not events:
        return 0
    failure = None
    try:
        await assess_pairs([event["pair_id"] for event in events], now=now)
    except Exception as error:
        failure = f"pair health: {type(error).__name__}"
    await _notify(events, now)
    if failure is None:
        await _events().delete_many({"_id": {"$in": [event["_id"] for event in events]}})
        return len(events)
    for event in events:
        attempts = int(event.get("attempts", 0)) + 1
        await _events().update_one(
            {"_id": event["_id"]},
            {
                "$set": {
                    "attempts": attempts,
                    "retry_at": now + timedelta(seconds=_retry_delay(attempts)),
                    "last_error": failure,
                    "updated_at": now,
                }
            },
        )
    logger.warning("feedback handling failed for %d events: %s", len(events), failure)
    return len(events)


async def _notify(events: list[dict[str, Any]], now: datetime) -> None:
    """One notice per event (its `_id` is the event's, so a repeat writes nothing)."""
    notices = [
        {
            "_id": event["_id"],
            "program_id": event["program_id"],
            "pair_id": event["pair_id"],
            "role": event["role"],
            "received_at": event["submitted_at"],
            "created_at": now,
            "updated_at": now,
        }
        for event in events
    ]
    try:
        await FeedbackNotice.get_pymongo_collection().insert_many(notices, ordered=False)
    except BulkWriteError as error:
        if any(e["code"] != DUPLICATE_KEY for e in error.details["writeErrors"]):
            raise


@dataclass(frozen=True)
class Backlog:
    """What the worker has still to do."""

    pending: int  # events not handled yet, failing ones included
    failing: int  # handling failed at least once; waiting for a retry
    oldest_age_seconds: float  # of the oldest event not done; 0 when none


async def backlog(now: datetime | None = None) -> Backlog:
    now = now or utc_now()
    events = _events()
    pending = await events.count_documents({})
    failing = await events.count_documents({"attempts": {"$gt": 0}})
    oldest = await events.find_one({}, {"created_at": 1}, sort=[("_id", 1)])
    age = (now - oldest["created_at"]).total_seconds() if oldest else 0.0
    return Backlog(pending, failing, max(0.0, age))
