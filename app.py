"""Entry point: page configuration and navigation from the route table, nothing else."""

import streamlit as st

from web import lookups, state
from web.routes import ROUTES, WELCOME, Audience

st.set_page_config(
    page_title="Networking works",
    page_icon="🤝",
    layout="centered",
    initial_sidebar_state="collapsed",
)

state.drop_unreadable_widget_states()  # a hostile client's made-up widget ids
# Facilitator pages exist only for a session holding a genuine facilitator link.
facilitator = lookups.facilitated() is not None
pages = [
    st.Page(
        route.file, title=route.title, url_path=route.url_path or None, default=route is WELCOME
    )
    for route in ROUTES
    if route.audience is Audience.EVERYONE or facilitator
]
st.navigation(pages, position="hidden").run()
