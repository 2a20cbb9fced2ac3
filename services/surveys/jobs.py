"""Periodic work that must run once a day even when several replicas are up.

A replica runs a job only while it holds the job's lease in the database; the lease also
records the day the job last completed, so the others skip it until the next day.
"""

import asyncio
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from pymongo import ReturnDocument
from pymongo.errors import DuplicateKeyError

from services.surveys.health import evaluate_active_pairs
from shared.models import JobLease, utc_now

logger = logging.getLogger(__name__)

LEASE_SECONDS = 15 * 60
HEALTH_JOB = "daily-pair-health"


def replica_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def take_lease(name: str, holder: str, *, now: datetime, day: str) -> bool:
    """True if `holder` now holds the lease of a job not yet completed on `day`."""
    try:
        taken = await JobLease.get_pymongo_collection().find_one_and_update(
            {
                "name": name,
                "last_completed_on": {"$ne": day},
                "$or": [{"expires_at": None}, {"expires_at": {"$lte": now}}, {"holder": holder}],
            },
            {
                "$set": {
                    "holder": holder,
                    "expires_at": now + timedelta(seconds=LEASE_SECONDS),
                    "updated_at": now,
                },
                "$setOnInsert": {"created_at": now},
            },
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
    except DuplicateKeyError:
        return False  # the job's document exists and someone else holds it (or it is done)
    return taken is not None


async def complete(name: str, holder: str, *, day: str) -> None:
    await JobLease.get_pymongo_collection().update_one(
        {"name": name, "holder": holder},
        {"$set": {"last_completed_on": day, "holder": None, "expires_at": None}},
    )


async def run_daily(
    name: str, work: Callable[[], Awaitable[int]], *, holder: str, now: datetime | None = None
) -> int | None:
    """Run `work` if this replica wins today's lease; its result, or None if not run."""
    now = now or utc_now()
    day = now.date().isoformat()
    if not await take_lease(name, holder, now=now, day=day):
        return None
    result = await work()
    await complete(name, holder, day=day)
    logger.info("%s done: %s", name, result)
    return result


async def run_daily_health_job(
    *, holder: str | None = None, now: datetime | None = None
) -> int | None:
    return await run_daily(
        HEALTH_JOB, lambda: evaluate_active_pairs(now=now), holder=holder or replica_name(), now=now
    )


async def schedule_forever(interval_seconds: float) -> None:
    """The survey service's background loop: try the daily jobs every interval."""
    holder = replica_name()
    while True:
        try:
            await run_daily_health_job(holder=holder)
        except Exception:  # a failed pass is retried at the next interval
            logger.exception("the daily pair-health job failed")
        await asyncio.sleep(interval_seconds)
