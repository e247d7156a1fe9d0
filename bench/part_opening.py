"""The moment a part opens: N phones wait on it, the speaker opens it, how long until
each phone shows it.

Run from the repo root::

    .venv/bin/python bench/part_opening.py --phones 1000 [--processes 1]
        [--database-url URL] [--no-script]

It starts ``--processes`` servers behind the ``deploy/`` nginx (``harness/cluster.py``)
on PostgreSQL (default: the test database), seats ``--phones`` phones
(``harness/phone.py``) in a speaker-paced room with part 1 open (join, skip the
definition, answer part 1), so that each waits on part 2 as its page says, then opens
part 2 through the store and times, for every phone, the press to that part on its
screen. It prints p50/p95/max, the servers' and this process's CPU seconds spent in the
burst, and fails on any error or a phone that does not show part 2. The whole workshop
run (``bench/loadgen.py``) holds this moment inside; this isolates it.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.workshop_load.runs import PRODUCTION_FLAGS  # noqa: E402
from harness.cluster import start_cluster  # noqa: E402
from harness.phone import Kind, Page, Phone  # noqa: E402
from harness.server import process_cpu_seconds  # noqa: E402
from harness.stats import percentile  # noqa: E402
from harness.store_access import store_access  # noqa: E402

TEST_DATABASE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SEATING_AT_ONCE = 40  # phones joining together while the room fills


async def seat(phone: Phone, code: str, rng: random.Random) -> Page:
    """Join, skip the definition, answer part 1: the page is then part 2's waiting page."""
    page = await phone.open(f"/room/{code}")
    fields, _ = page.form().fill(rng, {})
    page = await phone.submit(page, page.form(), fields)
    fields, _ = page.form().fill(rng, prefer=("skip",))
    page = await phone.submit(page, page.form(), fields)
    fields, _ = page.form().fill(rng, prefer=("next",))
    page = await phone.submit(page, page.form(), fields)
    if page.kind is not Kind.WAITING:
        raise RuntimeError(f"seated on a {page.kind} page, not the waiting one")
    return page


async def burst(url: str, code: str, phones: int, script: bool, open_part: object) -> dict:
    rng = random.Random(1)  # noqa: S311 -- simulated people
    everyone = [Phone(url, script=script, drop_cookies=("nw_route",)) for _ in range(phones)]
    gate = asyncio.Semaphore(SEATING_AT_ONCE)

    async def seated(phone: Phone) -> Page:
        async with gate:
            return await seat(phone, code, rng)

    pages = await asyncio.gather(*(seated(p) for p in everyone))
    shown: list[float] = []
    pressed = 0.0

    async def wait(phone: Phone, page: Page) -> None:
        while page.kind is Kind.WAITING:
            page = await phone.wait(page)
        if page.kind is not Kind.PART:
            raise RuntimeError(f"a {page.kind} page instead of part 2")
        shown.append(page.received_at - pressed)

    waits = [asyncio.create_task(wait(p, page)) for p, page in zip(everyone, pages, strict=True)]
    await asyncio.sleep(3)  # every long poll is held now
    cpu_before = time.process_time()
    pressed = time.perf_counter()
    await asyncio.to_thread(open_part)  # type: ignore[arg-type]
    await asyncio.gather(*waits)
    generator_cpu = time.process_time() - cpu_before
    await asyncio.gather(*(p.aclose() for p in everyone))
    return {"shown": sorted(shown), "generator_cpu": generator_cpu}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--database-url", default=TEST_DATABASE)
    parser.add_argument("--no-script", action="store_true", help="wait as without JavaScript")
    args = parser.parse_args()
    joins = str(max(100, args.phones))  # the room fills faster than any real one
    env = {"NW_JOINS_PER_5S": joins, "NW_JOINS_PER_CLIENT_5S": joins}
    with (
        tempfile.TemporaryDirectory(prefix="nw-opening-") as workdir,
        start_cluster(
            args.processes,
            database_url=args.database_url,
            workdir=Path(workdir),
            extra_args=PRODUCTION_FLAGS,
            env_overrides=env,
        ) as cluster,
        store_access(args.database_url) as store,
    ):
        room = store.create_room(f"Opening, {args.phones} phones", "networking", True, None)
        cpu = [0.0]

        def open_part() -> None:
            cpu[0] = sum(process_cpu_seconds(pid) for pid in cluster.pids)
            store.open_parts(room.workshop_id, 2)

        script = not args.no_script
        found = asyncio.run(burst(cluster.url, room.code, args.phones, script, open_part))
        server_cpu = sum(process_cpu_seconds(pid) for pid in cluster.pids) - cpu[0]
    shown = found["shown"]
    print(
        f"{args.phones} phones waiting on part 2, {args.processes} process(es) behind nginx, "
        f"{'with' if not args.no_script else 'without'} the page's script"
    )
    print(
        "part opened -> shown: "
        f"p50 {percentile(shown, 50) * 1000:.0f} ms, p95 {percentile(shown, 95) * 1000:.0f} ms, "
        f"max {shown[-1] * 1000:.0f} ms"
    )
    print(
        f"CPU in the burst: servers {server_cpu:.2f} s, this generator "
        f"{found['generator_cpu']:.2f} s ({len(shown)} phones shown)"
    )
    return 0 if len(shown) == args.phones else 1


if __name__ == "__main__":
    sys.exit(main())
