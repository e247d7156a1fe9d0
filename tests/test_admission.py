"""web/admission.py: at most N page scripts of a process run at once, oldest first."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest

from web import admission


@pytest.fixture(autouse=True)
def fresh_gate(app_env: None) -> Iterator[None]:
    admission._gate.cache_clear()
    yield
    admission._gate.cache_clear()


def most_at_once(runs: int) -> int:
    """Start ``runs`` threads that each hold a slot for a moment; the peak inside."""
    inside = peak = 0
    lock = threading.Lock()

    def run() -> None:
        nonlocal inside, peak
        with admission.admitted():
            with lock:
                inside += 1
                peak = max(peak, inside)
            time.sleep(0.1)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    return peak


def test_no_more_than_the_setting_run_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NW_RUNS_AT_ONCE", "3")
    assert most_at_once(12) == 3


def test_the_default_gate(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NW_RUNS_AT_ONCE", "four")  # a typo keeps the default
    assert most_at_once(12) == admission.DEFAULT_RUNS_AT_ONCE


def test_zero_turns_the_gate_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NW_RUNS_AT_ONCE", "0")
    assert most_at_once(12) > admission.DEFAULT_RUNS_AT_ONCE


def test_a_run_that_stops_early_gives_its_slot_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NW_RUNS_AT_ONCE", "1")
    for _ in range(3):  # st.stop() and st.rerun() leave a script by raising
        with pytest.raises(RuntimeError), admission.admitted():
            raise RuntimeError("stopped")
    assert most_at_once(2) == 1
