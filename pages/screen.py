"""The projected screen of a workshop: named by its public code, it carries no power."""

import streamlit as st

from web import lookups
from web.screens.projector import live_screen, style

st.set_page_config(layout="wide", initial_sidebar_state="collapsed")
style()
room = lookups.screen_room()
if room is None:
    st.title("No workshop to show")
    st.write("There is no live workshop with this code. The remote shows the right link.")
    st.stop()
live_screen(room.id)
