"""The facilitator's dashboard, for a projector. Registered only for a genuine facilitator link."""

import streamlit as st

import room_views
import ui

st.set_page_config(layout="wide", initial_sidebar_state="expanded")
room = ui.facilitated()
if room is None:
    st.error("This dashboard link is not valid (or the workshop has ended).")
    st.stop()
bank = ui.bank_or_stop(room.bank_id)

room_views.show_controls(room, bank)
room_views.live_room(room.id)
