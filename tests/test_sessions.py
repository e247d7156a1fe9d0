"""web/sessions.py: the storage of closed tabs' sessions shuts down every session it drops,
never one a reconnect takes back, and drops expired ones by itself on a quiet server.

The sessions are real ``AppSession`` objects of the installed Streamlit, built on a running
event loop as the runtime builds them (none of them runs a script); the last test runs a
real server, whose tab reconnects and then closes for good.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
from streamlit.runtime.app_session import AppSession, AppSessionState
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.script_data import ScriptData
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.runtime.session_manager import SessionInfo

from harness import REPO_ROOT
from harness.server import Server, start_server
from harness.sync_client import SyncSession, blocking
from web import keys, routes
from web.diagnostics import DIAGNOSTICS_PATH
from web.sessions import REAP_FRACTION, ClosingSessionStorage

T = TypeVar("T")
_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def real_sessions(count: int) -> list[AppSession]:
    """``count`` AppSessions as the runtime makes them (it needs a running loop)."""
    uploads = MemoryUploadedFileManager("/_stcore/upload_file")
    script = ScriptData(str(REPO_ROOT / "app.py"))
    return [
        AppSession(
            script_data=script,
            uploaded_file_manager=uploads,
            script_cache=ScriptCache(),
            message_enqueued_callback=None,
            user_info={},
        )
        for _ in range(count)
    ]


def on_a_loop(test: Callable[[], Awaitable[T]]) -> T:
    return blocking(test(), 60)  # type: ignore[arg-type]


def shut_down(session: AppSession) -> bool:
    return session._state == AppSessionState.SHUTDOWN_REQUESTED  # noqa: SLF001


def info(session: AppSession) -> SessionInfo:
    return SessionInfo(client=None, session=session)


def test_an_expired_session_is_shut_down_when_reaped() -> None:
    async def run() -> None:
        storage = ClosingSessionStorage(ttl_seconds=60)
        first, second = real_sessions(2)
        storage.save(info(first))
        storage.save(info(second))
        storage.reap()
        assert not shut_down(first) and not shut_down(second)  # still kept for a reconnect
        storage._cache.expire(at_time=storage._cache.timer() + 61)  # noqa: SLF001 -- a minute on
        assert shut_down(first) and shut_down(second)
        assert storage.list() == [] and storage.shut_down == 2

    on_a_loop(run)


def test_the_oldest_session_pushed_out_is_shut_down_at_once() -> None:
    async def run() -> None:
        storage = ClosingSessionStorage(maxsize=2, ttl_seconds=60)
        oldest, middle, newest = real_sessions(3)
        for session in (oldest, middle, newest):
            storage.save(info(session))
        assert shut_down(oldest)
        assert not shut_down(middle) and not shut_down(newest)
        assert {i.session.id for i in storage.list()} == {middle.id, newest.id}

    on_a_loop(run)


def test_a_session_taken_back_by_a_reconnect_lives_on() -> None:
    async def run() -> None:
        storage = ClosingSessionStorage(ttl_seconds=60)
        (session,) = real_sessions(1)
        storage.save(info(session))
        taken = storage.get(session.id)
        assert taken is not None and taken.session is session
        storage.delete(session.id)  # what the session manager does on a reconnect
        storage.save(info(session))  # and when that tab closes again
        assert not shut_down(session) and storage.shut_down == 0
        assert [i.session for i in storage.list()] == [session]

    on_a_loop(run)


def test_a_quiet_server_drops_expired_sessions_by_itself() -> None:
    async def run() -> None:
        storage = ClosingSessionStorage(ttl_seconds=1)
        (session,) = real_sessions(1)
        storage.save(info(session))
        # Nothing else happens: no other tab closes, nobody reads the storage.
        await asyncio.sleep(1 * 1.25 + 0.5 + 0.5)
        assert shut_down(session)
        assert storage.shut_down == 1

    on_a_loop(run)


# -- in a real server: asgi.py installs the storage -------------------------------------

TTL_S = 2


def diagnostics(server: Server) -> dict[str, Any]:
    with _NO_PROXY.open(f"{server.url}{DIAGNOSTICS_PATH}", timeout=60) as response:
        found: dict[str, Any] = json.load(response)
        return found


@pytest.mark.slow
def test_a_closed_tab_comes_back_within_the_lifetime_then_its_session_ends(
    tmp_path: Path,
) -> None:
    env = {"NW_DIAGNOSTICS": "1", "DATABASE_URL": None}
    flags = ["--server.disconnectedSessionTTL", str(TTL_S)]
    with start_server(env_overrides=env, workdir=tmp_path, extra_args=flags) as server:
        tab = SyncSession(server.url)
        run = tab.connect()
        run = tab.click(run.widget(keys.START))
        first_id = tab.session.session_id
        tab.close()
        # The tab reconnects at once, as the frontend does after a dropped connection.
        tab.session.resume_session_id = first_id
        blocking(tab.session.open(), 60)
        run = tab.rerun()
        assert tab.session.session_id == first_id
        assert tab.page == routes.DEFINITION.url_path and not run.problems()
        tab.close()
        deadline = time.monotonic() + TTL_S * (1 + REAP_FRACTION) + 10
        found = diagnostics(server)
        while found["app_sessions_not_shut_down"] and time.monotonic() < deadline:
            time.sleep(0.5)
            found = diagnostics(server)
    assert found["connected_sessions"] == 0
    assert found["app_sessions_not_shut_down"] == 0
    assert found["sessions_shut_down_by_storage"] == 1
    assert found["deferred_downloads"] == 0
