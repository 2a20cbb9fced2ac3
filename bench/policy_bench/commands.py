"""Counting the database commands a read sends, with a PyMongo `CommandListener` on the
client both the app and the floors use; it records only while a count is under way, so the
timed runs pay next to nothing for it."""

from collections import Counter
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pymongo import monitoring

# Commands a driver sends on its own (handshakes, heartbeats, sessions), not for a read.
HOUSEKEEPING = frozenset({"hello", "isMaster", "ismaster", "ping", "endSessions", "killCursors"})
SHOWN = ("filter", "pipeline", "projection")
LONGEST_LIST = 4


def _cut(value: Any) -> Any:
    """`value` with every list longer than `LONGEST_LIST` shown as its length."""
    if isinstance(value, dict):
        return {k: _cut(v) for k, v in value.items()}
    if isinstance(value, list):
        return f"<{len(value)} values>" if len(value) > LONGEST_LIST else [_cut(v) for v in value]
    return value


@dataclass
class SentCommand:
    name: str
    collection: str
    document: dict[str, Any]
    micros: int = 0  # the server's answer took this long, as the driver saw it
    returned: int = 0  # documents in the answer

    @property
    def label(self) -> str:
        return f"{self.name} {self.collection}"

    def shown(self) -> str:
        """The command's filter, pipeline and projection, long lists cut to their length."""
        parts = {k: v for k, v in self.document.items() if k in SHOWN}
        return f"{self.label:<36}{self.micros / 1000:8.1f} ms {self.returned:6} docs  " + str(
            _cut(parts)
        )


@dataclass
class CommandLog(monitoring.CommandListener):
    recording: bool = False
    sent: list[SentCommand] = field(default_factory=list)
    waiting: dict[int, SentCommand] = field(default_factory=dict)

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if self.recording and event.command_name not in HOUSEKEEPING:
            target = event.command.get(event.command_name)
            collection = target if isinstance(target, str) else str(event.command.get("collection"))
            command = SentCommand(event.command_name, collection, dict(event.command))
            self.sent.append(command)
            self.waiting[event.request_id] = command

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        command = self.waiting.pop(event.request_id, None)
        if command is not None:
            command.micros = event.duration_micros
            cursor = event.reply.get("cursor") or {}
            command.returned = len(cursor.get("firstBatch") or cursor.get("nextBatch") or [])

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self.waiting.pop(event.request_id, None)

    @contextmanager
    def recorded(self) -> Iterator[list[SentCommand]]:
        """The commands sent inside the block."""
        self.sent, self.recording = [], True
        try:
            yield self.sent
        finally:
            self.recording = False


async def commands_of(log: CommandLog, run: Callable[[], Awaitable[Any]]) -> list[SentCommand]:
    with log.recorded() as sent:
        await run()
    return list(sent)


def summary(sent: list[SentCommand]) -> str:
    """`12: find pairs x3, aggregate development_activities x1, ...`, the most sent first."""
    counted = Counter(command.label for command in sent)
    return f"{len(sent)}: " + ", ".join(f"{label} x{n}" for label, n in counted.most_common())
