"""What the submission burst records and prints: each request's outcome, the program's
statistics as they catch up, and the figures against the targets."""

import asyncio
import math
import time
from dataclasses import dataclass
from typing import Any

from bson import ObjectId
from pymongo.errors import PyMongoError

from bench.survey_bench.figures import percentile, seconds, verdict

RATIO_TARGET, LAG_P95_TARGET = 0.3, 5.0
POLL_SECONDS, LAG_GIVE_UP_SECONDS = 0.05, 120.0


@dataclass(frozen=True)
class Outcome:
    """One request: "first" submission, "retry" of a used link, or "bare" insert."""

    kind: str
    status: int | None  # None: a transport error or a timeout
    latency: float
    finished: float  # time.perf_counter() when the answer arrived
    error: str = ""


class StatsWatcher:
    """Polls the sum of `responses` over the program's MONTH buckets in `feedback_stats`."""

    def __init__(self, db: Any, program_id: ObjectId) -> None:
        self.collection = db.feedback_stats
        self.match = {"scope": "PROGRAM", "program_id": program_id, "period_kind": "MONTH"}
        self.samples: list[tuple[float, int]] = []  # (time the answer arrived, sum)
        self.target: int | None = None
        self.deadline = math.inf

    async def total(self) -> int:
        pipeline = [{"$match": self.match}, {"$group": {"_id": None, "n": {"$sum": "$responses"}}}]
        rows = await (await self.collection.aggregate(pipeline)).to_list()
        return int(rows[0]["n"]) if rows else 0

    async def run(self) -> None:
        while True:
            try:
                value = await self.total()
                self.samples.append((time.perf_counter(), value))
            except PyMongoError:
                value = -1  # a failed poll is simply missing from the samples
            if self.target is not None and (
                value >= self.target or time.perf_counter() >= self.deadline
            ):
                return
            await asyncio.sleep(POLL_SECONDS)

    def stop_when(self, target: int, *, after: float) -> None:
        """Stop once the sum reaches `target`, or LAG_GIVE_UP_SECONDS after `after`."""
        self.target, self.deadline = target, after + LAG_GIVE_UP_SECONDS

    def lags(self, completions: list[float]) -> list[float]:
        """For the i-th completion, the first sample with a sum >= i minus its time (>= 0);
        infinity when the sum never got there."""
        lags, index = [], 0
        for count, finished in enumerate(sorted(completions), start=1):
            while index < len(self.samples) and self.samples[index][1] < count:
                index += 1
            at = self.samples[index][0] if index < len(self.samples) else math.inf
            lags.append(max(0.0, at - finished))
        return lags


def print_runs(runs: dict[str, tuple[list[Outcome], float]]) -> dict[str, float]:
    """A table of the runs; returns each run's throughput."""
    print(f"{'run':<22}{'requests':>9}{'seconds':>9}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}")
    throughput = {}
    for name, (outcomes, wall) in runs.items():
        latencies = [o.latency * 1000 for o in outcomes]
        throughput[name] = len(outcomes) / wall
        print(
            f"{name:<22}{len(outcomes):>9,}{wall:>9.1f}{throughput[name]:>9.1f}"
            f"{percentile(latencies, 0.5):>9.0f}{percentile(latencies, 0.95):>9.0f}"
        )
    return throughput


def print_statuses(outcomes: list[Outcome], *, links: int, retries: int) -> None:
    statuses = [o.status for o in outcomes]
    created, conflicts = statuses.count(201), statuses.count(409)
    other_4xx = sum(1 for s in statuses if s is not None and 400 <= s < 500 and s != 409)
    server_errors = sum(1 for s in statuses if s is not None and s >= 500)
    failures = sorted({o.error for o in outcomes if o.status is None})
    print(
        f"survey statuses: 201 {created:,} (expected {links:,}), 409 {conflicts:,} (expected "
        f"{retries:,}), other 4xx {other_4xx}, 5xx {server_errors}, transport errors/timeouts "
        f"{statuses.count(None)}{' ' + ', '.join(failures) if failures else ''}"
    )
    for kind, status in (("first", 201), ("retry", 409)):
        latencies = [o.latency for o in outcomes if o.kind == kind and o.status == status]
        print(
            f"  {kind} submissions answered {status}: p50 {percentile(latencies, 0.5):.2f} s, "
            f"p95 {percentile(latencies, 0.95):.2f} s, max {max(latencies, default=math.nan):.2f} s"
        )
    print(f"5xx responses: {server_errors}  (target 0)  {verdict(server_errors == 0)}")
    unanswered = statuses.count(None)
    print(
        f"requests left unanswered (timeouts, transport errors): {unanswered}  (target 0)  "
        f"{verdict(unanswered == 0)}"
    )


def print_report(
    runs: dict[str, tuple[list[Outcome], float]],
    watcher: StatsWatcher,
    *,
    stored: int,
    links: int,
    retries: int,
) -> None:
    throughput = print_runs(runs)
    survey = runs["survey submissions"][0]
    print_statuses(survey, links=links, retries=retries)
    print(f"responses stored: {stored:,}  (target {links:,})  {verdict(stored == links)}")
    bare = [value for name, value in throughput.items() if name.startswith("bare")]
    ratio = throughput["survey submissions"] / (sum(bare) / len(bare))
    print(
        f"throughput survey / bare (bare: mean of {len(bare)} runs): {ratio:.3f}  "
        f"(target >= {RATIO_TARGET})  {verdict(ratio >= RATIO_TARGET)}"
    )
    completions = [o.finished for o in survey if o.status == 201]
    lags = watcher.lags(completions)
    p95 = percentile(lags, 0.95)
    print(
        f"statistics lag after a 201: p50 {seconds(percentile(lags, 0.5))}, p95 {seconds(p95)}, "
        f"max {seconds(max(lags, default=math.nan))}  (target p95 <= {LAG_P95_TARGET:g} s)  "
        f"{verdict(p95 <= LAG_P95_TARGET)}"
    )
    full = next((at for at, total in watcher.samples if total >= len(completions)), math.inf)
    last = max(completions, default=math.nan)
    print(
        f"all {len(completions):,} counted {seconds(max(0.0, full - last))} after the last 201 "
        f"(given up after {LAG_GIVE_UP_SECONDS:g} s); {len(watcher.samples):,} polls"
    )
