"""Streamlit 1.67's websocket protocol as its frontend speaks it: messages and widget states.

The connection (``harness/client.py``) follows ``WebsocketConnection.connectToWebSocket``
and ``App.sendRerunBackMsg`` of the bundled ``static/js/index.*.js``; the server side is
``streamlit/web/server/starlette/starlette_websocket.py``:

* Subprotocols ``["streamlit", XSRF_TOKEN]``: the server selects the first entry and
  reads the second as an XSRF token, which only matters for auth cookies. A browser
  without an ``_streamlit_xsrf`` cookie sends ``PLACEHOLDER_AUTH_TOKEN``; so do we.
* Every script run is requested with a binary ``BackMsg`` whose ``rerun_script`` is a
  ``ClientState`` (``client_state`` below). The first run of a page load names the page
  by its URL path in ``page_name`` with an empty ``page_script_hash``; later reruns send
  the ``page_script_hash`` the server reported last and no ``page_name``.
* The server answers with binary ``ForwardMsg`` frames; a request is over at a
  ``script_finished`` in ``FINAL_STATUSES`` (``FINISHED_EARLY_FOR_RERUN`` ends a run that
  ``st.rerun``/``st.switch_page`` replaces with another).

Widgets are found by their **key**: a widget created with ``key=K`` has an id ending in
``-K`` (``compute_and_register_element_id``), read back with Streamlit's own
``user_key_from_element_id``. The keys the app sets are named in ``web/keys.py``.

Widget values mirror the frontend's ``WidgetStateManager``: when a widget mounts, its
initial value is stored, every rerun request carries the states of all active widgets,
and after a full run the widgets it did not render are dropped. ``Widgets`` does this for
``text_input``/``text_area`` (``string_value``), ``checkbox`` and toggles (``bool_value``)
and ``button_group`` (``st.pills``/``st.segmented_control``: ``string_array_value``
holding the *displayed option strings*, as ``ButtonGroup.*.js`` sends them). Buttons
have no state: a click is a ``trigger_value`` that exists for one request only.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.runtime.state.common import user_key_from_element_id
from websockets.typing import Subprotocol

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = Subprotocol("streamlit")
# What the frontend sends as the XSRF entry when it has no _streamlit_xsrf cookie.
PLACEHOLDER_AUTH_TOKEN = Subprotocol("PLACEHOLDER_AUTH_TOKEN")
FINAL_STATUSES = {
    ForwardMsg.FINISHED_SUCCESSFULLY,
    ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
    ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
}


class StreamlitProtocolError(RuntimeError):
    """The server closed the stream or sent something a run cannot continue with."""


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


@dataclass(frozen=True)
class Element:
    kind: str  # the Element oneof, e.g. "button_group"
    proto: Any  # that message, e.g. a ButtonGroup
    path: tuple[int, ...]  # metadata.delta_path

    @property
    def label(self) -> str:
        return str(getattr(self.proto, "label", ""))

    @property
    def key(self) -> str | None:
        """The widget's user key (``key=`` in the page), None without one."""
        widget_id = str(getattr(self.proto, "id", ""))
        return user_key_from_element_id(widget_id) if widget_id.count("-") >= 2 else None


@dataclass
class Run:
    """What one request brought back: every script run up to the final ``script_finished``."""

    elapsed_s: float  # from sending the BackMsg to the final script_finished
    messages: list[ForwardMsg]  # every ForwardMsg received in that time, in order
    received_bytes: int  # payload bytes of those messages
    script_runs: int  # script_finished messages: a page switch makes two runs of one request
    elements: list[Element]  # rendered by the last run (after its new_session)
    page_not_found: bool = False

    @property
    def status(self) -> int:
        """The ``ForwardMsg.ScriptFinishedStatus`` that ended the request."""
        return self.messages[-1].script_finished

    def find(self, kind: str, label: str | None = None) -> list[Element]:
        """Elements of ``kind``; with ``label``, only those whose label starts with it."""
        return [
            e
            for e in self.elements
            if e.kind == kind and (label is None or e.label.startswith(label))
        ]

    def keyed(self, prefix: str) -> list[Element]:
        """Widgets whose key starts with ``prefix``, in page order."""
        return [e for e in self.elements if (e.key or "").startswith(prefix)]

    def widget(self, key: str) -> Element:
        """The one widget with this key."""
        found = [e for e in self.elements if e.key == key]
        if len(found) != 1:
            present = [e.key for e in self.elements if e.key]
            raise StreamlitProtocolError(f"expected one widget {key!r}, found keys {present}")
        return found[0]

    def texts(self) -> list[str]:
        """Markdown, heading and alert bodies, in order."""
        return [e.proto.body for e in self.elements if e.kind in {"markdown", "heading", "alert"}]

    def contains(self, text: str) -> bool:
        """Whether any message of the request holds ``text`` (e.g. in a chart's title)."""
        return any(text.encode() in m.SerializeToString() for m in self.messages)

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
