"""The scale-out recipe (deploy/): two Streamlit processes behind nginx, one workshop room.

Runs the nginx config exactly as deploy/render_nginx.py renders it for deploy/start.sh,
in front of two real `streamlit run app.py` processes (harness.cluster, through serve.py
as start.sh starts them) sharing one PostgreSQL database (a schema of its own, dropped
afterwards). Virtual participants speak Streamlit's websocket protocol through nginx
(harness.sync_client), each with its own cookie jar, as a phone would:

1. GET the join page: nginx sets the ``nw_route`` cookie and says which process answered
   (``X-Upstream``, from the same config).
2. Open ``/_stcore/stream`` with that cookie: it must reach the same process.
3. Join the room through the join form, skip the definition, answer all six parts and
   land on their results: the real flow, so the app itself records the completion.
   Widgets are found by the keys of web/keys.py.
4. Ask for the "Result file (JSON)" download: the session makes the file in its own
   process's memory and the browser fetches ``/media/...`` over plain HTTP. With the
   participant's cookie that works; with a cookie routed to the other process it is a
   404. That is why the recipe needs sticky sessions, and proof that it has them.

Then the room must span both processes and the database must hold exactly one joined and
completed participant per virtual participant, in the one room, with the answers given.
Missing nginx fails the test under CI / NW_REQUIRE_BROWSER=1 (.ci/run installs it).
A failure carries the end of every process's log (harness.server.log_on_failure).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState

from deploy import render_nginx
from harness import REPO_ROOT
from harness.cluster import start_cluster
from harness.protocol import Run, pills_state, text_state
from harness.store_access import VIEW_MAX_AGE_S, store_access
from harness.sync_client import SyncSession
from networking_works.bank import load_bank
from networking_works.scoring import score
from tests.store_helpers import private_schema
from web import keys

pytestmark = pytest.mark.slow

PARTICIPANTS = 20
CONCURRENCY = 8  # participants in flight at once (the machine may have 2 cores)
BACKENDS = 2
RUN_TIMEOUT_S = 30.0
BANK = load_bank(REPO_ROOT / "questions" / "networking.yaml")
UPSTREAM = render_nginx.UPSTREAM_HEADER.lower()
ROUTE = render_nginx.ROUTE_COOKIE
# Not a widget key of web/keys.py: a download button is found by its label.
RESULT_FILE_LABEL = "Result file (JSON)"


@pytest.fixture
def private_db(pg_url: str) -> Iterator[str]:
    """PostgreSQL URL whose tables live in a fresh schema, dropped with everything after."""
    with private_schema(pg_url, "nw_test_scale_") as url:
        yield url


# -- a phone, without the browser ------------------------------------------------------


class AppError(AssertionError):
    """A script run ended in an uncaught exception (the user sees an error box)."""


@dataclass
class Phone:
    """One participant: a tab through nginx, and the process nginx sent its page load to."""

    tab: SyncSession
    name: str
    backend: str = ""  # X-Upstream of the page load

    @property
    def route(self) -> str:
        """The nw_route cookie nginx gave this phone."""
        return self.tab.session.cookies.get(ROUTE, "")

    def open(self, url_path: str, query: str) -> Run:
        """What a browser does on opening /url_path?query: the page, then the stream."""
        page = self.tab.get(f"/{url_path}?{query}")
        assert page.status == 200 and b"<html" in page.body.lower(), (page.status, page.body[:200])
        assert self.route, "nginx set no nw_route cookie on the page"
        self.backend = page.headers.get(UPSTREAM, "")
        run = self._checked(self.tab.connect(url_path, query))
        stream_backend = self.tab.session.upgrade_headers.get(UPSTREAM)
        assert stream_backend == self.backend, "the websocket left its process"
        return run

    def press(self, run: Run, key: str, values: list[WidgetState] | None = None) -> Run:
        """Press the button with ``key``; for a form's submit button, with its ``values``."""
        return self._checked(self.tab.submit_form(run.widget(key), values or []))

    def _checked(self, run: Run) -> Run:
        for error in run.find("exception"):
            raise AppError(
                f"{self.name}: /{self.tab.page} raised {error.proto.type}: "
                f"{error.proto.message} on {self.backend}"
            )
        return run


def join(phone: Phone, code: str) -> Run:
    run = phone.open("join", f"code={code}")
    values = [
        text_state(run.widget(keys.JOIN_CODE), code),
        text_state(run.widget(keys.JOIN_NICKNAME), phone.name),
    ]
    return phone.press(run, keys.JOIN_SUBMIT, values)


@dataclass(frozen=True)
class Outcome:
    phone: Phone  # still connected, on its results page
    token: str
    answers: dict[str, int]  # statement id -> the value this participant gave
    download_id: str  # deferred_file_id of its "Result file (JSON)" button


def take_part(phone: Phone, code: str, index: int) -> Outcome:
    """Join by code, skip the definition, answer all six parts: the flow a phone goes through."""
    answers = answers_of(index)
    run = join(phone, code)
    token = parse_qs(phone.tab.query).get("a", [""])[0]
    assert token, f"{phone.name} was not sent on from the join page: {run.texts()}"
    run = phone.press(run, keys.DEFINITION_SKIP)
    for part in BANK.parts:
        assert len(run.keyed(keys.STATEMENT_PREFIX)) == len(part.statements), run.texts()
        values = []
        for number, statement in enumerate(part.statements, 1):
            pill = run.widget(keys.statement(statement.id))
            assert pill.label.startswith(f"{number}. "), pill.label
            # Options are 1..5 then "not applicable"; the wire value is the option's label.
            values.append(pills_state(pill, answers[statement.id] - 1))
        run = phone.press(run, keys.QUESTIONS_NEXT, values)
    assert phone.tab.page == "results", (phone.tab.page, run.texts())
    assert run.contains("Your networking radar")
    assert not run.contains("Room average"), "the room was shown before the reveal"
    (button,) = run.find("download_button", RESULT_FILE_LABEL)
    return Outcome(phone, token, answers, button.proto.deferred_file_id)


def answers_of(index: int) -> dict[str, int]:
    """A different set of answers per participant, so every result (and file) differs."""
    r, k = index % 5, index // 5
    return {s.id: 1 + (r + j * (k + 1)) % 5 for j, s in enumerate(BANK.statements)}


@pytest.mark.usefixtures("nginx")  # the cluster finds the same binary
def test_one_room_spans_processes_behind_nginx(private_db: str, tmp_path: Path) -> None:
    started = time.monotonic()
    # Streamlit names a download by a hash of its content: distinct results make distinct
    # files, so the other process cannot hold a participant's file by coincidence.
    results = {str(score(BANK, answers_of(i)).as_dict()) for i in range(PARTICIPANTS)}
    assert len(results) == PARTICIPANTS
    env = {"PUBLIC_URL": None, "NW_FACILITATOR_PASSPHRASE": None}
    with ExitStack() as stack:
        cluster = stack.enter_context(
            start_cluster(BACKENDS, database_url=private_db, workdir=tmp_path, env_overrides=env)
        )
        store = stack.enter_context(store_access(private_db))
        room = store.create_room("Scale-out", BANK.id, False, PARTICIPANTS)

        def phone(name: str, **cookies: str) -> Phone:
            tab = SyncSession(
                cluster.url, timeout_s=RUN_TIMEOUT_S, origin=cluster.url, cookies=cookies
            )
            return Phone(stack.enter_context(tab), name)

        phones = [phone(f"Phone {i:02d}") for i in range(PARTICIPANTS)]
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            futures = [pool.submit(take_part, p, room.code, i) for i, p in enumerate(phones)]
            outcomes = [f.result() for f in futures]
        flow_s = time.monotonic() - started

        # Both processes served participants, and each kept every request of its own.
        per_backend = Counter(o.phone.backend for o in outcomes)
        assert set(per_backend) == set(cluster.backends), per_backend
        assert len({o.phone.route for o in outcomes}) == PARTICIPANTS, "two phones share a route"
        served_by = _access_log_backends(cluster.access_log)
        for o in outcomes:
            assert served_by[o.phone.route] == {o.phone.backend}, (o.phone.name, served_by)

        # A download is made in the session's own process and fetched over plain HTTP:
        # with the phone's cookie it arrives, with a route to the other process it cannot.
        # (Checked while no script runs: Streamlit drops such a file after two runs of any
        # session in its process, which under load can beat even a browser's fetch.)
        for o in outcomes:
            other = next(p for p in phones if p.backend != o.phone.backend)
            media = o.phone.tab.deferred_file_url(o.download_id)
            got = o.phone.tab.get(media)
            assert (got.status, got.headers.get(UPSTREAM)) == (200, o.phone.backend), media
            assert json.loads(got.body)["bank_id"] == BANK.id
            got = o.phone.tab.get(media, cookies={ROUTE: other.route})
            assert (got.status, got.headers.get(UPSTREAM)) == (404, other.backend), media
            assert o.phone.tab.get(media).status == 200, "the file was gone: the 404 proves nothing"

        # The store: exactly one joined, completed participant per phone, in the one room.
        assert store.counts(room.workshop_id) == (PARTICIPANTS, PARTICIPANTS)
        scored = store.part_score_counts(room.workshop_id)
        assert sorted(scored.values()) == [len(BANK.parts)] * PARTICIPANTS
        rows = store.all_assessments()
        assert len(rows) == PARTICIPANTS, "an assessment was lost or doubled"
        assert {r.token for r in rows} == {o.token for o in outcomes} == set(scored)
        assert {r.nickname for r in rows} == {p.name for p in phones}
        assert {(r.workshop_id, r.stage) for r in rows} == {(room.workshop_id, "done")}
        for o in outcomes:
            expected = score(BANK, o.answers).as_dict()
            assert store.participant_scores(o.token) == pytest.approx(expected)

        # Revealed, each process shows its phones the room's average: both processes' work.
        # Each process may show a room as it was up to VIEW_MAX_AGE_S ago.
        store.reveal(room.workshop_id)
        time.sleep(VIEW_MAX_AGE_S + 0.1)
        for backend in cluster.backends:
            o = next(o for o in outcomes if o.phone.backend == backend)
            assert o.phone.tab.rerun().contains("Room average"), o.phone.name

        # The cap holds across processes: the room is full, whichever process is asked.
        assert join(phone("Latecomer"), room.code).contains("This workshop is full.")
        assert store.counts(room.workshop_id) == (PARTICIPANTS, PARTICIPANTS)

        # A cookie that is not one of nginx's route ids is replaced, never echoed back.
        forger = phone("Forger", **{ROUTE: "not-a-route"})
        assert forger.tab.get("/_stcore/health").status == 200
        assert re.fullmatch("[0-9a-f]{32}", forger.route), forger.route
    print(
        f"\n{PARTICIPANTS} participants through nginx, per process {dict(per_backend)}: "
        f"flow {flow_s:.1f} s, all checks {time.monotonic() - started:.1f} s"
    )


def _access_log_backends(path: Path) -> dict[str, set[str]]:
    """nginx's own record: route cookie -> every process that answered a request with it."""
    found: dict[str, set[str]] = {}
    for line in path.read_text().splitlines():
        fields = dict(
            f.split("=", 1) for f in line.split() if f.startswith(("route=", "upstream="))
        )
        if "route" in fields and fields.get("upstream", "-") != "-":
            found.setdefault(fields["route"], set()).add(fields["upstream"])
    return found
