"""Small helpers for the figures the benchmarks measure and print."""

import math
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (`share` from 0 to 1); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"


async def alternate(runs: dict[str, Callable[[], Awaitable[Any]]], rounds: int) -> dict[str, float]:
    """Median seconds of each run, the runs alternating; one untimed warm-up each first."""
    timings: dict[str, list[float]] = {name: [] for name in runs}
    for round_number in range(rounds + 1):
        for name, run in runs.items():
            began = time.perf_counter()
            await run()
            if round_number:
                timings[name].append(time.perf_counter() - began)
    return {name: statistics.median(found) for name, found in timings.items()}
