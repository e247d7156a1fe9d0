"""The remote's way out of a flood of fake seats: remove many people at once.

Two groups a script fills and a real audience rarely is: everyone who joined in the last
few minutes, and everyone who has not answered anything yet. The remote says how many
each would take out now, and removes them only once the speaker has ticked that they
mean it; each person goes as a single removal does (``store.moderation``).
"""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from networking_works.store import Workshop
from web import actions, keys, state
from web.i18n import _, ngettext

RECENT_MINUTES = (1, 2, 5, 10, 30)  # the choices of "joined in the last …"
DEFAULT_MINUTES = 2


def bulk_removal(room: Workshop) -> None:
    """Remove many at once, behind a confirmation."""
    with st.expander(_("Remove many at once")):
        group = st.radio(
            _("Whom to remove"),
            ("recent", "silent"),
            format_func=lambda g: (
                _("Everyone who joined lately")
                if g == "recent"
                else _("Everyone who has not answered anything yet")
            ),
            key=keys.ROOM_BULK_GROUP,
        )
        minutes = DEFAULT_MINUTES
        if group == "recent":
            minutes = st.select_slider(
                _("Joined in the last (minutes)"),
                RECENT_MINUTES,
                value=DEFAULT_MINUTES,
                key=keys.ROOM_BULK_MINUTES,
            )
        within = timedelta(minutes=minutes) if group == "recent" else None
        count = actions.count_removable(room, within)
        sure = st.checkbox(
            ngettext(
                "Yes, take this {count} person out of the room and its results",
                "Yes, take these {count} people out of the room and its results",
                count,
            ).format(count=count),
            key=keys.ROOM_BULK_SURE,
            disabled=count == 0,
        )
        st.button(
            _("Remove them"),
            disabled=not sure or count == 0,
            key=keys.ROOM_BULK_REMOVE,
            on_click=_removed,
            args=(room, within),
        )


def _removed(room: Workshop, within: timedelta | None) -> None:
    removed = actions.remove_many(room, within)
    st.session_state[keys.ROOM_BULK_SURE] = False  # the next flood asks again
    said = ngettext(
        "{count} person is out of the room and of its results.",
        "{count} people are out of the room and of its results.",
        removed,
    )
    state.set_notice(said.format(count=removed))
