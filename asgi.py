"""The server: ``app.py`` as an ``st.App``, with the app's own HTTP (``web/serving.py``)
and the audience pages (``audience/``) beside Streamlit's.

``streamlit run asgi.py`` finds ``app`` and serves it through uvicorn as Streamlit
always does; ``serve.py`` (every launcher) runs exactly that. ``app.py`` stays the page
script that ``AppTest`` and Streamlit run for each session. The audience pages share
this process's store, banks and catalogues (the ``Context`` below).
"""

import streamlit as st

from audience import Context, audience_routes
from web import client, resources
from web.i18n import translations
from web.serving import MIDDLEWARE, ROUTES

AUDIENCE = Context(
    store=resources.store,
    bank=resources.bank,
    translations=translations,
    trust_proxy=client.trust_proxy,
)

app = st.App("app.py", routes=[*ROUTES, *audience_routes(AUDIENCE)], middleware=MIDDLEWARE)
