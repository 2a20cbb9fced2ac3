"""The database commands a burst sent, by command and collection: how many per request, the
server's time for them as the driver saw it (median, 95th percentile, most) and the ones the
server refused, by error (a write conflict inside a transaction is retried by the driver, so
it costs time without failing the request)."""

from collections import Counter
from dataclasses import dataclass, field

from pymongo import monitoring

from bench.policy_bench.commands import CommandLog, SentCommand
from bench.survey_bench.figures import percentile


def label_of(command: SentCommand) -> str:
    """`insert pairs`; a transaction's commit or abort, which names no collection, alone."""
    return command.name if command.collection == "None" else command.label


@dataclass
class CommandProfile(CommandLog):
    """A `CommandLog` that also counts the commands the server refused."""

    refused: Counter[str] = field(default_factory=Counter)

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        command = self.waiting.pop(event.request_id, None)
        if command is not None:
            # The server's error name, or the driver's exception (a timeout) for no answer.
            failure = event.failure
            code = failure.get("codeName") or failure.get("errtype") or failure.get("code")
            self.refused[f"{label_of(command)}: {code}"] += 1
            command.micros = event.duration_micros

    def start(self) -> None:
        self.sent, self.refused, self.recording = [], Counter(), True

    def stop(self) -> tuple[list[SentCommand], Counter[str]]:
        self.recording = False
        return list(self.sent), Counter(self.refused)


def print_profile(name: str, sent: list[SentCommand], refused: Counter[str], requests: int) -> None:
    """A line per command and collection, the longest total server time first."""
    by_label: dict[str, list[float]] = {}
    for command in sent:
        by_label.setdefault(label_of(command), []).append(command.micros / 1000)
    print(
        f"{name}: {len(sent) / requests:.1f} commands a request"
        f"\n  {'command':<38}{'per req':>8}{'p50 ms':>8}{'p95 ms':>8}{'max ms':>8}{'total s':>9}"
    )
    for label, times in sorted(by_label.items(), key=lambda item: -sum(item[1])):
        print(
            f"  {label:<38}{len(times) / requests:>8.2f}{percentile(times, 0.5):>8.1f}"
            f"{percentile(times, 0.95):>8.1f}{max(times):>8.1f}{sum(times) / 1000:>9.2f}"
        )
    for what, count in refused.most_common():
        print(f"  refused by the server: {what} x{count}")
