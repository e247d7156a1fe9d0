"""The figures of a load run: a JSON-able summary, the printed report, ratios between runs."""

from __future__ import annotations

import statistics
from collections import Counter
from typing import Any

from bench.workshop_load.scenario import LONG_POLL, OPENED_SHOWN, STATIC_FILE, Load, Options
from harness.stats import QUANTILES, latency_summary, peak_mean, peak_rate

# Report order; a step not listed here (e.g. "internal") follows, sorted.
MAX_PARTS = 20
PHONE_STEPS = [
    "join page",
    "join post",
    "definition page",
    "definition skip",
    *(f"part {n} {what}" for n in range(1, MAX_PARTS + 1) for what in ("page", "post")),
    "waiting page",
    "redirect",
    "result page",
    STATIC_FILE,
]
STEPS = [
    *PHONE_STEPS,
    LONG_POLL,
    OPENED_SHOWN,
    "open websocket",
    "screen load",
    "screen refresh",
    "screen refresh (revealed)",
    "remote load",
    "remote refresh",
    "remote click",
]
STEP_WIDTH = 29
ERRORS_SHOWN = 20


def summarize(load: Load, store_problems: list[str]) -> dict[str, Any]:
    steps: dict[str, dict[str, Any]] = {}
    errors_by_step = Counter(step for step, _, _ in load.errors)
    for name in [*STEPS, *sorted(set(load.latencies) - set(STEPS))]:
        values = load.latencies.get(name, [])
        if values or errors_by_step[name]:
            steps[name] = {**latency_summary(values), "errors": errors_by_step[name]}
    for name in set(errors_by_step) - set(steps):
        steps[name] = {"count": 0, "errors": errors_by_step[name]}
    active = max(load.last_finish - load.first_start, 1e-9)
    seconds = [load.per_second.get(s, 0) for s in range(int(load.now()) + 1)]
    client_cpu = load.samples[-1].client_cpu - load.samples[0].client_cpu
    waits = [p.waited_s for p in load.people if p.finished]
    # Every request a phone makes but the long poll (held on purpose), for the bar.
    steps["every phone request"] = {
        **latency_summary([v for name in PHONE_STEPS for v in load.latencies.get(name, [])]),
        "errors": sum(errors_by_step[name] for name in PHONE_STEPS),
    }
    return {
        "participants": len(load.people),
        "finished": sum(p.finished for p in load.people),
        "failed": sum(bool(p.failed) for p in load.people),
        "active_s": active,
        "total_s": load.now(),
        "requests": load.requests,
        "requests_per_s": load.requests / active,
        "requests_per_s_peak_5s": peak_mean(seconds, 5),
        "script_runs": load.script_runs,
        "script_runs_per_s": load.script_runs / active,
        "steps": steps,
        "server": server_figures(load),
        "client_cpu_s": client_cpu,
        "client_cpu_ms_per_request": 1000 * client_cpu / max(load.requests, 1),
        "sessions_peak": max((s.sessions for s in load.samples), default=0),
        "waited_s_p50": statistics.median(waits) if waits else 0.0,
        "waited_s_max": max(waits, default=0.0),
        "remote_counts": load.remote_counts,
        "pages_shown": dict(load.shown),
        "timeline": [
            {
                "t": round(s.t, 1),
                "server_cpu_s": s.server_cpu,
                "rss_kib": s.rss_kib,
                "threads": s.threads,
                "sessions": s.sessions,
                "requests_answered": load.per_second.get(int(s.t), 0),
            }
            for s in load.samples
        ],
        "errors": [list(e) for e in load.errors],
        "store_problems": store_problems,
    }


def server_figures(load: Load) -> dict[str, Any]:
    """CPU while participants were active and over the whole run, memory, threads."""
    cpu_all = [(s.t, s.server_cpu) for s in load.samples if s.server_cpu is not None]
    cpu_active = [(t, c) for t, c in cpu_all if load.first_start - 1 <= t <= load.last_finish + 1]
    if len(cpu_active) < 2:
        return {}
    (t0, c0), (t1, c1) = cpu_active[0], cpu_active[-1]
    total = cpu_all[-1][1] - cpu_all[0][1]
    rss = [s.rss_kib for s in load.samples if s.rss_kib]
    return {
        "cpu_s_active": c1 - c0,
        "cpu_per_wall_s": (c1 - c0) / (t1 - t0),
        "cpu_per_wall_s_peak_5s": peak_rate(cpu_active, 5),
        "cpu_ms_per_request": 1000 * total / max(load.requests, 1),
        "cpu_s_total": total,
        "rss_mib_start": rss[0] / 1024 if rss else None,
        "rss_mib_peak": max(rss) / 1024 if rss else None,
        "rss_mib_end": rss[-1] / 1024 if rss else None,
        "threads_peak": max((s.threads or 0) for s in load.samples),
    }


def print_steps(steps: dict[str, dict[str, Any]]) -> None:
    header = (
        f"{'step':<{STEP_WIDTH}} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} "
        f"{'max ms':>8} {'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, row in steps.items():
        if not row["count"]:
            blanks = " ".join(f"{'':>8}" for _ in range(4))
            print(f"{name:<{STEP_WIDTH}} {0:>6} {blanks} {row['errors']:>6}")
            continue
        figures = " ".join(f"{row[key]:8.1f}" for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms"))
        print(f"{name:<{STEP_WIDTH}} {row['count']:>6} {figures} {row['errors']:>6}")


def print_report(opts: Options, summary: dict[str, Any], server_note: str) -> None:
    mode = "speaker-paced" if opts.speaker_paced else "self-paced"
    print(
        f"{summary['participants']} participants joining within {opts.join_within:g} s, think "
        f"{opts.think[0]:g}-{opts.think[1]:g} s per action, {mode}; {server_note}"
    )
    print_steps(summary["steps"])
    print(
        f"participants: {summary['finished']} finished, {summary['failed']} failed; "
        f"active {summary['active_s']:.0f} s (first join to last result), "
        f"peak {summary['sessions_peak']} phones and sessions at once"
    )
    if opts.speaker_paced:
        print(
            f"waited for the speaker: median {summary['waited_s_p50']:.0f} s, "
            f"max {summary['waited_s_max']:.0f} s per participant"
        )
    print(
        f"requests: {summary['requests']} ({summary['requests_per_s']:.1f}/s average, "
        f"{summary['requests_per_s_peak_5s']:.1f}/s peak over 5 s); the speaker's script runs: "
        f"{summary['script_runs']} ({summary['script_runs_per_s']:.1f}/s)"
    )
    server = summary["server"]
    if server:
        print(
            f"server CPU: {server['cpu_per_wall_s']:.3f} CPU-s per second while active "
            f"(peak {server['cpu_per_wall_s_peak_5s']:.2f} over 5 s), "
            f"{server['cpu_ms_per_request']:.2f} ms per request "
            f"({server['cpu_s_total']:.1f} s in all)"
        )
        print(
            f"server RSS: {server['rss_mib_start']:.0f} MiB at start, "
            f"{server['rss_mib_peak']:.0f} MiB peak, {server['rss_mib_end']:.0f} MiB at end; "
            f"threads peak {server['threads_peak']}"
        )
    else:
        print("server CPU/RSS: not measured (give --server-pid with --url)")
    print(
        f"load generator CPU: {summary['client_cpu_s']:.1f} s, "
        f"{summary['client_cpu_ms_per_request']:.2f} ms per request (all requests)"
    )
    counts = summary["remote_counts"]
    print(f"remote's last counts: joined {counts[0]}, completed {counts[1]}" if counts else "")
    problems = summary["store_problems"]
    n = summary["participants"]
    if problems:
        print("store check FAILED: " + "; ".join(problems))
    else:
        print(
            f"store check OK: room_counts ({n}, {n}); stored answers equal the sent ones; "
            "one set of part scores per participant"
        )
    for step, who, message in summary["errors"][:ERRORS_SHOWN]:
        print(f"ERROR {step} ({who}): {message}")
    if len(summary["errors"]) > ERRORS_SHOWN:
        print(f"... and {len(summary['errors']) - ERRORS_SHOWN} more errors")


def print_ratios(counts: list[int], summaries: list[dict[str, Any]]) -> dict[int, Any]:
    """The first run against each later one: ratio = first / later (above 1: later is better)."""
    base, ratios = summaries[0], {}
    quantiles = [f"p{q}" for q in QUANTILES]
    for count, other in zip(counts[1:], summaries[1:], strict=True):
        print(
            f"\n{counts[0]} process(es) against {count}, same room size and seed "
            f"(ratio = {counts[0]} / {count}; above 1 means {count} did better)"
        )
        header = f"{'step':<{STEP_WIDTH}} " + " ".join(f"{q + ' ratio':>10}" for q in quantiles)
        print(header)
        print("-" * len(header))
        rows: dict[str, Any] = {}
        for name, row in base["steps"].items():
            theirs = other["steps"].get(name)
            if not theirs or not row["count"] or not theirs["count"]:
                continue
            rows[name] = {q: row[f"{q}_ms"] / max(theirs[f"{q}_ms"], 1e-9) for q in quantiles}
            print(f"{name:<{STEP_WIDTH}} " + " ".join(f"{rows[name][q]:>10.2f}" for q in quantiles))
        cpu = (base["server"].get("cpu_s_total"), other["server"].get("cpu_s_total"))
        if all(cpu):
            rows["server CPU-s in all"] = cpu[0] / cpu[1]
            print(
                f"server CPU in all: {cpu[0]:.1f} s against {cpu[1]:.1f} s "
                f"(ratio {cpu[0] / cpu[1]:.2f})"
            )
        ratios[count] = rows
    return ratios
