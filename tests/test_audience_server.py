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
            solo = client.get("/questions")
            assert solo.status_code == 200 and "<noscript>" in solo.text  # Streamlit's index
            # The old Streamlit join link: st.App's route is served before Streamlit's
            # catch-all of page paths, and leads to the audience's join pages.
            old = client.get(f"/join?code={room.code.lower()}", follow_redirects=False)
            assert old.status_code == 303 and old.headers["location"] == paths.room(room.code)
            back = client.get(f"/join?code={room.code}")  # this phone's seat: its own result
            assert back.url.path == paths.result(room.code)
            fresh = httpx2.get(f"{server.url}/join", follow_redirects=True, timeout=20)
            assert fresh.url.path == paths.PREFIX and 'name="code"' in fresh.text
        assert store.room_stats.counts(room.id) == (1, 1)
        assert token not in server.read_log()
    finally:
        store.database.dispose()


def test_behind_the_deploy_nginx_a_phone_walks_and_no_log_holds_its_token(
    nginx: str, tmp_path: Path
) -> None:
    from harness.cluster import start_cluster

    url = default_url(tmp_path / "shared")
    (tmp_path / "shared").mkdir()
    store = Store(url)
    try:
        room = store.workshops.create("Proxied", "networking", True, None)[0]
        with (
            start_cluster(2, database_url=url, workdir=tmp_path) as cluster,
            httpx2.Client(base_url=cluster.url, follow_redirects=True, timeout=20) as client,
        ):
            client.headers["origin"] = cluster.url  # as a browser sends with every post
            page = client.get(paths.room(room.code))
            page = _submit(client, page.text, {"nickname": "Ann"})
            page = _submit(client, page.text, {"move": "skip"})
            answers = {paths.statement_field(s.id): "4" for s in BANK.parts[0].statements}
            page = _submit(client, page.text, {**answers, "move": "next"})
            assert page.url.path == paths.part(room.code, 2) and "Hold on a moment" in page.text
            seen = re.search(r'data-seen="([^"]+)"', page.text)
            assert seen is not None
            store.workshops.update(room.id, open_parts=2)  # as the remote does, elsewhere
            changed = client.get(paths.changes(room.code), params={"seen": seen.group(1)})
            assert changed.status_code == 200
            assert BANK.parts[1].title in client.get(paths.part(room.code, 2)).text
            token = client.cookies["nw_seat"]
            logs = cluster.access_log.read_text() + "".join(s.read_log() for s in cluster.servers)
        assert token not in logs and paths.part(room.code, 2) in logs
    finally:
        store.database.dispose()
