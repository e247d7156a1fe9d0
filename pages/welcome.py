"""Welcome: what this is, how long it takes, and one button to start."""

import streamlit as st

from web import actions, i18n, keys, links, lookups, routes, urls
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
parts = len(bank.parts)
st.markdown(
    ngettext(
        "- We walk through a definition of networking in {count} part.\n"
        "- You answer a few honest questions about what you actually did lately.\n"
        "- You get a radar chart of that part, what is holding you back, "
        "and three things to do this week.",
        "- We walk through a definition of networking in {count} parts.\n"
        "- You answer a few honest questions about what you actually did lately.\n"
        "- You get a radar chart of the {count} parts, what is holding you back, "
        "and three things to do this week.",
        parts,
    ).format(count=parts)
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

# The audience's join page, which asks for the code (with the language chosen here).
joining = urls.link(links.join_page(i18n.supported(urls.query().lang)))
st.link_button(_("Joining a workshop? Enter its code"), joining, use_container_width=True)
st.page_link(routes.WORKSHOP.file, label=_("Running a workshop? Create a room"))
