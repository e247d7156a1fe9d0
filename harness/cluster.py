"""The deploy/ recipe on one machine: N ``streamlit run`` processes behind nginx.

The nginx config is the one ``deploy/start.sh`` runs, rendered by
``deploy/render_nginx.py`` (sticky on the ``nw_route`` cookie), in front of N servers
started by ``harness.server.start_server`` (through ``serve.py``, as start.sh does), all
on one database and signing cookies with one secret. Clients must fetch a page over HTTP
first and send nginx's cookie with their websocket, as a phone does.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from deploy import render_nginx
from harness.server import (
    Server,
    ServerError,
    free_port,
    log_on_failure,
    start_server,
    stop,
    wait_healthy,
)

NGINX_START_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class Cluster:
    url: str  # nginx, e.g. http://127.0.0.1:40123
    servers: list[Server]
    nginx_log_dir: Path  # access.log (route and upstream of every request), error.log
    nginx_process: subprocess.Popen[bytes] | None = field(default=None, compare=False)
    # Starts process ``i`` again on its port (set by start_cluster, which owns its life).
    _start_again: Callable[[int], Server] | None = field(default=None, compare=False, repr=False)

    def kill(self, index: int) -> None:
        """SIGKILL app process ``index``, as the kernel's OOM killer or a crash ends it:
        no shutdown, its websockets and in-flight requests cut."""
        process = self.servers[index].process
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def start_again(self, index: int) -> float:
        """Start app process ``index`` again where nginx expects it (same port, data and
        log); the seconds until it answered its health check."""
        if self._start_again is None:
            raise ServerError("this cluster cannot start a process again")
        started = time.perf_counter()
        self.servers[index] = self._start_again(index)
        return time.perf_counter() - started

    def reload_nginx(self) -> None:
        """``nginx -s reload``: SIGHUP to the master, which starts new workers on the
        config and lets the old ones finish their requests."""
        if self.nginx_process is None:
            raise ServerError("no nginx process to reload")
        self.nginx_process.send_signal(signal.SIGHUP)

    @property
    def pids(self) -> list[int]:
        return [s.pid for s in self.servers]

    @property
    def backends(self) -> tuple[str, ...]:
        """Each process as nginx names it in X-Upstream and its log: ``127.0.0.1:PORT``."""
        return tuple(f"{render_nginx.BACKEND_HOST}:{s.port}" for s in self.servers)

    @property
    def access_log(self) -> Path:
        return self.nginx_log_dir / "access.log"

    def read_logs(self) -> str:
        """nginx's own output and error log."""
        paths = [self.nginx_log_dir / "nginx.out", self.nginx_log_dir / "error.log"]
        return "\n".join(p.read_text(errors="replace") for p in paths if p.is_file())


def find_nginx() -> str | None:
    """The nginx binary, also where a normal user's PATH on Debian does not reach."""
    found = shutil.which("nginx")
    if found is None and os.access("/usr/sbin/nginx", os.X_OK):
        found = "/usr/sbin/nginx"
    return found


@contextmanager
def start_cluster(
    count: int,
    *,
    database_url: str,
    workdir: Path,
    extra_args: Sequence[str] = (),
    env_overrides: Mapping[str, str | None] | None = None,
) -> Iterator[Cluster]:
    """``count`` servers sharing ``database_url`` behind one nginx, until the block exits."""
    nginx = find_nginx()
    if nginx is None:
        raise ServerError("nginx not found (Debian: apt-get install -y nginx)")
    env = {
        **(env_overrides or {}),
        "DATABASE_URL": database_url,
        # As deploy/start.sh: every process signs cookies with the same secret, and
        # believes the client address nginx passes on.
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        "NW_TRUST_PROXY_HEADERS": "1",
    }
    with ExitStack() as stack:

        def start(index: int, port: int | None = None) -> Server:
            return stack.enter_context(
                start_server(
                    extra_args=extra_args,
                    env_overrides=env,
                    workdir=workdir / f"process-{index + 1}",
                    port=port,
                )
            )

        servers = [start(i) for i in range(count)]
        ports = [s.port for s in servers]
        listen = free_port()
        prefix = workdir / "nginx"
        render_nginx.write_config(f"127.0.0.1:{listen}", ports, prefix)
        with (prefix / "logs" / "nginx.out").open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 -- the recipe's own argv
                render_nginx.nginx_argv(nginx, prefix),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        stack.callback(stop, process)
        cluster = Cluster(
            f"http://127.0.0.1:{listen}",
            servers,
            prefix / "logs",
            process,
            lambda index: start(index, ports[index]),
        )
        health = f"{cluster.url}/_stcore/health"
        wait_healthy(health, process, NGINX_START_TIMEOUT_S, "nginx", cluster.read_logs)
        with log_on_failure("nginx", cluster.read_logs):
            yield cluster
