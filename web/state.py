"""Session-state keys, named once. Session state is a cache of one tab's view: the truth
lives in the store, so nothing here may be needed after a reload."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.state import get_session_state
from streamlit.runtime.state.common import is_element_id

_MISSING = "missing"  # statement numbers to point at after a refused Next
_SHARED = "shared_{token}"  # (public, delete) links made in this tab for an assessment
_REFUSED = "refused_save"  # why this tab's last press saved nothing (shown once)
_NOTICE = "notice"  # what the last press on the remote did, shown once
_PRIVATE_BANK = "private_bank"  # the id of the speaker's own bank this tab saved or opened
_KEPT_LINK = "kept_link"  # a kept bank's private link, shown once
_LANGUAGE = "nw_language"  # the language this run speaks (web/i18n.py decides it)


def drop_unreadable_widget_states() -> None:
    """Forget widget states whose id is not an element id, before any widget is drawn.

    Only a hostile client sends such an id (ids look like ``$$ID-<hash>-<key>``), and
    Streamlit 1.67 keeps its state, then fails every widget of the run with
    ``KeyError: st.session_state has no key …`` (``SessionState.filtered_state``).
    No public API can reach it (listing the keys fails the same way), so this reads
    the session's widget states directly; tests/test_hostile_client.py sends such ids.
    """
    session = getattr(get_session_state(), "_state", None)
    widgets = getattr(session, "_new_widget_state", None)
    if widgets is None:
        return
    for widget_id in list(widgets.states):
        if not is_element_id(widget_id) and widget_id not in widgets.widget_metadata:
            del widgets.states[widget_id]


def missing() -> tuple[int, ...]:
    value = st.session_state.get(_MISSING, ())
    return tuple(value)


def set_missing(numbers: tuple[int, ...]) -> None:
    st.session_state[_MISSING] = numbers


def shared_links(token: str) -> tuple[str, str] | None:
    value = st.session_state.get(_SHARED.format(token=token))
    return value if isinstance(value, tuple) else None


def set_shared_links(token: str, links: tuple[str, str]) -> None:
    st.session_state[_SHARED.format(token=token)] = links


def refused_save() -> str | None:
    """Why the last press saved nothing, once: the next call returns None."""
    value = st.session_state.pop(_REFUSED, None)
    return value if isinstance(value, str) else None


def set_refused_save(message: str) -> None:
    st.session_state[_REFUSED] = message


def widget_value(key: str) -> object:
    return st.session_state.get(key)


def set_notice(text: str) -> None:
    st.session_state[_NOTICE] = text


def pop_notice() -> str | None:
    value = st.session_state.pop(_NOTICE, None)
    return value if isinstance(value, str) else None


def language() -> str | None:
    value = st.session_state.get(_LANGUAGE)
    return value if isinstance(value, str) else None


def set_language(code: str) -> None:
    st.session_state[_LANGUAGE] = code


def private_bank() -> str | None:
    value = st.session_state.get(_PRIVATE_BANK)
    return value if isinstance(value, str) else None


def set_private_bank(bank_id: str) -> None:
    st.session_state[_PRIVATE_BANK] = bank_id


def pop_kept_link() -> str | None:
    value = st.session_state.pop(_KEPT_LINK, None)
    return value if isinstance(value, str) else None


def set_kept_link(link: str) -> None:
    st.session_state[_KEPT_LINK] = link
