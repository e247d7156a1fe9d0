"""An asyncio client for Streamlit's websocket protocol: one browser tab, without a browser.

``harness/protocol.py`` describes the messages and widget states; this is the session
around them, doing between runs what the Streamlit 1.67 frontend's ``App`` does
(``static/js/index.*.js``). One process can hold hundreds of these (the load
generator); ``harness/sync_client.py`` wraps one for code that is not asynchronous.

* **Forms.** Values changed inside a form wait on the client; ``submit_form`` copies
  them into the widget states, adds ``trigger_value`` for the submit button and sends
  one rerun.
* **Page switches.** ``st.switch_page`` is server-side: the running script stops with
  ``FINISHED_EARLY_FOR_RERUN``, the server sends ``page_info_changed`` (the new query
  string) and runs the new page at once, whose ``navigation`` message carries the new
  ``page_script_hash``. The browser only updates its URL and uses the new hash and query
  in later requests; so does this client (one request, two runs).
* **Fragments with ``run_every``.** The server sends ``auto_rerun`` (interval and
  fragment id); the frontend's timer sends a rerun with ``fragment_id`` and
  ``is_auto_rerun``. A full run's ``new_session`` clears every timer, ``stop_auto_rerun``
  the listed ones. ``Session.auto_reruns`` holds the live timers; callers sleep the
  interval and call ``auto_rerun``.
* **Cached messages.** Requests list the hashes of the cacheable messages received, so
  the server may send a ``ref_hash`` instead, resolved from this session's cache.

Latency is timed from sending the ``BackMsg`` to the final ``script_finished``. Start the
server through ``serve.py`` (``harness.server`` does): otherwise Nagle's algorithm adds
~40 ms of delayed-ACK wait to every run.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from streamlit.proto.BackMsg_pb2 import (
    BackendOperationRequest,
    BackMsg,
    DeferredFileRequestPayload,
)
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin, Subprotocol

from harness.protocol import (
    FINAL_STATUSES,
    PLACEHOLDER_AUTH_TOKEN,
    SUBPROTOCOL,
    Element,
    Run,
    StreamlitProtocolError,
    Widgets,
    client_state,
    endpoints,
)


@dataclass
class Session:
    """One phone's (or projector's) tab, driven over one websocket."""

    base_url: str  # the server's root, e.g. http://127.0.0.1:8501 (a base path is kept)
    timeout_s: float = 60.0
    timezone: str = "UTC"
    origin: str | None = None  # the Origin header a browser sends; None sends none
    page_script_hash: str = ""
    query: str = ""
    url_path: str = ""
    session_id: str = ""  # the server's id for this session (new_session)
    # Set to an earlier session_id, the next open() asks the server for that session back,
    # as the frontend does when it reconnects (the third subprotocol entry).
    resume_session_id: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # page_script_hash -> url path
    auto_reruns: dict[str, float] = field(default_factory=dict)  # fragment id -> interval
    widgets: Widgets = field(default_factory=Widgets)
    cookies: dict[str, str] = field(default_factory=dict)  # sent with the websocket upgrade
    upgrade_headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    requests: int = 0
    script_runs: int = 0
    _ws: ClientConnection | None = None
    _cache: dict[str, ForwardMsg] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._http_base, self._base_path, self._ws_url = endpoints(self.base_url)

    @property
    def page(self) -> str:
        """URL path of the page the last run showed ("" for the default page)."""
        return self.pages.get(self.page_script_hash, self.url_path)

    @property
    def is_open(self) -> bool:
        return self._ws is not None

    async def open(self) -> float:
        """Open the websocket; returns the handshake time in seconds."""
        if self._ws is not None:
            raise RuntimeError("this session is already open")
        start = time.perf_counter()
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        self._ws = await connect(
            self._ws_url,
            origin=Origin(self.origin) if self.origin else None,
            subprotocols=[SUBPROTOCOL, PLACEHOLDER_AUTH_TOKEN]
            + ([Subprotocol(self.resume_session_id)] if self.resume_session_id else []),
            compression=None,  # the server does not enable it by default
            proxy=None,  # loopback: never through an HTTP(S)_PROXY from the environment
            max_size=None,  # large elements (charts, tables) may exceed 1 MiB
            open_timeout=self.timeout_s,
            ping_interval=None,  # browsers send no pings
            close_timeout=2,
            additional_headers={"Cookie": cookie} if cookie else None,
        )
        if self._ws.response is not None:
            headers = self._ws.response.headers.raw_items()
            self.upgrade_headers = {name.lower(): value for name, value in headers}
        if self._ws.subprotocol != SUBPROTOCOL:
            await self.close()
            raise StreamlitProtocolError(f"server chose subprotocol {self._ws.subprotocol!r}")
        return time.perf_counter() - start

    async def load(self, url_path: str = "", query: str = "") -> Run:
        """Run the page at ``/url_path?query`` as a page load does (``open`` first)."""
        self.url_path = url_path.strip("/")
        self.query = query.lstrip("?")
        self.page_script_hash = ""
        return await self._request(self._client_state(page_name=self.url_path))

    async def rerun(self, extra: Iterable[WidgetState] = ()) -> Run:
        """A rerun with the current widget states, ``extra`` overriding some."""
        return await self._request(self._client_state(self.widgets.message(extra)))

    async def click(self, button: Element) -> Run:
        """Press a button outside a form."""
        return await self.rerun([WidgetState(id=button.proto.id, trigger_value=True)])

    async def submit_form(self, submit: Element, values: Iterable[WidgetState]) -> Run:
        """Fill a form's widgets with ``values`` and press its submit button ``submit``."""
        for state in values:
            self.widgets.states[state.id] = state
        return await self.click(submit)

    async def auto_rerun(self, fragment_id: str) -> Run:
        """What a fragment's ``run_every`` timer sends."""
        state = self._client_state(self.widgets.message())
        state.fragment_id = fragment_id
        state.is_auto_rerun = True
        return await self._request(state)

    async def deferred_file_url(self, file_id: str) -> str:
        """Have the session make a deferred download (``on_click``-less download button).

        Returns the ``/media/...`` URL the browser then fetches over plain HTTP.
        """
        if self._ws is None:
            raise RuntimeError("open() first")
        request_id = uuid.uuid4().hex
        operation = BackendOperationRequest(
            request_id=request_id,
            session_id=self.session_id,
            deferred_file=DeferredFileRequestPayload(file_id=file_id),
        )
        await self._ws.send(BackMsg(backend_operation_request=operation).SerializeToString())
        async with asyncio.timeout(self.timeout_s):
            while True:
                msg = self._resolve(await self._receive())
                if msg.WhichOneof("type") != "backend_operation_response":
                    continue
                response = msg.backend_operation_response
                if response.request_id != request_id:
                    continue
                if response.error_msg:
                    raise StreamlitProtocolError(f"deferred file: {response.error_msg}")
                return str(response.deferred_file.url)

    async def close(self) -> None:
        if self._ws is not None:
            ws, self._ws = self._ws, None
            await ws.close()

    def _client_state(
        self, widget_states: WidgetStates | None = None, *, page_name: str = ""
    ) -> ClientState:
        path = f"/{self.page}" if self.page else "/"
        return client_state(
            page_url=f"{self._http_base}{self._base_path}{path}",
            query=self.query,
            page_script_hash=self.page_script_hash,
            page_name=page_name,
            cached_hashes=self._cache,
            timezone=self.timezone,
            widget_states=widget_states,
        )

    async def _receive(self) -> bytes:
        if self._ws is None:
            raise RuntimeError("open() first")
        frame = await self._ws.recv()
        if isinstance(frame, str):
            raise StreamlitProtocolError("the server sent a text frame")
        return frame

    async def _request(self, state: ClientState) -> Run:
        if self._ws is None:
            raise RuntimeError("open() first")
        payload = BackMsg(rerun_script=state).SerializeToString()
        messages: list[ForwardMsg] = []
        elements: list[Element] = []
        received = runs = 0
        not_found = False
        fragment_run = bool(state.fragment_id)
        self.requests += 1
        start = time.perf_counter()
        await self._ws.send(payload)
        try:
            async with asyncio.timeout(self.timeout_s):
                while True:
                    frame = await self._receive()
                    received += len(frame)
                    msg = self._resolve(frame)
                    messages.append(msg)
                    kind = msg.WhichOneof("type")
                    if kind == "new_session":
                        elements = []
                        fragment_run = bool(msg.metadata.run.fragment_ids)
                        self.widgets.start_run()
                    elif kind == "page_not_found":
                        not_found = True
                    elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                        element = _element(msg)
                        elements.append(element)
                        self.widgets.mount(element)
                    if self._note(msg, kind):
                        runs += 1
                        if msg.script_finished in FINAL_STATUSES:
                            break
        except TimeoutError:
            raise TimeoutError(f"no final script_finished within {self.timeout_s} s") from None
        elapsed = time.perf_counter() - start
        self.script_runs += runs
        if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            raise StreamlitProtocolError("the script failed to compile")
        if not fragment_run:
            self.widgets.keep_seen()
        return Run(elapsed, messages, received, runs, elements, not_found)

    def _resolve(self, frame: bytes) -> ForwardMsg:
        msg = ForwardMsg()
        msg.ParseFromString(frame)
        if msg.WhichOneof("type") == "ref_hash":
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                raise StreamlitProtocolError(f"reference to unknown message {msg.ref_hash}")
            resolved = ForwardMsg()
            resolved.CopyFrom(cached)
            resolved.metadata.CopyFrom(msg.metadata)
            return resolved
        if msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = msg
        return msg

    def _note(self, msg: ForwardMsg, kind: str | None) -> bool:
        """Update session state from ``msg``; True when it is a ``script_finished``."""
        if kind == "new_session":
            self.page_script_hash = msg.new_session.page_script_hash
            self.session_id = msg.new_session.initialize.session_id or self.session_id
            if not msg.metadata.run.fragment_ids:
                self.auto_reruns.clear()  # App.handleNewSession -> cleanupAutoReruns
        elif kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash
            self.pages = {p.page_script_hash: p.url_pathname for p in msg.navigation.app_pages}
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "auto_rerun" and msg.auto_rerun.fragment_id:
            self.auto_reruns[msg.auto_rerun.fragment_id] = msg.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fragment_id in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fragment_id, None)
        return kind == "script_finished"


def _element(msg: ForwardMsg) -> Element:
    new = msg.delta.new_element
    kind = str(new.WhichOneof("type"))
    return Element(kind, getattr(new, kind), tuple(msg.metadata.delta_path))
