"""Welcome: what this is, how long it takes, and one button to start."""

import streamlit as st

from web import actions, keys, links, lookups, routes, urls
from web.i18n import _, ngettext

bank = lookups.bank_or_stop(language=True)

st.title(_("Is networking not working for you?"))
st.write(
    _(
        "Many job seekers go to a few events, send a few messages and conclude that "
        "networking is a waste of time. Usually one part of the work is being skipped. "
        "This short check finds out which one."
    )
)
st.markdown(
    _(
        "- We walk through a six-part definition of networking.\n"
        "- You answer a few honest questions about what you actually did lately.\n"
        "- You get a radar chart of the six parts, what is holding you back, "
        "and three things to do this week."
    )
)
count = len(bank.statements)
statements = ngettext("{count} statement", "{count} statements", count).format(count=count)
st.caption(
    _(
        "About five minutes · {statements} · no account, no email. "
        "Your answers stay private unless you choose to share your result."
    ).format(statements=statements)
)

if st.button(_("Start"), type="primary", use_container_width=True, key=keys.START):
    actions.start(bank.id)

with st.expander(_("Joining a workshop? Enter its code")), st.form("join_code", border=False):
    code = st.text_input(_("Workshop code"), max_chars=12)
    if st.form_submit_button(_("Go to the workshop")):
        urls.go(links.join(code))
st.page_link(routes.WORKSHOP.file, label=_("Running a workshop? Create a room"))
