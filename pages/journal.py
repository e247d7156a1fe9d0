"""A private journal (?j=): every result kept, before/after, reminder, export, deletion."""

import streamlit as st

from web import resources, urls
from web.i18n import _
from web.screens.journal import show_import, show_journal

token = urls.query().journal
journal = resources.store().journals.get(token) if token is not None else None
if token is None or journal is None:
    gone = None
    if token is not None:
        gone = _(
            "This journal is not here: the link is incomplete, or the journal was deleted "
            "or has expired."
        )
    show_import(gone)
    st.stop()

show_journal(token, journal, resources.bank(journal.bank_id))
