"""Memory over many sessions: thousands of visitors through ONE app process, RSS before and after.

Run from the repo root::

    nice -n 10 .venv/bin/python bench/memory.py --sessions 3000 --concurrency 30
        [--database-url URL] [--warmup 5] [--settle 400] [--json FILE]
        [--config section.option=value ...] [--tracemalloc]

It starts one ``streamlit run asgi.py`` as production does (``harness/server.py``: through
``serve.py``, on SQLite in a fresh NW_DATA_DIR unless ``--database-url``), with
``NW_DIAGNOSTICS=1`` so the process answers ``/_nw/diagnostics`` (``web/diagnostics.py``)
on loopback. Then:

1. **warm-up**: ``--warmup`` visitors one after the other; then a full garbage collection
   and the diagnostics: **RSS before**.
2. ``--sessions`` visitors, at most ``--concurrency`` at once, each a browser tab without a
   browser (``harness/client.py``, Streamlit's websocket protocol, widgets found by the keys
   of ``web/keys.py``). The RSS of the server (VmRSS of /proc/PID/status) is read every
   second: **RSS at peak**.
3. every websocket closed, it asks the process every 10 s, up to ``--settle`` seconds, until
   no Streamlit session is live, connected or kept for a reconnect (Streamlit keeps a closed
   tab's session ``server.disconnectedSessionTTL`` seconds, 120 by default; every
   ``AppSession`` is then shut down): **RSS after**, and the sessions, threads, downloads and
   objects still held; then once more after ``malloc_trim``, which tells what the process
   still uses apart from free memory the C allocator kept.

A kind of visitor is a driver: an ``async`` function of the server's URL, a random source
and a timeout that raises when the visitor cannot finish (``DRIVERS``). ``solo`` is a
person taking the assessment alone: welcome page, Start, the definition skipped or walked
(half and half), every part answered, the results page with its radar, then the tab closes.
``--driver`` picks one; another kind of visitor is another function in ``DRIVERS``.
``audience`` is a phone of a workshop on the audience pages (bench/memory_audience.py:
plain HTTP, rooms of a thousand made through the server's store, join limits raised).

The target (issue 24): RSS after within 150 MB of RSS before, and no session left. The
exit status is 1 when a visitor failed or the target was missed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import sys
import time
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Run as a script, Python puts bench/ first on sys.path; the repo root goes first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit  # noqa: E402

from bench.memory_audience import SERVER_ENV, Rooms, audience_driver  # noqa: E402
from harness.client import Session  # noqa: E402
from harness.phone import PhoneError  # noqa: E402
from harness.protocol import Run, StreamlitProtocolError, pills_state  # noqa: E402
from harness.server import config_flags, start_server  # noqa: E402
from harness.stats import latency_summary  # noqa: E402
from harness.store_access import data_dir_url, store_access  # noqa: E402
from networking_works.scoring import ANSWER_OPTIONS  # noqa: E402
from web import keys, routes  # noqa: E402
from web.diagnostics import DIAGNOSTICS_PATH  # noqa: E402

TARGET_GROWTH_MIB = 150
PRODUCTION_FLAGS = ["--runner.postScriptGC", "false"]  # as bench/workshop_load/runs.py
DEFINITION_STEPS_MAX = 20  # a walk through the definition is a few screens, never this many
SETTLE_POLL_S = 10.0
# The options of pages/questions.py's pills, in order, and how often a visitor picks each.
OPTION_WEIGHTS = [18, 20, 22, 20, 15, 5]
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))

Driver = Callable[[str, random.Random, float], Awaitable[None]]


class VisitorFailed(Exception):
    """A visitor could not reach the end of its visit."""


def expect(ok: bool, message: str) -> None:
    if not ok:
        raise VisitorFailed(message)


def checked(run: Run, where: str) -> Run:
    problems = run.problems()
    expect(not problems, f"{where}: {'; '.join(problems)}")
    return run


async def solo(url: str, rng: random.Random, timeout: float) -> None:
    """One person alone: welcome, Start, the definition, every part, the results; close."""
    session = Session(url, timeout_s=timeout)
    await session.open()
    try:
        run = checked(await session.load(), "welcome")
        run = checked(await session.click(run.widget(keys.START)), "start")
        expect(session.page == routes.DEFINITION.url_path, f"start led to {session.page!r}")
        if rng.random() < 0.5:
            run = checked(await session.click(run.widget(keys.DEFINITION_SKIP)), "skip")
        else:
            for _ in range(DEFINITION_STEPS_MAX):
                if session.page != routes.DEFINITION.url_path:
                    break
                run = checked(await session.click(run.widget(keys.DEFINITION_NEXT)), "next")
        while session.page == routes.QUESTIONS.url_path:
            pills = run.keyed(keys.STATEMENT_PREFIX)
            expect(bool(pills), "a questions page without statements")
            picks = rng.choices(range(len(ANSWER_OPTIONS)), OPTION_WEIGHTS, k=len(pills))
            values = [pills_state(pill, pick) for pill, pick in zip(pills, picks, strict=True)]
            run = checked(
                await session.submit_form(run.widget(keys.QUESTIONS_NEXT), values), "answer"
            )
        expect(session.page == routes.RESULTS.url_path, f"ended on {session.page!r}")
        expect(bool(run.find("plotly_chart")), "no radar on the results page")
    finally:
        await session.close()


DRIVERS: dict[str, Driver | None] = {"solo": solo, "audience": None}  # None: made per run


def read_rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for process {pid}")


def ask_diagnostics(url: str, trim: bool = False) -> dict[str, Any]:
    query = "?trim=1" if trim else ""
    with _NO_PROXY.open(f"{url}{DIAGNOSTICS_PATH}{query}", timeout=120) as response:
        found: dict[str, Any] = json.load(response)
        return found


@dataclass
class Visits:
    """The visitors of one run and what they met."""

    driver: Driver
    url: str
    timeout: float
    seed: int
    durations: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    async def one(self, index: int) -> None:
        rng = random.Random(self.seed * 1_000_003 + index)  # noqa: S311 -- simulated people
        start = time.perf_counter()
        try:
            await self.driver(self.url, rng, self.timeout)
        except (VisitorFailed, StreamlitProtocolError, PhoneError, OSError, TimeoutError) as exc:
            self.failures.append(f"visitor {index}: {type(exc).__name__}: {exc}")
            return
        self.durations.append(time.perf_counter() - start)

    async def many(self, count: int, concurrency: int, first: int = 0) -> None:
        limit = asyncio.Semaphore(concurrency)

        async def bounded(index: int) -> None:
            async with limit:
                await self.one(index)

        await asyncio.gather(*(bounded(first + i) for i in range(count)))


async def sample_peak(pid: int, peak: list[int], stop: asyncio.Event) -> None:
    """Keep the largest RSS seen, once a second, until ``stop``."""
    while not stop.is_set():
        peak[0] = max(peak[0], read_rss_kib(pid))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 1.0)


async def measured(args: argparse.Namespace, url: str, pid: int, driver: Driver) -> dict[str, Any]:
    warmup = Visits(driver, url, args.timeout, args.seed)
    await warmup.many(args.warmup, 1, first=-args.warmup)
    if warmup.failures:
        raise SystemExit(f"the warm-up failed: {warmup.failures[0]}")
    visits = Visits(driver, url, args.timeout, args.seed)
    before = await asyncio.to_thread(ask_diagnostics, url)
    peak = [before["rss_kib"]]
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_peak(pid, peak, stop))
    started = time.perf_counter()
    await visits.many(args.sessions, args.concurrency)
    wall_s = time.perf_counter() - started
    stop.set()
    await sampler
    print(f"{args.sessions} visitors in {wall_s:.0f} s; settling", file=sys.stderr)
    settled_at, after = await settle(url, args.settle)
    trimmed = await asyncio.to_thread(ask_diagnostics, url, True)
    return {
        "before": before,
        "peak_rss_kib": peak[0],
        "after": after,
        "after_trim": trimmed,
        "settled_after_s": settled_at,
        "wall_s": wall_s,
        "visit_latency": latency_summary(visits.durations),
        "completed": len(visits.durations),
        "failures": visits.failures,
    }


async def settle(url: str, limit_s: float) -> tuple[float | None, dict[str, Any]]:
    """Diagnostics every 10 s until no session is left (seconds waited, or None: never)."""
    start = time.perf_counter()
    while True:
        found = await asyncio.to_thread(ask_diagnostics, url)
        waited = time.perf_counter() - start
        if live_sessions(found) == 0:
            return waited, found
        if waited >= limit_s:
            return None, found
        await asyncio.sleep(SETTLE_POLL_S)


def live_sessions(found: dict[str, Any]) -> int:
    """Sessions connected or kept for a reconnect: every AppSession not yet shut down."""
    return int(found.get("connected_sessions", 0)) + int(found["app_sessions_not_shut_down"])


def mib(kib: float) -> str:
    return f"{kib / 1024:.1f} MiB"


def report(args: argparse.Namespace, result: dict[str, Any]) -> bool:
    """Print the figures; True when the target is met and every visitor finished."""
    before, after = result["before"], result["after"]
    growth = after["rss_kib"] - before["rss_kib"]
    left = live_sessions(after)
    met = growth <= TARGET_GROWTH_MIB * 1024 and left == 0
    settled = result["settled_after_s"]
    lines = [
        f"driver {args.driver}: {result['completed']} of {args.sessions} visitors finished, "
        f"{len(result['failures'])} failed, {args.concurrency} at once, {result['wall_s']:.0f} s",
        f"visit p50 {result['visit_latency']['p50_ms'] or 0:.0f} ms, "
        f"p95 {result['visit_latency']['p95_ms'] or 0:.0f} ms",
        f"RSS before {mib(before['rss_kib'])}, peak {mib(result['peak_rss_kib'])}, "
        f"after {mib(after['rss_kib'])} (after - before: {mib(growth)})",
        f"RSS after the C allocator's free memory went back to the system (malloc_trim): "
        f"{mib(result['after_trim']['rss_kib'])}",
        "settled after "
        + (f"{settled:.0f} s" if settled is not None else f"more than {args.settle:.0f} s"),
    ]
    for name in (
        "connected_sessions",
        "app_sessions",
        "app_sessions_not_shut_down",
        "script_threads",
        "threads",
        "media_sessions",
        "deferred_downloads",
        "preview_cards",
        "gc_objects",
    ):
        lines.append(f"  {name}: before {before.get(name)}, after {after.get(name)}")
    for held in after.get("app_session_holders", []):
        lines.append(f"  a shut-down AppSession is still referenced by: {held}")
    lines.append(
        f"target (after - before <= {TARGET_GROWTH_MIB} MiB, 0 sessions left): "
        + ("met" if met else "MISSED")
    )
    print("\n".join(lines))
    for failure in result["failures"][:10]:
        print(f"  {failure}")
    return met and not result["failures"]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--driver", choices=sorted(DRIVERS), default="solo")
    parser.add_argument("--sessions", type=int, default=3000)
    parser.add_argument("--concurrency", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--settle", type=float, default=400.0, help="seconds to wait, at most")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per request")
    parser.add_argument("--seed", type=int, default=24)
    parser.add_argument("--database-url", help="the server's DATABASE_URL (default: SQLite)")
    parser.add_argument("--workdir", type=Path, help="where the server's data and log go")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="PYTHONTRACEMALLOC=1: allocation sites"
    )
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="SECTION.OPTION=VALUE",
        help="a server flag, e.g. server.disconnectedSessionTTL=10 (repeatable)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env: dict[str, str | None] = {"NW_DIAGNOSTICS": "1", "DATABASE_URL": args.database_url}
    if args.tracemalloc:
        env["PYTHONTRACEMALLOC"] = "1"
    flags = PRODUCTION_FLAGS + config_flags(args.config)
    chosen = DRIVERS[args.driver]
    if chosen is None:
        env |= SERVER_ENV
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(
            start_server(extra_args=flags, env_overrides=env, workdir=args.workdir)
        )
        if chosen is None:
            url = args.database_url or data_dir_url(server.data_dir)
            chosen = audience_driver(Rooms(stack.enter_context(store_access(url))))
        result = asyncio.run(measured(args, server.url, server.pid, chosen))
        tracebacks = server.read_log().count("Traceback")
    result |= {
        "driver": args.driver,
        "sessions": args.sessions,
        "concurrency": args.concurrency,
        "database": "postgresql" if args.database_url else "sqlite",
        "server_flags": flags,
        "server_tracebacks": tracebacks,
        "streamlit": streamlit.__version__,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }
    ok = report(args, result)
    if tracebacks:
        print(f"the server log holds {tracebacks} tracebacks")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2))
    return 0 if ok and not tracebacks else 1


if __name__ == "__main__":
    sys.exit(main())
