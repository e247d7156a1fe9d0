"""The speaker's remote. Registered only for a genuine facilitator link."""

import streamlit as st

from web import lookups, urls
from web.i18n import _
from web.screens.item_report import show_item_statistics
from web.screens.remote import live_counts, show_buttons, show_exports, show_links, show_people
from web.screens.remote_talk import show_slides
from web.text import plain

room = lookups.facilitated()
if room is None:
    st.error(_("This remote link is not valid (or the workshop has ended)."))
    st.stop()
bank = lookups.bank_or_stop(room.bank_id)

st.title(plain(room.title))
if room.practice:
    st.warning(_("Practice room: simulated answers only, never mixed with a real room."))
st.caption(_("Remote for workshop {code}. Keep this page to yourself.").format(code=room.code))
if room.speaker_paced:
    show_slides(room, bank)
live_counts(room.id, len(bank.parts))
show_buttons(room, bank)
show_people(room, bank)
show_exports(room, bank)
if not room.practice:  # simulated answers say nothing about the questions
    show_item_statistics(room, bank)
show_links(room, urls.query().key or "")
