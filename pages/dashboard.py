"""The old facilitator link (/dashboard?w=…&k=…): it now opens the remote."""

import streamlit as st

from web import lookups, routes, urls

if lookups.facilitated() is None:
    st.error("This dashboard link is not valid (or the workshop has ended).")
    st.stop()
query = urls.query()
urls.go(routes.CONTROL, workshop=query.workshop or "", key=query.key or "")
