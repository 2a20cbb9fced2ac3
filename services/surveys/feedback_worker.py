"""The feedback worker: carries stored responses into everything derived from them, by
taking the outbox's events (`services.surveys.outbox`) in arrival order, in batches.

Counting comes first: refreshing waits until counting has caught up, unless counted events
have waited longer than `REFRESH_MAX_WAIT`. One replica works at a time (a lease, checked
inside the counting transaction); the others stand by and take over when it expires.
"""

import asyncio
import contextlib
import logging
import time
from typing import Any

from services.surveys.leases import Lease, LeaseLost, acquire, release, renew, replica_name
from services.surveys.outbox import (
    BATCH_SIZE,
    Backlog,
    backlog,
    count_batch,
    refresh_batch,
    refresh_overdue,
)
from services.surveys.statistics import WORKER_LEASE, rebuilding
from shared.models import utc_now

__all__ = ["Backlog", "FeedbackWorker", "backlog", "drain", "wake_worker"]

logger = logging.getLogger(__name__)

# While counting keeps up with a burst, how often to look for refreshes waiting too long.
OVERDUE_CHECK_SECONDS = 2.0
OVERDUE_SLICE = 20


class FeedbackWorker:
    """The worker loop of one replica. `notify()` wakes it when this replica stored a
    response; otherwise it looks for new events (stored by other replicas, or due for a
    retry) every `idle_seconds`. Idle, it costs the database two reads a second and a lease
    renewal every third of the lease."""

    def __init__(
        self,
        *,
        holder: str | None = None,
        batch_size: int = BATCH_SIZE,
        lease_seconds: float = 30.0,
        idle_seconds: float = 1.0,
        standby_seconds: float = 2.0,
    ) -> None:
        self.holder = holder or replica_name()
        self.batch_size = batch_size
        self.lease_seconds = lease_seconds
        self.idle_seconds = idle_seconds
        self.standby_seconds = standby_seconds
        self._wake = asyncio.Event()

    def notify(self) -> None:
        self._wake.set()

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        self._wake.clear()

    async def run_forever(self) -> None:
        """Work while holding the lease, stand by otherwise; survive any failure."""
        pause = 0.5
        while True:
            try:
                # A rebuild takes the lease over, and its marker outlives an interrupted one:
                # counting waits for a rebuild to complete.
                lease = None
                if not await rebuilding():
                    lease = await acquire(WORKER_LEASE, self.holder, seconds=self.lease_seconds)
                if lease is None:
                    await self._sleep(self.standby_seconds)
                    continue
                await self._work(lease)
                pause = 0.5
            except LeaseLost:
                continue
            except Exception as error:  # the database is away, or a bug: try again later
                logger.warning("feedback worker paused: %s: %s", type(error).__name__, error)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 30.0)

    async def _work(self, lease: Lease) -> None:
        renewed = checked_overdue = time.monotonic()
        while True:
            counted = await count_batch(lease, self.batch_size)
            refreshed = 0
            overdue = False
            if counted and time.monotonic() - checked_overdue > OVERDUE_CHECK_SECONDS:
                overdue, checked_overdue = await refresh_overdue(utc_now()), time.monotonic()
            if not counted or overdue:
                # Between counting batches, only a slice, so counting keeps up.
                limit = self.batch_size if not counted else OVERDUE_SLICE
                refreshed = await refresh_batch(limit)
            if counted:
                renewed = time.monotonic()  # counting renews the lease in its transaction
            if time.monotonic() - renewed > self.lease_seconds / 3:
                if not await renew(lease):
                    return
                renewed = time.monotonic()
            if not counted and not refreshed:
                await self._sleep(self.idle_seconds)


def wake_worker(app: Any) -> None:
    """After storing a response: let this replica's worker count it now."""
    worker: FeedbackWorker | None = getattr(app.state, "feedback_worker", None)
    if worker is not None:
        worker.notify()


async def drain(*, holder: str = "drain") -> int:
    """Count and refresh everything that is ready now, in this task; returns how many events
    were handled. For commands, the demo seed and tests: a running worker's lease is taken
    over for the while and given back."""
    lease = await acquire(WORKER_LEASE, holder, seconds=300, force=True)
    assert lease is not None
    may_count = not await rebuilding()
    handled = 0
    try:
        while True:
            counted = await count_batch(lease) if may_count else 0
            refreshed = await refresh_batch()
            handled += refreshed
            if not counted and not refreshed:
                return handled
    finally:
        await release(lease)
