"""The audience's live path in a workshop as light, server-rendered pages.

Every phone in a room joins, reads the definition, answers each part and sees its radar
beside the room's on plain HTML pages (Jinja2 templates, one small stylesheet, forms
that work without JavaScript), served by the same process as the Streamlit app through
``st.App``'s own routes (``asgi.py``). The package never imports Streamlit or ``web/``:
it shares the core (``networking_works``) and is handed the process's store, banks and
catalogues in a ``Context``. Its URLs and form fields: ``audience/paths.py``.
"""

from audience.app import routes as audience_routes
from audience.app import starlette_app
from audience.context import Context

__all__ = ["Context", "audience_routes", "starlette_app"]
