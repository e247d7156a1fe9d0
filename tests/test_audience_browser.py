"""The audience pages in a real Chromium on a phone-sized screen: with JavaScript off a
person joins, answers all six parts and reaches their radar; with it on, the waiting
screen moves on by itself, without a reload, when the speaker opens the part."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import Browser, Page, Route, expect

from audience import paths
from harness.server import Server, start_server
from networking_works.schema import assessments
from networking_works.store import Store, default_url
from tests.audience_phone import BANKS

pytestmark = [pytest.mark.slow, pytest.mark.browser]
BANK = BANKS.by_id["networking"]
PHONE = {"width": 375, "height": 812}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("audience-browser")
    with start_server(env_overrides={"DATABASE_URL": None}, workdir=workdir) as running:
        yield running


@pytest.fixture
def store(server: Server) -> Iterator[Store]:
    opened = Store(default_url(server.data_dir))
    try:
        yield opened
    finally:
        opened.database.dispose()


def _phone(browser: Browser, scripts: bool) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, java_script_enabled=scripts)  # type: ignore[arg-type]
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def no_script_phone(browser: Browser) -> Iterator[Page]:
    yield from _phone(browser, scripts=False)


@pytest.fixture
def script_phone(browser: Browser) -> Iterator[Page]:
    yield from _phone(browser, scripts=True)


def _answer_part(page: Page, step: int, label: str) -> None:
    statements = page.locator("fieldset.statement")
    expect(statements).to_have_count(len(BANK.parts[step].statements))
    for n in range(statements.count()):
        statements.nth(n).get_by_text(label, exact=True).click()


def test_without_javascript_a_person_joins_answers_six_parts_and_sees_the_radar(
    server: Server, store: Store, no_script_phone: Page
) -> None:
    page = no_script_phone
    room = store.workshops.create("No script room", "networking", False, None)[0]
    page.goto(server.url + paths.room(room.code))
    expect(page.get_by_role("heading", level=1)).to_have_text("No script room")
    page.get_by_label("Nickname (optional)").fill("Noor")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BANK.parts[0].title)
    page.get_by_role("button", name="Next").click()  # one part of the definition, then skip
    page.get_by_role("button", name="Skip to the questions").click()
    # A missing answer is asked for, and what was given stays ticked.
    page.locator("fieldset.statement").first.get_by_text(BANK.scale.labels[3], exact=True).click()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("alert")).to_contain_text("Please answer statements 2")
    for step in range(len(BANK.parts)):
        expect(page.get_by_role("heading", level=1)).to_have_text(BANK.parts[step].title)
        _answer_part(page, step, BANK.scale.labels[step % 5])
        last = step == len(BANK.parts) - 1
        page.get_by_role("button", name="See my results" if last else "Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your networking radar")
    radar = page.get_by_role("img", name="Your networking radar")
    expect(radar).to_be_visible()
    box = radar.bounding_box()
    assert box is not None and box["width"] > 300  # drawn across the phone's width
    full = page.get_by_role("link", name="See my full result")
    assert (full.get_attribute("href") or "").startswith("/results?a=")
    assert store.room_stats.counts(room.id) == (1, 1)


def test_with_javascript_the_waiting_screen_moves_on_by_itself(
    server: Server, store: Store, script_phone: Page
) -> None:
    page = script_phone
    room = store.workshops.create("Paced room", "networking", True, None)[0]
    page.goto(server.url + paths.room(room.code))
    page.get_by_role("button", name="Join").click()
    page.get_by_role("button", name="Skip to the questions").click()
    _answer_part(page, 0, BANK.scale.labels[2])
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hold on a moment")
    page.evaluate("window.stillThisPage = true")  # gone if the page were reloaded
    page.wait_for_timeout(500)  # the long poll is waiting now
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    store.workshops.update(room.id, open_parts=2)
    expect(page.get_by_role("heading", level=1)).to_have_text(BANK.parts[1].title, timeout=5_000)
    assert page.evaluate("window.stillThisPage") is True
    # The part came drawn in the waiting page: the long poll's answer was the only request.
    assert all(url.split("?")[0].endswith("/changes") for url in asked), asked
    assert page.title() == BANK.parts[1].title
    assert page.locator("body").get_attribute("data-page") == "part"  # as a loaded part says
    _answer_part(page, 1, BANK.scale.labels[1])  # the swapped-in form works
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hold on a moment")


def test_with_javascript_a_press_is_one_request_and_survives_a_lost_connection(
    server: Server, store: Store, script_phone: Page
) -> None:
    """The script posts each form itself and swaps in the page the answer carries
    (audience/follow.py): one request per press, the address in the history. When the
    post cannot reach the server, the page stays, says so, and sends it again by itself."""
    page = script_phone
    room = store.workshops.create("Script room", "networking", False, None)[0]
    page.goto(server.url + paths.room(room.code))
    page.get_by_role("button", name="Join").click()
    page.get_by_role("button", name="Skip to the questions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BANK.parts[0].title)
    page.evaluate("window.stillThisPage = true")  # gone if a press loaded a page
    asked: list[str] = []
    page.on("request", lambda request: asked.append(f"{request.method} {request.url}"))
    _answer_part(page, 0, BANK.scale.labels[4])
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BANK.parts[1].title)
    assert page.url.endswith(paths.part(room.code, 2))
    assert asked == [f"POST {server.url}{paths.part(room.code, 1)}"], asked
    # The next press meets a cut connection, once: the form stays with its answers.
    cut: list[str] = []

    def cut_once(route: Route) -> None:
        if not cut:
            cut.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/part/2", cut_once)
    _answer_part(page, 1, BANK.scale.labels[0])
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_role("status")).to_contain_text("We cannot reach the server")
    expect(page.get_by_role("heading", level=1)).to_have_text(BANK.parts[2].title, timeout=10_000)
    assert cut and page.evaluate("window.stillThisPage") is True
    # The history holds each swapped-in page's address. The browser's Back asks for it
    # again, and the server keeps the phone at its place, as it does without the script
    # (the page's own Back button is the way back).
    page.go_back()
    expect(page).to_have_url(server.url + paths.part(room.code, 3))
    expect(page.get_by_role("heading", level=1)).to_have_text(BANK.parts[2].title)
    (token,) = [a.token for a in _assessments(store, room.id)]
    found = store.assessments.get(token)
    assert found is not None and len(found.answers) == sum(
        len(part.statements) for part in BANK.parts[:2]
    )


def _assessments(store: Store, workshop_id: str) -> list[Any]:
    with store.database.read() as conn:
        query = sa.select(assessments.c.token).where(assessments.c.workshop_id == workshop_id)
        return list(conn.execute(query))


def _serious(page: Page) -> list[str]:
    from tests.test_browser import serious_violations

    return serious_violations(page)


def test_axe_finds_nothing_serious_on_any_audience_page(
    server: Server, store: Store, script_phone: Page
) -> None:
    page = script_phone
    room = store.workshops.create("Axe room", "networking", True, None)[0]
    found: dict[str, list[str]] = {}
    page.goto(server.url + paths.PREFIX)
    found["join by code"] = _serious(page)
    page.goto(server.url + paths.room(room.code))
    found["join"] = _serious(page)
    page.get_by_role("button", name="Join").click()
    found["definition"] = _serious(page)
    page.get_by_role("button", name="Skip to the questions").click()
    page.get_by_role("button", name="Next").click()  # nothing answered: every note shows
    found["part, answers missing"] = _serious(page)
    _answer_part(page, 0, BANK.scale.labels[2])
    page.get_by_role("button", name="Next").click()
    found["waiting"] = _serious(page)
    store.workshops.update(room.id, open_parts=6)
    page.reload()
    for step in range(1, 6):
        _answer_part(page, step, BANK.scale.labels[3])
        if step == 5:
            found["last part"] = _serious(page)
        page.get_by_role("button", name="See my results" if step == 5 else "Next").click()
    found["result"] = _serious(page)
    page.goto(server.url + paths.room("ZZZZZZ"))
    found["unknown code"] = _serious(page)
    assert {name: v for name, v in found.items() if v} == {}
