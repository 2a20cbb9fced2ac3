"""The feedback worker: carries stored responses into pair health and live notices, by taking
the outbox's events (`services.surveys.outbox`) in arrival order, in batches.

One replica works at a time (a lease in `job_leases`); the others stand by and take over when
it expires. The work is idempotent, so a replica that stalls and wakes up after a takeover
only repeats some of it, and stops at its next renewal.
"""

import asyncio
import contextlib
import logging
import time
from typing import Any

from services.surveys.leases import Lease, acquire, release, renew, replica_name
from services.surveys.outbox import BATCH_SIZE, Backlog, backlog, handle_batch

__all__ = ["WORKER_LEASE", "Backlog", "FeedbackWorker", "backlog", "drain", "wake_worker"]

logger = logging.getLogger(__name__)

WORKER_LEASE = "feedback-worker"


class FeedbackWorker:
    """The worker loop of one replica. `notify()` wakes it when this replica stored a
    response; otherwise it looks for new events (stored by other replicas, or due for a
    retry) every `idle_seconds`. Idle, it costs the database one read a second and a lease
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
        # `asyncio.timeout`, not `wait_for`: on Python 3.11 `wait_for` can lose a cancellation
        # that arrives as the wake-up does, and the worker would not stop.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._wake.wait()
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
                await self.work(lease)
                pause = 0.5
            except Exception as error:  # the database is away, or a bug: try again later
                logger.warning("feedback worker paused: %s: %s", type(error).__name__, error)
                await asyncio.sleep(pause)
                pause = min(pause * 2, 30.0)

    async def work(self, lease: Lease) -> None:
        """Handle batches while `lease` is held; returns once it has changed hands."""
        renewed = time.monotonic()
        while True:
            handled = await handle_batch(self.batch_size)
            if time.monotonic() - renewed > self.lease_seconds / 3:
                if not await renew(lease):
                    return
                renewed = time.monotonic()
            if not handled:
                await self._sleep(self.idle_seconds)


def wake_worker(app: Any) -> None:
    """After storing a response: let this replica's worker handle it now."""
    worker: FeedbackWorker | None = getattr(app.state, "feedback_worker", None)
    if worker is not None:
        worker.notify()


async def drain(*, holder: str = "drain") -> int:
    """Handle every event that is due now, in this task; returns how many were handled. For
    commands, the demo seed and tests: a running worker's lease is taken over for the while
    and given back."""
    lease = await acquire(WORKER_LEASE, holder, seconds=300, force=True)
    assert lease is not None
    handled = 0
    try:
        while batch := await handle_batch():
            handled += batch
        return handled
    finally:
        await release(lease)
