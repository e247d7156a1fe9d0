"""What the radar cache keeps when fed distinct hostile charts (issue 23, M8).

Run from the repo root::

    .venv/bin/python bench/radar_cache.py [--entries 2000] [--parts 50] [--title-chars 4000]

Each entry is a radar nobody drew before, of ``--parts`` axes titled with
``--title-chars`` characters each (the largest a journal file could carry before the
import caps: 50 parts, 4,000 characters), built through ``web.screens.report.radar_figure``,
the cache every results, journal and compare page draws through. It prints what the
process holds afterwards: the Python heap still allocated (tracemalloc, after a full
garbage collection) and the growth of the resident set (VmRSS of /proc/self/status),
plus what the cache says it keeps. Nothing is faked: the figures are the app's own.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

# Run as a script, Python puts bench/ first on sys.path; the repo root goes first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from web.screens import report  # noqa: E402

MIB = 1024 * 1024


def rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def titles_for(entry: int, parts: int, chars: int) -> tuple[str, ...]:
    # Distinct per entry and per part, words so the axis labels wrap as real ones do.
    return tuple((f"entry {entry} part {part} " + "word " * chars)[:chars] for part in range(parts))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=2000)
    parser.add_argument("--parts", type=int, default=50)
    parser.add_argument("--title-chars", type=int, default=4000)
    args = parser.parse_args()

    series = (("Score", tuple(float(p % 100) for p in range(args.parts))),)
    report.radar_figure(titles_for(-1, 3, 10), (("Score", (1.0, 2.0, 3.0)),))  # warm-up
    gc.collect()
    rss_before = rss_bytes()
    tracemalloc.start()
    started = time.perf_counter()
    for entry in range(args.entries):
        report.radar_figure(titles_for(entry, args.parts, args.title_chars), series)
    elapsed = time.perf_counter() - started
    gc.collect()
    heap, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss_after = rss_bytes()

    print(f"entries {args.entries}, parts {args.parts}, title chars {args.title_chars}")
    print(f"built in {elapsed:.1f} s")
    print(f"heap kept {heap / MIB:.1f} MB (peak {peak / MIB:.1f} MB)")
    print(f"RSS +{(rss_after - rss_before) / MIB:.0f} MB")
    kept = getattr(report, "RADAR_FIGURES", None)
    if kept is not None:
        print(f"cache: {len(kept)} figures, {kept.kept_bytes / MIB:.1f} MB counted")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
