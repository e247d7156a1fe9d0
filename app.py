"""Entry point: page configuration and navigation with fixed URL paths, nothing else."""

import streamlit as st

from ui import PAGES, facilitated

st.set_page_config(
    page_title="Networking works",
    page_icon="🤝",
    layout="centered",
    initial_sidebar_state="collapsed",
)

pages = [
    st.Page(PAGES["welcome"], title="Welcome", default=True),
    st.Page(PAGES["definition"], title="The definition", url_path="definition"),
    st.Page(PAGES["questions"], title="Questions", url_path="questions"),
    st.Page(PAGES["results"], title="Results", url_path="results"),
    st.Page(PAGES["compare"], title="Compare", url_path="compare"),
    st.Page(PAGES["workshop"], title="Run a workshop", url_path="workshop"),
    st.Page(PAGES["join"], title="Join a workshop", url_path="join"),
]
# The dashboard exists only for a session holding a genuine facilitator link.
if facilitated() is not None:
    pages.append(st.Page(PAGES["dashboard"], title="Dashboard", url_path="dashboard"))
st.navigation(pages, position="hidden").run()
