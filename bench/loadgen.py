"""Workshop load: hundreds of phones join one room and answer it, over plain HTTP.

Run from the repo root::

    .venv/bin/python bench/loadgen.py --participants 100 --join-within 30 --think 2:8
        [--speaker-paced] [--no-script] [--url URL --database-url DB_URL [--server-pid PID]]
        [--json PATH] [--workdir DIR] [--config section.option=value ...]
        [--processes N[,M...] --database-url DB_URL] [--generators K]

Without ``--url`` it starts ``streamlit run asgi.py`` (app.py as an st.App, the audience
pages mounted beside it) itself with the production setup (``harness/server.py``: through
``serve.py``, so TCP_NODELAY on the connections, and ``runner.postScriptGC false``), on
SQLite in a fresh NW_DATA_DIR (or on ``--database-url``, passed to the server as
DATABASE_URL); with ``--processes`` N of them behind the nginx of ``deploy/``
(``harness/cluster.py``). It creates the workshop directly in the store, then runs, in
one asyncio process (``bench/workshop_load/``):

* **N phones** on the audience pages (``harness/phone.py``: one httpx client each, with
  its own cookies and kept-alive connections). Each starts at a random moment within
  ``--join-within`` seconds, opens the room's link ``/room/CODE``, sends the join form
  (half give a nickname), skips the definition, then answers each part: a random option
  in each statement's radio group, then Next, and must reach its result with its radar.
  Phones follow the forms they are given (hidden fields, CSRF tokens, buttons by their
  value) and the redirect that answers each post, and fetch the stylesheet and script a
  page names once, as a browser's cache does. Every action (typing the nickname,
  reading, each statement, each press) is preceded by a think time drawn from
  ``--think A:B`` seconds. With ``--speaker-paced`` the room opens one part at a time;
  a phone ahead of the speaker gets the waiting page and waits as its script does (the
  long poll it names, then a reload), or with ``--no-script`` as a phone without
  JavaScript does (the page's refresh). Behind nginx (``--processes``) phones never send
  its sticky cookie back: audience pages need no sticky sessions.
* **One speaker**: the projected screen (``/screen?code=…``) and the remote
  (``/control?w=…&k=…``), Streamlit sessions whose live fragments rerun every 3 s.
  Speaker-paced, the remote opens the next part once ``--open-when`` of the room has
  finished the open parts (or ``--part-max-wait`` seconds after the last opening); it
  reveals the results once ``--reveal-at`` of the room has completed, so the screen then
  draws the room's charts on every refresh.

It prints each step's latency (one request each: a post by the form it sent, a GET by
the page that came back, the speaker's by their Streamlit request), "part opened →
shown" (for every phone that waited on a part: from the speaker's press to that part's
page on the phone), errors, requests per second, the server's CPU time
(``/proc/PID/stat``) per wall second and per request, its RSS memory, the generator's
own CPU per request, and then checks the store (``harness/store_access.py``):
``room_counts`` must be (N, N), every participant's stored answers must be exactly the
ones sent, and every participant must have exactly one set of part scores. Exit code 1
on any error, failed check or server traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

# Run as a script, Python puts bench/ first on sys.path; the repo root goes first, so
# the harness, web/ and networking_works are this checkout's, not an installed copy.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import streamlit  # noqa: E402

from bench.workshop_load.report import print_ratios  # noqa: E402
from bench.workshop_load.runs import (  # noqa: E402
    PRODUCTION_FLAGS,
    run_on_cluster,
    run_on_new_server,
    run_on_url,
)
from bench.workshop_load.scenario import Options  # noqa: E402
from deploy.render_nginx import ROUTE_COOKIE  # noqa: E402
from harness.server import config_flags  # noqa: E402
from harness.store_access import data_dir_url  # noqa: E402


def think_range(text: str) -> tuple[float, float]:
    low, sep, high = text.partition(":")
    try:
        values = (float(low), float(high if sep else low))
    except ValueError:
        raise argparse.ArgumentTypeError("want A:B seconds, e.g. 2:8") from None
    if not 0 <= values[0] <= values[1]:
        raise argparse.ArgumentTypeError("want 0 <= A <= B")
    return values


def process_counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError("want N or N,M,... (process counts)") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("process counts must be at least 1")
    return counts


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--join-within", type=float, default=30.0, metavar="S")
    parser.add_argument("--think", type=think_range, default=(2.0, 8.0), metavar="A:B")
    parser.add_argument("--speaker-paced", action="store_true")
    parser.add_argument(
        "--open-when", type=float, default=0.9, metavar="F", help="speaker-paced: share ready"
    )
    parser.add_argument("--part-max-wait", type=float, default=60.0, metavar="S")
    parser.add_argument(
        "--reveal-at", type=float, default=0.8, metavar="F", help=">1: never reveal"
    )
    parser.add_argument("--nickname-share", type=float, default=0.5, metavar="F")
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument(
        "--no-script",
        action="store_true",
        help="phones wait as without JavaScript (the waiting page's refresh)",
    )
    parser.add_argument("--url", help="an existing server instead of starting one")
    parser.add_argument("--database-url", help="the server's store (default: SQLite)")
    parser.add_argument("--data-dir", type=Path, help="with --url: the server's NW_DATA_DIR")
    parser.add_argument("--server-pid", type=int, help="with --url: measure this process")
    parser.add_argument("--workdir", type=Path, help="keep the started server's data and log")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="SECTION.OPTION=VALUE",
        help="an extra flag for the started server (repeatable)",
    )
    parser.add_argument(
        "--processes",
        type=process_counts,
        metavar="N[,M...]",
        help="behind nginx (deploy/): N server processes; with N,M the same room on each, "
        "one after the other, and their ratios (needs --database-url)",
    )
    parser.add_argument(
        "--generators",
        type=int,
        default=1,
        metavar="K",
        help="spread the phones over K processes (bench/workshop_load/shares.py)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.processes and (args.url or not args.database_url):
        parser.error("--processes starts its own servers and needs --database-url, not --url")
    if args.participants < 1:
        parser.error("--participants must be at least 1")
    if args.url and not (args.database_url or args.data_dir):
        parser.error("--url needs --database-url or --data-dir (the server's store)")
    try:
        args.flags = PRODUCTION_FLAGS + config_flags(args.config)
    except ValueError as exc:
        parser.error(str(exc))
    return args


def options(args: argparse.Namespace) -> Options:
    return Options(
        participants=args.participants,
        join_within=args.join_within,
        think=args.think,
        speaker_paced=args.speaker_paced,
        open_when=args.open_when,
        part_max_wait=args.part_max_wait,
        reveal_at=args.reveal_at,
        nickname_share=args.nickname_share,
        timeout=args.timeout,
        script=not args.no_script,
        seed=args.seed,
        generators=max(1, args.generators),
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    opts = options(args)
    print(
        f"streamlit {streamlit.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    summary: dict[str, Any]
    if args.processes:
        # nginx's sticky cookie is never sent back: audience pages need no sticky sessions.
        spread = replace(opts, drop_cookies=(ROUTE_COOKIE,))
        runs = [
            run_on_cluster(spread, args.flags, args.database_url, count) for count in args.processes
        ]
        code = max(c for c, _ in runs)
        summary = {"runs": {n: s for n, (_, s) in zip(args.processes, runs, strict=True)}}
        if len(runs) > 1:
            summary["ratios"] = print_ratios(args.processes, [s for _, s in runs])
    elif args.url:
        db_url = args.database_url or data_dir_url(args.data_dir)
        code, summary = run_on_url(opts, args.url, db_url, args.server_pid)
    else:
        code, summary = run_on_new_server(opts, args.flags, args.database_url, args.workdir)
    print(f"(load average now {os.getloadavg()[0]:.2f})")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str))
    return code


if __name__ == "__main__":
    sys.exit(main())
