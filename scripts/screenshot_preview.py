"""What a pasted link shows, for the README: docs/screenshot-link-preview.png.

    .venv/bin/python scripts/screenshot_preview.py

Starts the app on a fresh SQLite database, shares a result straight through the store,
fetches its link with plain HTTP as a crawler does (no JavaScript), builds a small card
from nothing but the served ``og:`` tags, and photographs it in Debian's Chromium.
Also prints the handout's size and the preview picture's build time.
"""

from __future__ import annotations

import asyncio
import sys
import time
from datetime import UTC, datetime
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from harness.http import http_get  # noqa: E402
from harness.server import start_server  # noqa: E402
from networking_works.bank import load_bank  # noqa: E402
from networking_works.handout_pdf import handout_pdf  # noqa: E402
from networking_works.report import build_report  # noqa: E402
from networking_works.store import Store, default_url  # noqa: E402
from networking_works.store.results import DEFAULT_SHARE_TTL  # noqa: E402
from networking_works.tokens import new_token  # noqa: E402
from tests.browser_helpers import CHROMIUM_ARGS, CHROMIUM_PATH  # noqa: E402
from tests.test_web_serving import HeadParser  # noqa: E402
from web import links, routes  # noqa: E402

CARD = """<!doctype html><html><body style="margin:0;background:#f3f2ef;font-family:sans-serif">
<div style="width:552px;margin:24px;background:#fff;border:1px solid #ddd;border-radius:8px;
overflow:hidden"><img src="{image}" style="width:552px;height:290px;display:block">
<div style="padding:12px 16px"><div style="font-weight:600;font-size:16px">{title}</div>
<div style="color:#555;font-size:14px;margin-top:4px">{description}</div>
<div style="color:#777;font-size:12px;margin-top:6px">{site}</div></div></div></body></html>"""


def main() -> int:
    bank = load_bank(ROOT / "questions" / "networking.yaml")
    answers = {s.id: 1 + (i * 3) % 5 for i, s in enumerate(bank.statements)}
    report = build_report(bank, answers, datetime(2026, 3, 3, tzinfo=UTC))
    with start_server(env_overrides={"DATABASE_URL": None, "PUBLIC_URL": None}) as app:
        store = Store(default_url(app.data_dir))
        token = store.results.share(new_token(), report.to_dict(), DEFAULT_SHARE_TTL).token
        store.database.dispose()
        shared = f"{routes.RESULTS.url_path}?{links.result(token).query_text()}"
        page = asyncio.run(http_get(f"{app.url}/{shared}", 20))
        head = HeadParser()
        head.feed(page.body.decode())
        started = time.perf_counter()
        asyncio.run(http_get(head.meta["og:image"], 20))
        print(f"preview picture: first request {1000 * (time.perf_counter() - started):.0f} ms")
        started = time.perf_counter()
        asyncio.run(http_get(head.meta["og:image"], 20))
        print(f"preview picture: cached request {1000 * (time.perf_counter() - started):.0f} ms")
        card = CARD.format(
            image=escape(head.meta["og:image"]),
            title=escape(head.meta["og:title"]),
            description=escape(head.meta["og:description"]),
            site=escape(head.meta["og:site_name"]),
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
            )
            shot = browser.new_page(viewport={"width": 600, "height": 440})
            shot.set_content(card, wait_until="networkidle")
            path = ROOT / "docs" / "screenshot-link-preview.png"
            shot.screenshot(path=path, full_page=True)
            browser.close()
    print(path.relative_to(ROOT))
    print(f"handout PDF of this result: {len(handout_pdf(report, head.meta['og:url']))} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
