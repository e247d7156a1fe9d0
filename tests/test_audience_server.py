"""The audience pages served by a real ``streamlit run`` of asgi.py, beside Streamlit's:
a phone joins and answers every part over plain HTTP, Streamlit's pages still answer,
and the server's log never holds the phone's token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from audience import paths
from harness.server import Server, start_server
from networking_works.store import Store, default_url
from tests.audience_phone import BANKS, forms

pytestmark = pytest.mark.slow
BANK = BANKS.by_id["networking"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("audience-server")
    with start_server(env_overrides={"DATABASE_URL": None}, workdir=workdir) as running:
        yield running


def _store(data_dir: Path) -> Store:
    return Store(default_url(data_dir))


def _submit(client: httpx2.Client, page: str, fields: dict[str, str]) -> httpx2.Response:
    form = forms(page)[-1]
    return client.post(form.action, data={**form.hidden, **fields})


def test_a_phone_answers_every_part_beside_streamlit(server: Server) -> None:
    store = _store(server.data_dir)
    try:
        room = store.workshops.create("Served", "networking", False, None)[0]
        with httpx2.Client(base_url=server.url, follow_redirects=True, timeout=20) as client:
            page = client.get(paths.room(room.code))
            assert page.status_code == 200 and "Served" in page.text
            assert "content-security-policy" in page.headers
            page = _submit(client, page.text, {"nickname": "Ann"})
            assert page.url.path == paths.definition(room.code, 1)
            page = _submit(client, page.text, {"move": "skip"})
            for step, part in enumerate(BANK.parts):
                assert page.url.path == paths.part(room.code, step + 1)
                answers = {paths.statement_field(s.id): "4" for s in part.statements}
                page = _submit(client, page.text, {**answers, "move": "next", "counted": "1"})
            assert page.url.path == paths.result(room.code)
            assert "<svg" in page.text
            token = client.cookies["nw_seat"]
            css = re.search(r'href="(/room/static/[^"]+)"', page.text)
            assert css is not None and client.get(css.group(1)).status_code == 200
            # Streamlit's own pages and endpoints are still there, untouched.
            assert client.get("/_stcore/health").text == "ok"
            join = client.get("/join")
            assert join.status_code == 200 and "<noscript>" in join.text  # Streamlit's index
        assert store.room_stats.counts(room.id) == (1, 1)
        assert token not in server.read_log()
    finally:
        store.database.dispose()
