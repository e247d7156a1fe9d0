"""Page tests (Streamlit's AppTest), one way for every test module: open a page with its
query parameters and session state, press a widget, read what the page shows.

Every run goes through ``ok``, so an exception element on any page fails the test at the
run that drew it: a traceback in front of a user is never a passing page. Widgets are
found by the keys of web/keys.py where they have one (``press``, ``at.get_by_key``), by
their label where the label is what the test is about (``click``).

The tests using these need the ``app_env`` fixture (tests/conftest.py): a fresh SQLite
store and empty caches, shared by every AppTest of a test as by the sessions of a server.
"""

from __future__ import annotations

from collections.abc import Mapping

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Button

from harness import REPO_ROOT
from web import routes

APP = str(REPO_ROOT / "app.py")
TIMEOUT_S = 30  # a cold first run imports plotly and compiles the bank
# The elements that carry the app's sentences (st.html is read with ``html``).
TEXT_KINDS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "warning",
    "info",
    "error",
    "success",
)


def ok(at: AppTest, *context: object) -> AppTest:
    """``at``, after failing the test if its last run drew an exception element."""
    assert not at.exception, [
        *context,
        *(f"{e.value}\n{''.join(e.stack_trace)}" for e in at.exception),
    ]
    return at


def rerun(at: AppTest) -> AppTest:
    """The session's next run (a widget's change, a press, a refresh), checked."""
    return ok(at.run())


def app(
    page: str | None = None, *, session: Mapping[str, object] | None = None, **params: str
) -> AppTest:
    """A new browser session opening ``/page?params`` with ``session`` in its state.

    The first run goes through app.py, so ``st.navigation`` registers exactly the pages
    this URL may see, and ``switch_page()`` refuses any other (ValueError). AppTest 1.67
    then runs a switched-to page file on its own, without app.py (found by counting calls
    of ``lookups.facilitated``); ``alone`` runs a page that way from the start.
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    for name, value in (session or {}).items():
        at.session_state[name] = value
    at.query_params.update(params)
    at = rerun(at)
    if page:
        at.switch_page(routes.by_name(page).file)
        at = rerun(at)
    return at


def alone(page: str, *, check: bool = True, **params: str) -> AppTest:
    """The page file run by itself, without app.py: what a session gets before app.py
    registered its pages, so a page's own guards are tested without navigation's.

    ``check=False`` leaves the exception check to the caller (a fuzz test names the
    drawn input in its message).
    """
    at = AppTest.from_file(APP, default_timeout=TIMEOUT_S)
    at.switch_page(routes.by_name(page).file)
    at.query_params.update(params)
    at.run()
    return ok(at) if check else at


def now_on(at: AppTest, page: str) -> AppTest:
    """Keep the session on ``page``, where the app itself just navigated.

    AppTest requests the page of its last ``switch_page()`` on every run, even after
    the app called ``st.switch_page``; a browser stays where the app sent it.
    """
    return at.switch_page(routes.by_name(page).file)


def texts(at: AppTest) -> str:
    """Every sentence the page shows in a text element, one element a line."""
    return "\n".join(str(e.value) for kind in TEXT_KINDS for e in at.get(kind))


def html(at: AppTest) -> str:
    """What the page drew with st.html (the projected screen draws most of itself so)."""
    return "\n".join(e.proto.body for e in at.get("html"))


def labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def click(at: AppTest, label: str) -> AppTest:
    """Press the first button labelled ``label`` and run."""
    buttons = [b for b in at.button if b.label == label]
    assert buttons, f"no {label!r} button; there are {labels(at)}"
    buttons[0].click()
    return rerun(at)


def press(at: AppTest, key: str) -> AppTest:
    """Press the button with widget key ``key`` (web/keys.py), which must be enabled."""
    button = at.button(key=key)
    assert not button.disabled, button.label
    button.click()
    return rerun(at)


def keyed(at: AppTest, key: str) -> list[Button]:
    """The buttons with widget key ``key``: none where the page does not offer it."""
    return [b for b in at.button if b.key == key]
