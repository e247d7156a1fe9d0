"""One client floods a room with joins, then a real phone joins: what the join limits do.

    .venv/bin/python bench/join_flood.py --fake 150

starts ``streamlit run asgi.py`` with ``NW_TRUST_PROXY_HEADERS=1`` (as behind the
deploy/ nginx, which sets ``X-Real-IP``), creates a room, and opens its join page on
``--fake`` phones that all say they come from one address (``X-Real-IP: 127.0.0.2``, a
script on one machine: each phone has its own cookies, so each press makes a new seat).
They press Join all at once (``--concurrency`` at a time). Right after, one real phone
from another address (``127.0.0.3``) presses Join. Prints how many fake seats got in and
how fast, and whether the real phone got in. All traffic goes to the server on
loopback; the addresses are only header values.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's app

from audience import paths  # noqa: E402
from harness.phone import Kind, Phone, PhoneError  # noqa: E402
from harness.server import start_server  # noqa: E402
from harness.store_access import data_dir_url, store_access  # noqa: E402

NO_CHOICES = random.Random(0)  # noqa: S311 -- the join form has no radio groups
FLOODER, PERSON = "127.0.0.2", "127.0.0.3"


def phone_from(url: str, address: str) -> Phone:
    phone = Phone(url, timeout=120, assets=False)
    phone.client.headers["X-Real-IP"] = address  # what nginx would set for this client
    return phone


async def press(phone: Phone, code: str) -> str:
    page = await phone.open(paths.room(code))
    if page.kind is not Kind.JOIN:
        return f"not on the join page ({page.kind})"
    fields, _ = page.form().fill(NO_CHOICES)
    try:
        after = await phone.submit(page, page.form(), fields)
    except PhoneError as exc:
        return f"error: {exc}"
    if after.kind is Kind.DEFINITION:
        return "joined"
    return f"refused (HTTP {after.status})"


async def flood(url: str, code: str, fake: int, concurrency: int) -> tuple[Counter[str], float]:
    phones = [phone_from(url, FLOODER) for _ in range(fake)]
    gate = asyncio.Semaphore(concurrency)

    async def one(phone: Phone) -> str:
        async with gate:
            return await press(phone, code)

    started = time.perf_counter()
    try:
        outcomes = await asyncio.gather(*(one(p) for p in phones))
    finally:
        await asyncio.gather(*(p.aclose() for p in phones))
    return Counter(outcomes), time.perf_counter() - started


async def person(url: str, code: str) -> str:
    async with phone_from(url, PERSON) as phone:
        return await press(phone, code)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fake", type=int, default=150, help="fake joins from one client")
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nw-flood-")))
        server = stack.enter_context(
            start_server(workdir=workdir, env_overrides={"NW_TRUST_PROXY_HEADERS": "1"})
        )
        print(f"server started here (SQLite, {server.url}, NW_TRUST_PROXY_HEADERS=1)")
        store = stack.enter_context(store_access(data_dir_url(server.data_dir)))
        code = store.create_room("Join flood", "networking", False, None).code
        outcomes, took = asyncio.run(flood(server.url, code, args.fake, args.concurrency))
        real = asyncio.run(person(server.url, code))
        joined = outcomes.get("joined", 0)
        print(f"{args.fake} fake joins from {FLOODER}, {args.concurrency} at a time:")
        for outcome, n in outcomes.most_common():
            print(f"  {outcome:<24} {n}")
        print(f"  {joined} fake seats in {took:.2f} s")
        print(f"then a real phone from {PERSON}: {real}")
        room_id = store.room_id(code)
        if room_id is not None:
            print(f"participants in the database: {store.counts(room_id)[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
