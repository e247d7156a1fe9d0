"""Helpers for tests that run the real Streamlit server and drive it in Chromium.

Importable without Playwright installed (only type hints refer to it), so non-browser
tests can use `start_streamlit` too.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parent.parent

# Debian's Chromium; Playwright's bundled browsers are never downloaded.
CHROMIUM_PATH = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    # Root in CI containers cannot use Chromium's user-namespace sandbox.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Keep the browser from phoning home (no internet in CI; avoids stalls).
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Attributes the Streamlit 1.67 frontend puts on its root element; values come from
# its ConnectionState and ScriptRunState enums.
APP_CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
APP_NOT_RUNNING = '[data-testid="stApp"][data-test-script-state="notRunning"]'

# Loopback only: an HTTP(S)_PROXY in the environment must not intercept health checks.
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    """A TCP port that was free a moment ago on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True)
class StreamlitServer:
    url: str  # base URL without trailing slash, e.g. http://127.0.0.1:40123
    data_dir: Path  # what NW_DATA_DIR points at (unless overridden)
    log_path: Path  # combined stdout/stderr of the server
    process: subprocess.Popen[bytes]

    def read_log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def start_streamlit(
    env_overrides: Mapping[str, str | None] | None = None,
    *,
    script: str | os.PathLike[str] = "app.py",
    workdir: Path | None = None,
    timeout_s: float = 60.0,
) -> Iterator[StreamlitServer]:
    """Run `streamlit run SCRIPT` from the repo root until the block exits.

    NW_DATA_DIR defaults to a fresh directory under `workdir` (a temporary directory
    if not given). `env_overrides` is applied last; a value of None removes that
    variable from the inherited environment.
    """
    with ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nw-st-")))
        data_dir = workdir / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        log_path = workdir / "streamlit.log"

        env = dict(os.environ)
        env["NW_DATA_DIR"] = str(data_dir)
        env["PYTHONUNBUFFERED"] = "1"  # so the log is complete when we report a crash
        for key, value in (env_overrides or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value

        port = free_port()
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(script),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
        ]
        # A file, not a PIPE: nobody reads a pipe while tests run, and a full pipe
        # buffer would block the server mid-test.
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 -- fixed argv, no shell
                cmd,
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        server = StreamlitServer(f"http://127.0.0.1:{port}", data_dir, log_path, process)
        try:
            _wait_until_healthy(server, timeout_s)
            yield server
        finally:
            _stop(process)


def _wait_until_healthy(server: StreamlitServer, timeout_s: float) -> None:
    health_url = f"{server.url}/_stcore/health"
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(
                f"streamlit exited with code {server.process.returncode} before becoming "
                f"healthy. Server output:\n{server.read_log()}",
                pytrace=False,
            )
        try:
            with _NO_PROXY_OPENER.open(health_url, timeout=2) as response:
                if response.read() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        time.sleep(0.25)
    pytest.fail(
        f"streamlit not healthy at {health_url} after {timeout_s:.0f} s. "
        f"Server output:\n{server.read_log()}",
        pytrace=False,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def wait_for_app(page: Page, *, timeout_ms: float = 25_000, initial_wait_ms: float = 210) -> None:
    """Block until Streamlit has connected, finished its script run and rendered.

    Call after `page.goto(...)` and after every interaction that triggers a rerun,
    before asserting on the result. Mirrors Streamlit's own e2e `wait_for_app_run`.
    """
    from playwright.sync_api import expect

    # Right after a click the frontend may not have sent the rerun request yet, so
    # the root still says "notRunning" from the previous run. Streamlit's suite waits
    # 210 ms for the same reason (some widgets debounce for 200 ms).
    page.wait_for_timeout(initial_wait_ms)
    page.locator(APP_CONNECTED).wait_for(state="attached", timeout=timeout_ms)
    # Before the first run completes the attribute is "initial", not "notRunning".
    page.locator(APP_NOT_RUNNING).wait_for(state="attached", timeout=timeout_ms)
    # The "Running..." status widget fades out for 200 ms after the run ends.
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout_ms)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout_ms)
    expect(page.get_by_test_id("stAppSkeleton")).to_have_count(0, timeout=timeout_ms)


def goto_app(page: Page, url: str, *, timeout_ms: float = 25_000) -> None:
    """Open `url` (a server base URL, optionally with a path) and wait for the app."""
    page.goto(url, timeout=timeout_ms)
    wait_for_app(page, timeout_ms=timeout_ms)
