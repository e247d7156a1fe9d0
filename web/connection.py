"""What a Streamlit page says while its server is away: one line in the page's language.

Streamlit keeps the last page on screen when its websocket drops (choices made, widgets
disabled), pings the server until it answers and then starts the page again from its
URL, with the choices on screen kept. What it says meanwhile is a dialog in English,
"Streamlit server is not responding. Are you connected to the internet?", which blames
the visitor's connection and names the framework. This style replaces it: while the app's
root element says it is pinging or connecting again (``data-test-connection-state``, set
by Streamlit's frontend), a banner across the top of the page says what is happening in
the run's language, and the framework's dialog is hidden. The style carries no element,
so the page's layout does not move; once connected, nothing shows.
"""

from __future__ import annotations

import json

import streamlit as st

from web.i18n import _

# The states of Streamlit 1.67's ConnectionState in which it is trying again by itself.
RETRYING_STATES = ("PINGING_SERVER", "CONNECTING")


def style(notice: str) -> str:
    """The style sheet that shows ``notice`` while the page is reconnecting."""
    retrying = ", ".join(
        f'[data-testid="stApp"][data-test-connection-state="{state}"]' for state in RETRYING_STATES
    )
    # A JSON string is a valid CSS string: quotes and backslashes escaped; "<" too, so
    # the text cannot close the style element.
    content = json.dumps(notice).replace("<", "\\3c ")
    return f"""<style>
:is({retrying})::after {{
  content: {content};
  position: fixed; inset: 0 0 auto 0; z-index: 1000200;
  padding: 0.75rem 1rem; font-size: 1rem; line-height: 1.4;
  background: #FFF4D6; color: #0E1116; border-bottom: 2px solid #8A5A00;
}}
body:has(:is({retrying})) [data-testid="stDialog"] {{ display: none; }}
</style>"""


def show_reconnecting_notice() -> None:
    """Put the style on this run's page (once per run, before the page itself)."""
    st.html(
        style(
            _(
                "We cannot reach the server just now. What you chose on this page is kept, "
                "and the page carries on by itself as soon as the server is back."
            )
        )
    )
