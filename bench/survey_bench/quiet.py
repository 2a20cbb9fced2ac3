"""Waiting until nothing runs but the benchmark: services do work of their own (at start, the
daily pair-health pass over every active pair), and it must not be measured as part of a
submission. Much of that work happens in the database, so both are watched."""

import asyncio
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.errors import PyMongoError

CPU_SHARE = 0.10  # of one CPU, per process
OPERATIONS_PER_SECOND = 20  # heartbeats and pollers stay below this
QUIET_SECONDS, SAMPLE_SECONDS, REPORT_SECONDS = 2.0, 0.5, 60.0
TIMEOUT_SECONDS = float(os.environ.get("BENCH_QUIET_TIMEOUT", "7200"))


def cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by a local process (Linux /proc); None when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


async def server_status(client: AsyncMongoClient[Any]) -> tuple[int, int | None]:
    """Operations the server has run so far (all opcounters), and its process id."""
    status = await client.admin.command("serverStatus")
    return sum(int(n) for n in status.get("opcounters", {}).values()), status.get("pid")


def _cpu_busy(pids: list[int], before: dict[int, float]) -> tuple[bool, dict[int, float]]:
    """Whether a process used more than its share since `before`; and the new readings."""
    now, busy = {}, False
    for pid in pids:
        used = cpu_seconds(pid)
        if used is not None:
            now[pid] = used
            busy = busy or (pid in before and used - before[pid] > CPU_SHARE * SAMPLE_SECONDS)
    return busy, now


async def _operations(client: AsyncMongoClient[Any], last: int) -> tuple[int, bool]:
    """The server's operation count, and whether it was too busy to tell (then `last`)."""
    try:
        return (await server_status(client))[0], False
    except PyMongoError:
        return last, True


async def wait_quiet(
    client: AsyncMongoClient[Any],
    pids: list[int],
    *,
    include_server: bool,
    report: Callable[[str], None] | None = None,
) -> float | None:
    """Wait until, for 2 s in a row, each process in `pids` (and the database server's, with
    `include_server`) uses under 10% of a CPU and the database runs fewer than 20 operations
    a second besides these checks. Returns the seconds waited; None after BENCH_QUIET_TIMEOUT
    seconds (2 hours by default). `report` hears every minute that it is still waiting."""
    started = time.monotonic()
    operations, server_pid = await server_status(client)
    if include_server and server_pid is not None:
        pids = [*pids, int(server_pid)]
    _, cpu = _cpu_busy(pids, {})
    quiet_since, reported = started, started
    while time.monotonic() - started < TIMEOUT_SECONDS:
        await asyncio.sleep(SAMPLE_SECONDS)
        busy, cpu = _cpu_busy(pids, cpu)
        now_operations, unanswered = await _operations(client, operations)
        rate = (now_operations - operations - 1) / SAMPLE_SECONDS
        operations = now_operations
        now = time.monotonic()
        if busy or unanswered or rate >= OPERATIONS_PER_SECOND:
            quiet_since = now
        elif now - quiet_since >= QUIET_SECONDS:
            return now - started
        if report is not None and now - reported >= REPORT_SECONDS:
            reported = now
            report(f"still busy after {now - started:.0f} s ({rate:.0f} operations/s)")
    return None
