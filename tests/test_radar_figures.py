"""web/screens/report.py's radar cache: figures kept by what they draw, bounded in bytes
whatever titles a bank or an imported file hands it (issue 23, M8)."""

from __future__ import annotations

import gc
import tracemalloc

from web.screens import report

SERIES = (("Score", (10.0, 20.0, 30.0)),)
BUDGET = 8 * 2**20  # what the README promises the kept figures take at most


def hostile_titles(entry: int, parts: int = 50, chars: int = 4000) -> tuple[str, ...]:
    return tuple((f"entry {entry} part {p} " + "word " * chars)[:chars] for p in range(parts))


def test_the_same_chart_is_built_once_and_a_new_one_is_built_anew() -> None:
    titles = ("Creation", "Long-term", "Mutual")
    first = report.radar_figure(titles, SERIES)
    assert report.radar_figure(titles, SERIES) is first
    assert report.radar_figure(titles, (("Score", (10.0, 20.0, 31.0)),)) is not first
    assert report.radar_figure((*titles[:2], "Mutually"), SERIES) is not first


def test_hostile_titles_keep_the_cache_within_its_bytes() -> None:
    # 36 radars of 50 parts titled with 4,000 characters: about 300 KB each, 11 MB if all
    # were kept (a count of 256 kept them all); what stays must fit the cache's budget.
    series = (("Score", tuple(float(p) for p in range(50))),)
    report.radar_figure(("a", "b", "c"), SERIES)  # plotly's first-use allocations
    gc.collect()
    tracemalloc.start()
    try:
        for entry in range(36):
            report.radar_figure(hostile_titles(entry), series)
        gc.collect()
        kept, _peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert kept <= BUDGET, f"{kept / 2**20:.1f} MiB kept"
    assert report.RADAR_FIGURES.kept_bytes <= report.RADAR_FIGURE_BYTES <= BUDGET
