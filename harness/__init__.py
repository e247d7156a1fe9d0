"""The test and benchmark harness: real servers, the protocol client, statistics.

``tests/`` and ``bench/`` both import it, so a test and a benchmark start the app, speak
Streamlit's protocol and count in the same way:

* ``server``: one ``streamlit run`` started as production starts it (``serve.py``).
* ``cluster``: N of them behind the nginx of ``deploy/``.
* ``protocol`` and ``client``: Streamlit's websocket protocol, asyncio; ``sync_client``
  wraps it for code that is not asynchronous; ``http`` is a page load's plain GETs.
* ``stats``: percentiles and rates.
* ``store_access``: every call into ``networking_works.store`` made here, in bench/ and
  by the tests built on this harness.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
