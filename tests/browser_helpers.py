"""Helpers for tests that drive the real app in Chromium.

The server they drive is started by `harness.server.start_server` (see the
`streamlit_server` fixture). Importable without Playwright installed: only type hints
refer to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, Page

# Debian's Chromium; Playwright's bundled browsers are never downloaded.
CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    # Root in CI containers cannot use Chromium's user-namespace sandbox.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Keep the browser from phoning home (no internet in CI; avoids stalls).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Attributes the Streamlit 1.67 frontend puts on its root element; values come from
# its ConnectionState and ScriptRunState enums.
APP_CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
APP_NOT_RUNNING = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def wait_for_app(page: Page, *, timeout_ms: float = 25_000, initial_wait_ms: float = 210) -> None:
    """Block until Streamlit has connected, finished its script run and rendered.

    Call after `page.goto(...)` and after every interaction that triggers a rerun,
    before asserting on the result. Mirrors Streamlit's own e2e `wait_for_app_run`.
    """
    from playwright.sync_api import expect

    # Right after a click the frontend may not have sent the rerun request yet, so
    # the root still says "notRunning" from the previous run. Streamlit's suite waits
    # 210 ms for the same reason (some widgets debounce for 200 ms).
    page.wait_for_timeout(initial_wait_ms)
    page.locator(APP_CONNECTED).wait_for(state="attached", timeout=timeout_ms)
    # Before the first run completes the attribute is "initial", not "notRunning".
    page.locator(APP_NOT_RUNNING).wait_for(state="attached", timeout=timeout_ms)
    # The "Running..." status widget fades out for 200 ms after the run ends.
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout_ms)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout_ms)
    expect(page.get_by_test_id("stAppSkeleton")).to_have_count(0, timeout=timeout_ms)


def goto_app(page: Page, url: str, *, timeout_ms: float = 25_000) -> None:
    """Open `url` (a server base URL, optionally with a path) and wait for the app."""
    page.goto(url, timeout=timeout_ms)
    wait_for_app(page, timeout_ms=timeout_ms)


def statement_groups(page: Page) -> Locator:
    """The answer pills of the statements on screen (inside the part's form), never the
    language switch above the page, which is a button group too."""
    return page.locator("[data-testid='stForm'] [data-testid='stButtonGroup']")


@contextmanager
def browser_pages(browser: Browser) -> Iterator[Callable[[dict[str, int]], Page]]:
    """Makes new pages, each in its own context (a person of its own: cookies, session)
    at a viewport such as ``{"width": 375, "height": 812}``; all are closed at the end."""
    contexts: list[BrowserContext] = []

    def new_page(viewport: dict[str, int]) -> Page:
        context = browser.new_context(viewport=viewport)  # type: ignore[arg-type]
        contexts.append(context)
        return context.new_page()

    try:
        yield new_page
    finally:
        for context in contexts:
            context.close()
