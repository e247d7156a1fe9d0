"""Join a workshop by code: anonymous by default, with an optional nickname."""

import streamlit as st

from networking_works.workshop import MAX_NICKNAME
from web import actions, keys, lookups, urls
from web.head import join_title
from web.i18n import _
from web.text import plain


def no_room() -> str:
    return _("There is no live workshop with that code. Check it with the speaker.")


query = urls.query()
given = query.code or ""
room = lookups.room_with_code(given)
if room is not None:
    st.set_page_config(page_title=join_title(room.title))
    actions.back_to_own_place(room)  # this tab joined already: Back or a reload of the form
    lookups.speak_room_language(room)
st.title(plain(room.title) if room else _("Join a workshop"))
if given and room is None:
    st.warning(no_room())
st.write(
    _(
        "You will answer the same short assessment as everyone in the room. You stay "
        "anonymous: the room sees a made-up name unless you choose a nickname below."
    )
)
with st.form("join"):
    code = st.text_input(_("Workshop code"), value=given[:12], max_chars=12, key=keys.JOIN_CODE)
    nickname = st.text_input(
        _("Nickname (optional)"), max_chars=MAX_NICKNAME, key=keys.JOIN_NICKNAME
    )
    join = st.form_submit_button(
        _("Join"), type="primary", use_container_width=True, key=keys.JOIN_SUBMIT
    )

if join:
    room = lookups.room_with_code(code)
    if room is None:
        st.error(no_room())
        st.stop()
    refused = actions.join(room, nickname)
    if refused is not None:
        st.error(refused)
