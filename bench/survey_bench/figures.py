"""Small helpers for the figures the survey benchmarks print."""

import math


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (`share` from 0 to 1); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def verdict(passed: bool) -> str:
    return "PASS" if passed else "FAIL"
