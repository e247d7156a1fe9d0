"""A phone's first load of the Streamlit welcome page in Chromium, against an empty
Streamlit app (the Streamlit join page is gone: a room's join page is an audience page).

    .venv/bin/python bench/first_load.py [--loads 12] [--network none|slow4g] [--cpu-slowdown 1]

Starts two servers as production does (``serve.py``'s tuning, ``--runner.postScriptGC
false``): the app, with a room in its SQLite store, and a script that only imports
streamlit. Each load is a new browser context (empty cache, no cookies, 375×812 at 3×,
as a phone), the app's ``/`` and the empty app's ``/`` in turn, so drift
hits both alike. ``--network slow4g`` and ``--cpu-slowdown 4`` throttle the page through
the DevTools protocol, as Chrome's device emulation does for a mid-range phone.

Per load, timed from just before navigation in this process:

* **html**: the page's own response ends (Navigation Timing ``responseEnd``);
* **assets**: the scripts, styles and fonts it fetched, their bytes, and when the last one
  ended;
* **websocket**: when the websocket was created, and when its first frame arrived;
* **first screen**: Streamlit's root says connected and not running, and (for the app)
  the Start button is visible: the person can act.

It prints the medians, the app/empty ratio of each (medians of the per-pair ratios), and
what the websocket carried up to the first screen.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's app

from playwright.sync_api import Browser, Page, WebSocket, sync_playwright  # noqa: E402

from harness.server import start_server  # noqa: E402
from harness.store_access import data_dir_url, store_access  # noqa: E402
from tests.browser_helpers import (  # noqa: E402
    APP_CONNECTED,
    APP_NOT_RUNNING,
    CHROMIUM_ARGS,
    CHROMIUM_PATH,
)
from web import keys, routes  # noqa: E402

PRODUCTION_FLAGS = ["--runner.postScriptGC", "false"]
PHONE = {"viewport": {"width": 375, "height": 812}, "device_scale_factor": 3, "is_mobile": True}
# Chrome DevTools' "Slow 4G" preset: 150 ms round trips, 1.6 Mbit/s down, 750 kbit/s up.
NETWORKS: dict[str, dict[str, Any] | None] = {
    "none": None,
    "slow4g": {
        "offline": False,
        "latency": 150,
        "downloadThroughput": 1.6e6 / 8,
        "uploadThroughput": 750e3 / 8,
    },
}
ASSET_TYPES = {"script", "link", "css", "font"}
MEASURES = ("html", "assets", "websocket", "first frame", "first screen")


@dataclass
class Load:
    times: dict[str, float] = field(default_factory=dict)  # measure -> ms since navigation
    asset_count: int = 0
    asset_bytes: int = 0
    html_bytes: int = 0
    frames: int = 0
    frame_bytes: int = 0


def load_once(browser: Browser, url: str, ready: str | None, args: argparse.Namespace) -> Load:
    """One cold load of ``url``; ``ready``: the selector that says the page can be used."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        throttle(page, args)
        found = Load()
        start = time.perf_counter()

        def since() -> float:
            return 1000 * (time.perf_counter() - start)

        def on_websocket(ws: WebSocket) -> None:
            found.times.setdefault("websocket", since())

            def on_frame(payload: bytes | str) -> None:
                if "first screen" not in found.times:
                    found.times.setdefault("first frame", since())
                    found.frames += 1
                    found.frame_bytes += len(payload)

            ws.on("framereceived", on_frame)

        page.on("websocket", on_websocket)
        page.goto(url, wait_until="commit")
        page.locator(APP_CONNECTED).wait_for(state="attached", timeout=60_000)
        page.locator(APP_NOT_RUNNING).wait_for(state="attached", timeout=60_000)
        if ready is not None:
            page.locator(ready).wait_for(state="visible", timeout=60_000)
        found.times["first screen"] = since()
        timing(page, found)
        return found
    finally:
        context.close()


def throttle(page: Page, args: argparse.Namespace) -> None:
    conditions = NETWORKS[args.network]
    if conditions is None and args.cpu_slowdown == 1:
        return
    cdp = page.context.new_cdp_session(page)
    if conditions is not None:
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", conditions)
    if args.cpu_slowdown != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": args.cpu_slowdown})


def timing(page: Page, found: Load) -> None:
    """HTML and asset figures from the page's own Resource Timing entries."""
    navigation, resources = page.evaluate(
        """() => [performance.getEntriesByType('navigation')[0].toJSON(),
                  performance.getEntriesByType('resource').map(r => r.toJSON())]"""
    )
    # Navigation Timing counts from the page's time origin; this process started its
    # clock a moment earlier, so both are shifted by the same small offset.
    found.times["html"] = navigation["responseEnd"]
    found.html_bytes = navigation["transferSize"]
    assets = [r for r in resources if r["initiatorType"] in ASSET_TYPES]
    found.asset_count = len(assets)
    found.asset_bytes = sum(r["transferSize"] for r in assets)
    found.times["assets"] = max((r["responseEnd"] for r in assets), default=0.0)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(app: list[Load], empty: list[Load], args: argparse.Namespace) -> None:
    print(
        f"{len(app)} cold loads each, in turn; network {args.network}, "
        f"CPU slowdown {args.cpu_slowdown}x; 375x812 at 3x"
    )
    print(f"{'ms since navigation (median)':<30} {'app':>9} {'empty':>9} {'app/empty':>10}")
    for measure in MEASURES:
        a = [load.times.get(measure, float("nan")) for load in app]
        e = [load.times.get(measure, float("nan")) for load in empty]
        ratios = [x / y for x, y in zip(a, e, strict=True) if y > 0]
        print(f"{measure:<30} {median(a):9.1f} {median(e):9.1f} {median(ratios):10.2f}")
    print()
    print(f"{'what was carried (median)':<30} {'app':>9} {'empty':>9}")
    rows = (
        ("page HTML bytes", "html_bytes"),
        ("asset requests", "asset_count"),
        ("asset bytes", "asset_bytes"),
        ("websocket frames to screen", "frames"),
        ("websocket bytes to screen", "frame_bytes"),
    )
    for label, name in rows:
        a = median([getattr(load, name) for load in app])
        e = median([getattr(load, name) for load in empty])
        print(f"{label:<30} {a:9.0f} {e:9.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=12, help="cold loads of each")
    parser.add_argument("--network", choices=sorted(NETWORKS), default="none")
    parser.add_argument("--cpu-slowdown", type=float, default=1.0, metavar="X")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nw-first-load-") as tmp:
        workdir = Path(tmp)
        empty_script = workdir / "empty.py"
        empty_script.write_text("import streamlit as st\n")
        with (
            start_server(extra_args=PRODUCTION_FLAGS, workdir=workdir / "app") as app_server,
            start_server(
                empty_script, extra_args=PRODUCTION_FLAGS, workdir=workdir / "empty"
            ) as empty_server,
            store_access(data_dir_url(app_server.data_dir)) as store,
        ):
            store.create_room("First load", "networking", False, None)
            app_url = f"{app_server.url}/{routes.WELCOME.url_path}"
            ready = f".st-key-{keys.START} button"
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
                )
                for _ in range(2):  # warm both servers and the browser's own start-up
                    load_once(browser, app_url, ready, args)
                    load_once(browser, empty_server.url, None, args)
                app: list[Load] = []
                empty: list[Load] = []
                for _ in range(args.loads):
                    app.append(load_once(browser, app_url, ready, args))
                    empty.append(load_once(browser, empty_server.url, None, args))
                browser.close()
    report(app, empty, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
