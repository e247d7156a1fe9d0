"""What a link-preview crawler gets: plain HTTP against a real `streamlit run asgi.py`.

No JavaScript runs: the HTML head as served is all a crawler (LinkedIn, WhatsApp, Slack)
reads. Public links by choice (a shared result, a join link) carry a preview; private
links carry noindex and nothing that names anything.
"""

from __future__ import annotations

import asyncio
import io
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import anyio
import pytest
from anyio import to_thread
from PIL import Image

from harness.http import HttpResponse, http_get
from harness.server import Server, start_server
from harness.store_access import data_dir_url
from harness.sync_client import blocking
from networking_works.bank import load_bank
from networking_works.report import build_report
from networking_works.store import Store
from networking_works.store.results import DEFAULT_SHARE_TTL
from networking_works.tokens import new_token
from tests.bank_helpers import DEFAULT_BANK
from tests.browser_helpers import goto_app
from web.preview_cards import Cards

# One real server for the module (the `served` fixture).
pytestmark = pytest.mark.slow

if TYPE_CHECKING:
    from playwright.sync_api import Page

ROOM_TITLE = 'Hiring season <b>"&"</b>'


class HeadParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.title = ""
        self.lang = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = found.get("lang", "")
        if tag == "title":
            self._in_title = True
        if tag == "meta" and ("property" in found or "name" in found):
            self.meta[found.get("property") or found["name"]] = found.get("content", "")

    def handle_endtag(self, tag: str) -> None:
        self._in_title = self._in_title and tag != "title"

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


@dataclass(frozen=True)
class Served:
    server: Server
    result: str
    delete: str
    gone: str  # a result shared, then deleted
    own: str  # the assessment token of the shared result
    room_id: str
    code: str
    secret: str
    weakest: tuple[str, ...]
    plan: tuple[str, ...]


def fetch(url: str, headers: dict[str, str] | None = None) -> HttpResponse:
    # Not asyncio.run: Playwright's sync API may already run a loop in this thread.
    return blocking(http_get(url, 20, headers=headers), 30)


def head_of(response: HttpResponse) -> HeadParser:
    parser = HeadParser()
    parser.feed(response.body.decode())
    return parser


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    workdir = tmp_path_factory.mktemp("previews")
    env = {"DATABASE_URL": None, "PUBLIC_URL": None}
    with start_server(env_overrides=env, workdir=workdir) as server:
        store = Store(data_dir_url(server.data_dir))
        try:
            bank = load_bank(DEFAULT_BANK)
            answers = {s.id: 1 + i % 5 for i, s in enumerate(bank.statements)}
            report = build_report(bank, answers, datetime(2026, 5, 6, tzinfo=UTC))
            own = store.assessments.start(bank.id)
            links = store.results.share(own, report.to_dict(), DEFAULT_SHARE_TTL)
            other = store.results.share(new_token(), report.to_dict(), DEFAULT_SHARE_TTL)
            assert links.delete_token and other.delete_token
            assert store.results.delete(other.token, other.delete_token)
            room, secret = store.workshops.create(ROOM_TITLE, bank.id, False, None)
        finally:
            store.database.dispose()
        yield Served(
            server,
            links.token,
            links.delete_token,
            other.token,
            own,
            room.id,
            room.code,
            secret,
            report.weakest,
            tuple(item.text for item in report.plan),
        )


def test_a_shared_result_previews_with_its_radar(served: Served) -> None:
    url = f"{served.server.url}/results?r={served.result}"
    response = fetch(url)
    head = head_of(response)
    assert response.status == 200
    assert head.title == "Shared networking radar · Networking works"
    assert head.lang == "en"
    meta = head.meta
    assert meta["og:title"] == head.title
    assert meta["og:url"] == url
    assert meta["twitter:card"] == "summary_large_image"
    assert all(part in meta["og:description"] for part in served.weakest)
    assert meta["og:image"] == f"{served.server.url}/preview/{served.result}.png"
    assert "robots" not in meta

    picture = fetch(meta["og:image"])
    assert picture.status == 200
    assert picture.headers["content-type"] == "image/png"
    assert "max-age=86400" in picture.headers["cache-control"]
    image = Image.open(io.BytesIO(picture.body))
    assert (image.format, image.size) == ("PNG", (1200, 630))
    again = fetch(meta["og:image"], {"If-None-Match": picture.headers["etag"]})
    assert (again.status, again.body) == (304, b"")


def test_a_join_link_previews_as_the_room(served: Served) -> None:
    # The room's join page is an audience page, with its card in its own head; an old
    # Streamlit join link (printed, in an old QR code) leads there.
    url = f"{served.server.url}/room/{served.code}"
    head = head_of(fetch(url))
    assert head.title == f"Join: {ROOM_TITLE}"  # escaped, then parsed back
    assert served.code in head.meta["og:description"]
    assert head.meta["og:url"] == url
    assert head.meta["twitter:card"] == "summary"
    assert "og:image" not in head.meta and "robots" not in head.meta
    old = fetch(f"{served.server.url}/join?code={served.code}")
    assert (old.status, old.headers["location"]) == (303, f"/room/{served.code}")


@pytest.mark.parametrize("which", ["gone", "unknown"])
def test_a_deleted_or_unknown_result_previews_as_not_found(served: Served, which: str) -> None:
    token = served.gone if which == "gone" else new_token()
    head = head_of(fetch(f"{served.server.url}/results?r={token}"))
    assert head.title == "Result not found · Networking works"
    assert "og:image" not in head.meta
    assert token not in head.meta["og:url"]
    assert fetch(f"{served.server.url}/preview/{token}.png").status == 404


PRIVATE = {
    "own result": "/results?a={own}",
    "walk-through": "/questions?a={own}",
    "delete link": "/results?r={result}&delete={delete}",
    "journal": "/journal?j={own}",
    "retake from a journal": "/questions?a={own}&j={result}",
    "remote": "/control?w={room_id}&k={secret}",
    "old dashboard": "/dashboard?w={room_id}&k={secret}",
}


@pytest.mark.parametrize("name", sorted(PRIVATE))
def test_private_links_say_nothing_and_stay_out_of_search(served: Served, name: str) -> None:
    values = {k: getattr(served, k) for k in ("own", "result", "delete", "room_id", "secret")}
    response = fetch(served.server.url + PRIVATE[name].format(**values))
    head = head_of(response)
    assert response.status == 200
    assert head.meta["robots"] == "noindex, nofollow"
    assert response.headers["x-robots-tag"] == "noindex, nofollow"
    assert response.headers["referrer-policy"] == "no-referrer"
    assert response.headers["cache-control"] == "no-store"
    assert not [key for key in head.meta if key.startswith(("og:", "twitter:"))]
    assert "description" not in head.meta
    assert ROOM_TITLE not in head.title and "Networking works" in head.title
    body = response.body.decode()
    assert not [token for token in values.values() if token in body]


def test_every_page_is_served_with_no_referrer_and_a_real_title(served: Served) -> None:
    for path, title in (("/", "Networking works"), ("/workshop", "Run a workshop")):
        response = fetch(served.server.url + path)
        assert response.headers["referrer-policy"] == "no-referrer"
        assert head_of(response).title.startswith(title)


def test_every_response_refuses_framing_and_sniffing_without_nginx(served: Served) -> None:
    """Issue 23, L6: served directly, pages had no X-Frame-Options, frame-ancestors or
    nosniff (only the deploy/ nginx added them)."""
    base = served.server.url
    index = fetch(base + "/").body.decode()
    script = re.search(r'src="\.?/?(static/js/[^"]+\.js)"', index)
    assert script, "Streamlit's index names its script"
    paths = [
        "/",
        "/results?a={own}",
        "/screen?code={code}",
        "/control?w={room_id}&k={secret}",
        "/" + script.group(1),
        "/_stcore/health",
        "/preview/{result}.png",
        "/preview/{gone}.png",
        "/room",
    ]
    for path in paths:
        response = fetch(base + path.format(**vars(served)))
        assert response.status in {200, 404}, path
        assert response.headers.get("x-content-type-options") == "nosniff", path
        assert response.headers.get("x-frame-options") == "DENY", path
        assert "frame-ancestors 'none'" in response.headers.get("content-security-policy", ""), path
    # The audience pages keep their own, stricter policy (one, not two).
    policy = fetch(base + "/room").headers["content-security-policy"]
    assert "default-src" in policy and "frame-ancestors 'none'" in policy


def test_no_token_reaches_the_server_log(served: Served) -> None:
    for path in [*PRIVATE.values(), "/results?r={result}", "/preview/{result}.png"]:
        fetch(served.server.url + path.format(**vars(served)))
    log = served.server.read_log()
    secrets = (served.own, served.result, served.delete, served.secret, served.gone)
    assert not [token for token in secrets if token in log]


@pytest.mark.browser
def test_the_handout_pdf_downloaded_from_a_shared_result_has_its_text_and_link(
    served: Served, page: Page, tmp_path: Path
) -> None:
    link = f"{served.server.url}/results?r={served.result}"
    goto_app(page, link)
    with page.expect_download() as download:
        page.get_by_role("button", name="Handout (PDF)").click()
    pdf = tmp_path / "handout.pdf"
    download.value.save_as(pdf)
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: apt-get install -y poppler-utils")
    text = subprocess.run(  # noqa: S603 -- a fixed tool and a file of this test
        ["pdftotext", str(pdf), "-"],  # noqa: S607
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    words = " ".join(text.split())
    assert link in words
    assert served.plan and all(" ".join(item.split()) in words for item in served.plan)


def new_shared_results(served: Served, count: int) -> list[str]:
    """``count`` results shared on the served store, whose pictures nobody asked for yet."""
    store = Store(data_dir_url(served.server.data_dir))
    try:
        bank = load_bank(DEFAULT_BANK)
        answers = {s.id: 1 + i % 5 for i, s in enumerate(bank.statements)}
        report = build_report(bank, answers, datetime(2026, 5, 6, tzinfo=UTC)).to_dict()
        return [
            store.results.share(store.assessments.start(bank.id), report, DEFAULT_SHARE_TTL).token
            for _ in range(count)
        ]
    finally:
        store.database.dispose()


async def pictures_sent_before_a_page(served: Served, tokens: list[str]) -> tuple[int, list[int]]:
    """Ask for every picture at once, then for a shared result's page (its head reads the
    store): how many pictures were sent
    (200) when the page came back, and every picture's status."""
    base, sent = served.server.url, 0

    async def picture(token: str) -> HttpResponse:
        nonlocal sent
        response = await http_get(f"{base}/preview/{token}.png", 60)
        sent += response.status == 200
        if response.status == 503:
            assert int(response.headers["retry-after"]) > 0
        return response

    asked = [asyncio.create_task(picture(token)) for token in tokens]
    await asyncio.sleep(0.05)  # the pictures' requests are in
    page = await http_get(f"{base}/results?r={served.result}", 60)
    sent_by_then = sent
    assert page.status == 200
    return sent_by_then, [r.status for r in await asyncio.gather(*asked)]


def test_pages_load_while_many_new_pictures_are_asked_for(served: Served) -> None:
    # 60 new pictures at once (0.1 s each) held every thread of the pool a page's head
    # needs: a page whose head reads the store (then the join page, now a shared
    # result) came back only after 33 of them were built, seconds later.
    tokens = new_shared_results(served, 60)
    sent_by_then, statuses = blocking(pictures_sent_before_a_page(served, tokens), 120)
    assert sent_by_then < 10, statuses
    assert set(statuses) <= {200, 503} and 200 in statuses
    refused = [t for t, status in zip(tokens, statuses, strict=True) if status == 503]
    for token in refused:  # asked again one at a time, as a crawler retries: each is made
        assert fetch(f"{served.server.url}/preview/{token}.png").status == 200


def test_a_picture_is_built_once_however_many_ask_at_once() -> None:
    cards, built = Cards(), []

    def build() -> bytes:
        built.append("x")
        return b"png"

    async def ask() -> list[bytes | None]:
        async with anyio.create_task_group() as group:
            found: list[bytes | None] = []

            async def one() -> None:
                found.append(await cards.get("t1", build))

            for _ in range(8):
                group.start_soon(one)
        return found

    assert blocking(ask(), 30) == [b"png"] * 8
    assert (cards.builds, len(built)) == (1, 1)


def test_waiting_for_pictures_holds_no_thread_of_the_shared_pool() -> None:
    cards, release = Cards(builders=1, max_waiting=50), threading.Event()

    def slow() -> bytes:
        release.wait(10)
        return b"png"

    async def ask() -> tuple[int, list[bytes | None]]:
        found: list[bytes | None] = []
        async with anyio.create_task_group() as group:

            async def one(token: str) -> None:
                found.append(await cards.get(token, slow))

            for number in range(30):
                group.start_soon(one, f"t{number}")
            await anyio.sleep(0.2)
            held = to_thread.current_default_thread_limiter().borrowed_tokens
            release.set()
        return held, found

    held, found = blocking(ask(), 30)
    assert held == 0  # building and waiting leave the pool to the page heads
    assert found == [b"png"] * 30


def test_past_the_waiting_bound_a_picture_is_refused_not_queued() -> None:
    cards, release = Cards(builders=1, max_waiting=3), threading.Event()

    def slow() -> bytes:
        release.wait(10)
        return b"png"

    async def ask() -> list[bytes | None]:
        found: list[bytes | None] = []
        async with anyio.create_task_group() as group:

            async def one(token: str) -> None:
                found.append(await cards.get(token, slow))

            for number in range(5):
                group.start_soon(one, f"t{number}")
            await anyio.sleep(0.2)
            release.set()
        return found

    found = blocking(ask(), 30)
    assert sorted(found, key=lambda png: png is None) == [b"png"] * 3 + [None] * 2


def test_kept_pictures_are_bounded_in_bytes() -> None:
    cards = Cards(max_bytes=10)

    async def ask() -> None:
        for number in range(5):
            assert await cards.get(f"t{number}", lambda: b"four") == b"four"
        assert await cards.get("big", lambda: b"x" * 11) == b"x" * 11  # sent, not kept

    blocking(ask(), 30)
    assert cards.kept_bytes <= 10
    assert cards.builds == 6
