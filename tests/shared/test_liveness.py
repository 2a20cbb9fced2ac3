"""Stopping a service's background work: shutdown must finish even when a cancellation is lost."""

import asyncio
import contextlib

from shared.liveness import stop_tasks

# A shutdown that hangs keeps a replica from being replaced; far above what stopping takes.
SHUTDOWN_BOUND_SECONDS = 10


async def _loses_one_cancellation(started: asyncio.Event) -> None:
    started.set()
    # What a driver call does when the cancellation races its own completion.
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.sleep(3600)
    await asyncio.sleep(3600)


async def _fails(started: asyncio.Event) -> None:
    started.set()
    raise RuntimeError("lost its way")


async def test_a_task_that_loses_a_cancellation_is_still_stopped() -> None:
    started = asyncio.Event()
    task = asyncio.create_task(_loses_one_cancellation(started))
    await started.wait()

    await asyncio.wait_for(stop_tasks([task]), timeout=SHUTDOWN_BOUND_SECONDS)

    assert task.cancelled()


async def test_a_task_that_already_failed_does_not_stop_the_shutdown() -> None:
    started = [asyncio.Event(), asyncio.Event()]
    failed = asyncio.create_task(_fails(started[0]))
    running = asyncio.create_task(_loses_one_cancellation(started[1]))
    await asyncio.gather(*(event.wait() for event in started))

    await asyncio.wait_for(stop_tasks([failed, running]), timeout=SHUTDOWN_BOUND_SECONDS)

    assert isinstance(failed.exception(), RuntimeError)
    assert running.cancelled()


async def _cleans_up_slowly(started: asyncio.Event, cleaned: asyncio.Event) -> None:
    started.set()
    try:
        await asyncio.sleep(3600)
    except asyncio.CancelledError:
        await asyncio.sleep(0.8)  # giving back a lease to a slow database
        cleaned.set()
        raise


async def test_a_task_finishes_its_cleanup_within_the_grace() -> None:
    started, cleaned = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(_cleans_up_slowly(started, cleaned))
    await started.wait()

    await asyncio.wait_for(stop_tasks([task]), timeout=SHUTDOWN_BOUND_SECONDS)

    assert cleaned.is_set() and task.cancelled()
