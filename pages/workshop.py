"""Run a workshop: create a room, then steer it from the remote and project its screen."""

import streamlit as st

from networking_works.workshop import MAX_CAP, MAX_TITLE
from web import actions, i18n, keys, lookups, resources, routes, urls
from web.i18n import _
from web.screens import bank_editor

if lookups.facilitated() is not None:
    query = urls.query()
    urls.go(routes.CONTROL, workshop=query.workshop or "", key=query.key or "")

st.title(_("Run a workshop"))
st.write(
    _(
        "Create a room and you get two links: a screen for the projector, which anyone may "
        "see, and a private remote for your phone or laptop. People answer on their phones "
        "and stay anonymous unless they choose a nickname."
    )
)
bank_editor.show_editor()
found = resources.banks()
ids = bank_editor.bank_choices(found, i18n.language())
asks_passphrase = resources.passphrase() is not None
with st.form("create_workshop"):
    title = st.text_input(_("Title"), max_chars=MAX_TITLE, placeholder=_("Job club, 3 March"))
    bank_id = st.selectbox(
        _("Question bank"), ids, format_func=lambda i: bank_editor.bank_label(found, i)
    )
    paced = st.radio(
        _("Pacing"),
        [False, True],
        format_func=lambda p: _("You open the six parts one at a time") if p else _("Self-paced"),
    )
    cap = st.number_input(
        _("Participant limit (0 for none)"), min_value=0, max_value=MAX_CAP, step=10
    )
    practice = st.checkbox(
        _("Practice room: fill it with simulated answers to rehearse"), key=keys.CREATE_PRACTICE
    )
    given = st.text_input(_("Facilitator passphrase"), type="password") if asks_passphrase else ""
    create = st.form_submit_button(_("Create workshop"), type="primary", use_container_width=True)

if create:
    refusal = actions.create_workshop(title, bank_id, paced, cap, practice is True, given)
    if refusal is not None:
        st.error(refusal)
        st.stop()
    st.rerun()
