"""Timing for the benchmarks: the functions take turns, after a warm-up, and the median is kept."""

from __future__ import annotations

import statistics
import time


def median_times(functions: dict, repeats: int, best: dict | None = None) -> dict[str, float]:
    """Median seconds per call (and the fastest call into `best`); the functions take turns so
    they share the machine's state."""
    for fn in functions.values():
        fn()  # warm-up
    times: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, fn in functions.items():
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)
    if best is not None:
        best.update({name: min(t) for name, t in times.items()})
    return {name: statistics.median(t) for name, t in times.items()}
