"""One real ``streamlit run``, started as production starts it, for tests and benchmarks.

``start_server`` runs the script through ``serve.run_streamlit`` (the tuning of
``serve.py``: TCP_NODELAY on every connection) from the repo root, on a free loopback
port, with a fresh NW_DATA_DIR and its output in a file; it waits for
``/_stcore/health``, yields a ``Server`` and stops the process when the block ends.
If the server never becomes healthy, or the block fails, the error carries the
server's log, so a failure shows what the app printed.
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

from harness import REPO_ROOT
from serve import APP

CLOCK_TICKS_PER_S = os.sysconf("SC_CLK_TCK")
LOG_TAIL_CHARS = 6000

# The production launcher, run from the repo root so that ``import serve`` finds it.
_TUNED_LAUNCHER = "import sys, serve; serve.run_streamlit(sys.argv[1:])"

# Loopback only: an HTTP(S)_PROXY in the environment must not intercept health checks.
_NO_PROXY_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class ServerError(RuntimeError):
    """A server exited or never became healthy; the message includes its log."""


@dataclass(frozen=True)
class Server:
    url: str  # base URL without trailing slash, e.g. http://127.0.0.1:40123
    data_dir: Path  # what NW_DATA_DIR points at
    log_path: Path  # the server's stdout and stderr
    process: subprocess.Popen[bytes]

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

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


def config_flags(configs: Sequence[str]) -> list[str]:
    """``section.option=value`` items (``--config`` of the benchmarks) as server flags."""
    flags: list[str] = []
    for item in configs:
        key, sep, value = item.partition("=")
        if not sep or "." not in key:
            raise ValueError(f"--config wants section.option=value, not {item!r}")
        flags += [f"--{key.removeprefix('--')}", value]
    return flags


def passed_flags(args: Sequence[str]) -> list[str]:
    """Command-line arguments meant for ``streamlit run`` (``--section.option [value]``)."""
    flags: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if not arg.startswith("--") or "." not in arg:
            raise ValueError(
                f"unknown argument {arg!r} (server flags look like --runner.postScriptGC)"
            )
        if "=" in arg:
            flags.append(arg)
            i += 1
        elif i + 1 < len(args) and not args[i + 1].startswith("--"):
            flags += [arg, args[i + 1]]
            i += 2
        else:
            raise ValueError(f"server flag {arg} needs a value")
    return flags


@contextmanager
def start_server(
    script: str | os.PathLike[str] = APP,
    *,
    extra_args: Sequence[str] = (),
    env_overrides: Mapping[str, str | None] | None = None,
    workdir: Path | None = None,
    timeout_s: float = 60.0,
    tuned: bool = True,
    port: int | None = None,
) -> Iterator[Server]:
    """Run ``streamlit run SCRIPT [extra_args]`` from the repo root until the block exits.

    NW_DATA_DIR is ``workdir/data`` (``workdir`` defaults to a temporary directory);
    ``env_overrides`` is applied last, None removing a variable. ``tuned=False`` runs
    plain ``python -m streamlit``: only to measure what the tuning changes. ``port``:
    the port to listen on (a process started again where nginx expects it), else a free one.
    """
    with ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nw-server-")))
        data_dir = workdir / "data"
        data_dir.mkdir(parents=True, exist_ok=True)
        port = free_port() if port is None else port
        log_path = workdir / f"streamlit-{port}.log"
        env = dict(os.environ)
        env["NW_DATA_DIR"] = str(data_dir)
        env["PYTHONUNBUFFERED"] = "1"  # so the log is complete when a failure shows it
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
        # A file, not a PIPE: nobody reads a pipe while a test runs, and a full pipe
        # buffer would block the server mid-run.
        with log_path.open("ab") as log:  # a process started again keeps the first log
            process = subprocess.Popen(  # noqa: S603 -- argv from this module and the caller
                cmd,
                cwd=REPO_ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        stack.callback(stop, process)
        server = Server(f"http://127.0.0.1:{port}", data_dir, log_path, process)
        name = f"streamlit on port {port}"
        wait_healthy(f"{server.url}/_stcore/health", process, timeout_s, name, server.read_log)
        with log_on_failure(name, server.read_log):
            yield server


@contextmanager
def log_on_failure(name: str, read_log: Callable[[], str]) -> Iterator[None]:
    """Add the end of a process's log to any exception that leaves the block."""
    try:
        yield
    except Exception as exc:
        exc.add_note(f"--- last lines of the log of {name}:\n{read_log()[-LOG_TAIL_CHARS:]}")
        raise


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


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate (nginx: fast shutdown), then kill what is still running after 10 s."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
