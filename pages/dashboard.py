"""The old facilitator link (/dashboard?w=…&k=…): it now opens the remote."""

import streamlit as st

from web import links, lookups, urls
from web.i18n import _

if lookups.facilitated() is None:
    st.error(_("This dashboard link is not valid (or the workshop has ended)."))
    st.stop()
query = urls.query()
urls.go(links.remote(query.workshop or "", query.key or ""))
