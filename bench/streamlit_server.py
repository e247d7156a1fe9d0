"""Start a real ``streamlit run`` for benchmarks, with extra CLI flags.

Same approach as ``tests/browser_helpers.start_streamlit`` (free loopback port, fresh
NW_DATA_DIR, log to a file, wait for ``/_stcore/health``), without pytest, and with
``extra_args`` such as ``["--runner.postScriptGC", "false"]`` passed to the server.
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
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS_PER_S = os.sysconf("SC_CLK_TCK")

# The production launcher (serve.py: TCP_NODELAY and any other tuning it applies), run
# from the repo root so that ``import serve`` finds it.
_TUNED_LAUNCHER = "import sys, serve; serve.run_streamlit(sys.argv[1:])"

# Loopback only: an HTTP(S)_PROXY in the environment must not intercept health checks.
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerError(RuntimeError):
    """The server exited or never became healthy; the message includes its log."""


@dataclass(frozen=True)
class Server:
    url: str  # base URL without trailing slash, e.g. http://127.0.0.1:40123
    data_dir: Path  # what NW_DATA_DIR points at
    log_path: Path
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process (all its threads) so far."""
        return process_cpu_seconds(self.pid)

    def read_log(self) -> str:
        return self.log_path.read_text(errors="replace")


def process_cpu_seconds(pid: int) -> float:
    """utime + stime of ``pid`` from /proc/PID/stat, in seconds."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # The command name (field 2) may contain spaces and parentheses: split after it.
    fields = stat[stat.rindex(")") + 2 :].split()
    utime, stime = int(fields[11]), int(fields[12])  # fields 14 and 15 of proc(5)
    return (utime + stime) / CLOCK_TICKS_PER_S


def free_port() -> int:
    """A TCP port that was free a moment ago on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def start_server(
    script: str | os.PathLike[str] = "app.py",
    *,
    extra_args: Sequence[str] = (),
    env_overrides: Mapping[str, str | None] | None = None,
    workdir: Path | None = None,
    timeout_s: float = 60.0,
    tuned: bool = False,
) -> Iterator[Server]:
    """Run ``streamlit run SCRIPT [extra_args]`` from the repo root until the block exits.

    NW_DATA_DIR is ``workdir/data`` (``workdir`` defaults to a temporary directory);
    ``env_overrides`` is applied last, None removing a variable. ``tuned`` starts the
    server through ``serve.run_streamlit``, as production does (``_TUNED_LAUNCHER``).
    """
    with ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nw-bench-")))
        data_dir = workdir / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        port = free_port()
        log_path = workdir / f"streamlit-{port}.log"

        env = dict(os.environ)
        env["NW_DATA_DIR"] = str(data_dir)
        env["PYTHONUNBUFFERED"] = "1"
        for key, value in (env_overrides or {}).items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value

        launcher = ["-c", _TUNED_LAUNCHER] if tuned else ["-m", "streamlit"]
        cmd = [
            sys.executable,
            *launcher,
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
            "--browser.gatherUsageStats",
            "false",
            *extra_args,
        ]
        with log_path.open("wb") as log:
            process = subprocess.Popen(  # noqa: S603 -- argv from this module and the caller
                cmd,
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        server = Server(f"http://127.0.0.1:{port}", data_dir, log_path, process)
        try:
            wait_healthy(
                f"{server.url}/_stcore/health", process, timeout_s, "streamlit", server.read_log
            )
            yield server
        finally:
            _stop(process)


def wait_healthy(
    health_url: str,
    process: subprocess.Popen[bytes],
    timeout_s: float,
    name: str,
    read_log: Callable[[], str],
) -> None:
    """Poll ``health_url`` until it answers "ok"; ``ServerError`` with the log otherwise."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(
                f"{name} exited with code {process.returncode} before becoming "
                f"healthy. Its output:\n{read_log()}"
            )
        try:
            with _NO_PROXY_OPENER.open(health_url, timeout=2) as response:
                if response.read() == b"ok":
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass  # not listening yet
        time.sleep(0.25)
    raise ServerError(
        f"{name} not healthy at {health_url} after {timeout_s:.0f} s. Its output:\n{read_log()}"
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
