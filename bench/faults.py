"""A live room through faults, with more phones than the test: the stall figures per fault.

Runs harness/faults.py (what tests/test_faults.py runs with 200 phones): two app
processes behind the deploy/ nginx on PostgreSQL, one speaker-paced room; once
everyone has joined, one app process is SIGKILLed and started again, PostgreSQL is
restarted and nginx reloaded. Prints, per fault, each phone's longest wait for one page
(p50, p95, max) and how many requests were sent again, then the exact store check.

    .venv/bin/python bench/faults.py --phones 500 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/loadgen

Restarts the PostgreSQL cluster of this machine (run as root): other work on it sees
its connections dropped for a few seconds. Exits 1 if a phone did not finish, saw a
traceback, or the store check failed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from harness.cluster import start_cluster  # noqa: E402
from harness.faults import BANK_FILE, FaultRun, Plan, one_address_env, pg_ready, report  # noqa: E402
from harness.store_access import check_room, store_access  # noqa: E402
from networking_works.bank import load_bank  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--join-within", type=float, default=None, help="default: phones/10 s")
    parser.add_argument("--part-every", type=float, default=12.0)
    parser.add_argument("--database-url", required=True, help="PostgreSQL on this machine")
    args = parser.parse_args(argv)
    join_within = args.join_within or max(20.0, args.phones / 10)
    # Parts open every part_every seconds; the faults come a second after parts 4, 5 and
    # 6 open (phones sending answers), all after the last join.
    every = max(args.part_every, (join_within + 5) / 3)
    plan = Plan(
        phones=args.phones,
        join_within=join_within,
        part_every=every,
        faults_at=(3 * every + 1, 4 * every + 1, 5 * every + 1),
    )
    env = {"PUBLIC_URL": None, "NW_FACILITATOR_PASSPHRASE": None, **one_address_env(args.phones)}
    with tempfile.TemporaryDirectory(prefix="nw-faults-") as workdir:
        with (
            start_cluster(
                2, database_url=args.database_url, workdir=Path(workdir), env_overrides=env
            ) as cluster,
            store_access(args.database_url) as store,
        ):
            outcome = asyncio.run(FaultRun(cluster, store, args.database_url, plan).run())
        print(report(outcome))
        if not pg_ready():
            print("PostgreSQL is not back up", file=sys.stderr)
            return 1
        with store_access(args.database_url) as fresh:
            sent = [(p.token, p.answers) for p in outcome.people]
            problems = check_room(fresh, outcome.room, len(load_bank(BANK_FILE).parts), sent)
    failed = sorted({p.failed for p in outcome.people if p.failed})
    tracebacks = sum(p.tracebacks for p in outcome.people)
    print(
        f"store check: {problems if problems else 'exact'}; phones failed: "
        f"{sum(bool(p.failed) for p in outcome.people)} {failed[:5]}; tracebacks seen: {tracebacks}"
    )
    return 1 if problems or failed or tracebacks else 0


if __name__ == "__main__":
    sys.exit(main())
