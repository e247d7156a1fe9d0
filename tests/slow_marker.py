"""The ``slow`` marker, enforced: ``scripts/test -m "not slow"`` is the quick suite only if
every test that starts a real server, a browser, nginx or a cluster says so.

Two checks, as pytest hooks (tests/conftest.py imports them):

- a test asking for a fixture that starts one (``SLOW_FIXTURES``) fails at setup;
- a test that launches one itself (``start_server``, ``start_cluster``, nginx, Chromium
  or Playwright's driver, seen by an audit hook on ``subprocess.Popen``) fails at the
  launch, before the process exists.

Tests over about a second for other reasons (a big Hypothesis budget) carry the marker by
hand: a time limit would be a timed test, and speed is measured in benchmarks.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Generator, Sequence
from typing import Any

import pytest

SLOW_FIXTURES = frozenset({"browser", "page", "streamlit_server", "nginx"})
HOW = "mark it slow (pytestmark = pytest.mark.slow, or @pytest.mark.slow)"

_current: list[pytest.Item] = []  # the test running now; nested for pytester's inner runs


def launched_kind(argv: Sequence[str]) -> str | None:
    """What a process with ``argv`` is, if it is one only slow tests may start."""
    if not argv:
        return None
    program = os.path.basename(argv[0])
    if program.startswith("nginx"):
        return "nginx"
    if program.startswith(("chromium", "chrome")):
        return "a browser"
    if "run-driver" in argv:
        return "Playwright's browser driver"
    if "run" in argv and "--server.port" in argv:
        return "a Streamlit server"
    return None


def _argv(args: Any) -> list[str]:
    if isinstance(args, str | bytes | os.PathLike):
        return [os.fsdecode(args)]
    return [os.fsdecode(a) if isinstance(a, str | bytes | os.PathLike) else str(a) for a in args]


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if event != "subprocess.Popen" or not _current:
        return
    item = _current[-1]
    kind = launched_kind(_argv(args[1]))
    if kind is not None and item.get_closest_marker("slow") is None:
        raise RuntimeError(f"{item.nodeid} starts {kind} but is not marked slow: {HOW}")


if not getattr(sys, "_nw_slow_audit", False):  # an audit hook cannot be removed: add it once
    sys.addaudithook(_audit)
    sys._nw_slow_audit = True  # type: ignore[attr-defined]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    _current.append(item)
    try:
        return (yield)
    finally:
        _current.pop()


def pytest_runtest_setup(item: pytest.Item) -> None:
    used = SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))
    if used and item.get_closest_marker("slow") is None:
        pytest.fail(f"uses the {', '.join(sorted(used))} fixture but is not marked slow: {HOW}")
