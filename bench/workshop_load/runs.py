"""One load run against a server started here, a running one, or a cluster behind nginx.

Every run creates its own workshop, runs the room (``scenario``, ``facilitator``), checks
the store (``harness.store_access.check_room``) and prints the report. Servers started
here run with the production setup (``serve.py``'s tuning and ``PRODUCTION_FLAGS``), and a
traceback in any of their logs fails the run.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench.workshop_load.facilitator import facilitate
from bench.workshop_load.probe import ServerProbe
from bench.workshop_load.report import print_report, summarize
from bench.workshop_load.scenario import Load, Options
from harness import REPO_ROOT
from harness.cluster import start_cluster
from harness.server import Server, start_server
from harness.store_access import check_room, data_dir_url, store_access
from networking_works.bank import load_bank

BANK_ID = "networking"
BANK_PATH = REPO_ROOT / "questions" / f"{BANK_ID}.yaml"
PRODUCTION_FLAGS = ["--runner.postScriptGC", "false"]  # plus TCP_NODELAY, by serve.py


def one_address_env(opts: Options) -> dict[str, str | None]:
    """Every phone of a run comes from this machine's one address, as a room behind one
    venue Wi-Fi does: its servers let one client bring the whole room (README, "Abuse"),
    unless the environment already says otherwise."""
    return {
        "NW_JOINS_PER_CLIENT_5S": os.environ.get("NW_JOINS_PER_CLIENT_5S") or str(opts.participants)
    }


LOG_TAIL_CHARS = 3000


@dataclass(frozen=True)
class Target:
    """Where the load goes and what is measured there."""

    url: str
    database_url: str
    pids: list[int]  # server processes to sample (none: not measured)
    note: str  # how the servers run, for the report's first line


def run_load(opts: Options, target: Target) -> tuple[int, dict[str, Any]]:
    """One room against ``target``: (exit code, summary)."""
    parts = len(load_bank(BANK_PATH).parts)
    with store_access(target.database_url) as store:
        title = f"Load test, {opts.participants} phones"
        room = store.create_room(title, BANK_ID, opts.speaker_paced, None)
        load = Load(opts, target.url, room, parts, ServerProbe(target.pids))
        asyncio.run(load.run(facilitate))
        sent = [(p.token, p.answers) for p in load.people]
        store_problems = check_room(store, room, parts, sent)
    summary = summarize(load, store_problems)
    summary["workshop_id"] = room.workshop_id
    summary["options"] = vars(opts)
    print_report(opts, summary, target.note)
    ok = not summary["errors"] and not summary["store_problems"] and not summary["failed"]
    return (0 if ok else 1), summary


def run_on_url(
    opts: Options, url: str, database_url: str, pid: int | None
) -> tuple[int, dict[str, Any]]:
    """Against a running server whose store is ``database_url``, measuring ``pid``."""
    note = f"server {url}" + (f" (pid {pid})" if pid else "")
    return run_load(opts, Target(url, database_url, [pid] if pid else [], note))


def run_on_new_server(
    opts: Options, flags: list[str], database_url: str | None, workdir: Path | None
) -> tuple[int, dict[str, Any]]:
    """Against one server started here (SQLite in its NW_DATA_DIR without ``database_url``)."""
    with ExitStack() as stack:
        if workdir is None:
            workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nw-loadgen-")))
        server = stack.enter_context(
            start_server(
                extra_args=flags,
                env_overrides={"DATABASE_URL": database_url, **one_address_env(opts)},
                workdir=workdir,
            )
        )
        db_url = database_url or data_dir_url(server.data_dir)
        note = f"server started here ({' '.join(flags)}, TCP_NODELAY, {backend(db_url)})"
        code, summary = run_load(opts, Target(server.url, db_url, [server.pid], note))
        return max(code, check_logs([server], summary)), summary


def run_on_cluster(
    opts: Options, flags: list[str], database_url: str, count: int
) -> tuple[int, dict[str, Any]]:
    """Against ``count`` servers started here behind the nginx of deploy/."""
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nw-cluster-")))
        cluster = stack.enter_context(
            start_cluster(
                count,
                database_url=database_url,
                workdir=workdir,
                extra_args=flags,
                env_overrides=one_address_env(opts),
            )
        )
        note = (
            f"{count} server process{'es' if count > 1 else ''} behind nginx, started here "
            f"({' '.join(flags)}, TCP_NODELAY, {backend(database_url)})"
        )
        print()
        code, summary = run_load(opts, Target(cluster.url, database_url, cluster.pids, note))
        return max(code, check_logs(cluster.servers, summary)), summary


def backend(database_url: str) -> str:
    return sa.engine.make_url(database_url).get_backend_name()


def check_logs(servers: list[Server], summary: dict[str, Any]) -> int:
    """1 if any server logged a traceback (printing the end of that log), else 0."""
    logs = [server.read_log() for server in servers]
    summary["server_log_tracebacks"] = sum(log.count("Traceback") for log in logs)
    for log in logs:
        if "Traceback" in log:
            print(
                f"server log: {log.count('Traceback')} tracebacks; last lines:\n"
                f"{log[-LOG_TAIL_CHARS:]}"
            )
    return 1 if summary["server_log_tracebacks"] else 0
