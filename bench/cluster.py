"""The deploy/ recipe for benchmarks: N ``streamlit run`` processes behind nginx.

The same nginx config ``deploy/start.sh`` runs (rendered by ``deploy/render_nginx.py``,
sticky on the ``nw_route`` cookie), in front of N servers started like
``streamlit_server.start_server`` starts one (TCP_NODELAY, the given flags), all on one
shared database. Clients must fetch a page over HTTP first and send nginx's cookie
with their websocket, as a phone does (``loadgen.py --http``).
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from streamlit_server import REPO_ROOT, Server, ServerError, free_port, start_server, wait_healthy

sys.path.insert(0, str(REPO_ROOT))  # deploy/ is a folder of scripts, not an installed package
from deploy import render_nginx  # noqa: E402


@dataclass(frozen=True)
class Cluster:
    url: str  # nginx, e.g. http://127.0.0.1:40123
    servers: list[Server]
    nginx_log_dir: Path

    @property
    def pids(self) -> list[int]:
        return [s.pid for s in self.servers]


def find_nginx() -> str:
    found = shutil.which("nginx")
    if found is None and os.access("/usr/sbin/nginx", os.X_OK):
        found = "/usr/sbin/nginx"  # not on a normal user's PATH on Debian
    if found is None:
        raise ServerError("nginx not found (Debian: apt-get install -y nginx)")
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
    env = {
        **(env_overrides or {}),
        "DATABASE_URL": database_url,
        # As deploy/start.sh: every process signs cookies with the same secret.
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
    }
    with ExitStack() as stack:
        servers = [
            stack.enter_context(
                start_server(
                    "app.py",
                    extra_args=extra_args,
                    env_overrides=env,
                    workdir=workdir / f"process-{i + 1}",
                    tuned=True,
                )
            )
            for i in range(count)
        ]
        ports = [int(s.url.rsplit(":", 1)[1]) for s in servers]
        listen = free_port()
        prefix = workdir / "nginx"
        render_nginx.write_config(f"127.0.0.1:{listen}", ports, prefix)
        with (prefix / "logs" / "nginx.out").open("wb") as out:
            nginx = subprocess.Popen(  # noqa: S603 -- the recipe's own argv
                render_nginx.nginx_argv(find_nginx(), prefix),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            url = f"http://127.0.0.1:{listen}"
            nginx_out = prefix / "logs" / "nginx.out"
            wait_healthy(
                f"{url}/_stcore/health",
                nginx,
                15,
                "nginx",
                lambda: nginx_out.read_text(errors="replace"),
            )
            yield Cluster(url, servers, prefix / "logs")
        finally:
            nginx.terminate()
            nginx.wait(timeout=10)
