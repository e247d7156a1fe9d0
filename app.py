"""Entry point: page configuration and navigation with fixed URL paths, nothing else."""

import streamlit as st

from ui import PAGES

st.set_page_config(
    page_title="Networking works",
    page_icon="🤝",
    layout="centered",
    initial_sidebar_state="collapsed",
)

navigation = st.navigation(
    [
        st.Page(PAGES["welcome"], title="Welcome", default=True),
        st.Page(PAGES["definition"], title="The definition", url_path="definition"),
        st.Page(PAGES["questions"], title="Questions", url_path="questions"),
        st.Page(PAGES["results"], title="Results", url_path="results"),
        st.Page(PAGES["compare"], title="Compare", url_path="compare"),
    ],
    position="hidden",
)
navigation.run()
