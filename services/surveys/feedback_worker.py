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
from services.surveys.statistics import WORKER_LEASE
from shared.models import utc_now

__all__ = ["Backlog", "FeedbackWorker", "backlog", "drain", "wake_worker"]

logger = logging.getLogger(__name__)


class FeedbackWorker:
    """The worker loop of one replica. `notify()` wakes it when this replica stored a
    response; otherwise it looks for new events every `idle_seconds`."""

    def __init__(
        self,
        *,
        holder: str | None = None,
        batch_size: int = BATCH_SIZE,
        lease_seconds: float = 30.0,
        idle_seconds: float = 0.25,
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
        renewed = time.monotonic()
        while True:
            counted = await count_batch(lease, self.batch_size)
            refreshed = 0
            if counted < self.batch_size or await refresh_overdue(utc_now()):
                refreshed = await refresh_batch(self.batch_size)
            if counted:
                renewed = time.monotonic()  # counting renews the lease in its transaction
            if counted or refreshed:
                if time.monotonic() - renewed > self.lease_seconds / 3:
                    if not await renew(lease):
                        return
                    renewed = time.monotonic()
                continue
            if not await renew(lease):
                return
            renewed = time.monotonic()
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
    handled = 0
    try:
        while True:
            counted = await count_batch(lease)
            refreshed = await refresh_batch()
            handled += refreshed
            if not counted and not refreshed:
                return handled
    finally:
        await release(lease)
