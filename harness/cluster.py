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
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
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
        servers = [
            stack.enter_context(
                start_server(
                    extra_args=extra_args,
                    env_overrides=env,
                    workdir=workdir / f"process-{i + 1}",
                )
            )
            for i in range(count)
        ]
        listen = free_port()
        prefix = workdir / "nginx"
        render_nginx.write_config(f"127.0.0.1:{listen}", [s.port for s in servers], prefix)
        cluster = Cluster(f"http://127.0.0.1:{listen}", servers, prefix / "logs")
        with (prefix / "logs" / "nginx.out").open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 -- the recipe's own argv
                render_nginx.nginx_argv(nginx, prefix),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        stack.callback(stop, process)
        health = f"{cluster.url}/_stcore/health"
        wait_healthy(health, process, NGINX_START_TIMEOUT_S, "nginx", cluster.read_logs)
        with log_on_failure("nginx", cluster.read_logs):
            yield cluster
