"""Do preview pictures stall page loads? A page GET while many new pictures are asked for (H2).

Run from the repo root::

    .venv/bin/python bench/preview_flood.py [--pictures 60] [--rounds 5]

It starts one real server (``harness.server``, SQLite), shares ``--pictures`` results and
one more. Each round asks for that many pictures nobody asked for before (each
``/preview/<token>.png`` is built on the server, about 0.1 s), all at once, and 50 ms
later for the one more's page ``/results?r=…``, whose HTML head reads the store (the
figures in docs/benchmarks.md were taken on the Streamlit join page, since removed). It
prints, per round, the page's latency, how many pictures had been sent (answered 200)
when the page came back, and how the pictures were answered (200, or 503 with
Retry-After). The same page alone, before the first round, is the baseline (median of 20).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

# Run as a script, Python puts bench/ first on sys.path; the repo root goes first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import REPO_ROOT  # noqa: E402
from harness.http import HttpResponse, http_get  # noqa: E402
from harness.server import start_server  # noqa: E402
from harness.store_access import data_dir_url  # noqa: E402
from networking_works.bank import load_bank  # noqa: E402
from networking_works.report import build_report  # noqa: E402
from networking_works.store import Store  # noqa: E402
from networking_works.store.results import DEFAULT_SHARE_TTL  # noqa: E402

BANK = load_bank(REPO_ROOT / "questions" / "networking.yaml")


def shared_results(store: Store, count: int) -> list[str]:
    answers = {s.id: 1 + i % 5 for i, s in enumerate(BANK.statements)}
    report = build_report(BANK, answers, datetime(2026, 5, 6, tzinfo=UTC)).to_dict()
    return [
        store.results.share(store.assessments.start(BANK.id), report, DEFAULT_SHARE_TTL).token
        for _ in range(count)
    ]


async def timed(url: str) -> tuple[float, HttpResponse]:
    start = time.perf_counter()
    response = await http_get(url, 60)
    return time.perf_counter() - start, response


async def round_trip(base: str, page_path: str, tokens: list[str]) -> str:
    answered = 0  # pictures sent (200) so far

    async def picture(token: str) -> HttpResponse:
        nonlocal answered
        response = await http_get(f"{base}/preview/{token}.png", 60)
        answered += response.status == 200
        return response

    start = time.perf_counter()
    pictures = [asyncio.create_task(picture(t)) for t in tokens]
    await asyncio.sleep(0.05)
    page_s, page = await timed(f"{base}{page_path}")
    answered_then = answered
    results = await asyncio.gather(*pictures)
    all_s = time.perf_counter() - start
    counts = {s: sum(r.status == s for r in results) for s in sorted({r.status for r in results})}
    if page.status != 200:
        raise RuntimeError(f"GET {page_path} answered {page.status}")
    return (
        f"GET page {page_s * 1000:7.0f} ms (status {page.status}), "
        f"{answered_then:2} of {len(tokens)} pictures sent by then; "
        f"pictures {counts}, all answered after {all_s:.2f} s"
    )


async def main_async(base: str, page_path: str, rounds: list[list[str]]) -> None:
    alone = []
    for _ in range(20):
        seconds, _response = await timed(f"{base}{page_path}")
        alone.append(seconds)
    print(f"GET page alone: median {statistics.median(alone) * 1000:.0f} ms of 20")
    for number, tokens in enumerate(rounds, 1):
        print(f"round {number}: {await round_trip(base, page_path, tokens)}")
        await asyncio.sleep(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pictures", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    env = {"DATABASE_URL": None, "PUBLIC_URL": None, "NW_FACILITATOR_PASSPHRASE": None}
    with start_server(env_overrides=env) as server:
        store = Store(data_dir_url(server.data_dir))
        try:
            page, *tokens = shared_results(store, 1 + args.pictures * args.rounds)
        finally:
            store.database.dispose()
        rounds = [tokens[i :: args.rounds] for i in range(args.rounds)]
        asyncio.run(main_async(server.url, f"/results?r={page}", rounds))


if __name__ == "__main__":
    main()
