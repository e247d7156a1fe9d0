"""Statistics of measured latencies and rates, the same in every test and benchmark."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypedDict

QUANTILES = (50, 95, 99)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


class LatencySummary(TypedDict):
    count: int
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None


def latency_summary(seconds: Sequence[float]) -> LatencySummary:
    """Count, p50/p95/p99 and max in milliseconds (None without values)."""
    if not seconds:
        return {"count": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    p50, p95, p99 = (1000 * percentile(seconds, q) for q in QUANTILES)
    return {
        "count": len(seconds),
        "p50_ms": p50,
        "p95_ms": p95,
        "p99_ms": p99,
        "max_ms": 1000 * max(seconds),
    }


Point = tuple[float, float]  # (seconds since the start, a cumulative value)


def windows(points: Sequence[Point], seconds: float) -> Iterator[tuple[Point, Point]]:
    """Pairs of points about ``seconds`` apart (±0.5 s), for peak rates."""
    j = 0
    for i, later in enumerate(points):
        while j < i and later[0] - points[j][0] > seconds + 0.5:
            j += 1
        if j < i and later[0] - points[j][0] >= seconds - 0.5:
            yield points[j], later


def peak_rate(points: Sequence[Point], seconds: float) -> float:
    """The highest rate of change of a cumulative value over ``seconds`` (overall if none)."""
    (t0, v0), (t1, v1) = points[0], points[-1]
    return max(
        ((vb - va) / (tb - ta) for (ta, va), (tb, vb) in windows(points, seconds)),
        default=(v1 - v0) / (t1 - t0),
    )


def peak_mean(per_second: Sequence[int], seconds: int) -> float:
    """The highest mean over ``seconds`` consecutive one-second counts."""
    count = max(len(per_second) - seconds + 1, 1)
    return max((sum(per_second[i : i + seconds]) / seconds for i in range(count)), default=0)
