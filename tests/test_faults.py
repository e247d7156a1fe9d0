"""A live room through faults (harness/faults.py): a killed app process started again,
a PostgreSQL restart and an nginx reload, with 200 phones in the room.

Real processes: two ``streamlit run`` behind the deploy/ nginx, the local PostgreSQL
(restarted for real: the test runs as root, as CI does), phones over plain HTTP that
retry as a person and the pages do, and the screen and remote as Streamlit tabs that
reconnect as its frontend does. Afterwards every answer a phone was told was saved is
in the store (``check_room``, exact), every phone is on its result, no phone saw a
traceback, and the screen and the remote show the room's true counts again. The stall
figures per fault are printed (``bench/faults.py`` runs the same with more phones).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from deploy import render_nginx
from harness.cluster import start_cluster
from harness.faults import (
    BANK_FILE,
    FaultRun,
    Outcome,
    Plan,
    one_address_env,
    pg_ready,
    report,
)
from harness.server import free_port
from harness.store_access import check_room, store_access
from harness.sync_client import blocking
from networking_works.bank import load_bank
from tests.store_helpers import private_schema

pytestmark = pytest.mark.slow

PHONES = 200
BANK = load_bank(BANK_FILE)


@pytest.fixture
def private_db(pg_url: str) -> Iterator[str]:
    host = sa.engine.make_url(pg_url).host
    if host not in {"127.0.0.1", "localhost"} or not Path("/etc/postgresql").is_dir():
        pytest.fail("the fault test restarts PostgreSQL: it needs the cluster on this machine")
    with private_schema(pg_url, "nw_test_faults_") as url:
        yield url


@pytest.mark.usefixtures("nginx")
def test_a_live_room_survives_a_killed_process_a_database_restart_and_a_proxy_reload(
    private_db: str, tmp_path: Path
) -> None:
    env = {"PUBLIC_URL": None, "NW_FACILITATOR_PASSPHRASE": None, **one_address_env(PHONES)}
    started = time.monotonic()
    with (
        start_cluster(2, database_url=private_db, workdir=tmp_path, env_overrides=env) as cluster,
        store_access(private_db) as store,
    ):

        async def live_room() -> Outcome:
            return await FaultRun(cluster, store, private_db, Plan(phones=PHONES)).run()

        try:
            outcome = blocking(live_room(), 300)
        finally:
            assert pg_ready(), "PostgreSQL is not back up"
        assert isinstance(outcome, Outcome)
        print("\n" + report(outcome))
        print(f"whole test {time.monotonic() - started:.0f} s")

        assert [f.name for f in outcome.faults] == [
            "kill one app process",
            "restart PostgreSQL",
            "reload nginx",
        ]
        failed = [p.failed for p in outcome.people if p.failed]
        assert not failed, f"{len(failed)} phones did not finish: {sorted(set(failed))[:8]}"
        assert all(p.result is not None for p in outcome.people)
        assert sum(p.tracebacks for p in outcome.people) == 0, "a phone saw a traceback"
        # The faults reached the phones: some requests had to be sent again.
        assert sum(p.phone.retries for p in outcome.people) > 0

        sent = [(p.token, p.answers) for p in outcome.people]
        with store_access(private_db) as fresh:  # after the restart: new connections
            problems = check_room(fresh, outcome.room, len(BANK.parts), sent)
        assert not problems, problems

        screen = next(t for t in outcome.tabs if t.name == "screen")
        assert screen.reconnects >= 1, "the killed process held the screen: it reconnects"
        for tab in outcome.tabs:
            assert not tab.last_problems, (tab.name, tab.last_problems)
        remote = next(t for t in outcome.tabs if t.name == "remote")
        assert remote.counts == (PHONES, PHONES), remote.counts


def test_nginx_answers_its_own_502_with_a_page_that_retries_or_says_go_back(
    nginx: str, tmp_path: Path
) -> None:
    """No app process listening: nginx's own pages, not its "502 Bad Gateway"."""
    listen, nobody = free_port(), free_port()
    prefix = tmp_path / "nginx"
    render_nginx.write_config(f"127.0.0.1:{listen}", [nobody], prefix)
    process = subprocess.Popen(  # noqa: S603 -- the recipe's own argv
        render_nginx.nginx_argv(nginx, prefix),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{listen}"
    try:
        with httpx.Client(base_url=url, trust_env=False, timeout=10) as client:
            deadline = time.monotonic() + 10
            while True:
                try:
                    page = client.get("/room/ABCDEF/part/2")
                    break
                except httpx.TransportError:
                    assert time.monotonic() < deadline, "nginx did not start"
                    time.sleep(0.1)
            posted = client.post("/room/ABCDEF/part/2", data={"move": "next"})
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert page.status_code == 502 and page.headers["content-type"].startswith("text/html")
    assert "<h1>One moment</h1>" in page.text and 'http-equiv="refresh"' in page.text
    assert posted.status_code == 502
    assert "<h1>Not saved yet</h1>" in posted.text and "history.back()" in posted.text
    assert 'http-equiv="refresh"' not in posted.text  # a refresh would drop the form
    for text in (page.text, posted.text):  # the same words in the app's three languages
        assert 'lang="fr"' in text and 'lang="es"' in text and "Bad Gateway" not in text
