"""A burst of joins into one room, over plain HTTP: what the per-room join limit does.

    .venv/bin/python bench/join_burst.py --joins 200 --within 5

starts ``streamlit run asgi.py`` (app.py as an st.App with the audience pages; SQLite in
a temporary directory, the production flags), creates a room in its database, opens the
room's join page (``/room/CODE``) on ``--joins`` phones first (``harness/phone.py``, not
timed), then presses Join on each, spread evenly over ``--within`` seconds. Each phone
refused with "try again in a moment" (HTTP 429) opens the join page again after
``--retry-after`` seconds (a person reading the message and tapping its link) and
presses Join again, until it is in. Prints what the first presses got, how many were
admitted per second, how long until everyone was in, and checks the database holds
exactly one participant per phone. ``--url`` and ``--database-url`` aim it at a running
server instead (with ``--code`` of a room there).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's app

from audience import paths  # noqa: E402
from harness.phone import Kind, Page, Phone, PhoneError  # noqa: E402
from harness.server import start_server  # noqa: E402
from harness.store_access import data_dir_url, store_access  # noqa: E402

TOO_MANY = 429  # the join limit's refusal: "try again in a moment"
NO_CHOICES = random.Random(0)  # noqa: S311 -- the join form has no radio groups


@dataclass
class Joiner:
    phone: Phone
    page: Page | None = None  # the join page, as the phone shows it
    presses: list[tuple[float, float, str]] = field(default_factory=list)  # (at, took, outcome)

    @property
    def admitted_at(self) -> float | None:
        return next((at + took for at, took, got in self.presses if got == "joined"), None)


async def press_join(joiner: Joiner, code: str, started: float) -> str:
    page = joiner.page or await joiner.phone.open(paths.room(code))
    joiner.page = None  # after a refusal the person opens the join page again
    if page.kind is not Kind.JOIN:
        return f"not on the join page ({page.kind})"
    fields, _ = page.form().fill(NO_CHOICES)  # no nickname: the made-up name
    at = time.perf_counter()
    try:
        after = await joiner.phone.submit(page, page.form(), fields)
        outcome = (
            "joined"
            if after.kind is Kind.DEFINITION
            else "asked to try again"
            if after.status == TOO_MANY
            else f"other: HTTP {after.status}, a {after.kind} page"
        )
    except PhoneError as exc:
        outcome = f"other: {exc}"
    joiner.presses.append((at - started, time.perf_counter() - at, outcome))
    return outcome


async def one_phone(
    joiner: Joiner, code: str, delay: float, retry_after: float, started: float
) -> None:
    await asyncio.sleep(delay)
    while await press_join(joiner, code, started) == "asked to try again":
        await asyncio.sleep(retry_after)


async def burst(url: str, code: str, joins: int, within: float, retry_after: float) -> list[Joiner]:
    joiners = [Joiner(Phone(url, timeout=120)) for _ in range(joins)]
    gate = asyncio.Semaphore(20)

    async def ready(joiner: Joiner) -> None:
        async with gate:
            joiner.page = await joiner.phone.open(paths.room(code))

    try:
        await asyncio.gather(*(ready(j) for j in joiners))
        started = time.perf_counter()
        await asyncio.gather(
            *(
                one_phone(j, code, i * within / joins, retry_after, started)
                for i, j in enumerate(joiners)
            )
        )
    finally:
        await asyncio.gather(*(j.phone.aclose() for j in joiners))
    return joiners


def report(phones: list[Joiner], within: float, joined_in_db: int) -> None:
    first = Counter(p.presses[0][2] for p in phones if p.presses)
    print(f"{len(phones)} phones press Join within {within:g} s (first presses):")
    for outcome, n in first.most_common():
        print(f"  {outcome:<24} {n}")
    per_second = Counter(
        int(at + took) for p in phones for at, took, got in p.presses if got == "joined"
    )
    print("admitted per second:", dict(sorted(per_second.items())))
    took = sorted(t for p in phones for _, t, _ in p.presses)
    print(
        f"Join presses: {len(took)} in all, reply p50 {statistics.median(took) * 1000:.0f} ms, "
        f"p95 {took[int(0.95 * (len(took) - 1))] * 1000:.0f} ms"
    )
    done = [p.admitted_at for p in phones]
    inside = [t for t in done if t is not None]
    presses = Counter(len(p.presses) for p in phones)
    print(f"presses per phone: {dict(sorted(presses.items()))}")
    if inside:
        print(f"everyone in after {max(inside):.1f} s ({len(inside)} of {len(phones)} phones)")
    exact = joined_in_db == len(inside)
    print(f"participants in the database: {joined_in_db} (one per phone admitted: {exact})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--joins", type=int, default=200)
    parser.add_argument("--within", type=float, default=5.0, metavar="S")
    parser.add_argument("--retry-after", type=float, default=3.0, metavar="S")
    parser.add_argument("--url", help="a running server (else one is started here)")
    parser.add_argument("--database-url", help="its database (with --url)")
    parser.add_argument("--code", help="a room on that server (else one is created)")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.url:
            url, db_url = args.url, args.database_url
        else:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nw-burst-")))
            server = stack.enter_context(start_server(workdir=workdir, tuned=True))
            url, db_url = server.url, data_dir_url(server.data_dir)
            print(f"server started here (SQLite, {url})")
        if db_url is None:
            parser.error("--url needs --database-url")
        store = stack.enter_context(store_access(db_url))
        code = args.code or store.create_room("Join burst", "networking", False, None).code
        room_id = store.room_id(code)
        if room_id is None:
            parser.error(f"no live room with code {code}")
        phones = asyncio.run(burst(url, code, args.joins, args.within, args.retry_after))
        report(phones, args.within, store.counts(room_id)[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
