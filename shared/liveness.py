"""Whether the process can still serve: what `/healthz` reports.

A service registers its background tasks here and records faults it cannot recover from
(its database driver left in a broken state). A database that is down is not such a fault:
that is readiness (`/readyz`), and the process recovers by itself when it returns.
"""

import asyncio
from dataclasses import dataclass, field


@dataclass
class Liveness:
    tasks: dict[str, asyncio.Task[None]] = field(default_factory=dict)
    faults: list[str] = field(default_factory=list)

    def watch(self, name: str, task: "asyncio.Task[None]") -> None:
        """A background task that must run as long as the process does."""
        self.tasks[name] = task

    def fault(self, reason: str) -> None:
        """Something broke that only a restart repairs."""
        if reason not in self.faults:
            self.faults.append(reason)

    def problems(self) -> list[str]:
        found = list(self.faults)
        for name, task in self.tasks.items():
            if task.done() and not task.cancelled():
                error = task.exception()
                found.append(f"{name} stopped: {type(error).__name__ if error else 'returned'}")
        return found


async def stop_tasks(tasks: "list[asyncio.Task[None]]", *, grace_seconds: float = 3.0) -> None:
    """Cancel `tasks` and return once every one has stopped. A task gets `grace_seconds` to
    finish what it does on cancellation (give back a lease, say). A cancellation can be lost in
    a library's own waiting (on Python 3.11, `asyncio.wait_for` drops one that arrives just as
    what it waits for finishes), and the task then goes on to its next wait: a task still
    running after the grace is cancelled again, and again each `grace_seconds`."""
    pending = set(tasks)
    while pending:
        for task in pending:
            task.cancel()
        _, pending = await asyncio.wait(pending, timeout=grace_seconds)
    for task in tasks:
        if not task.cancelled():
            task.exception()  # reported by `/healthz` while it ran; retrieved, not re-raised
