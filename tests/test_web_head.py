"""web.head: which links are private, and the head each page is served with."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import streamlit

from networking_works.bank import load_bank
from networking_works.report import build_report
from networking_works.store import Store
from networking_works.store.results import DEFAULT_SHARE_TTL
from networking_works.tokens import new_token
from tests.bank_helpers import DEFAULT_BANK
from web import head, routes

BASE = "https://networking.example.org"
INDEX = (Path(streamlit.__file__).parent / "static" / "index.html").read_bytes()


@pytest.mark.parametrize(
    ("route", "query", "private"),
    [
        (routes.RESULTS, "r=x", False),
        (routes.RESULTS, "a=x", True),
        (routes.RESULTS, "r=x&delete=y", True),
        (routes.RESULTS, "r=x&delete=", True),  # even empty: a private link by its shape
        (routes.SCREEN, "code=ABCDEF&a=x", True),
        (routes.SCREEN, "code=ABCDEF", False),
        (routes.CONTROL, "", True),
        (routes.DASHBOARD, "w=x&k=y", True),
        (routes.WELCOME, "k=y", True),
        (routes.WORKSHOP, "", False),
        (routes.WORKSHOP, "bank=x", True),  # the link that keeps a speaker's own bank
        (routes.JOURNAL, "j=x", True),
    ],
)
def test_a_secret_anywhere_or_a_private_page_makes_a_link_private(
    route: routes.Route, query: str, private: bool
) -> None:
    assert head.is_private(route, query) is private


def test_every_page_has_a_head_and_private_pages_say_nothing(store: Store) -> None:
    for route in routes.ROUTES:
        found = head.head_for(route, "", BASE, store, {})
        assert found.title.endswith("Networking works")
        assert found.private is (route in routes.PRIVATE_ROUTES)
        if found.private:
            assert "og:" not in head.render(found)


def test_a_shared_result_previews_in_its_language(store: Store) -> None:
    bank = load_bank(DEFAULT_BANK)
    report = build_report(
        bank, {s.id: 2 for s in bank.statements}, datetime(2026, 1, 2, tzinfo=UTC)
    )
    token = store.results.share(new_token(), report.to_dict(), DEFAULT_SHARE_TTL).token
    languages = {bank.id: "fr"}
    shared = head.head_for(routes.RESULTS, f"r={token}", BASE, store, languages)
    assert shared.lang == "fr"
    assert shared.preview is not None
    assert shared.preview.url == f"{BASE}/results?r={token}"
    assert shared.preview.image == f"{BASE}/preview/{token}.png"
    assert shared.title == "Radar du réseautage partagé · Networking works"
    # A bank of unknown language: the link's ?lang= decides; an English bank: English.
    english = head.head_for(routes.RESULTS, f"r={token}&lang=es", BASE, store, {})
    assert english.lang == "es" and english.title.startswith("Radar de networking compartido")
    plain = head.head_for(routes.RESULTS, f"r={token}", BASE, store, {bank.id: "en"})
    assert plain.lang == "en" and plain.title == "Shared networking radar · Networking works"


def test_hostile_text_is_escaped_in_the_served_head() -> None:
    hostile = '"/><script>alert(1)</script>'
    page = head.rewrite(INDEX, head.Head(hostile, preview=head.Preview(hostile, BASE)))
    text = page.decode()
    assert "<script>alert(1)" not in text
    assert text.count("<title>") == 1
    assert "<title>Streamlit</title>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
