"""The deploy/ recipe keeps secrets out of files: a real nginx in front of a tiny
backend logs paths without query strings, sends the security headers, and keeps its
run directory private; secrets.toml is ignored by git."""

from __future__ import annotations

import http.client
import http.server
import shutil
import stat
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from deploy import render_nginx
from harness import REPO_ROOT
from harness.server import free_port
from networking_works.tokens import new_token

SECRET = new_token()  # as in an assessment or delete link
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class _Ok(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def backend() -> Iterator[int]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), _Ok)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()


def _get(url: str) -> dict[str, str]:
    deadline = time.monotonic() + 15
    while True:
        try:
            with _NO_PROXY.open(url, timeout=2) as response:
                assert response.read() == b"ok"
                return dict(response.headers.items())
        except (urllib.error.URLError, ConnectionError) as exc:
            if time.monotonic() > deadline:
                raise AssertionError(f"nginx did not answer: {exc}") from exc
            time.sleep(0.1)


def _from(source: str, port: int, headers: dict[str, str] | None = None) -> dict[str, str]:
    """The response headers of ``GET /`` sent from the local address ``source``."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5, source_address=(source, 0))
    try:
        conn.request("GET", "/", headers=headers or {})
        response = conn.getresponse()
        response.read()
        return dict(response.getheaders())
    finally:
        conn.close()


@pytest.mark.slow  # a real nginx
def test_nginx_logs_no_query_string_and_sends_the_security_headers(
    nginx: str, backend: int, tmp_path: Path
) -> None:
    listen = free_port()
    prefix = tmp_path / "run"
    render_nginx.write_config(f"127.0.0.1:{listen}", [backend], prefix)
    assert stat.S_IMODE(prefix.stat().st_mode) == 0o700
    assert stat.S_IMODE((prefix / "logs").stat().st_mode) == 0o700
    process = subprocess.Popen(  # noqa: S603 - fixed argv, no shell
        render_nginx.nginx_argv(nginx, prefix),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        headers = _get(f"http://127.0.0.1:{listen}/results?r={SECRET}&delete={SECRET}")
        # Issue 23, L6: X-Upstream went to everyone; now to loopback without a proxy only.
        visitor = _from("127.0.0.2", listen)  # another address: a visitor, as nginx sees one
        proxied = _from("127.0.0.1", listen, {"X-Forwarded-For": "203.0.113.9"})
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Upstream"] == f"127.0.0.1:{backend}"  # the operator on the machine
    assert "X-Upstream" not in visitor and "X-Upstream" not in proxied
    assert visitor["X-Frame-Options"] == proxied["X-Frame-Options"] == "DENY"
    logged = (prefix / "logs" / "access.log").read_text()
    assert "GET /results HTTP/1.1" in logged
    assert SECRET not in logged and "?" not in logged


def test_start_sh_keeps_its_run_directory_private() -> None:
    script = (REPO_ROOT / "deploy" / "start.sh").read_text()
    assert 'chmod 700 "$RUN_DIR"' in script and "umask 077" in script
    assert "chmod 755" not in script


def test_start_sh_believes_the_client_address_its_nginx_passes_on() -> None:
    # Without it every client was the proxy: one allowance for the whole server.
    script = (REPO_ROOT / "deploy" / "start.sh").read_text()
    assert "\nexport NW_TRUST_PROXY_HEADERS=1\n" in script
    template = (REPO_ROOT / "deploy" / "nginx.conf.template").read_text()
    assert "proxy_set_header X-Real-IP $remote_addr;" in template  # what it believes


def test_secrets_toml_is_ignored_by_git() -> None:
    if shutil.which("git") is None or not (REPO_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    found = subprocess.run(  # noqa: S603 - fixed argv, no shell
        ["git", "check-ignore", "-q", ".streamlit/secrets.toml"],  # noqa: S607
        cwd=REPO_ROOT,
        check=False,
    )
    assert found.returncode == 0


def test_nginx_drops_a_kept_upstream_connection_before_uvicorn_does(tmp_path: Path) -> None:
    # Else a POST sent down a connection uvicorn is closing comes back 502 (not retried).
    import re

    import uvicorn

    text = render_nginx.render(8080, [9001, 9002], tmp_path)
    upstream = text[text.index("upstream streamlit") :]
    upstream = upstream[: upstream.index("}")]
    found = re.search(r"keepalive_timeout (\d+)s;", upstream)
    assert found is not None, upstream
    assert int(found.group(1)) < uvicorn.Config(app=None).timeout_keep_alive
