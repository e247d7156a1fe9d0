"""Who is asking, as far as the server can tell: for limits per client, never stored plainly.

Behind a proxy every connection comes from the proxy, so its headers name the client;
but anyone can send those headers to a server reached directly. They are believed only
when ``NW_TRUST_PROXY_HEADERS`` says the app runs behind a proxy that sets them
(deploy/nginx.conf.template sets X-Real-IP and X-Forwarded-For).
"""

from __future__ import annotations

import streamlit as st

from web import resources

UNKNOWN = "unknown"  # every client that cannot be told apart shares one allowance


def address() -> str:
    if trust_proxy():
        headers = st.context.headers
        real = (headers.get("X-Real-IP") or "").strip()
        if real:
            return real
        # Our proxy appends the address it saw: the last entry is the one to believe.
        forwarded = [a.strip() for a in (headers.get("X-Forwarded-For") or "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    found = st.context.ip_address  # None on loopback; AppTest hands back a mock
    return found if isinstance(found, str) and found else UNKNOWN


def key() -> str:
    """The client's address, keyed and hashed: what the limits store."""
    return resources.store().limits.client_key(address())


def trust_proxy() -> bool:
    """Whether the proxy headers name the client (NW_TRUST_PROXY_HEADERS, see above)."""
    return resources.trusts_proxy_headers()
