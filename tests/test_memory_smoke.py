"""A smoke run of the memory benchmark (bench/memory.py) against the real server it starts.

Three visitors of each kind (solo, and audience phones) after one warm-up visitor, on
SQLite in a temporary directory, with closed tabs' sessions kept 2 s instead of 120: each
must reach its results page, and once they are gone no Streamlit session may be live. The
figures themselves are the benchmark's (docs/benchmarks.md), not this test's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness import REPO_ROOT

pytestmark = pytest.mark.slow

BENCH = REPO_ROOT / "bench" / "memory.py"
TIMEOUT_S = 180


@pytest.mark.parametrize("driver", ["solo", "audience"])
def test_three_visitors_finish_and_leave_no_session(tmp_path: Path, driver: str) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # never a real store
    figures = tmp_path / "memory.json"
    args = ["--driver", driver, "--sessions", "3", "--warmup", "1", "--concurrency", "3"]
    args += ["--settle", "60"]
    args += ["--config", "server.disconnectedSessionTTL=2", "--workdir", str(tmp_path / "server")]
    done = subprocess.run(  # noqa: S603 -- this interpreter, this repo's benchmark
        [sys.executable, str(BENCH), *args, "--json", str(figures)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(figures.read_text())
    assert result["completed"] == 3 and result["failures"] == []
    assert result["server_tracebacks"] == 0
    after = result["after"]
    assert after["connected_sessions"] == 0 and after["app_sessions_not_shut_down"] == 0
    assert after["deferred_downloads"] == 0
    assert result["settled_after_s"] is not None
    assert result["peak_rss_kib"] >= result["before"]["rss_kib"] > 0
    assert "RSS before" in done.stdout and "target" in done.stdout
