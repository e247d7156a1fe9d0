"""A phone's way back to its own place in a workshop, kept on that phone and nowhere else.

The projected closing slide may show only public things, so its QR code is the room's
join link. A phone that joined keeps its own token in a cookie (written from the
participant's pages, whose address already holds that token), and the join page sends
such a phone back to its place instead of joining it again. Any other phone has no such
cookie and sees the join page: one code on a shared screen, a private result per phone.
"""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from networking_works.tokens import aware, plausible_token
from networking_works.workshop import normalize_code

_PREFIX = "nw_seat_"


def cookie_name(code: str) -> str:
    return f"{_PREFIX}{code}"


def remember(code: str, token: str, until: datetime, now: datetime) -> None:
    """Keep ``token`` on this phone for the room with ``code`` until the room ends."""
    seconds = int((aware(until) - now).total_seconds())
    # Both are [A-Za-z0-9_-] once checked, so the script below holds nothing else.
    if seconds <= 0 or not plausible_token(token) or normalize_code(code) != code:
        return
    st.html(
        f"<script>document.cookie = '{cookie_name(code)}={token}; Max-Age={seconds}; Path=/; "
        "SameSite=Lax' + (location.protocol === 'https:' ? '; Secure' : '');</script>",
        unsafe_allow_javascript=True,
    )


def remembered(code: str) -> str | None:
    """The token this phone keeps for the room with ``code``, if any (unchecked: the caller
    makes sure it still belongs to that room)."""
    value = st.context.cookies.get(cookie_name(code))
    return value if plausible_token(value) else None
