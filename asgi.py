"""The server: ``app.py`` as an ``st.App``, with the app's own HTTP (``web/serving.py``)
and the audience pages (``audience/``) beside Streamlit's.

``streamlit run asgi.py`` finds ``app`` and serves it through uvicorn as Streamlit
always does; ``serve.py`` (every launcher) runs exactly that. ``app.py`` stays the page
script that ``AppTest`` and Streamlit run for each session. The audience pages share
this process's store, banks and catalogues (networking_works/services.py).
"""

import streamlit as st

from audience import Context, audience_routes
from web.serving import MIDDLEWARE, ROUTES

app = st.App(
    "app.py", routes=[*ROUTES, *audience_routes(Context.of_process())], middleware=MIDDLEWARE
)
