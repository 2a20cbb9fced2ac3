"""What the submission burst records and prints: each request's outcome, and the figures
against the targets."""

import math
from dataclasses import dataclass

from bench.survey_bench.figures import percentile, verdict

RATIO_TARGET = 0.3


@dataclass(frozen=True)
class Outcome:
    """One request: "first" submission, "retry" of a used link, or "bare" insert."""

    kind: str
    status: int | None  # None: a transport error or a timeout
    latency: float
    finished: float  # time.perf_counter() when the answer arrived
    error: str = ""


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
    runs: dict[str, tuple[list[Outcome], float]], *, stored: int, links: int, retries: int
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
