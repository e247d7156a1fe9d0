"""A phone's first load of a room's join page: the audience page against Streamlit's.

    .venv/bin/python bench/first_load.py [--loads 5] [--network slow4g|none]
        [--cpu-slowdown 4] [--empty]

Starts the app as production does (``serve.py``'s tuning, through harness/server.py)
with a room in its SQLite store, and loads, in turn so that drift hits all alike:

* **audience**: the room's audience join page, ``/room/CODE``;
* **streamlit**: the Streamlit welcome page, ``/`` (the Streamlit join page, which phones
  loaded before the audience pages, is gone; docs/benchmarks.md gives both, measured in
  one run with commit 98f15ac's script);
* with ``--empty``, an empty Streamlit app (a script that only imports streamlit) from a
  second server: what any Streamlit page costs.

Each load is a new Chromium context (empty cache, no cookies, 375×812 at 3×, as a
phone). ``--network slow4g`` is Chrome's Slow 4G as Lighthouse applies it (562.5 ms
round trips, 1.44 Mbit/s down, 675 kbit/s up: ``Network.emulateNetworkConditions``)
and ``--cpu-slowdown 4`` slows the page's CPU 4× (``Emulation.setCPUThrottlingRate``).

Per load, in the page's own clock (ms since navigation started):

* **usable**: the join form can be used: its Join button is visible and enabled in a
  painted frame (the first animation frame that finds it so, and not before the first
  contentful paint); for Streamlit also its root says connected and not running. The
  welcome page: its heading painted, Streamlit's root connected and not running; the
  empty app (which paints nothing): its root connected and not running.
* **first paint**: the first contentful paint;
* **html**: the page's own response ended.

What went over the wire, from the DevTools protocol's network events (encoded bytes,
headers included, as sent; websocket frames as received): **requests** (HTTP requests,
plus one for each websocket) and **bytes**, by the time the page was usable and **in
all** (once nothing was in flight for a second, at most 60 s after it was usable).

It prints the medians over the loads and the streamlit/audience ratio of each (the median
of the per-pair ratios), and, for the audience page, whether it met issue 22's targets
(usable under 2 s, under 50 KB in all, at most 4 requests).
"""

from __future__ import annotations

import argparse
import base64
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's app

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from audience import paths  # noqa: E402
from harness.server import start_server  # noqa: E402
from harness.store_access import data_dir_url, store_access  # noqa: E402
from tests.browser_helpers import APP_CONNECTED, APP_NOT_RUNNING, launch_chromium  # noqa: E402

PRODUCTION_FLAGS = ["--runner.postScriptGC", "false"]
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 3, "is_mobile": True}
# Lighthouse's "Slow 4G" (its devtools throttling: 150 ms RTT × 3.75, 1.6 Mbit/s × 0.9,
# 750 kbit/s × 0.9), which Chrome DevTools' own Slow 4G preset also uses now.
NETWORKS: dict[str, dict[str, Any] | None] = {
    "none": None,
    "slow4g": {
        "offline": False,
        "latency": 562.5,
        "downloadThroughput": 1.44e6 / 8,
        "uploadThroughput": 675e3 / 8,
    },
}
QUIET_S = 1.0  # "in all": nothing in flight for this long
SETTLE_MAX_S = 60.0
TIMEOUT_MS = 120_000
# Issue 22, item 8: the audience join page on Slow 4G with the CPU slowed 4×.
TARGETS = {"usable": 2000.0, "bytes in all": 50_000, "requests in all": 4}

# Streamlit's root, connected and not running (both attributes on the one element).
STREAMLIT_READY = APP_CONNECTED + APP_NOT_RUNNING.removeprefix('[data-testid="stApp"]')

# Run in every page before its own scripts: the first painted frame in which the
# selector matches a visible, enabled element, and the first contentful paint.
WATCH = """(selector, painted) => {
  window.__firstPaint = null; window.__usable = null;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.name === 'first-contentful-paint') window.__firstPaint = e.startTime;
  }).observe({type: 'paint', buffered: true});
  const look = (now) => {
    const found = document.querySelector(selector);
    if (found && !found.disabled && found.checkVisibility()
        && (window.__firstPaint !== null || !painted)) {
      window.__usable = Math.max(now, window.__firstPaint ?? 0);
      return;
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}"""


@dataclass(frozen=True)
class Target:
    name: str
    url: str
    ready: str  # CSS selector of what makes the page usable
    painted: bool = True  # and not before the first contentful paint (an empty app has none)


@dataclass
class Wire:
    """What one page load sent and received, from the DevTools protocol's events."""

    requests: int = 0
    bytes: int = 0
    in_flight: set[str] = field(default_factory=set)
    last_change: float = field(default_factory=time.perf_counter)

    def listen(self, cdp: Any) -> None:
        cdp.on("Network.requestWillBeSent", self._sent)
        cdp.on("Network.loadingFinished", self._finished)
        cdp.on("Network.loadingFailed", self._failed)
        cdp.on("Network.webSocketCreated", self._websocket)
        cdp.on("Network.webSocketFrameReceived", self._frame)

    def _touch(self) -> None:
        self.last_change = time.perf_counter()

    def _sent(self, event: dict[str, Any]) -> None:
        if not event["request"]["url"].startswith(("http:", "https:")):
            return  # data: URLs never reach the network
        self.requests += 1  # a redirect's next hop too (the same request id)
        self.in_flight.add(event["requestId"])
        self._touch()

    def _finished(self, event: dict[str, Any]) -> None:
        if event["requestId"] in self.in_flight:
            self.bytes += int(event["encodedDataLength"])
            self.in_flight.discard(event["requestId"])
            self._touch()

    def _failed(self, event: dict[str, Any]) -> None:
        self.in_flight.discard(event["requestId"])
        self._touch()

    def _websocket(self, _event: dict[str, Any]) -> None:
        self.requests += 1
        self._touch()

    def _frame(self, event: dict[str, Any]) -> None:
        frame = event["response"]
        payload = frame["payloadData"]
        self.bytes += len(base64.b64decode(payload)) if frame["opcode"] == 2 else len(payload)
        self._touch()

    def snapshot(self) -> tuple[int, int]:
        return self.requests, self.bytes


@dataclass
class Load:
    figures: dict[str, float] = field(default_factory=dict)


def load_once(browser: Browser, target: Target, args: argparse.Namespace) -> Load:
    """One cold load of ``target``, until the network is quiet after it was usable."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        wire = Wire()
        wire.listen(cdp)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        conditions = NETWORKS[args.network]
        if conditions is not None:
            cdp.send("Network.emulateNetworkConditions", conditions)
        if args.cpu_slowdown != 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.cpu_slowdown})
        page.add_init_script(f"({WATCH})({target.ready!r}, {str(target.painted).lower()})")
        page.goto(target.url, wait_until="commit", timeout=TIMEOUT_MS)
        at_usable = wait_usable(page, wire)
        found = Load()
        usable, first_paint, html = page.evaluate(
            """() => [window.__usable, window.__firstPaint,
                      performance.getEntriesByType('navigation')[0].responseEnd]"""
        )
        nan = float("nan")  # an empty app paints nothing contentful
        found.figures.update(usable=usable, html=html)
        found.figures["first paint"] = nan if first_paint is None else first_paint
        found.figures["requests to usable"], found.figures["bytes to usable"] = at_usable
        settle(wire, page)
        found.figures["requests in all"], found.figures["bytes in all"] = wire.snapshot()
        return found
    finally:
        context.close()


def wait_usable(page: Any, wire: Wire) -> tuple[int, int]:
    """Poll the page (its CSP forbids Playwright's string predicates) until it is usable;
    the wire's figures then (at most one poll late)."""
    deadline = time.perf_counter() + TIMEOUT_MS / 1000
    while page.evaluate("() => window.__usable === null"):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{page.url} not usable within {TIMEOUT_MS} ms")
        page.wait_for_timeout(25)
    return wire.snapshot()


def settle(wire: Wire, page: Any) -> None:
    """Wait until nothing was in flight for QUIET_S (a websocket stays open: its frames
    count, not its connection)."""
    deadline = time.perf_counter() + SETTLE_MAX_S
    while time.perf_counter() < deadline:
        page.wait_for_timeout(100)  # lets Playwright deliver the protocol's events
        if not wire.in_flight and time.perf_counter() - wire.last_change >= QUIET_S:
            return


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


MEASURES = (
    ("usable", "ms"),
    ("first paint", "ms"),
    ("html", "ms"),
    ("requests to usable", ""),
    ("bytes to usable", ""),
    ("requests in all", ""),
    ("bytes in all", ""),
)


def report(
    loads: dict[str, list[Load]], args: argparse.Namespace, say: Callable[[str], None]
) -> None:
    names = list(loads)
    say(
        f"{len(loads['audience'])} cold loads each, in turn; network {args.network}, "
        f"CPU slowdown {args.cpu_slowdown:g}x; 375x812 at 3x"
    )
    for name in names:
        say(f"  {name}: {TARGET_URLS[name]}")
    header = f"{'median':<24}" + "".join(f"{n:>11}" for n in names)
    ratio_names = [n for n in names if n != "audience"]
    say(header + "".join(f"{n[:9] + '/aud':>14}" for n in ratio_names))
    for measure, unit in MEASURES:
        row = f"{measure + (' (' + unit + ')' if unit else ''):<24}"
        for name in names:
            row += f"{median([ld.figures[measure] for ld in loads[name]]):11.0f}"
        for name in ratio_names:
            pairs = zip(loads[name], loads["audience"], strict=True)
            ratios = [
                a.figures[measure] / b.figures[measure] for a, b in pairs if b.figures[measure]
            ]
            row += f"{median(ratios):14.1f}"
        say(row)
    audience = {m: median([ld.figures[m] for ld in loads["audience"]]) for m in TARGETS}
    verdicts = [
        f"usable {audience['usable']:.0f} ms (< {TARGETS['usable']:.0f})",
        f"{audience['bytes in all']:.0f} bytes (< {TARGETS['bytes in all']})",
        f"{audience['requests in all']:.0f} requests (<= {TARGETS['requests in all']})",
    ]
    met = (
        audience["usable"] < TARGETS["usable"]
        and audience["bytes in all"] < TARGETS["bytes in all"]
        and audience["requests in all"] <= TARGETS["requests in all"]
    )
    say(f"audience targets {'MET' if met else 'NOT met'}: " + ", ".join(verdicts))


TARGET_URLS: dict[str, str] = {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=5, help="cold loads of each page")
    parser.add_argument("--network", choices=sorted(NETWORKS), default="slow4g")
    parser.add_argument("--cpu-slowdown", type=float, default=4.0, metavar="X")
    parser.add_argument("--empty", action="store_true", help="also an empty Streamlit app")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nw-first-load-") as tmp, ExitStack() as stack:
        workdir = Path(tmp)
        server = stack.enter_context(
            start_server(extra_args=PRODUCTION_FLAGS, workdir=workdir / "app")
        )
        store = stack.enter_context(store_access(data_dir_url(server.data_dir)))
        code = store.create_room("First load", "networking", False, None).code
        targets = [
            Target(
                "audience",
                server.url + paths.room(code),
                'body[data-page="join"] form button.primary',
            )
        ]
        # Streamlit's own join page is gone (its /join now answers 303 to the audience
        # page): the welcome page stands for what any Streamlit page costs a phone.
        targets.append(Target("streamlit", server.url + "/", f"{STREAMLIT_READY} h1"))
        if args.empty:
            script = workdir / "empty.py"
            script.write_text("import streamlit as st\n")
            empty = stack.enter_context(
                start_server(script, extra_args=PRODUCTION_FLAGS, workdir=workdir / "empty")
            )
            targets.append(Target("empty", empty.url + "/", STREAMLIT_READY, painted=False))
        TARGET_URLS.update((t.name, t.url.replace(code, "CODE")) for t in targets)
        loads: dict[str, list[Load]] = {t.name: [] for t in targets}
        with sync_playwright() as p:
            browser = launch_chromium(p)
            for target in targets:  # warm the server and the browser's own start-up
                load_once(browser, target, args)
            for _ in range(args.loads):
                for target in targets:
                    loads[target.name].append(load_once(browser, target, args))
            browser.close()
    report(loads, args, print)
    return 0


if __name__ == "__main__":
    sys.exit(main())
