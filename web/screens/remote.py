"""The speaker's remote: every control of the room, sized for a phone, never projected."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import streamlit as st

from networking_works.bank import Bank
from networking_works.handout import radar_png
from networking_works.store import JoinRefused, Workshop
from networking_works.workshop import MIN_FOR_AGGREGATE, distinct_labels
from web import actions, i18n, keys, links, lookups, resources, state, urls
from web.i18n import _
from web.screens.projector import REFRESH_SECONDS, qr_svg
from web.screens.remote_bulk import bulk_removal
from web.screens.remote_talk import second_window
from web.text import plain


@st.fragment(run_every=REFRESH_SECONDS)
def live_counts(workshop_id: str, parts: int) -> None:
    """The counts and the room's state, fresh every few seconds."""
    room = resources.store().workshops.get(workshop_id)
    if room is None:
        st.warning(_("This workshop has ended."))
        return
    progress = resources.store().room_stats.progress(room.id, parts)
    with st.container(horizontal=True):  # side by side on a phone, too
        st.metric(_("Joined"), i18n.number(progress.joined))
        st.metric(_("Answering"), i18n.number(progress.answering))
        st.metric(_("Completed"), i18n.number(progress.finished))
    st.caption(_status(room))


def _status(room: Workshop) -> str:
    return " · ".join(
        (
            _("results shown") if room.revealed else _("results hidden"),
            _("answers open") if room.accepting else _("answers closed"),
            _("joining open") if room.joining else _("joining locked"),
            _("join banner on screen") if room.banner else _("join banner hidden"),
            _("past rooms on screen") if room.compare_past else _("past rooms hidden"),
        )
    )


def _press(label: str, key: str, change: Mapping[str, object], **options: Any) -> None:
    """A button that sets ``change`` on the room: a value, not a toggle, so a press made
    on a remote that has not refreshed yet still does what its label says."""
    st.button(label, key=key, use_container_width=True, on_click=_apply, args=(change,), **options)


def _apply(change: Mapping[str, object]) -> None:
    room = lookups.facilitated()
    if room is not None:
        actions.update_room(room, **change)


def show_buttons(room: Workshop, bank: Bank) -> None:
    shown = not room.revealed
    label = _("Reveal results") if shown else _("Hide results")
    _press(label, keys.ROOM_REVEAL, {"revealed": shown}, type="primary")
    if room.speaker_paced:
        more = room.open_parts < len(bank.parts)
        opens = _("Open part {number}").format(number=room.open_parts + 1)
        label = opens if more else _("All parts are open")
        change = {"open_parts": min(room.open_parts + 1, len(bank.parts))}
        _press(label, keys.ROOM_OPEN_PART, change, disabled=not more)
    label = _("Close answers") if room.accepting else _("Reopen answers")
    _press(label, keys.ROOM_ACCEPTING, {"accepting": not room.accepting})
    label = _("Lock joining") if room.joining else _("Unlock joining")
    _press(label, keys.ROOM_JOINING, {"joining": not room.joining})
    label = _("Hide the join banner") if room.banner else _("Show the join banner")
    _press(label, keys.ROOM_BANNER, {"banner": not room.banner})
    past = room.compare_past
    label = _("Hide past rooms on the screen") if past else _("Compare with past rooms")
    _press(label, keys.ROOM_PAST, {"compare_past": not room.compare_past})


def show_people(room: Workshop, bank: Bank) -> None:
    """The spotlight, removing someone, and (in a practice room) simulated people."""
    store = resources.store()
    people = store.moderation.participants(room.id)
    names = {p.token: p.nickname or p.codename for p in people}
    nobody = plain(_("Nobody"))
    shown = distinct_labels([plain(name) for name in names.values()], taken=[nobody])
    labels = dict(zip(names, shown, strict=True))  # unique: Streamlit finds options by label
    volunteers = [p.token for p in store.room_stats.spotlight_volunteers(room.id)]
    volunteers = [token for token in volunteers if token in labels]  # joined since: next run
    st.subheader(_("Spotlight"))
    options: list[str | None] = [None, *volunteers]
    current = room.spotlight_token if room.spotlight_token in volunteers else None
    chosen = st.selectbox(
        _("Show one volunteer's radar on the screen"),
        options,
        index=options.index(current),
        format_func=lambda t: nobody if t is None else labels[t],
        key=keys.ROOM_SPOTLIGHT,
        help=_("Only people who finished and allowed it on their phone are listed."),
    )
    if chosen != current and (chosen is None or chosen in volunteers):  # never a made-up token
        actions.update_room(room, spotlight_token=chosen)
    notice = state.pop_notice()
    if notice is not None:
        st.info(plain(notice))
    _remove(room, names, labels)
    bulk_removal(room)
    if room.practice:
        _practice(room, bank)


def _remove(room: Workshop, names: dict[str, str], labels: dict[str, str]) -> None:
    st.subheader(_("Remove someone"))
    if not names:
        st.caption(_("Nobody has joined yet."))
        return
    who = st.selectbox(
        _("Participant"),
        list(names),
        index=None,
        format_func=lambda t: labels[t],
        key=keys.ROOM_REMOVE_WHO,
        placeholder=_("Choose who to remove"),
    )
    st.button(
        _("Remove from the room"),
        disabled=who is None,
        key=keys.ROOM_REMOVE,
        on_click=_removed,  # before the page runs, so its counts are already without them
        args=(room, who, names.get(who or "", "")),
    )


def _removed(room: Workshop, token: str | None, name: str) -> None:
    if token is not None and actions.remove_participant(room, token):
        state.set_notice(_("{name} is out of the room and of its results.").format(name=name))


def _practice(room: Workshop, bank: Bank) -> None:
    st.subheader(_("Rehearsal"))
    st.write(_("Add made-up people to see how the screen looks as the room fills and on Reveal."))
    st.button(
        _("Add 16 simulated people"), key=keys.ROOM_PRACTICE_FILL, on_click=_fill, args=(room, bank)
    )


def _fill(room: Workshop, bank: Bank) -> None:
    try:
        added = actions.fill_practice(room, bank)
    except JoinRefused as refusal:
        state.set_notice(i18n.explain(refusal))
    else:
        state.set_notice(
            _("{added} simulated people joined: 12 finished, 4 still answering.").format(
                added=added
            )
        )


def show_exports(room: Workshop, bank: Bank) -> None:
    st.subheader(_("Exports"))
    if room.practice:
        st.caption(_("A practice room has nothing to export: its answers are made up."))
        return
    refused = resources.store().room_stats.export_refused(room.id)
    st.download_button(
        _("Answers (CSV, anonymous)"),
        lambda: actions.anonymous_csv(room, bank),
        file_name=f"workshop-{room.code}-answers.csv",
        mime="text/csv",
        on_click="ignore",
        use_container_width=True,
        disabled=refused is not None,
        help=None if refused is None else i18n.explain(refused),
    )
    summary = resources.store().room_stats.summary(room.id, [p.id for p in bank.parts])
    if summary.completed >= MIN_FOR_AGGREGATE:
        titles = [p.title for p in bank.parts]
        quartiles = ([p.q1 for p in summary.parts], [p.q3 for p in summary.parts])
        st.download_button(
            _("Room radar (PNG)"),
            lambda: radar_png(room.title, titles, summary.means, quartiles),
            file_name=f"workshop-{room.code}-radar.png",
            mime="image/png",
            on_click="ignore",
            use_container_width=True,
        )


def show_links(room: Workshop, secret: str) -> None:
    st.subheader(_("Links"))
    st.write(_("Open this on the projector (it shows no controls and no private link):"))
    screen = urls.link(links.screen(room.code))
    st.code(screen, language=None, wrap_lines=True)
    st.link_button(_("Open the screen"), screen, use_container_width=True)
    second_window(screen)
    with st.expander(_("Move this remote to your phone")):
        st.write(_("Scan with your phone. Keep this private: whoever has it controls the room."))
        remote = urls.link(links.remote(room.id, secret))
        st.image(qr_svg(remote), width=240, caption=_("This remote's private link"))
        st.code(remote, language=None, wrap_lines=True)
    with st.expander(_("Delete this workshop")):
        st.write(_("Deletes the room and every answer in it. This cannot be undone."))
        sure = st.checkbox(_("Yes, delete everything"), key=keys.ROOM_DELETE_SURE)
        if st.button(_("Delete workshop"), disabled=not sure, key=keys.ROOM_DELETE):
            actions.delete_workshop(room)
