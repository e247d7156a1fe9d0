"""The Streamlit layer: routes, links, session state, resources and screens.

The core (``networking_works``) never imports streamlit; this package is the only
place that knows both. Pages under ``pages/`` are thin scripts over it.
"""
