"""Render deploy/nginx.conf.template into a runnable nginx config (standard library only).

Used by deploy/start.sh and by harness/cluster.py (tests/test_scale_out.py and
``bench/loadgen.py --processes``), so tests and benchmarks run exactly the config the
recipe produces. Placeholders are ``${NW_NAME}``, as with envsubst limited
to a list of names: nginx's own ``$variables`` pass through untouched, and a
placeholder this module does not know is an error rather than an empty string.

    python deploy/render_nginx.py --listen 8080 --backend 8501 --backend 8502 --prefix DIR

writes ``DIR/nginx.conf`` (creating ``DIR/logs`` and ``DIR/temp``) and prints its path.
Run it with ``nginx -p DIR -c DIR/nginx.conf -g 'daemon off;'`` (see ``nginx_argv``).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

TEMPLATE = Path(__file__).resolve().with_name("nginx.conf.template")
ERROR_PAGES = Path(__file__).resolve().with_name("errors")  # nginx's own pages (error_page)
BACKEND_HOST = "127.0.0.1"
DEFAULT_MAX_BODY = "2m"  # Streamlit's own limit here is 1 MB (server.maxUploadSize)
ROUTE_COOKIE = "nw_route"


@dataclass(frozen=True)
class ClientLimits:
    """nginx's limits per client address (see the template), sized for a room of 2,000
    people behind one address: two connections a phone, plus a tenth."""

    connections: int = 4400
    rate: str = "1000r/s"
    burst: int = 10000


UPSTREAM_HEADER = "X-Upstream"

_PLACEHOLDER = re.compile(r"\$\{(NW_[A-Z_]+)\}")
_LISTEN = re.compile(r"^(?:(?:\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):)?\d{1,5}$")
_SIZE = re.compile(r"^\d+[kKmM]?$")


def substitute(template: str, values: Mapping[str, str]) -> str:
    """Replace every ``${NW_...}``; unknown names raise ``KeyError``."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"{TEMPLATE.name}: no value for ${{{name}}}")
        return values[name]

    return _PLACEHOLDER.sub(one, template)


def render(
    listen: str | int,
    backend_ports: Sequence[int],
    prefix: str | Path,
    *,
    max_body: str = DEFAULT_MAX_BODY,
    limits: ClientLimits = ClientLimits(),
) -> str:
    """The nginx config text for nginx on ``listen`` in front of ``backend_ports``."""
    listen = str(listen)
    if not _LISTEN.match(listen):
        raise ValueError(f"listen must be PORT or ADDRESS:PORT, not {listen!r}")
    ports = [int(p) for p in backend_ports]
    if not ports:
        raise ValueError("at least one backend port is needed")
    if len(set(ports)) != len(ports) or not all(0 < p < 65536 for p in ports):
        raise ValueError(f"backend ports must be distinct TCP ports, not {ports}")
    if not _SIZE.match(max_body):
        raise ValueError(f"max_body must be an nginx size such as 2m, not {max_body!r}")
    prefix_path = Path(prefix).resolve()
    if re.search(r"[\s;{}\"'$]", str(prefix_path)):
        raise ValueError(f"the prefix path must not contain spaces or ;{{}}\"'$: {prefix_path}")
    servers = "\n".join(
        f"        server {BACKEND_HOST}:{port} max_fails=1 fail_timeout=5s;" for port in ports
    )
    return substitute(
        TEMPLATE.read_text(encoding="utf-8"),
        {
            "NW_PREFIX": str(prefix_path),
            "NW_ERRORS": _plain_path(ERROR_PAGES),
            "NW_LISTEN": listen,
            "NW_SERVERS": servers,
            "NW_MAX_BODY": max_body,
            "NW_CONN_PER_CLIENT": str(int(limits.connections)),
            "NW_REQ_RATE": _rate(limits.rate),
            "NW_REQ_BURST": str(int(limits.burst)),
        },
    )


def _plain_path(path: Path) -> str:
    if re.search(r"[\s;{}\"'$]", str(path)):
        raise ValueError(f"the recipe's path must not contain spaces or ;{{}}\"'$: {path}")
    return str(path)


def _rate(rate: str) -> str:
    if not re.fullmatch(r"\d+r/[sm]", rate):
        raise ValueError(f"rate must be an nginx rate such as 1000r/s, not {rate!r}")
    return rate


def write_config(
    listen: str | int,
    backend_ports: Sequence[int],
    prefix: str | Path,
    *,
    max_body: str = DEFAULT_MAX_BODY,
    limits: ClientLimits = ClientLimits(),
) -> Path:
    """Write ``PREFIX/nginx.conf`` and the directories nginx writes to; return its path."""
    prefix_path = Path(prefix).resolve()
    text = render(listen, backend_ports, prefix_path, max_body=max_body, limits=limits)
    prefix_path.mkdir(mode=0o700, parents=True, exist_ok=True)
    for sub in ("logs", "temp"):
        (prefix_path / sub).mkdir(mode=0o700, parents=True, exist_ok=True)
    conf = prefix_path / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def nginx_argv(nginx: str | Path, prefix: str | Path) -> list[str]:
    """How to run the rendered config: in the foreground, everything under ``prefix``."""
    prefix_path = Path(prefix).resolve()
    return [
        str(nginx),
        "-p",
        f"{prefix_path}/",
        "-c",
        str(prefix_path / "nginx.conf"),
        "-g",
        "daemon off;",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", required=True, help="PORT or ADDRESS:PORT for nginx")
    parser.add_argument(
        "--backend",
        type=int,
        action="append",
        required=True,
        help=f"a Streamlit port on {BACKEND_HOST} (repeat for each process)",
    )
    parser.add_argument("--prefix", required=True, help="directory for config, logs, pid, temp")
    parser.add_argument("--max-body", default=DEFAULT_MAX_BODY, help="client_max_body_size")
    args = parser.parse_args(argv)
    try:
        conf = write_config(args.listen, args.backend, args.prefix, max_body=args.max_body)
    except (ValueError, KeyError) as exc:
        print(f"render_nginx: {exc}", file=sys.stderr)
        return 2
    print(conf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
