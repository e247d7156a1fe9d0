"""The facilitator's dashboard, for a projector. Registered only for a genuine facilitator link."""

import streamlit as st

from web import lookups, urls
from web.screens.controls import show_controls
from web.screens.room import live_room

st.set_page_config(layout="wide", initial_sidebar_state="expanded")
room = lookups.facilitated()
if room is None:
    st.error("This dashboard link is not valid (or the workshop has ended).")
    st.stop()
bank = lookups.bank_or_stop(room.bank_id)

show_controls(room, bank, urls.query().key or "")
live_room(room.id)
