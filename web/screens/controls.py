"""The speaker's controls and private links, in the sidebar, away from the projected room."""

from __future__ import annotations

import streamlit as st

from networking_works.bank import Bank
from networking_works.store import Workshop
from web import actions, keys, resources, routes, urls


def show_controls(room: Workshop, bank: Bank, secret: str) -> None:
    bar = st.sidebar
    bar.header("Controls")
    label = "Hide results" if room.revealed else "Reveal results"
    if bar.button(label, type="primary", use_container_width=True, key=keys.ROOM_REVEAL):
        actions.update_room(room, revealed=not room.revealed)
        st.rerun()
    if room.speaker_paced:
        more = room.open_parts < len(bank.parts)
        label = f"Open part {room.open_parts + 1}" if more else "All parts are open"
        if bar.button(label, disabled=not more, use_container_width=True, key=keys.ROOM_OPEN_PART):
            actions.update_room(room, open_parts=room.open_parts + 1)
            st.rerun()
    label = "Close answers" if room.accepting else "Reopen answers"
    if bar.button(label, use_container_width=True, key=keys.ROOM_ACCEPTING):
        actions.update_room(room, accepting=not room.accepting)
        st.rerun()
    refused = resources.store().room_stats.export_refused(room.id)
    bar.download_button(
        "Answers (CSV, anonymous)",
        lambda: actions.anonymous_csv(room, bank),
        file_name=f"workshop-{room.code}-answers.csv",
        mime="text/csv",
        on_click="ignore",
        use_container_width=True,
        disabled=refused is not None,
        help=refused,
    )
    _show_links(room, secret)


def _show_links(room: Workshop, secret: str) -> None:
    bar = st.sidebar
    bar.write("Participant link:")
    bar.code(urls.link(routes.JOIN, code=room.code), language=None, wrap_lines=True)
    bar.write("Your facilitator link (keep it private: it controls this room):")
    private = urls.link(routes.DASHBOARD, workshop=room.id, key=secret)
    bar.code(private, language=None, wrap_lines=True)
    with bar.expander("Delete this workshop"):
        st.write("Deletes the room and every answer in it. This cannot be undone.")
        if st.checkbox("Yes, delete everything") and st.button("Delete workshop"):
            actions.delete_workshop(room)
