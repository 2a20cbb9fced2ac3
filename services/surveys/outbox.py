"""The outbox (`feedback_events`): each stored response comes with an event, which the feedback
worker (`services.surveys.feedback_worker`) takes in arrival order, in batches, in two steps:

1. Counting. In one transaction the batch's events move from PENDING to COUNTED and the
   statistics buckets get one `$inc` each. A crash before the commit leaves the events
   pending, after it counted: every response is counted exactly once. The transaction also
   checks that this replica still holds the worker's lease (`leases.fence`), so a replica
   that stalled and lost it cannot count a batch its successor counts too.
2. Refreshing. For counted events the pairs concerned are assessed again, the mentors
   concerned re-scored, live subscribers notified, and the events deleted. Each of these is
   idempotent, so a crash part-way only repeats work. A failure keeps the events COUNTED
   with a retry time that backs off; backlog and age are on `/metrics`.

"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.client_session import AsyncClientSession
from pymongo.errors import BulkWriteError

from services.surveys.health import assess_pairs
from services.surveys.leases import Lease, fence
from services.surveys.recognition import MentorPeriod, mentor_periods, refresh_recognitions
from services.surveys.statistics import RESPONSE_FIELDS, add_to_buckets
from shared.db import in_transaction
from shared.enums import EventStage
from shared.models import FeedbackEvent, FeedbackNotice, SurveyResponse, utc_now

logger = logging.getLogger(__name__)

# Events per batch: a batch costs the same few commands whatever its size, and `$in`
# lists longer than a few hundred cost the embedded server more per document.
BATCH_SIZE = 200
REFRESH_MAX_WAIT = timedelta(seconds=60)
MAX_RETRY_DELAY_SECONDS = 300
DUPLICATE_KEY = 11000


class BatchTaken(RuntimeError):
    """Some events of a batch were counted by someone else meanwhile (a rebuild)."""


def _events() -> Any:
    return FeedbackEvent.get_pymongo_collection()


async def count_batch(lease: Lease, limit: int = BATCH_SIZE) -> int:
    """Count up to `limit` pending events into the statistics; returns how many. Under load
    every command waits its turn at the server, so a batch takes few: the events carry what
    their responses add, and the transaction is the lease check, the events' move and one
    `$inc` per bucket."""
    events = (
        await _events()
        .find({"stage": EventStage.PENDING.value})
        .sort("_id", 1)
        .limit(limit)
        .to_list()
    )
    if not events:
        return 0
    ids = [event["_id"] for event in events]
    responses = [event for event in events if event.get("increments") is not None]
    older = [event["response_id"] for event in events if event.get("increments") is None]
    if older:  # stored before events carried their figures
        responses += (
            await SurveyResponse.get_pymongo_collection()
            .find({"_id": {"$in": older}}, RESPONSE_FIELDS)
            .to_list()
        )
    now = utc_now()

    async def apply(session: AsyncClientSession) -> None:
        await fence(lease, session)
        moved = await _events().update_many(
            {"_id": {"$in": ids}, "stage": EventStage.PENDING.value},
            {"$set": {"stage": EventStage.COUNTED.value, "retry_at": now, "updated_at": now}},
            session=session,
        )
        if moved.modified_count != len(ids):
            raise BatchTaken
        await add_to_buckets(responses, session)

    try:
        await in_transaction(apply)
    except BatchTaken:
        return 0
    return len(ids)


def _retry_delay(attempts: int) -> float:
    return float(min(MAX_RETRY_DELAY_SECONDS, 2**attempts))


async def refresh_batch(limit: int = BATCH_SIZE, *, now: datetime | None = None) -> int:
    """Refresh pair health and recognitions for up to `limit` counted events, notify
    subscribers, and delete the events that are done; returns how many were handled."""
    now = now or utc_now()
    events = (
        await _events()
        .find({"stage": EventStage.COUNTED.value, "retry_at": {"$lte": now}})
        .sort("_id", 1)
        .limit(limit)
        .to_list()
    )
    if not events:
        return 0
    failed_pairs: set[Any] = set()
    failed_items: set[MentorPeriod] = set()
    reasons: list[str] = []
    try:
        await assess_pairs([event["pair_id"] for event in events], now=now)
    except Exception as error:
        failed_pairs = {event["pair_id"] for event in events}
        reasons.append(f"pair health: {type(error).__name__}")
    items = {
        item
        for event in events
        for item in mentor_periods(event["program_id"], event["mentor_id"], event["submitted_at"])
    }
    try:
        failed_items = await refresh_recognitions(items, now=now)
    except Exception as error:
        failed_items = items
        reasons.append(f"recognition: {type(error).__name__}")
    if failed_items and not any(r.startswith("recognition") for r in reasons):
        reasons.append("recognition: ranking not updated")
    await _notify(events, now)
    done, failing = [], []
    for event in events:
        concerned = mentor_periods(event["program_id"], event["mentor_id"], event["submitted_at"])
        if event["pair_id"] in failed_pairs or failed_items.intersection(concerned):
            failing.append(event)
        else:
            done.append(event["_id"])
    if done:
        await _events().delete_many({"_id": {"$in": done}, "stage": EventStage.COUNTED.value})
    for event in failing:
        attempts = int(event.get("attempts", 0)) + 1
        await _events().update_one(
            {"_id": event["_id"], "stage": EventStage.COUNTED.value},
            {
                "$set": {
                    "attempts": attempts,
                    "retry_at": now + timedelta(seconds=_retry_delay(attempts)),
                    "last_error": "; ".join(reasons),
                    "updated_at": now,
                }
            },
        )
    if failing:
        logger.warning("feedback refresh failed for %d events: %s", len(failing), reasons)
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


async def refresh_overdue(now: datetime) -> bool:
    """Whether counted events have waited too long for their refresh."""
    overdue = await _events().find_one(
        {"stage": EventStage.COUNTED.value, "retry_at": {"$lte": now - REFRESH_MAX_WAIT}},
        {"_id": 1},
    )
    return overdue is not None


@dataclass(frozen=True)
class Backlog:
    """What the worker has still to do."""

    pending: int  # not yet counted
    counted: int  # counted, refresh to do
    failing: int  # counted, refresh failed at least once
    oldest_age_seconds: float  # of the oldest event not done; 0 when none


async def backlog(now: datetime | None = None) -> Backlog:
    now = now or utc_now()
    events = _events()
    pending = await events.count_documents({"stage": EventStage.PENDING.value})
    counted = await events.count_documents({"stage": EventStage.COUNTED.value})
    failing = await events.count_documents(
        {"stage": EventStage.COUNTED.value, "attempts": {"$gt": 0}}
    )
    oldest = await events.find_one({}, {"created_at": 1}, sort=[("_id", 1)])
    age = (now - oldest["created_at"]).total_seconds() if oldest else 0.0
    return Backlog(pending, counted, failing, max(0.0, age))
