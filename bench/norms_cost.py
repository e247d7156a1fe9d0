"""What the anonymous norms cost with 100,000 stored results, on SQLite and PostgreSQL.

Run from the repo root::

    .venv/bin/python bench/norms_cost.py [--people 100000] [--runs 200]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench]

Without ``--database-url`` it uses a fresh SQLite file in a temporary folder. With one,
use a scratch database: it must hold no norms yet, and keeps what the run added.

It seeds the counters with ``--people`` simulated completions of the default bank,
spread over the 24 months kept: each person answers five statements per part (1 to 5,
one in ten "does not apply"), scored as the app scores. Then it times, as medians:

- the norms query (``Norms.fresh_distributions``: one SQL statement that adds up the
  counters per part and score with a running sum), uncached, ``--runs`` times;
- what a results page pays (``Norms.distributions``, reused for 60 s, then the six
  percentiles of one result), ``--runs`` times;
- starting and finishing an assessment with and without counting it, ``--runs`` / 4
  times each (counting adds six counters in the completion's transaction).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

# Run as a script, Python puts bench/ first on sys.path; the repo root goes first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import REPO_ROOT  # noqa: E402
from harness.store_access import data_dir_url, norms_access  # noqa: E402
from networking_works.bank import load_bank  # noqa: E402
from networking_works.norms import NORMS_MONTHS, first_kept_month, standings  # noqa: E402

BANK = load_bank(REPO_ROOT / "questions" / "networking.yaml")
PARTS = [p.id for p in BANK.parts]
STATEMENTS = 5


def simulated_counts(people: int, seed: int = 12) -> Counter[tuple[str, str, float]]:
    """(month, part, score) -> people, for ``people`` simulated completions."""
    rng = random.Random(seed)  # noqa: S311 (a benchmark's data, not a secret)
    now = datetime.now(UTC)
    first = first_kept_month(now)
    year, month = int(first[:4]), int(first[5:])
    months = []
    for _ in range(NORMS_MONTHS):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    counts: Counter[tuple[str, str, float]] = Counter()
    for _ in range(people):
        when = rng.choice(months)
        for part in PARTS:
            answers = [rng.randint(1, 5) for _ in range(STATEMENTS) if rng.random() > 0.1]
            if 2 * len(answers) < STATEMENTS or not answers:
                continue
            score = round(100 * (sum(answers) / len(answers) - 1) / 4, 1)
            counts[(when, part, score)] += 1
    return counts


def median_us(func: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        timings.append(time.perf_counter() - started)
    return 1e6 * statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="nw-norms-") as folder:
        url = args.database_url or data_dir_url(folder)
        kind = url.split(":", 1)[0]
        with norms_access(url) as norms:
            if norms.rows():
                print("error: the database already holds norms; use an empty one", file=sys.stderr)
                return 2
            started = time.perf_counter()
            counts = simulated_counts(args.people)
            norms.load(BANK.id, BANK.version, counts)
            seeded = time.perf_counter() - started
            found = norms.fresh(BANK.id, BANK.version)
            total = {part: d.total for part, d in found.items()}
            mine = {part: 55.0 for part in PARTS}
            shown = standings(mine, found)

            query = median_us(lambda: norms.fresh(BANK.id, BANK.version), args.runs)
            page = median_us(
                lambda: standings(mine, norms.cached(BANK.id, BANK.version)), args.runs
            )
            quarter = max(1, args.runs // 4)
            plain = median_us(lambda: norms.finish(BANK.id, mine, None), quarter)
            counted = median_us(lambda: norms.finish(BANK.id, mine, BANK.version), quarter)

        print(f"{kind}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
        print(
            f"seeded {args.people:,} people in {seeded:.1f} s: {len(counts):,} counter rows "
            f"({len(PARTS)} parts x scores x {NORMS_MONTHS} months)"
        )
        print(f"people with a score per part: {min(total.values()):,} to {max(total.values()):,}")
        creation = shown["creation"]
        higher = f"higher than {creation.higher_than}% of {creation.people:,}"
        print(f"a result of 55 on Creation: {higher}")
        print()
        print(f"{'what':58} {'median µs':>10}")
        print("-" * 69)
        print(f"{'norms query, uncached (SQL over the counters)':58} {query:10.1f}")
        print(f"{'results page: cached distributions + six percentiles':58} {page:10.1f}")
        print(f"{'start + finish an assessment, not counted':58} {plain:10.1f}")
        print(f"{'start + finish an assessment, counted (six counters)':58} {counted:10.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
