"""The nginx recipe's limits per client: sized for a room of 2,000, and enforced.

Cheap: nginx renders the recipe's own config with small limits in front of a tiny
standard-library backend (no Streamlit), and answers 429 past them.
"""

from __future__ import annotations

import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from deploy import render_nginx
from harness.server import free_port

ROOM = 2000
CONNECTIONS_PER_PHONE = 2  # the page's requests and its websocket
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def test_the_default_limits_let_a_whole_room_in_from_one_address(tmp_path: Path) -> None:
    text = render_nginx.render(8080, [8501, 8502], tmp_path)
    connections = int(re.search(r"limit_conn nw_conn_per_client (\d+);", text).group(1))  # type: ignore[union-attr]
    rate = int(re.search(r"zone=nw_req_per_client:10m rate=(\d+)r/s;", text).group(1))  # type: ignore[union-attr]
    burst = int(re.search(r"burst=(\d+) nodelay;", text).group(1))  # type: ignore[union-attr]
    assert ROOM * CONNECTIONS_PER_PHONE <= connections <= 1.25 * ROOM * CONNECTIONS_PER_PHONE
    # ~30 requests a page load; a room arriving within two minutes fits the rate and burst.
    assert rate * 120 + burst >= ROOM * 30
    assert "limit_req_status 429;" in text and "limit_conn_status 429;" in text
    with pytest.raises(ValueError):
        render_nginx.render(8080, [8501], tmp_path, limits=render_nginx.ClientLimits(rate="x"))


class _Backend(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 -- the standard library's name
        if self.path.startswith("/slow"):
            time.sleep(1.5)  # holds a connection open, as a websocket would
        body = b"ok"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def nginx_in_front(nginx: str, tmp_path: Path) -> Iterator[str]:
    backend = ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    listen = free_port()
    limits = render_nginx.ClientLimits(connections=2, rate="2r/s", burst=3)
    prefix = tmp_path / "nginx"
    render_nginx.write_config(f"127.0.0.1:{listen}", [backend.server_port], prefix, limits=limits)
    process = subprocess.Popen(  # noqa: S603 -- fixed argv, no shell
        render_nginx.nginx_argv(nginx, prefix),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{listen}"
    try:
        deadline = time.monotonic() + 10
        while status(f"{url}/") is None and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.1)  # the request-rate bucket refills after the readiness probes
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        backend.shutdown()


def status(url: str) -> int | None:
    try:
        with _NO_PROXY.open(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)
    except (urllib.error.URLError, ConnectionError):
        return None


@pytest.mark.slow  # a real nginx
def test_nginx_refuses_past_the_connection_limit(nginx_in_front: str) -> None:
    with ThreadPoolExecutor(4) as pool:
        got = Counter(pool.map(status, [f"{nginx_in_front}/slow"] * 3))
    assert got == Counter({200: 2, 429: 1}), got


@pytest.mark.slow  # a real nginx
def test_nginx_refuses_past_the_request_rate(nginx_in_front: str) -> None:
    time.sleep(2)  # the previous requests' share of the rate is spent
    got = Counter(status(f"{nginx_in_front}/") for _ in range(12))
    assert got[200] >= 3 and got[429] >= 5, got  # the burst passes, then the rest is refused
