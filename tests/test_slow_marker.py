"""The slow marker is enforced (tests/slow_marker.py): a test that starts a server, a browser
or nginx without it fails, so ``-m "not slow"`` stays the quick suite."""

from __future__ import annotations

import sys

import pytest

from tests.slow_marker import launched_kind

pytest_plugins = ["pytester"]


@pytest.mark.parametrize(
    ("argv", "kind"),
    [
        # As harness/server.py starts one (through serve.py's tuning).
        (
            [sys.executable, "-c", "...", "run", "app.py", "--server.port", "8501"],
            "a Streamlit server",
        ),
        (["/usr/sbin/nginx", "-p", "run/nginx", "-c", "nginx.conf"], "nginx"),
        (["/usr/bin/chromium", "--headless"], "a browser"),
        (["node", "cli.js", "run-driver"], "Playwright's browser driver"),
        # The command line and the PDF tools are quick processes, not servers.
        ([sys.executable, "-m", "networking_works", "check", "bank.yaml"], None),
        (["pdftotext", "handout.pdf", "-"], None),
        ([], None),
    ],
)
def test_the_processes_only_slow_tests_may_start(argv: list[str], kind: str | None) -> None:
    assert launched_kind(argv) == kind


CONFTEST = """
import pytest

from tests.slow_marker import pytest_runtest_protocol, pytest_runtest_setup


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: slow")


@pytest.fixture
def browser():
    return "not a real browser: the check looks at the fixture's name"
"""

TESTS = """
import subprocess
import sys

import pytest

# Does nothing, but has the argv of harness/server.py's Streamlit server.
SERVER = [sys.executable, "-c", "pass", "run", "app.py", "--server.port", "1"]


def test_unmarked_with_the_browser(browser):
    pass


@pytest.mark.slow
def test_marked_with_the_browser(browser):
    pass


def test_unmarked_starting_a_server():
    subprocess.Popen(SERVER).wait()


@pytest.mark.slow
def test_marked_starting_a_server():
    assert subprocess.Popen(SERVER).wait() == 0


def test_unmarked_running_a_quick_process():
    assert subprocess.run([sys.executable, "-c", "pass"], check=False).returncode == 0
"""


def test_an_unmarked_test_with_a_browser_or_a_server_fails(pytester: pytest.Pytester) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.makepyfile(test_marking=TESTS)
    result = pytester.runpytest("-p", "no:randomly", "-p", "no:cacheprovider", "-rfE")
    result.assert_outcomes(passed=3, failed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "E * uses the browser fixture but is not marked slow: mark it slow*",
            "E *::test_unmarked_starting_a_server starts a Streamlit server but is not marked*",
            "FAILED test_marking.py::test_unmarked_starting_a_server *",
            "ERROR test_marking.py::test_unmarked_with_the_browser *",
        ]
    )
