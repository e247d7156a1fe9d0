"""Start the app exactly like ``streamlit run asgi.py ARGS``, tuned for many phones.

``asgi.py`` is ``app.py`` served as an ``st.App`` with the app's own HTTP (page heads,
link-preview pictures: ``web/serving.py``); ``APP`` names it for every launcher.

``tune()`` is what this adds, and ``bench/`` starts its servers through it too, so the
benchmarks measure what production runs:

* **Nagle's algorithm off.** Streamlit 1.67 serves through uvicorn, whose listening
  socket is created so that asyncio's own ``_set_nodelay`` skips it. The last small
  frames of every rerun then wait for the browser's delayed ACK: about 40 ms added to
  each interaction (see uvicorn issue #3149). Measured with bench/rerun_cost.py:
  empty-script p50 latency 43.99 ms -> 6.07 ms.
"""

import runpy
import socket
import sys
from asyncio import base_events

APP = "asgi.py"


def _set_nodelay(sock: socket.socket) -> None:
    if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def tune() -> None:
    """Patch the running interpreter before Streamlit starts (see the module docstring)."""
    if hasattr(base_events, "_set_nodelay"):  # a private hook: if it goes, run unpatched
        base_events._set_nodelay = _set_nodelay


def run_streamlit(args: list[str]) -> None:
    """``streamlit ARGS`` in this process, tuned."""
    tune()
    sys.argv = ["streamlit", *args]
    runpy.run_module("streamlit", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    run_streamlit(["run", APP, *sys.argv[1:]])
