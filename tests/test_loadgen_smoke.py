"""Smoke runs of the workshop load generator (bench/loadgen.py) against real servers.

Two small rooms, each on its own `streamlit run asgi.py` started by the generator (SQLite
in a temporary directory, the production flags), run side by side to keep the test
short, both speaker-paced so every phone waits while the speaker's remote (a Streamlit
session) opens the parts one by one: 20 phones over plain HTTP, spread over two
generator processes, waiting as the page's script does (the long poll), and 5 waiting
as a phone without JavaScript does (the waiting page's refresh). Think times are
0-0.3 s. Each run must end without errors, every phone must have been timed from the
speaker's press to its part, and the store must hold exactly one joined and one
completed response per phone, checked here again independently of the generator's own
check.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from harness import REPO_ROOT
from harness.store_access import data_dir_url, store_access

pytestmark = pytest.mark.slow

LOADGEN = REPO_ROOT / "bench" / "loadgen.py"
TIMEOUT_S = 150
PARTS = 6


@dataclass(frozen=True)
class Room:
    participants: int
    args: tuple[str, ...]


PACED = ("--speaker-paced", "--open-when", "1")
ROOMS = {
    "long poll": Room(20, ("--join-within", "3", *PACED, "--generators", "2")),
    "no script": Room(5, ("--join-within", "2", *PACED, "--no-script")),
}


@dataclass
class Outcome:
    returncode: int
    output: str
    summary: dict[str, Any]
    data_dir: Path


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)  # never a developer's real database
    env["PYTHONUNBUFFERED"] = "1"
    running = {}
    for name, room in ROOMS.items():
        workdir = tmp_path_factory.mktemp(name)
        cmd = [
            sys.executable,
            str(LOADGEN),
            "--participants",
            str(room.participants),
            "--think",
            "0:0.3",
            "--seed",
            "7",
            "--workdir",
            str(workdir),
            "--json",
            str(workdir / "summary.json"),
            *room.args,
        ]
        process = subprocess.Popen(  # noqa: S603 -- our own script with fixed arguments
            cmd,
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        running[name] = (process, workdir)
    results = {}
    try:
        for name, (process, workdir) in running.items():
            output, _ = process.communicate(timeout=TIMEOUT_S)
            summary_path = workdir / "summary.json"
            summary = json.loads(summary_path.read_text()) if summary_path.exists() else {}
            results[name] = Outcome(process.returncode, output, summary, workdir / "data")
        yield results
    finally:
        for process, _ in running.values():
            if process.poll() is None:
                process.kill()
                process.wait()


@pytest.mark.parametrize("name", list(ROOMS))
def test_every_participant_completes_once(name: str, outcomes: dict[str, Outcome]) -> None:
    outcome, n = outcomes[name], ROOMS[name].participants
    assert outcome.returncode == 0, outcome.output
    summary = outcome.summary
    assert summary["errors"] == [], outcome.output
    assert summary["store_problems"] == [], outcome.output
    assert summary["server_log_tracebacks"] == 0, outcome.output
    assert (summary["finished"], summary["failed"]) == (n, 0), outcome.output
    steps = summary["steps"]
    assert steps["join page"]["count"] == steps["join post"]["count"] == n
    for part in range(1, PARTS + 1):
        assert steps[f"part {part} post"]["count"] == n, part
    # Each phone arrived on its result once (with a script, drawn in its last post's answer).
    assert summary["pages_shown"]["result"] == n
    assert steps["every phone request"]["errors"] == 0
    assert steps["screen refresh"]["count"] >= 1
    assert steps["remote refresh"]["count"] >= 1
    assert summary["remote_counts"] == [n, n]

    # The counts of the generator's own check, read again here from the outside.
    workshop_id = summary["workshop_id"]
    with store_access(data_dir_url(outcome.data_dir)) as store:
        assert store.counts(workshop_id) == (n, n)
        assert sorted(store.part_score_counts(workshop_id).values()) == [PARTS] * n


@pytest.mark.parametrize("name", list(ROOMS))
def test_every_phone_waited_for_the_speaker(name: str, outcomes: dict[str, Outcome]) -> None:
    summary, n = outcomes[name].summary, ROOMS[name].participants
    steps = summary["steps"]
    # Everyone answers faster than the speaker opens parts, so every phone waits, and
    # the speaker pressed "Open part 2" .. "Open part 6".
    assert steps["remote click"]["count"] >= PARTS - 1
    assert summary["waited_s_max"] > 0
    assert summary["pages_shown"]["waiting"] >= n
    assert steps["part opened → shown"]["count"] >= n
    if name == "long poll":
        assert steps["long poll (held)"]["count"] >= n
    else:
        assert "long poll (held)" not in steps, "a phone without script polled"
