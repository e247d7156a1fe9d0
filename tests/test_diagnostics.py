"""web/diagnostics.py: ``/_nw/diagnostics`` answers only with NW_DIAGNOSTICS on, only to a
direct loopback client, and shows counts, never a session id or a token.

Against real servers: one with the setting off, one with it on, listening on every address
so that the machine's own non-loopback address can be refused for real.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.requests import Request

from harness.server import Server, start_server
from harness.sync_client import SyncSession
from web import keys, links, routes
from web.diagnostics import DIAGNOSTICS_PATH, allowed

_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def request_from(host: str, headers: dict[str, str] | None = None) -> Request:
    """The Request Starlette builds for a GET of the route from ``host``."""
    raw = [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()]
    scope = {
        "type": "http",
        "method": "GET",
        "path": DIAGNOSTICS_PATH,
        "headers": raw,
        "client": (host, 50000),
        "query_string": b"",
    }
    return Request(scope)


def test_off_by_default_and_only_for_direct_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NW_DIAGNOSTICS", raising=False)
    assert not allowed(request_from("127.0.0.1"))
    monkeypatch.setenv("NW_DIAGNOSTICS", "0")
    assert not allowed(request_from("127.0.0.1"))
    monkeypatch.setenv("NW_DIAGNOSTICS", "1")
    assert allowed(request_from("127.0.0.1"))
    assert allowed(request_from("::1"))
    for outside in ("192.0.2.7", "10.0.0.1", "::ffff:127.0.0.1", "localhost", ""):
        assert not allowed(request_from(outside)), outside
    for proxied in (
        {"X-Real-IP": "203.0.113.9"},
        {"X-Forwarded-For": "203.0.113.9"},
        {"Forwarded": "for=203.0.113.9"},
    ):
        assert not allowed(request_from("127.0.0.1", proxied)), proxied


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    try:
        asked = urllib.request.Request(url, headers=headers or {})  # noqa: S310 -- http only
        with _NO_PROXY.open(asked, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read()


def own_address() -> str | None:
    """An address of this machine that is not loopback (None: it has none)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if address.startswith("127.") else address


@pytest.fixture(scope="module")
def diagnosing(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    env = {"NW_DIAGNOSTICS": "1", "DATABASE_URL": None}
    workdir = tmp_path_factory.mktemp("diagnosing")
    # On every address, so that a request to the machine's own address arrives from it.
    flags = ["--server.address", "0.0.0.0"]  # noqa: S104 -- for the duration of this test
    with start_server(env_overrides=env, workdir=workdir, extra_args=flags) as server:
        yield server


@pytest.mark.slow
def test_a_server_refuses_it_when_the_setting_is_off(tmp_path: Path) -> None:
    workdir = tmp_path
    env = {"NW_DIAGNOSTICS": None, "DATABASE_URL": None}
    with start_server(env_overrides=env, workdir=workdir) as server:
        status, body = get(f"{server.url}{DIAGNOSTICS_PATH}")
    assert status == 404 and b"session" not in body


@pytest.mark.slow
def test_a_proxied_or_outside_request_is_refused(diagnosing: Server) -> None:
    url = f"{diagnosing.url}{DIAGNOSTICS_PATH}"
    assert get(url)[0] == 200
    assert get(url, {"X-Real-IP": "203.0.113.9"})[0] == 404
    assert get(url, {"X-Forwarded-For": "203.0.113.9"})[0] == 404
    address = own_address()
    if address is None:
        pytest.skip("this machine has no non-loopback address to ask from")
    status, body = get(f"http://{address}:{diagnosing.port}{DIAGNOSTICS_PATH}")
    assert status == 404 and b"session" not in body


@pytest.mark.slow
def test_it_counts_sessions_and_shows_no_id_or_token(diagnosing: Server) -> None:
    with SyncSession(diagnosing.url) as tab:
        run = tab.connect()
        tab.click(run.widget(keys.START))
        assert tab.page == routes.DEFINITION.url_path
        status, body = get(f"{diagnosing.url}{DIAGNOSTICS_PATH}")
        session_id, query = tab.session.session_id, tab.query
    assert status == 200
    figures = json.loads(body)
    assert figures["connected_sessions"] >= 1
    assert figures["app_sessions_not_shut_down"] >= 1
    assert figures["rss_kib"] > 0 and figures["threads"] >= 1
    # The closed tabs' sessions live in web/sessions.py's storage (asgi.py installs it).
    assert figures["sessions_shut_down_by_storage"] is not None
    token = links.value_in(query, links.Param.ASSESSMENT)
    assert session_id and session_id.encode() not in body
    assert token and token.encode() not in body
