"""An asyncio client for Streamlit's websocket protocol that handles widgets like the frontend.

``bench/streamlit_client.py`` explains the connection (subprotocols, ``rerun_script``
BackMsgs, page hashes, ``script_finished``); this is its asyncio counterpart for load
tests, where one process holds hundreds of sessions, plus what the Streamlit 1.67
frontend's ``WidgetStateManager`` and ``App`` (``static/js/index.*.js``) do between runs:

* **Widget values.** When a widget mounts, the frontend stores its initial value
  (``fromUser: false``) in the session-wide widget states, and every rerun request
  carries the states of all active widgets. After a full run, widgets the run did not
  render are dropped (``removeInactive``). ``Widgets`` mirrors this for the element
  types the app uses: ``text_input``/``text_area`` (``string_value``), ``checkbox`` and
  toggles (``bool_value``) and ``button_group`` (``st.pills``/``st.segmented_control``:
  ``string_array_value`` holding the *displayed option strings*, ``content_icon`` and
  ``content`` joined by a space, as ``ButtonGroup.*.js`` sends them; the server's serde
  maps them back through the formatted options). Buttons have no state: a click is a
  ``trigger_value`` that exists for one request only.
* **Forms.** Values changed inside a form wait on the client; ``submitForm`` copies
  them into the widget states, adds ``trigger_value`` for the submit button and sends
  one rerun (``submit_form``).
* **Page switches.** ``st.switch_page`` is server-side: the running script stops with
  ``FINISHED_EARLY_FOR_RERUN``, the server sends ``page_info_changed`` (the new query
  string) and runs the new page at once, whose ``navigation`` message carries the new
  ``page_script_hash``. The browser only updates its URL, sends nothing, and uses the
  new hash and query in later requests; so does this client (one request, two runs).
* **Fragments with ``run_every``.** The server sends ``auto_rerun`` (interval and
  fragment id); the frontend starts a ``setInterval`` that sends a rerun with
  ``fragment_id`` and ``is_auto_rerun = true`` and the current widget states. A full
  run's ``new_session`` (``metadata.run.fragment_ids`` empty) clears every timer, and
  ``stop_auto_rerun`` clears the listed ones. ``Session.auto_reruns`` holds the live
  timers; callers sleep the interval and call ``auto_rerun``.
* **Cached messages.** Elements of at least ``global.minCachedMessageSize`` bytes are
  cacheable; since the request lists their hashes, the server may send a ``ref_hash``
  instead, which is resolved from this session's cache (metadata from the reference).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit_client import (  # the protocol details both clients share
    PLACEHOLDER_AUTH_TOKEN,
    SUBPROTOCOL,
    StreamlitProtocolError,
    client_state,
    endpoints,
)
from websockets.asyncio.client import ClientConnection, connect

FINAL_STATUSES = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


@dataclass(frozen=True)
class Element:
    kind: str  # the Element oneof, e.g. "button_group"
    proto: Any  # that message, e.g. a ButtonGroup
    path: tuple[int, ...]  # metadata.delta_path

    @property
    def label(self) -> str:
        return str(getattr(self.proto, "label", ""))


@dataclass
class Run:
    """What one request brought back: every script run up to the final ``script_finished``."""

    elapsed_s: float
    messages: list[ForwardMsg]
    received_bytes: int
    script_runs: int  # script_finished messages: a page switch makes two runs of one request
    elements: list[Element]  # rendered by the last run (after its new_session)
    page_not_found: bool = False

    @property
    def status(self) -> int:
        return self.messages[-1].script_finished

    def find(self, kind: str, label: str | None = None) -> list[Element]:
        """Elements of ``kind``; with ``label``, only those whose label starts with it."""
        return [
            e
            for e in self.elements
            if e.kind == kind and (label is None or e.label.startswith(label))
        ]

    def one(self, kind: str, label: str | None = None) -> Element:
        found = self.find(kind, label)
        if len(found) != 1:
            labels = [e.label for e in self.elements if e.kind == kind]
            raise StreamlitProtocolError(f"expected one {kind} {label!r}, found {labels}")
        return found[0]

    def texts(self) -> list[str]:
        """Markdown, heading and alert bodies, in order."""
        return [e.proto.body for e in self.elements if e.kind in {"markdown", "heading", "alert"}]

    def problems(self) -> list[str]:
        """Exceptions and error alerts the page showed, and an unknown page."""
        found = ["page not found"] if self.page_not_found else []
        for e in self.elements:
            if e.kind == "exception":
                found.append(f"exception: {e.proto.type}: {e.proto.message}")
            elif e.kind == "alert" and e.proto.format == Alert.ERROR:
                found.append(f"error: {e.proto.body}")
        return found


class Widgets:
    """The active widgets' states, as the frontend's WidgetStateManager keeps them."""

    def __init__(self) -> None:
        self.states: dict[str, WidgetState] = {}
        self._seen: set[str] = set()

    def mount(self, element: Element) -> None:
        widget_id = getattr(element.proto, "id", "")
        if not widget_id:
            return
        self._seen.add(widget_id)
        proto = element.proto
        if widget_id in self.states and not getattr(proto, "set_value", False):
            return  # a mounted widget keeps the value the person gave it
        state = WidgetState(id=widget_id)
        if element.kind in {"text_input", "text_area"}:
            if proto.set_value and proto.HasField("value"):
                state.string_value = proto.value
            elif proto.HasField("default"):
                state.string_value = proto.default
            else:
                return
        elif element.kind == "checkbox":
            state.bool_value = proto.value if proto.set_value else proto.default
        elif element.kind == "button_group":
            picked = [option_text(proto.options[i]) for i in proto.default]
            state.string_array_value.data.extend(picked)
        else:
            return
        self.states[widget_id] = state

    def start_run(self) -> None:
        self._seen = set()

    def keep_seen(self) -> None:
        """After a full run: forget widgets it did not render."""
        for widget_id in list(self.states):
            if widget_id not in self._seen:
                del self.states[widget_id]

    def message(self, extra: Iterable[WidgetState] = ()) -> WidgetStates:
        merged = dict(self.states)
        for state in extra:
            merged[state.id] = state
        return WidgetStates(widgets=list(merged.values()))


def option_text(option: Any) -> str:
    """What the frontend sends for a button-group option: icon and content."""
    icon = option.content_icon if option.HasField("content_icon") else ""
    return f"{icon} {option.content}".strip() if icon else option.content


def text_state(element: Element, value: str) -> WidgetState:
    return WidgetState(id=element.proto.id, string_value=value)


def pills_state(element: Element, index: int | None) -> WidgetState:
    """A single-select st.pills with option ``index`` chosen (None: deselected)."""
    state = WidgetState(id=element.proto.id)
    chosen = [] if index is None else [option_text(element.proto.options[index])]
    state.string_array_value.data.extend(chosen)
    return state


@dataclass
class Session:
    """One phone's (or projector's) tab, driven over one websocket."""

    base_url: str
    timeout_s: float = 60.0
    timezone: str = "UTC"
    page_script_hash: str = ""
    query: str = ""
    url_path: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # page_script_hash -> url path
    auto_reruns: dict[str, float] = field(default_factory=dict)  # fragment id -> interval
    widgets: Widgets = field(default_factory=Widgets)
    cookies: dict[str, str] = field(default_factory=dict)  # sent with the websocket upgrade
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
        self._ws = await connect(
            self._ws_url,
            subprotocols=[SUBPROTOCOL, PLACEHOLDER_AUTH_TOKEN],
            compression=None,  # the server does not enable it by default
            proxy=None,  # loopback: never through an HTTP(S)_PROXY from the environment
            max_size=None,
            open_timeout=self.timeout_s,
            ping_interval=None,  # browsers send no pings
            close_timeout=2,
            additional_headers=(
                {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
                if self.cookies
                else None
            ),
        )
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
                    frame = await self._ws.recv()
                    if isinstance(frame, str):
                        raise StreamlitProtocolError("the server sent a text frame")
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
