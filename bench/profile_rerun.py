"""Where a rerun of one page spends the server's CPU: py-spy samples, summarised.

Run from the repo root (py-spy is not a project dependency; install it anywhere,
e.g. ``pip install --target /tmp/pyspy py-spy``)::

    .venv/bin/python bench/profile_rerun.py --page results --py-spy /tmp/pyspy/bin/py-spy
        [--seconds 10] [--rate 250] [--runner.postScriptGC false]

It starts ``app.py`` (or the empty script with ``--page empty``) like
``rerun_cost.py`` does (with TCP_NODELAY, so reruns are not spaced by ~40 ms
stalls), warms the page up, then reruns it in a loop while ``py-spy record --gil``
samples whichever server thread holds the GIL (so Python
work, including GC and C extensions that keep the GIL, but not time spent waiting).
It prints the share of samples spent in a few named costs, and the functions with
the most inclusive samples.
"""

from __future__ import annotations

import argparse
import collections
import inspect
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as a script, Python puts bench/ first on sys.path; the repo root goes first, so
# the harness and networking_works are this checkout's, not an installed copy.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rerun_cost import BANK_PATH, PageSpec, app_pages, prepare_tokens, server_flags  # noqa: E402
from streamlit.runtime.scriptrunner import script_runner  # noqa: E402

from harness.server import start_server  # noqa: E402
from harness.sync_client import SyncSession  # noqa: E402
from networking_works.bank import load_bank  # noqa: E402
from serve import APP  # noqa: E402


def _gc_call_line() -> int:
    """The line of ScriptRunner's ``gc.collect(2)`` (runner.postScriptGC)."""
    lines = inspect.getsource(script_runner).splitlines()
    return next(i for i, text in enumerate(lines, 1) if "gc.collect(" in text)


# (label, regex for a py-spy frame "function (/path/file.py:line)"). A sample counts
# for every label one of its frames matches, so the shares overlap where costs nest.
NAMED_COSTS = [
    (
        "gc.collect(2) after the run (runner.postScriptGC)",
        rf"scriptrunner/script_runner\.py:{_gc_call_line()}\)$",
    ),
    ("the page script (app.py + pages/*.py)", r"\.code_to_exec \("),
    ("  charts.radar: building the plotly figure", r"^radar \(.*/charts\.py:"),
    ("  st.plotly_chart: marshalling the figure", r"\.plotly_chart \(.*streamlit/elements/"),
    ("  store queries (SQLAlchemy + SQLite)", r"^Store\.\w+ \("),
    ("  build_report (score + diagnose)", r"^build_report \("),
    ("  ForwardMsg hashing on enqueue", r"^populate_hash_if_needed \("),
    ("new_session message (config, theme)", r"\._create_new_session_message \("),
    ("sending: serialize + websocket", r"\.write_forward_msg \("),
    ("ScriptRunner thread start", r"^ScriptRunner\.start \("),
]


def short(frame: str) -> str:
    """``func (/long/path/site-packages/pkg/mod.py:12)`` -> ``func (pkg/mod.py)``."""
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").rsplit(":", 1)[0]
    for marker in ("site-packages/", "python3.11/", "/work/main/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{name} ({path})"


def summarise(raw: Path, reruns: int, rate: int, top: int) -> None:
    stacks: list[tuple[list[str], int]] = []
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack:
            stacks.append((stack.split(";"), int(count)))
    total = sum(n for _, n in stacks)
    if not total:
        sys.exit("py-spy recorded no samples")
    print(
        f"{total} samples at {rate} Hz over {reruns} reruns: "
        f"≈ {1000 * total / rate / reruns:.1f} ms of sampled CPU per rerun"
    )
    print()
    print(f"{'named cost':<52} {'share':>6} {'ms/rerun':>8}")
    for label, pattern in NAMED_COSTS:
        regex = re.compile(pattern)
        hits = sum(n for frames, n in stacks if any(regex.search(f) for f in frames))
        share = hits / total
        print(f"{label:<52} {100 * share:5.1f}% {1000 * hits / rate / reruns:8.2f}")
    inclusive: collections.Counter[str] = collections.Counter()
    own: collections.Counter[str] = collections.Counter()
    for frames, n in stacks:
        names = [short(f) for f in frames]
        for name in set(names):
            inclusive[name] += n
        if names:
            own[names[-1]] += n
    print()
    print(f"top {top} functions by inclusive samples (share of all samples; self share)")
    for name, n in inclusive.most_common(top):
        print(f"{100 * n / total:5.1f}%  {100 * own[name] / total:5.1f}%  {name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--page",
        default="results",
        choices=["empty", "welcome", "definition", "questions", "results"],
    )
    parser.add_argument("--seconds", type=float, default=10.0, help="how long to sample")
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument("--top", type=int, default=25, help="functions to list")
    parser.add_argument("--py-spy", default=shutil.which("py-spy"), help="py-spy executable")
    parser.add_argument("--config", action="append", default=[], metavar="SECTION.OPTION=VALUE")
    args, unknown = parser.parse_known_args(argv)
    if not args.py_spy:
        parser.error("py-spy not found: pass --py-spy PATH")
    extra = server_flags(unknown, args.config)

    bank = load_bank(BANK_PATH)
    with tempfile.TemporaryDirectory(prefix="nw-profile-") as tmp:
        workdir = Path(tmp)
        script: str | Path = APP
        if args.page == "empty":
            script = workdir / "empty_app.py"
            script.write_text("import streamlit as st\n")
        with start_server(script, extra_args=extra, workdir=workdir, tuned=True) as server:
            if args.page == "empty":
                spec = PageSpec("empty", "", "", "")
            else:
                pages = app_pages(prepare_tokens(server.data_dir, bank))
                spec = next(p for p in pages if p.label == args.page)
            raw = workdir / "profile.txt"
            with SyncSession(server.url) as session:
                session.connect(spec.url_path, spec.query)
                for _ in range(20):
                    session.rerun()
                spy = subprocess.Popen(  # noqa: S603 -- the py-spy the caller named
                    [
                        args.py_spy,
                        "record",
                        "--pid",
                        str(server.pid),
                        "--rate",
                        str(args.rate),
                        "--duration",
                        str(round(args.seconds + 2)),
                        "--format",
                        "raw",
                        "--gil",  # only the thread holding the GIL: Python's CPU time
                        "--output",
                        str(raw),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                time.sleep(1.0)  # let py-spy attach before the measured reruns
                reruns = 0
                deadline = time.monotonic() + args.seconds
                while time.monotonic() < deadline:
                    session.rerun()
                    reruns += 1
                # Keep the loop's reruns inside the sampled window, then let it end.
                if spy.wait(timeout=args.seconds + 30) != 0:
                    sys.exit(f"py-spy failed (exit {spy.returncode}); is ptrace allowed?")
        print(f"page {args.page}, server flags: {' '.join(extra) or '(Streamlit defaults)'}")
        summarise(raw, reruns, args.rate, args.top)


if __name__ == "__main__":
    main()
