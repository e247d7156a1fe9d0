"""Entry point: page configuration, the run's language and navigation from the route table."""

import streamlit as st

from web import i18n, lookups, state, urls
from web.connection import show_reconnecting_notice
from web.head import route_title
from web.i18n import _
from web.routes import ROUTES, SCREEN, WELCOME, Audience, by_url_path

st.set_page_config(
    page_title="Networking works",
    page_icon="🤝",
    layout="centered",
    initial_sidebar_state="collapsed",
)

state.drop_unreadable_widget_states()  # a hostile client's made-up widget ids
i18n.choose(urls.query().lang)
# Facilitator pages exist only for a session holding a genuine facilitator link.
facilitator = lookups.facilitated() is not None
pages = [
    st.Page(
        route.file, title=_(route.title), url_path=route.url_path or None, default=route is WELCOME
    )
    for route in ROUTES
    if route.audience is Audience.EVERYONE or facilitator
]
page = st.navigation(pages, position="hidden")
shown = by_url_path(page.url_path) or WELCOME
# The tab's title as the server sent it (web/head.py); a page may make it more precise.
st.set_page_config(page_title=route_title(shown, i18n.language()))
show_reconnecting_notice()
if shown is not SCREEN:  # the projector shows no control at all
    i18n.switch()
page.run()
