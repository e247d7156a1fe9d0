"""What one Streamlit rerun of each page costs the server, against an empty script.

Run from the repo root::

    .venv/bin/python bench/rerun_cost.py [--reruns N] [--warmup W] [--rounds R]
        [--runner.postScriptGC false] [--config server.enableWebsocketCompression=true]

Part 1 times the pure scoring code (``score``, ``diagnose``, ``build_report``) and the
radar figure for one assessment of the default bank (median µs per call).

Part 2 starts two real servers side by side, one for an empty script (just
``import streamlit as st``) and one for ``app.py``, each with the same extra flags.
For every page it opens a websocket session (``harness/sync_client.py``), loads the
page, does W warm-up reruns and then N measured reruns. The server's CPU time
(utime + stime of its process, all threads, from /proc/PID/stat) is read before and
after each batch; the client times every rerun from request to ``script_finished``.
The N reruns are split into R rounds that visit every page in turn, so a burst of
noise on the machine spreads over all pages rather than hitting one. Reruns send no
widget interaction: the welcome page is rerun, never started.

Any ``--section.option value`` argument not listed above, and every
``--config section.option=value``, is passed to both ``streamlit run`` commands.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

# Run as a script, Python puts bench/ first on sys.path; the repo root goes first, so
# the harness and networking_works are this checkout's, not an installed copy.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import plotly.io  # noqa: E402
import streamlit  # noqa: E402

from harness import REPO_ROOT  # noqa: E402
from harness.protocol import Run  # noqa: E402
from harness.server import Server, config_flags, passed_flags, start_server  # noqa: E402
from harness.stats import percentile  # noqa: E402
from harness.store_access import data_dir_url, store_access  # noqa: E402
from harness.sync_client import SyncSession  # noqa: E402
from networking_works.bank import Bank, load_bank  # noqa: E402
from networking_works.charts import Series, radar  # noqa: E402
from networking_works.diagnosis import diagnose  # noqa: E402
from networking_works.report import build_report  # noqa: E402
from networking_works.scoring import NOT_APPLICABLE, score  # noqa: E402
from web import links, routes  # noqa: E402

BANK_PATH = REPO_ROOT / "questions" / "networking.yaml"
BANK_ID = "networking"


@dataclass(frozen=True)
class PageSpec:
    label: str
    url_path: str  # "" for the default page
    query: str
    expect: str  # an element type every run of the page must render


@dataclass
class PageStats:
    spec: PageSpec
    server: Server
    session: SyncSession
    cpu_s: float = 0.0
    latencies_s: list[float] = field(default_factory=list)
    messages: int = 0
    received_bytes: int = 0

    @property
    def cpu_ms_per_rerun(self) -> float:
        return 1000 * self.cpu_s / len(self.latencies_s)


# -- part 1: pure code ---------------------------------------------------------------


def sample_answers(bank: Bank) -> dict[str, int]:
    """A fixed, varied answer set: every value 1..5 and a few "does not apply"."""
    answers: dict[str, int] = {}
    for i, statement in enumerate(bank.statements):
        answers[statement.id] = NOT_APPLICABLE if i % 11 == 10 else 1 + (i * 3) % 5
    return answers


def median_us(func: Callable[[], object], repeat: int = 11) -> float:
    """Median µs per call over ``repeat`` batches of about 0.2 s each."""
    timer = timeit.Timer(func)
    number, _ = timer.autorange()
    return 1e6 * statistics.median(timer.repeat(repeat=repeat, number=number)) / number


def time_pure_code(bank: Bank) -> list[tuple[str, float]]:
    answers = sample_answers(bank)
    created = datetime(2026, 1, 1, tzinfo=UTC)
    scores = score(bank, answers)
    report = build_report(bank, answers, created)
    figure = radar(report.titles, [Series("Score", report.scores)])
    return [
        ("score", median_us(lambda: score(bank, answers))),
        ("diagnose", median_us(lambda: diagnose(bank, scores))),
        (
            "build_report (score + diagnose + report)",
            median_us(lambda: build_report(bank, answers, created)),
        ),
        (
            "charts.radar (plotly figure)",
            median_us(lambda: radar(report.titles, [Series("Score", report.scores)])),
        ),
        (
            "plotly.io.to_json (as st.plotly_chart)",
            median_us(lambda: plotly.io.to_json(figure, validate=False)),
        ),
    ]


# -- part 2: real servers ------------------------------------------------------------


def prepare_tokens(data_dir: Path, bank: Bank) -> dict[str, str]:
    """Assessments for each page, written to the server's own SQLite file."""
    with store_access(data_dir_url(data_dir)) as store:
        return store.start_assessments(BANK_ID, sample_answers(bank))


def app_pages(tokens: dict[str, str]) -> list[PageSpec]:
    return [
        PageSpec("welcome", "", "", "button"),
        *(
            PageSpec(
                name,
                routes.by_name(name).url_path,
                links.walk(routes.by_name(name), token).query_text(),
                kind,
            )
            for name, token, kind in (
                ("definition", tokens["definition"], "progress"),
                ("questions", tokens["questions"], "button_group"),
                ("results", tokens["results"], "plotly_chart"),
            )
        ),
    ]


def element_types(result: Run) -> set[str]:
    return {element.kind for element in result.elements}


def checked(stats: PageStats, result: Run, page_hash: str) -> Run:
    """``result`` if it is a plain, complete run of the page; otherwise stop loudly."""
    problem = None
    if result.page_not_found:
        problem = "page not found"
    elif stats.session.page_script_hash != page_hash:
        problem = "the run switched to another page"
    elif stats.spec.expect and stats.spec.expect not in element_types(result):
        problem = f"no {stats.spec.expect} element (got {sorted(element_types(result))})"
    if problem:
        sys.exit(f"{stats.spec.label}: {problem}. Server log:\n{stats.server.read_log()[-3000:]}")
    return result


def measure(stats: PageStats, reruns: int, page_hash: str) -> None:
    cpu_before = stats.server.cpu_seconds()
    for _ in range(reruns):
        result = stats.session.rerun()
        stats.latencies_s.append(result.elapsed_s)
        stats.messages += len(result.messages)
        stats.received_bytes += result.received_bytes
    stats.cpu_s += stats.server.cpu_seconds() - cpu_before
    checked(stats, result, page_hash)


def run_servers(
    bank: Bank,
    reruns: int,
    warmup: int,
    rounds: int,
    extra_args: list[str],
    workdir: Path,
    tcp_nodelay: bool,
) -> list[PageStats]:
    empty_script = workdir / "empty_app.py"
    empty_script.write_text("import streamlit as st\n")
    with (
        start_server(
            empty_script, extra_args=extra_args, tuned=tcp_nodelay, workdir=workdir / "e"
        ) as empty,
        start_server(extra_args=extra_args, tuned=tcp_nodelay, workdir=workdir / "app") as app,
    ):
        tokens = prepare_tokens(app.data_dir, bank)
        plan = [(empty, PageSpec("empty script", "", "", ""))]
        plan += [(app, spec) for spec in app_pages(tokens)]
        pages: list[PageStats] = []
        hashes: list[str] = []
        try:
            for server, spec in plan:
                stats = PageStats(spec, server, SyncSession(server.url))
                pages.append(stats)
                first = stats.session.connect(spec.url_path, spec.query)
                hashes.append(stats.session.page_script_hash)
                checked(stats, first, hashes[-1])
                for _ in range(warmup):
                    checked(stats, stats.session.rerun(), hashes[-1])
            per_round = [reruns // rounds + (i < reruns % rounds) for i in range(rounds)]
            for count in per_round:
                for stats, page_hash in zip(pages, hashes, strict=True):
                    measure(stats, count, page_hash)
        finally:
            for stats in pages:
                stats.session.close()
    return pages


# -- output --------------------------------------------------------------------------


def print_pure(rows: list[tuple[str, float]]) -> None:
    width = max(len(name) for name, _ in rows)
    print(f"{'pure code, one assessment':<{width}}  median µs/call")
    for name, us in rows:
        print(f"{name:<{width}}  {us:14.1f}")


def print_table(pages: list[PageStats]) -> None:
    base = pages[0].cpu_ms_per_rerun
    header = (
        f"{'page':<13} {'CPU ms/rerun':>12} {'x empty':>8} {'p50 ms':>8} {'p95 ms':>8} "
        f"{'msgs/run':>8} {'KiB/run':>8}"
    )
    print(header)
    print("-" * len(header))
    for stats in pages:
        n = len(stats.latencies_s)
        ratio = stats.cpu_ms_per_rerun / base if base > 0 else float("nan")
        print(
            f"{stats.spec.label:<13} {stats.cpu_ms_per_rerun:12.2f} {ratio:8.2f} "
            f"{1000 * percentile(stats.latencies_s, 50):8.2f} "
            f"{1000 * percentile(stats.latencies_s, 95):8.2f} "
            f"{stats.messages / n:8.1f} {stats.received_bytes / n / 1024:8.2f}"
        )


# -- command line --------------------------------------------------------------------


def server_flags(unknown: list[str], configs: list[str]) -> list[str]:
    """``--section.option value`` pairs for ``streamlit run``, checked for shape."""
    try:
        return config_flags(configs) + passed_flags(unknown)
    except ValueError as exc:
        sys.exit(str(exc))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Other --section.option VALUE flags go to both streamlit servers.",
    )
    parser.add_argument("--reruns", type=int, default=200, help="measured reruns per page")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured reruns per page")
    parser.add_argument("--rounds", type=int, default=4, help="split reruns into R rounds")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="SECTION.OPTION=VALUE",
        help="a server flag, e.g. runner.postScriptGC=false (repeatable)",
    )
    parser.add_argument(
        "--tcp-nodelay",
        action="store_true",
        help="start the servers with TCP_NODELAY on their connections (Streamlit 1.67 "
        "leaves Nagle on, which adds ~40 ms of delayed-ACK wait to each rerun's latency)",
    )
    parser.add_argument("--skip-pure", action="store_true", help="only measure the servers")
    args, unknown = parser.parse_known_args(argv)
    if args.reruns < 1 or args.warmup < 0 or not 1 <= args.rounds <= args.reruns:
        parser.error("need reruns >= 1, warmup >= 0 and 1 <= rounds <= reruns")
    extra = server_flags(unknown, args.config)

    bank = load_bank(BANK_PATH)
    print(
        f"streamlit {streamlit.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    print(
        f"server flags: {' '.join(extra) or '(Streamlit defaults)'}"
        f"{'; tuned as serve.py (TCP_NODELAY)' if args.tcp_nodelay else ''}"
    )
    if not args.skip_pure:
        print()
        print_pure(time_pure_code(bank))
    print()
    print(
        f"{args.reruns} reruns per page after {args.warmup} warm-up, in {args.rounds} rounds; "
        "CPU = server process utime+stime"
    )
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="nw-rerun-cost-") as tmp:
        pages = run_servers(
            bank, args.reruns, args.warmup, args.rounds, extra, Path(tmp), args.tcp_nodelay
        )
    print_table(pages)
    print(f"(took {time.monotonic() - started:.0f} s; load average now {os.getloadavg()[0]:.2f})")


if __name__ == "__main__":
    main()
