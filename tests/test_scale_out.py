"""The scale-out recipe (deploy/): two Streamlit processes behind nginx, one workshop room.

Runs the nginx config exactly as deploy/render_nginx.py renders it for deploy/start.sh,
in front of two real `streamlit run app.py` processes sharing one PostgreSQL database
(a schema of its own, dropped afterwards). Virtual participants speak Streamlit's
websocket protocol through nginx, each with its own cookie jar, as a phone would:

1. GET the join page: nginx sets the ``nw_route`` cookie and says which process answered
   (``X-Upstream``, from the same config).
2. Open ``/_stcore/stream`` with that cookie: it must reach the same process.
3. Join the room through the join form, skip the definition, answer all six parts and
   land on their results: the real flow, so the app itself records the completion.
4. Ask for the "Result file (JSON)" download: the session makes the file in its own
   process's memory and the browser fetches ``/media/...`` over plain HTTP. With the
   participant's cookie that works; with a cookie routed to the other process it is a
   404. That is why the recipe needs sticky sessions, and proof that it has them.

Then the room must span both processes and the database must hold exactly one joined and
completed participant per virtual participant, in the one room, with the answers given.
Missing nginx fails the test under CI / NW_REQUIRE_BROWSER=1 (.ci/run installs it).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Self
from urllib.parse import parse_qs

import pytest
import sqlalchemy as sa
from streamlit.proto.BackMsg_pb2 import (
    BackendOperationRequest,
    BackMsg,
    DeferredFileRequestPayload,
)
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

from deploy import render_nginx
from networking_works.bank import load_bank
from networking_works.schema import assessments, part_scores
from networking_works.scoring import score
from networking_works.store import Store
from tests.browser_helpers import REPO_ROOT, free_port, start_streamlit

pytestmark = pytest.mark.slow

PARTICIPANTS = 20
CONCURRENCY = 8  # participants in flight at once (the machine may have 2 cores)
BACKENDS = 2
RUN_TIMEOUT_S = 30.0
BANK = load_bank(REPO_ROOT / "questions" / "networking.yaml")

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() not in {"", "0", "false", "no"}


def _require_nginx() -> str:
    """The nginx binary; missing, it skips, or fails where the suite must be complete."""
    found = shutil.which("nginx")
    if found is None and os.access("/usr/sbin/nginx", os.X_OK):
        found = "/usr/sbin/nginx"  # not on a normal user's PATH on Debian
    if found is not None:
        return found
    reason = "nginx not found (apt-get install nginx)"
    if os.environ.get("NW_REQUIRE_BROWSER") == "1" or _truthy(os.environ.get("CI")):
        pytest.fail(f"{reason}; NW_REQUIRE_BROWSER=1 or CI makes this a failure", pytrace=False)
    pytest.skip(reason)


# -- the cluster: PostgreSQL schema, two Streamlit processes, nginx ---------------------


@dataclass(frozen=True)
class Cluster:
    url: str  # nginx, e.g. http://127.0.0.1:40123
    backends: tuple[str, ...]  # "127.0.0.1:PORT" of each Streamlit process, as X-Upstream says
    db_url: str
    access_log: Path
    server_logs: tuple[Path, ...]  # each Streamlit process's output

    def app_tracebacks(self, limit: int = 6000) -> str:
        """The uncaught exceptions the processes logged (the app hides them from users)."""
        found = []
        for path in self.server_logs:
            text = path.read_text(errors="replace")
            start = text.find("Uncaught app execution")
            if start >= 0:
                found.append(f"--- {path}:\n{text[start : start + limit]}")
        return "\n".join(found) or "(no uncaught exception in the processes' logs)"


@pytest.fixture
def private_db(pg_url: str) -> Iterator[str]:
    """PostgreSQL URL whose tables live in a fresh schema, dropped with everything after."""
    schema = f"nw_test_scale_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_url)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        scoped = sa.engine.make_url(pg_url).update_query_dict(
            {"options": f"-csearch_path={schema}"}
        )
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def cluster(private_db: str, tmp_path: Path) -> Iterator[Cluster]:
    nginx = _require_nginx()
    env = {"DATABASE_URL": private_db, "PUBLIC_URL": None, "NW_FACILITATOR_PASSPHRASE": None}
    with ExitStack() as stack:
        servers = [
            stack.enter_context(start_streamlit(env, workdir=tmp_path / f"streamlit-{i}"))
            for i in range(BACKENDS)
        ]
        ports = [int(s.url.rsplit(":", 1)[1]) for s in servers]
        listen = free_port()
        prefix = tmp_path / "nginx"
        render_nginx.write_config(f"127.0.0.1:{listen}", ports, prefix)
        log_path = prefix / "logs" / "nginx.out"
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 -- fixed argv, no shell
                render_nginx.nginx_argv(nginx, prefix),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        stack.callback(_stop, process)
        url = f"http://127.0.0.1:{listen}"
        _wait_for_nginx(url, process, prefix)
        backends = tuple(f"127.0.0.1:{p}" for p in ports)
        access_log = prefix / "logs" / "access.log"
        logs = tuple(s.log_path for s in servers)
        yield Cluster(url, backends, private_db, access_log, logs)


def _wait_for_nginx(url: str, process: subprocess.Popen[bytes], prefix: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with _NO_PROXY.open(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    logs = "\n".join(
        p.read_text(errors="replace") for p in sorted((prefix / "logs").glob("*")) if p.is_file()
    )
    pytest.fail(f"nginx did not serve {url}/_stcore/health. Its output:\n{logs}", pytrace=False)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()  # nginx: fast shutdown, workers included
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


# -- a phone, without the browser ------------------------------------------------------


class AppError(AssertionError):
    """A script run ended in an uncaught exception (the user sees an error box)."""


@dataclass
class Run:
    """One script run (the last one, when a page switch replaced the first)."""

    messages: list[ForwardMsg]

    def elements(self, kind: str) -> list[Element]:
        found = []
        for msg in self.messages:
            if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                if element.WhichOneof("type") == kind:
                    found.append(element)
        return found

    def button(self, label: str) -> str:
        """The widget id of the button (or form submit button) labelled ``label``."""
        ids = [e.button.id for e in self.elements("button") if e.button.label == label]
        assert len(ids) == 1, f"no single {label!r} button in {self.texts()[:8]}"
        return ids[0]

    def texts(self) -> list[str]:
        """Headings and paragraphs, for assertions and failure messages."""
        return [e.markdown.body for e in self.elements("markdown")] + [
            e.heading.body for e in self.elements("heading")
        ]

    def contains(self, text: str) -> bool:
        return any(text.encode() in m.SerializeToString() for m in self.messages)


@dataclass
class Phone:
    """One participant: a cookie jar, one Streamlit session, and what nginx told it."""

    base_url: str
    name: str
    route: str | None = None  # the nw_route cookie
    page_backend: str | None = None  # X-Upstream of the page load
    stream_backend: str | None = None  # X-Upstream of the websocket upgrade
    session_id: str = ""
    token: str | None = None
    _ws: ClientConnection | None = None
    _stack: ExitStack = field(default_factory=ExitStack)
    _page_hash: str = ""
    _url_path: str = ""
    _query: str = ""
    _pages: dict[str, str] = field(default_factory=dict)  # page_script_hash -> url path

    @property
    def url_path(self) -> str:
        """The page the session is on, as the browser's address bar would show it."""
        return self._url_path

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._ws = None
        self._stack.close()

    def get(self, path: str, *, route: str | None = None) -> tuple[int, bytes, str]:
        """HTTP GET through nginx with this phone's cookie: (status, body, X-Upstream)."""
        request = urllib.request.Request(f"{self.base_url}{path}")  # noqa: S310 -- http://127.0.0.1
        cookie = route if route is not None else self.route
        if cookie:
            request.add_header("Cookie", f"{render_nginx.ROUTE_COOKIE}={cookie}")
        try:
            with _NO_PROXY.open(request, timeout=RUN_TIMEOUT_S) as response:
                status, body, headers = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            status, body, headers = error.code, error.read(), error.headers
        if route is None:
            for value in headers.get_all("Set-Cookie") or []:
                name, _, rest = value.partition("=")
                if name.strip() == render_nginx.ROUTE_COOKIE:
                    self.route = rest.split(";", 1)[0]
        return status, body, headers.get(render_nginx.UPSTREAM_HEADER, "")

    def load(self, url_path: str, query: str) -> Run:
        """What a browser does on opening /url_path?query: the page, then the stream."""
        status, body, self.page_backend = self.get(f"/{url_path}?{query}")
        assert status == 200 and b"<html" in body.lower(), (status, body[:200])
        assert self.route, "nginx set no nw_route cookie on the page"
        ws_url = self.base_url.replace("http://", "ws://", 1) + "/_stcore/stream"
        self._ws = self._stack.enter_context(
            connect(
                ws_url,
                additional_headers={"Cookie": f"{render_nginx.ROUTE_COOKIE}={self.route}"},
                origin=self.base_url,  # as a browser sends it; Streamlit checks it against Host
                subprotocols=[Subprotocol("streamlit"), Subprotocol("PLACEHOLDER_AUTH_TOKEN")],
                compression=None,
                proxy=None,
                max_size=None,
                open_timeout=RUN_TIMEOUT_S,
                ping_interval=None,
            )
        )
        self.stream_backend = self._ws.response.headers.get(render_nginx.UPSTREAM_HEADER)
        self._url_path, self._query = url_path, query
        return self._run(self._state(page_name=url_path))

    def rerun(self, widgets: WidgetStates | None = None) -> Run:
        return self._run(self._state(widgets=widgets))

    def click(self, widget_id: str, values: dict[str, str | list[str]] | None = None) -> Run:
        """Press a button; for a form's submit button, ``values`` are the form's widgets."""
        widgets = WidgetStates()
        for wid, value in (values or {}).items():
            state = widgets.widgets.add(id=wid)
            if isinstance(value, list):
                state.string_array_value.data.extend(value)
            else:
                state.string_value = value
        widgets.widgets.add(id=widget_id, trigger_value=True)
        return self.rerun(widgets)

    def deferred_download(self, file_id: str) -> str:
        """Have the session make a deferred download; the URL the browser would fetch."""
        assert self._ws is not None
        request_id = uuid.uuid4().hex
        operation = BackendOperationRequest(
            request_id=request_id,
            session_id=self.session_id,
            deferred_file=DeferredFileRequestPayload(file_id=file_id),
        )
        self._ws.send(BackMsg(backend_operation_request=operation).SerializeToString())
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while True:
            msg = self._receive(deadline)
            if msg.WhichOneof("type") != "backend_operation_response":
                continue
            response = msg.backend_operation_response
            if response.request_id == request_id:
                assert not response.error_msg, response.error_msg
                return response.deferred_file.url

    def _state(self, *, page_name: str = "", widgets: WidgetStates | None = None) -> ClientState:
        state = ClientState(
            query_string=self._query, page_script_hash=self._page_hash, page_name=page_name
        )
        if widgets is not None:
            state.widget_states.CopyFrom(widgets)
        info = state.context_info
        info.timezone, info.timezone_offset, info.locale = "UTC", 0, "en-US"
        info.url = f"{self.base_url}/{self._url_path}" + (f"?{self._query}" if self._query else "")
        return state

    def _receive(self, deadline: float) -> ForwardMsg:
        assert self._ws is not None
        frame = self._ws.recv(timeout=max(deadline - time.monotonic(), 0.001))
        assert isinstance(frame, bytes), "Streamlit sent a text frame"
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        return msg

    def _run(self, state: ClientState) -> Run:
        assert self._ws is not None
        # No cached_message_hashes: the server then sends every element in full.
        self._ws.send(BackMsg(rerun_script=state).SerializeToString())
        deadline = time.monotonic() + RUN_TIMEOUT_S
        messages: list[ForwardMsg] = []
        while True:
            msg = self._receive(deadline)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                messages = []  # a page switch starts a new run: keep only the last
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                self._page_hash = msg.new_session.page_script_hash
            elif kind == "navigation":
                self._page_hash = msg.navigation.page_script_hash
                self._pages = {p.page_script_hash: p.url_pathname for p in msg.navigation.app_pages}
                self._url_path = self._pages.get(self._page_hash, self._url_path)
            elif kind == "page_info_changed":
                self._query = msg.page_info_changed.query_string
                self.token = parse_qs(self._query).get("a", [self.token])[0]
            messages.append(msg)
            if kind == "script_finished":
                assert msg.script_finished != ForwardMsg.FINISHED_WITH_COMPILE_ERROR
                if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    run = Run(messages)
                    if run.elements("exception"):
                        raise AppError(
                            f"{self.name}: /{self._url_path} raised an exception in the app "
                            f"on {self.stream_backend} (traceback in that process's log)"
                        )
                    return run


@dataclass(frozen=True)
class Outcome:
    phone: Phone  # still connected, on its results page
    answers: dict[str, int]  # statement id -> the value this participant gave
    download_id: str  # deferred_file_id of its "Result file (JSON)" button

    @property
    def backend(self) -> str:
        assert self.phone.page_backend
        return self.phone.page_backend

    @property
    def route(self) -> str:
        assert self.phone.route
        return self.phone.route

    @property
    def token(self) -> str:
        assert self.phone.token
        return self.phone.token


def take_part(phone: Phone, code: str, index: int) -> Outcome:
    """Join by code, skip the definition, answer all six parts: the flow a phone goes through."""
    answers = answers_of(index)
    run = phone.load("join", f"code={code}")
    assert phone.stream_backend == phone.page_backend, "the websocket left its process"
    code_id, nick_id = (e.text_input.id for e in run.elements("text_input"))
    run = phone.click(run.button("Join"), {code_id: code, nick_id: phone.name})
    assert phone.token, f"{phone.name} was not sent on from the join page: {run.texts()}"
    run = phone.click(run.button("Skip to the questions"))
    for part in BANK.parts:
        pills = [e.button_group for e in run.elements("button_group")]
        assert len(pills) == len(part.statements), (part.id, run.texts())
        values: dict[str, str | list[str]] = {}
        for number, (pill, statement) in enumerate(zip(pills, part.statements, strict=True), 1):
            assert pill.label.startswith(f"{number}. "), pill.label
            # Options are 1..5 then "not applicable"; the wire value is the option's label.
            values[pill.id] = [pill.options[answers[statement.id] - 1].content]
        last = part is BANK.parts[-1]
        run = phone.click(run.button("See my results" if last else "Next"), values)
    assert phone.url_path == "results", (phone.url_path, run.texts())
    assert run.contains("Your networking radar")
    assert not run.contains("Room average"), "the room was shown before the reveal"
    (button,) = (
        e.download_button
        for e in run.elements("download_button")
        if e.download_button.label == "Result file (JSON)"
    )
    return Outcome(phone, answers, button.deferred_file_id)


def answers_of(index: int) -> dict[str, int]:
    """A different set of answers per participant, so every result (and file) differs."""
    r, k = index % 5, index // 5
    return {s.id: 1 + (r + j * (k + 1)) % 5 for j, s in enumerate(BANK.statements)}


def test_one_room_spans_processes_behind_nginx(cluster: Cluster) -> None:
    started = time.monotonic()
    # Streamlit names a download by a hash of its content: distinct results make distinct
    # files, so the other process cannot hold a participant's file by coincidence.
    results = {str(score(BANK, answers_of(i)).as_dict()) for i in range(PARTICIPANTS)}
    assert len(results) == PARTICIPANTS
    store = Store(cluster.db_url)
    with ExitStack() as stack:
        stack.callback(store.engine.dispose)
        room, _secret = store.create_workshop("Scale-out", BANK.id, False, PARTICIPANTS)
        phones = [
            stack.enter_context(Phone(cluster.url, f"Phone {i:02d}")) for i in range(PARTICIPANTS)
        ]
        with ThreadPoolExecutor(CONCURRENCY) as pool:
            futures = [pool.submit(take_part, p, room.code, i) for i, p in enumerate(phones)]
            try:
                outcomes = [f.result() for f in futures]
            except AppError as error:
                pytest.fail(f"{error}\n{cluster.app_tracebacks()}", pytrace=False)
        flow_s = time.monotonic() - started

        # Both processes served participants, and each kept every request of its own.
        per_backend = Counter(o.backend for o in outcomes)
        assert set(per_backend) == set(cluster.backends), per_backend
        assert len({o.route for o in outcomes}) == PARTICIPANTS, "two phones share a route"
        served_by = _access_log_backends(cluster.access_log)
        for outcome in outcomes:
            assert served_by[outcome.route] == {outcome.backend}, (outcome.phone, served_by)

        # A download is made in the session's own process and fetched over plain HTTP:
        # with the phone's cookie it arrives, with a route to the other process it cannot.
        # (Checked while no script runs: Streamlit drops such a file after two runs of any
        # session in its process, which under load can beat even a browser's fetch.)
        for outcome in outcomes:
            phone = outcome.phone
            other = next(o for o in outcomes if o.backend != outcome.backend)
            media = phone.deferred_download(outcome.download_id)
            status, body, backend = phone.get(media)
            assert (status, backend) == (200, outcome.backend), (phone.name, media, status)
            assert json.loads(body)["bank_id"] == BANK.id
            status, _, backend = phone.get(media, route=other.route)
            assert (status, backend) == (404, other.backend), (phone.name, media, status)
            assert phone.get(media)[0] == 200, "the file was gone, so the 404 proves nothing"

        # The store: exactly one joined, completed participant per phone, in the one room.
        assert store.room_counts(room.id) == (PARTICIPANTS, PARTICIPANTS)
        with store.engine.connect() as conn:
            rows = conn.execute(
                sa.select(
                    assessments.c.token,
                    assessments.c.workshop_id,
                    assessments.c.nickname,
                    assessments.c.stage,
                )
            ).all()
            scored = conn.execute(sa.select(sa.func.count()).select_from(part_scores))
            assert scored.scalar_one() == PARTICIPANTS * len(BANK.parts)
        assert len(rows) == PARTICIPANTS, "an assessment was lost or doubled"
        assert {r.token for r in rows} == {o.token for o in outcomes}
        assert {r.nickname for r in rows} == {p.name for p in phones}
        assert {(r.workshop_id, r.stage) for r in rows} == {(room.id, "done")}
        for outcome in outcomes:
            expected = score(BANK, outcome.answers).as_dict()
            assert store.participant_scores(outcome.token) == pytest.approx(expected)

        # Revealed, each process shows its phones the room's average: both processes' work.
        store.update_workshop(room.id, revealed=True)
        for backend in cluster.backends:
            outcome = next(o for o in outcomes if o.backend == backend)
            assert outcome.phone.rerun().contains("Room average"), outcome.phone.name

        # The cap holds across processes: the room is full, whichever process is asked.
        late = stack.enter_context(Phone(cluster.url, "Latecomer"))
        run = late.load("join", f"code={room.code}")
        code_id, nick_id = (e.text_input.id for e in run.elements("text_input"))
        run = late.click(run.button("Join"), {code_id: room.code, nick_id: late.name})
        assert run.contains("This workshop is full.")
        assert store.room_counts(room.id) == (PARTICIPANTS, PARTICIPANTS)

        # A cookie that is not one of nginx's route ids is replaced, never echoed back.
        forger = Phone(cluster.url, "Forger", route="not-a-route")
        assert forger.get("/_stcore/health")[0] == 200
        assert re.fullmatch("[0-9a-f]{32}", forger.route or ""), forger.route
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
