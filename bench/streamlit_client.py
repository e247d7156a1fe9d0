"""A minimal client for Streamlit's own websocket protocol, without a browser.

It speaks to ``ws://HOST:PORT/_stcore/stream`` the way the Streamlit 1.67 frontend
does (``WebsocketConnection.connectToWebSocket`` and ``App.sendRerunBackMsg`` in the
bundled ``static/js/index.*.js``; the server side is
``streamlit/web/server/starlette/starlette_websocket.py``):

* Subprotocols ``["streamlit", XSRF_TOKEN]``: the server selects the first entry and
  reads the second as an XSRF token, which only matters for auth cookies. A browser
  without an ``_streamlit_xsrf`` cookie sends ``PLACEHOLDER_AUTH_TOKEN``; so do we.
* Every script run is requested with a binary ``BackMsg`` whose ``rerun_script`` is a
  ``ClientState``. The first run of a page load names the page by its URL path in
  ``page_name`` with an empty ``page_script_hash``; later reruns send the
  ``page_script_hash`` the server reported last (``new_session``, then the
  ``navigation`` message of ``st.navigation`` apps) and no ``page_name``.
* The server answers with binary ``ForwardMsg`` frames; a run is over at a
  ``script_finished`` whose status is not ``FINISHED_EARLY_FOR_RERUN`` (that one ends
  a run that ``st.rerun``/``st.switch_page`` replaces with another).
* Like the browser, the client remembers the hashes of cacheable messages it received
  and lists them in ``cached_message_hashes``, so the server may send references
  instead of repeating large elements.

Latency caveat: Streamlit 1.67 leaves Nagle's algorithm on for its connections (its
listening socket has proto 0, so asyncio skips TCP_NODELAY), so the last small frames
of a run wait for this client's delayed ACK, ~40 ms on Linux, as a browser's would.
``streamlit_server.start_server(tuned=True)`` removes that from measurements.

Usage::

    with Session("http://127.0.0.1:8501") as session:
        first = session.connect("definition", "a=TOKEN")
        again = session.rerun()
        print(first.elapsed_s, len(again.messages))
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from websockets.sync.client import ClientConnection, connect
from websockets.typing import Subprotocol

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = Subprotocol("streamlit")
# What the frontend sends as the XSRF entry when it has no _streamlit_xsrf cookie.
PLACEHOLDER_AUTH_TOKEN = Subprotocol("PLACEHOLDER_AUTH_TOKEN")


def endpoints(base_url: str) -> tuple[str, str, str]:
    """(HTTP origin, base path, websocket URL) of a server's root URL (http or ws)."""
    parts = urlsplit(base_url)
    scheme = {"http": "ws", "https": "wss"}.get(parts.scheme, parts.scheme)
    http_base = f"{'https' if scheme == 'wss' else 'http'}://{parts.netloc}"
    base_path = parts.path.rstrip("/")
    return http_base, base_path, f"{scheme}://{parts.netloc}{base_path}{STREAM_PATH}"


def client_state(
    *,
    page_url: str,
    query: str,
    page_script_hash: str,
    page_name: str,
    cached_hashes: Iterable[str],
    timezone: str,
    widget_states: WidgetStates | None,
) -> ClientState:
    """The ClientState a browser sends with a rerun, as the frontend fills it in."""
    state = ClientState(
        query_string=query,
        page_script_hash=page_script_hash,
        page_name=page_name,
        cached_message_hashes=list(cached_hashes),
    )
    if widget_states is not None:
        state.widget_states.CopyFrom(widget_states)
    info = state.context_info
    info.timezone = timezone
    info.timezone_offset = 0
    info.locale = "en-US"
    info.url = f"{page_url}?{query}" if query else page_url
    info.is_embedded = False
    info.color_scheme = "light"
    return state


class StreamlitProtocolError(RuntimeError):
    """The server closed the stream or sent something a run cannot continue with."""


@dataclass(frozen=True)
class RerunResult:
    """One script run as the client saw it."""

    elapsed_s: float  # from sending the BackMsg to receiving the final script_finished
    messages: list[ForwardMsg]  # every ForwardMsg received in that time, in order
    received_bytes: int  # payload bytes of those messages

    @property
    def status(self) -> int:
        """The ``ForwardMsg.ScriptFinishedStatus`` that ended the run."""
        return self.messages[-1].script_finished

    @property
    def page_not_found(self) -> bool:
        """The server did not know the requested page and ran the default one."""
        return any(m.WhichOneof("type") == "page_not_found" for m in self.messages)

    def deltas(self) -> list[ForwardMsg]:
        return [m for m in self.messages if m.WhichOneof("type") == "delta"]


class Session:
    """One browser tab's worth of Streamlit session, driven over a websocket.

    ``base_url`` is the server's root, e.g. ``http://127.0.0.1:8501`` (``ws://`` works
    too, and a base path such as ``http://host/app`` is kept).
    """

    def __init__(self, base_url: str, *, timeout_s: float = 60.0, timezone: str = "UTC") -> None:
        self._http_base, self._base_path, self._ws_url = endpoints(base_url)
        self._timeout_s = timeout_s
        self._timezone = timezone
        self._ws: ClientConnection | None = None
        self._page_script_hash = ""
        self._url_path = ""
        self._query = ""
        self._cached_hashes: set[str] = set()

    @property
    def page_script_hash(self) -> str:
        """The hash of the page the last run executed ("" before the first run)."""
        return self._page_script_hash

    @property
    def query(self) -> str:
        """The query string the next rerun sends (without ``?``)."""
        return self._query

    def connect(self, url_path: str = "", query: str = "") -> RerunResult:
        """Open the stream and run the page at ``/url_path?query`` as a page load does.

        ``url_path`` is the page's URL path without slashes ("" for the default page);
        ``query`` is the query string without ``?`` (e.g. ``"a=TOKEN"``).
        """
        if self._ws is not None:
            raise RuntimeError("this session is already connected")
        self._ws = connect(
            self._ws_url,
            subprotocols=[SUBPROTOCOL, PLACEHOLDER_AUTH_TOKEN],
            origin=None,  # allowed: the server only checks an Origin that is sent
            compression=None,  # the server does not enable it by default
            proxy=None,  # loopback: never through an HTTP(S)_PROXY from the environment
            max_size=None,  # large elements (charts, tables) may exceed 1 MiB
            open_timeout=self._timeout_s,
            ping_interval=None,
        )
        if self._ws.subprotocol != SUBPROTOCOL:
            self.close()
            raise StreamlitProtocolError(f"server chose subprotocol {self._ws.subprotocol!r}")
        self._url_path = url_path.strip("/")
        self._query = query.lstrip("?")
        self._page_script_hash = ""
        return self._run(self._client_state(page_name=self._url_path))

    def rerun(self, widget_states: WidgetStates | None = None) -> RerunResult:
        """Rerun the current page, as pressing "R" or interacting with a widget does.

        ``widget_states`` are the values the browser would report (None sends none).
        """
        if not self._page_script_hash:
            raise RuntimeError("connect() first")
        return self._run(self._client_state(widget_states=widget_states))

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _client_state(
        self, *, page_name: str = "", widget_states: WidgetStates | None = None
    ) -> ClientState:
        path = f"/{self._url_path}" if self._url_path else "/"
        return client_state(
            page_url=f"{self._http_base}{self._base_path}{path}",
            query=self._query,
            page_script_hash=self._page_script_hash,
            page_name=page_name,
            cached_hashes=sorted(self._cached_hashes),
            timezone=self._timezone,
            widget_states=widget_states,
        )

    def _run(self, state: ClientState) -> RerunResult:
        if self._ws is None:
            raise RuntimeError("connect() first")
        payload = BackMsg(rerun_script=state).SerializeToString()
        messages: list[ForwardMsg] = []
        received = 0
        start = time.perf_counter()
        deadline = start + self._timeout_s
        self._ws.send(payload)
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise TimeoutError(f"no final script_finished within {self._timeout_s} s")
            frame = self._ws.recv(timeout=remaining)
            if isinstance(frame, str):
                raise StreamlitProtocolError("the server sent a text frame")
            received += len(frame)
            msg = ForwardMsg()
            msg.ParseFromString(frame)
            messages.append(msg)
            if self._note(msg):
                return RerunResult(time.perf_counter() - start, messages, received)

    def _note(self, msg: ForwardMsg) -> bool:
        """Update session state from ``msg``; True when it ends the requested run."""
        kind = msg.WhichOneof("type")
        if msg.metadata.cacheable and msg.hash:
            self._cached_hashes.add(msg.hash)
        # As the frontend's AppNavigation: new_session names the main script's page,
        # st.navigation's message then names the page that actually runs.
        if kind == "new_session":
            self._page_script_hash = msg.new_session.page_script_hash
        elif kind == "navigation":
            self._page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self._query = msg.page_info_changed.query_string
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                raise StreamlitProtocolError("the script failed to compile")
            return msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN
        return False
