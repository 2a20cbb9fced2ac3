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
