"""What one plain read costs this process on PostgreSQL, by how the connection is used.

    .venv/bin/python bench/pg_read_cost.py --database-url postgresql+psycopg://... [--reads 2000]

Reads one assessment row by its token with the store's own statement, through four
engines on the same database: with and without ``pool_pre_ping`` (a ``SELECT 1`` on every
checkout), and in a transaction (psycopg sends ``BEGIN``, and the pool's reset sends
``ROLLBACK``) or in autocommit (the statement alone). The store ships pre-ping with
autocommit reads (``store/database.py``). The variants run in turns, in rounds, so drift
hits all alike; it prints the median per read of wall time and of this process's CPU.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's store

import sqlalchemy as sa  # noqa: E402

from networking_works.store import Store  # noqa: E402
from networking_works.store.assessments import _ASSESSMENT  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--reads", type=int, default=2000, help="per variant and round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    store = Store(args.database_url)
    token = store.assessments.start("networking")
    params = {"token": token, "now": store.database.now()}
    variants: dict[str, sa.Engine] = {}
    for ping in (True, False):
        engine = sa.create_engine(args.database_url, pool_pre_ping=ping, pool_size=10)
        name = "pre-ping" if ping else "no ping"
        variants[f"{name}, in a transaction"] = engine
        variants[f"{name}, autocommit"] = engine.execution_options(isolation_level="AUTOCOMMIT")
    wall: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    for round_number in range(args.rounds + 1):  # the first round warms up
        for name, engine in variants.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            for _ in range(args.reads):
                with engine.connect() as conn:
                    if conn.execute(_ASSESSMENT, params).first() is None:
                        raise SystemExit("the assessment was not read back")
            if round_number:
                wall[name].append(1e6 * (time.perf_counter() - start) / args.reads)
                cpu[name].append(1e6 * (time.process_time() - start_cpu) / args.reads)
    print(f"{args.reads} reads x {args.rounds} rounds per variant, medians per read")
    print(f"{'variant':<32} {'wall us':>9} {'CPU us':>9}")
    for name in variants:
        took, used = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"{name:<32} {took:9.0f} {used:9.0f}")
    store.database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
