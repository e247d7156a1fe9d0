"""The scale-out recipe (deploy/): two processes behind nginx, one workshop room.

Runs the nginx config exactly as deploy/render_nginx.py renders it for deploy/start.sh,
in front of two real `streamlit run asgi.py` processes (harness.cluster, through
serve.py as start.sh starts them) sharing one PostgreSQL database (a schema of its own,
dropped afterwards).

1. Twenty phones (harness.phone: plain HTTP, each its own cookies) join the room by its
   link, skip the definition, answer all six parts and reach their radar on the
   audience pages, following the forms they are given. They never send nginx's sticky
   cookie back, so their requests land on either process: audience pages need no sticky
   sessions, and every phone must have been served by both processes.
2. The store holds exactly one joined, completed participant per phone, with the
   answers given, and the reveal (made in the store, as another process's remote
   would) shows on each process's result page within a second.
3. The cap holds across processes, and a forged route cookie is replaced.
4. The full result is a Streamlit page, and Streamlit pages still need the sticky
   cookie: its "Result file (JSON)" download is made in the session's own process and
   fetched over plain HTTP; with the tab's route cookie it arrives, with a route to the
   other process it is a 404.

Missing nginx fails the test under CI / NW_REQUIRE_BROWSER=1 (.ci/run installs it).
A failure carries the end of every process's log (harness.server.log_on_failure).
"""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from audience import paths
from deploy import render_nginx
from harness import REPO_ROOT
from harness.cluster import Cluster, start_cluster
from harness.phone import Kind, Page, Phone
from harness.store_access import StoreAccess, store_access
from harness.sync_client import SyncSession, blocking
from networking_works.bank import load_bank
from networking_works.scoring import score
from tests.store_helpers import private_schema

pytestmark = pytest.mark.slow

PARTICIPANTS = 20
BACKENDS = 2
TIMEOUT_S = 30.0
BANK = load_bank(REPO_ROOT / "questions" / "networking.yaml")
UPSTREAM = render_nginx.UPSTREAM_HEADER
ROUTE = render_nginx.ROUTE_COOKIE
# Not a widget key of web/keys.py: a download button is found by its label.
RESULT_FILE_LABEL = "Result file (JSON)"
# Every process learns a room's change within about a second; this is only a bound on
# the wait (speed is measured in benchmarks), the time taken is printed.
REVEAL_WAIT_S = 5.0
FULL_RESULT = re.compile(r'href="([^"]*/results\?[^"]+)"')
NOBODY_CHOOSES = random.Random(0)  # noqa: S311 -- every radio is chosen by answers_of()


@pytest.fixture
def private_db(pg_url: str) -> Iterator[str]:
    """PostgreSQL URL whose tables live in a fresh schema, dropped with everything after."""
    with private_schema(pg_url, "nw_test_scale_") as url:
        yield url


@dataclass
class Taken:
    """A phone that took part: its token, answers, result page, and who served it."""

    phone: Phone
    nickname: str
    answers: dict[str, int]
    token: str = ""
    result: Page | None = None
    served_by: Counter[str] = field(default_factory=Counter)


def answers_of(index: int) -> dict[str, int]:
    """A different set of answers per participant, so every result (and file) differs."""
    r, k = index % 5, index // 5
    return {s.id: 1 + (r + j * (k + 1)) % 5 for j, s in enumerate(BANK.statements)}


def _served(taken: Taken, page: Page) -> Page:
    taken.served_by.update(h.headers.get(UPSTREAM, "") for h in page.hops if h.headers)
    return page


async def take_part(taken: Taken, code: str) -> None:
    """Join by the room's link, skip the definition, answer all six parts."""
    phone, choose = (
        taken.phone,
        {paths.statement_field(k): str(v) for k, v in taken.answers.items()},
    )
    page = _served(taken, await phone.open(paths.room(code)))
    assert page.kind is Kind.JOIN, page.text[:300]
    fields, _ = page.form().fill(NOBODY_CHOOSES, {paths.Field.NICKNAME: taken.nickname})
    page = _served(taken, await phone.submit(page, page.form(), fields))
    assert page.kind is Kind.DEFINITION, (page.status, page.text[:300])
    taken.token = phone.client.cookies.get(paths.SEAT_COOKIE) or ""
    fields, _ = page.form().fill(NOBODY_CHOOSES, prefer=("skip",))
    page = _served(taken, await phone.submit(page, page.form(), fields))
    for part in BANK.parts:
        assert page.kind is Kind.PART, (part.id, page.text[:300])
        assert set(page.form().radios) == {paths.statement_field(s.id) for s in part.statements}
        fields, _ = page.form().fill(NOBODY_CHOOSES, prefer=("next",), choose=choose)
        page = _served(taken, await phone.submit(page, page.form(), fields))
    assert page.kind is Kind.RESULT, page.text[:300]
    assert page.text.count("<figure") == 1, "the room was shown before the reveal"
    taken.result = page


def _phones(cluster: Cluster) -> list[Taken]:
    return [
        Taken(
            Phone(cluster.url, timeout=TIMEOUT_S, drop_cookies=(ROUTE,)),
            f"Phone {i:02d}",
            answers_of(i),
        )
        for i in range(PARTICIPANTS)
    ]


async def _everyone(cluster: Cluster, code: str) -> list[Taken]:
    everyone = _phones(cluster)
    await asyncio.gather(*(take_part(t, code) for t in everyone))
    return everyone


async def _revealed_everywhere(cluster: Cluster, taken: Taken, code: str) -> float:
    """Seconds until every process's result page shows the room beside the phone."""
    started = time.perf_counter()
    waiting = {s.url for s in cluster.servers}
    while waiting and time.perf_counter() - started < REVEAL_WAIT_S:
        for url in list(waiting):  # straight to one process, the phone's cookies with it
            page = await taken.phone.open(url + paths.result(code))
            if page.text.count("<figure") == 2:
                waiting.discard(url)
        await asyncio.sleep(0.05)
    assert not waiting, f"not revealed on {waiting}"
    return time.perf_counter() - started


async def _latecomer(cluster: Cluster, code: str) -> Page:
    async with Phone(cluster.url, timeout=TIMEOUT_S, drop_cookies=(ROUTE,)) as phone:
        page = await phone.open(paths.room(code))
        fields, _ = page.form().fill(NOBODY_CHOOSES)
        return await phone.submit(page, page.form(), fields)


async def _close(everyone: list[Taken]) -> None:
    await asyncio.gather(*(t.phone.aclose() for t in everyone))


def check_store(store: StoreAccess, workshop_id: str, everyone: list[Taken]) -> None:
    """Exactly one joined, completed participant per phone, in the one room."""
    assert store.counts(workshop_id) == (PARTICIPANTS, PARTICIPANTS)
    scored = store.part_score_counts(workshop_id)
    assert sorted(scored.values()) == [len(BANK.parts)] * PARTICIPANTS
    rows = store.all_assessments()
    assert len(rows) == PARTICIPANTS, "an assessment was lost or doubled"
    assert {r.token for r in rows} == {t.token for t in everyone} == set(scored)
    assert {r.nickname for r in rows} == {t.nickname for t in everyone}
    assert {(r.workshop_id, r.stage) for r in rows} == {(workshop_id, "done")}
    for taken in everyone:
        assert store.stored_answers(taken.token) == ("done", taken.answers)
        expected = score(BANK, taken.answers).as_dict()
        assert store.participant_scores(taken.token) == pytest.approx(expected)


@pytest.mark.usefixtures("nginx")  # the cluster finds the same binary
def test_one_room_spans_processes_behind_nginx(private_db: str, tmp_path: Path) -> None:
    started = time.monotonic()
    env = {"PUBLIC_URL": None, "NW_FACILITATOR_PASSPHRASE": None}
    with ExitStack() as stack:
        cluster = stack.enter_context(
            start_cluster(BACKENDS, database_url=private_db, workdir=tmp_path, env_overrides=env)
        )
        store = stack.enter_context(store_access(private_db))
        room = store.create_room("Scale-out", BANK.id, False, PARTICIPANTS)
        # One background loop (harness.sync_client) for every phone: Playwright's sync
        # API may already run a loop in this thread, and a client belongs to its loop.
        everyone = blocking(_everyone(cluster, room.code), 600)
        stack.callback(lambda: blocking(_close(everyone), 60))
        flow_s = time.monotonic() - started

        # No sticky sessions: every phone was served by both processes, and nothing broke.
        served = Counter(b for t in everyone for b in t.served_by)
        assert set(served) == set(cluster.backends), served
        assert all(set(t.served_by) == set(cluster.backends) for t in everyone), [
            dict(t.served_by) for t in everyone
        ]

        check_store(store, room.workshop_id, everyone)

        # Revealed through the store, every process shows its result pages the room.
        store.reveal(room.workshop_id)
        reveal_s = blocking(_revealed_everywhere(cluster, everyone[0], room.code), 120)

        # The cap holds across processes: the room is full, whichever process is asked.
        late = blocking(_latecomer(cluster, room.code), 60)
        assert (late.status, late.kind) == (403, Kind.REFUSAL), late.text[:300]
        assert store.counts(room.workshop_id) == (PARTICIPANTS, PARTICIPANTS)

        # A cookie that is not one of nginx's route ids is replaced, never echoed back.
        forger = stack.enter_context(
            SyncSession(cluster.url, timeout_s=TIMEOUT_S, cookies={ROUTE: "not-a-route"})
        )
        assert forger.get("/_stcore/health").status == 200
        assert re.fullmatch("[0-9a-f]{32}", forger.session.cookies[ROUTE])

        check_full_results_are_sticky(stack, cluster, everyone)
    print(
        f"\n{PARTICIPANTS} phones through nginx, phones served by each process {dict(served)}: "
        f"flow {flow_s:.1f} s, revealed everywhere after {reveal_s:.2f} s, "
        f"all checks {time.monotonic() - started:.1f} s"
    )


def check_full_results_are_sticky(
    stack: ExitStack, cluster: Cluster, everyone: list[Taken]
) -> None:
    """The full result (a Streamlit page) through nginx: its download stays in its process.

    Streamlit names a download by a hash of its content: distinct results make distinct
    files, so the other process cannot hold a phone's file by coincidence."""
    tabs: dict[str, tuple[SyncSession, str]] = {}  # backend -> (tab, its download's id)
    for taken in everyone:
        if len(tabs) == BACKENDS:
            break
        assert taken.result is not None
        found = FULL_RESULT.search(taken.result.text)
        assert found, "no link to the full result"
        link = urlsplit(found.group(1).replace("&amp;", "&"))
        tab = stack.enter_context(SyncSession(cluster.url, timeout_s=TIMEOUT_S, origin=cluster.url))
        page = tab.get(f"{link.path}?{link.query}")  # the page load: nginx's cookie
        backend = page.headers.get(UPSTREAM.lower(), "")
        if backend in tabs:
            continue
        run = tab.connect(link.path.strip("/"), link.query)
        assert tab.session.upgrade_headers.get(UPSTREAM.lower()) == backend, "left its process"
        (button,) = run.find("download_button", RESULT_FILE_LABEL)
        tabs[backend] = (tab, button.proto.deferred_file_id)
    assert set(tabs) == set(cluster.backends), "no full result on one of the processes"
    # Checked while no script runs: Streamlit drops such a file after two runs of any
    # session in its process, which under load can beat even a browser's fetch.
    for backend, (tab, file_id) in tabs.items():
        other = next(t for b, (t, _) in tabs.items() if b != backend)
        media = tab.deferred_file_url(file_id)
        got = tab.get(media)
        assert (got.status, got.headers.get(UPSTREAM.lower())) == (200, backend), media
        assert json.loads(got.body)["bank_id"] == BANK.id
        got = tab.get(media, cookies={ROUTE: other.session.cookies[ROUTE]})
        assert got.status == 404 and got.headers.get(UPSTREAM.lower()) != backend, media
        assert tab.get(media).status == 200, "the file was gone: the 404 proves nothing"
