"""The server: ``app.py`` as an ``st.App``, with the app's own HTTP (``web/serving.py``).

``streamlit run asgi.py`` finds ``app`` and serves it through uvicorn as Streamlit
always does; ``serve.py`` (every launcher) runs exactly that. ``app.py`` stays the page
script that ``AppTest`` and Streamlit run for each session. ``web/sessions.py`` makes the
runtime shut down a closed tab's session once it stops keeping it for a reconnect.
"""

import streamlit as st

from web import sessions
from web.serving import MIDDLEWARE, ROUTES

sessions.install()  # before st.App builds its runtime
app = st.App("app.py", routes=ROUTES, middleware=MIDDLEWARE)
