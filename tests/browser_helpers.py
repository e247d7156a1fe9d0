"""Helpers for tests that drive the real app in Chromium.

The server they drive is started by `harness.server.start_server` (see the
`streamlit_server` fixture). Importable without Playwright installed: only type hints
refer to it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from web import links

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Locator, Page, Playwright

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

# Mobile-first: a phone is what most people open the app on; the projected screen is the
# classroom projector's 720p.
PHONE = {"width": 375, "height": 812}
SCREEN = {"width": 1280, "height": 720}
# The answer pills' labels, by value (networking_works/scoring.py's scale).
ANSWER_LABELS = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither agree nor disagree",
    4: "Agree",
    5: "Strongly agree",
}


def launch_chromium(playwright: Playwright) -> Browser:
    """Debian's headless Chromium with the flags above: every test, script and benchmark
    that drives a browser launches it so."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
    )


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


def click(page: Page, name: str) -> None:
    """Press the button named exactly ``name`` and wait for the rerun it triggers."""
    page.get_by_role("button", name=name, exact=True).click()
    wait_for_app(page)


def statement_groups(page: Page) -> Locator:
    """The answer pills of the statements on screen (inside the part's form), never the
    language switch above the page, which is a button group too."""
    return page.locator("[data-testid='stForm'] [data-testid='stButtonGroup']")


def answer_statements(page: Page, labels: list[str]) -> None:
    """Choose ``labels[i]`` for the i-th statement on screen; there must be one per label."""
    from playwright.sync_api import expect

    groups = statement_groups(page)
    expect(groups).to_have_count(len(labels))
    for i, label in enumerate(labels):
        groups.nth(i).get_by_role("radio", name=label, exact=True).click()


def assert_no_horizontal_overflow(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"page is {width}px wide"  # type: ignore[index]


def serious_violations(page: Page) -> list[str]:
    """What axe-core finds serious or critical on the page, the first three places each."""
    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in found
        if v["impact"] in ("serious", "critical")
    ]


def join(phone: Page, server: str, code: str, nickname: str = "") -> None:
    """Join room ``code`` on ``phone``, on the room's audience page (the address its QR
    code holds), and skip the definition: part 1's statements."""
    from playwright.sync_api import expect

    phone.goto(links.join(code).at(server))
    if nickname:
        phone.get_by_label("Nickname (optional)").fill(nickname)
    phone.get_by_role("button", name="Join", exact=True).click()
    expect(phone.get_by_text("part 1 of 6")).to_be_visible()
    phone.get_by_role("button", name="Skip to the questions", exact=True).click()
    expect(phone.get_by_text("Part 1 of 6", exact=True)).to_be_visible()


def answer_on_phone(phone: Page, number: int, labels: list[str], parts: int = 6) -> None:
    """On an audience part page, part ``number`` of ``parts``: choose ``labels[i]`` for
    the i-th statement and go on (the JavaScript may swap the part in; wait for it)."""
    from playwright.sync_api import expect

    expect(phone.get_by_text(f"Part {number} of {parts}", exact=True)).to_be_visible(timeout=15_000)
    statements = phone.locator("fieldset.statement")
    expect(statements).to_have_count(len(labels))
    for i, label in enumerate(labels):
        statements.nth(i).get_by_text(label, exact=True).click()
    last = number == parts
    phone.get_by_role("button", name="See my results" if last else "Next", exact=True).click()


@contextmanager
def separate_devices(browser: Browser) -> Iterator[Callable[..., Page]]:
    """``new_page(viewport, **options)``: a page in a browser context of its own (its own
    cookies, as on another device; ``options`` such as ``locale`` go to the context);
    every context is closed at the end."""
    contexts: list[BrowserContext] = []

    def new_page(viewport: dict[str, int], **options: Any) -> Page:
        context = browser.new_context(viewport=viewport, **options)  # type: ignore[arg-type]
        contexts.append(context)
        return context.new_page()

    try:
        yield new_page
    finally:
        for context in contexts:
            context.close()


def photograph(page: Page, url: str, ready: str, path: Path, root: Path) -> None:
    """Open ``url``, wait for the ``ready`` selector and plotly's first paint, save ``path``."""
    goto_app(page, url)
    page.locator(ready).wait_for()
    page.wait_for_timeout(500)
    page.screenshot(path=path)
    print(path.relative_to(root))
