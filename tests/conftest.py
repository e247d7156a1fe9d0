"""Shared fixtures: a live Streamlit server, headless Chromium, and PostgreSQL.

Missing browser or database skips the tests that need them, unless
NW_REQUIRE_BROWSER=1 / NW_REQUIRE_POSTGRES=1 (set by .ci/run) turns that into a failure.
"""

from __future__ import annotations

import importlib.util
import os
import re
import uuid
from collections.abc import Callable, Generator, Iterator
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings

from harness import REPO_ROOT
from harness.server import start_server
from networking_works.store import Store
from tests.browser_helpers import CHROMIUM_PATH, PHONE, launch_chromium

# The slow marker's two checks, registered as this conftest's own hooks.
from tests.slow_marker import pytest_runtest_protocol, pytest_runtest_setup  # noqa: F401

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ARTIFACTS_DIR = REPO_ROOT / "test-artifacts"

# Every property runs the same examples on every machine (CI is reproducible): the
# seed is derived from each test's name. HYPOTHESIS_PROFILE=explore draws fresh ones.
settings.register_profile(
    "ci",
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("explore", settings.get_profile("ci"), derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

_phase_reports = pytest.StashKey[dict[str, pytest.TestReport]]()


def _skip_or_fail(require_var: str, reason: str) -> NoReturn:
    if os.environ.get(require_var) == "1":
        pytest.fail(f"{reason} ({require_var}=1 makes this a failure)", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Derive markers from fixtures so `-m "not browser"` works without relying on
    # every test author to remember the decorator.
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & {"browser", "page"}:
            item.add_marker(pytest.mark.browser)
        if "pg_url" in fixtures:
            item.add_marker(pytest.mark.postgres)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(
    item: pytest.Item,
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    # Remember each phase's outcome so the `page` fixture can screenshot failures.
    report = yield
    item.stash.setdefault(_phase_reports, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def streamlit_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of one `streamlit run app.py` (started as serve.py does) for the session.

    Uses SQLite in a temporary NW_DATA_DIR; DATABASE_URL is removed so a developer's
    shell can never point the tests at a real database.
    """
    workdir = tmp_path_factory.mktemp("streamlit-server")
    with start_server(env_overrides={"DATABASE_URL": None}, workdir=workdir) as server:
        yield server.url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if importlib.util.find_spec("playwright") is None:
        _skip_or_fail(
            "NW_REQUIRE_BROWSER", "playwright is not installed (pip install -e '.[test]')"
        )
    if not os.access(CHROMIUM_PATH, os.X_OK):
        _skip_or_fail("NW_REQUIRE_BROWSER", f"{CHROMIUM_PATH} not found (apt-get install chromium)")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh page in its own context, sized like a phone (the app is mobile-first).

    On test failure a full-page screenshot is saved to test-artifacts/.
    """
    from playwright.sync_api import Error as PlaywrightError

    context = browser.new_context(viewport=PHONE)  # type: ignore[arg-type]
    page = context.new_page()
    try:
        yield page
    finally:
        call = request.node.stash.get(_phase_reports, {}).get("call")
        if call is not None and call.failed:
            ARTIFACTS_DIR.mkdir(exist_ok=True)
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.nodeid)
            # A crashed page must not hide the original failure.
            with suppress(PlaywrightError):
                page.screenshot(path=ARTIFACTS_DIR / f"{name}.png", full_page=True)
        context.close()


@pytest.fixture(scope="session")
def nginx() -> str:
    """The nginx binary; missing, it skips, or fails where the suite must be complete."""
    from harness.cluster import find_nginx

    found = find_nginx()
    if found is None:
        reason = "nginx not found (apt-get install nginx)"
        if os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}:
            pytest.fail(f"{reason}; in CI this is a failure", pytrace=False)
        _skip_or_fail("NW_REQUIRE_BROWSER", reason)
    return found


@pytest.fixture(scope="session")
def pg_url() -> str:
    """SQLAlchemy URL of the PostgreSQL test database (TEST_DATABASE_URL)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        _skip_or_fail("NW_REQUIRE_POSTGRES", "TEST_DATABASE_URL is not set")
    return url


# -- databases: every store test runs on SQLite and on PostgreSQL ---------------------

StoreFactory = Callable[..., Store]


def _drop_nw_tables(conn: sa.Connection) -> None:
    for name in sa.inspect(conn).get_table_names():
        if name.startswith("nw_"):
            conn.execute(sa.text(f'DROP TABLE IF EXISTS "{name}" CASCADE'))


@pytest.fixture(
    params=[
        "sqlite",
        # The marker conftest derives from `pg_url` is not seen through getfixturevalue.
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL for one test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/store.sqlite3"
        return
    url: str = request.getfixturevalue("pg_url")
    schema = f"nw_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(url)
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        scoped = sa.engine.make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        try:
            yield scoped.render_as_string(hide_password=False)
        finally:
            engine = sa.create_engine(scoped)
            try:
                with engine.begin() as conn:
                    _drop_nw_tables(conn)  # also covers nw_workshops, nw_part_scores, ...
            finally:
                engine.dispose()
            with admin.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        admin.dispose()


@pytest.fixture
def make_store(db_url: str) -> Iterator[StoreFactory]:
    opened: list[Store] = []

    def make(**kwargs: Any) -> Store:
        store = Store(db_url, **kwargs)
        opened.append(store)
        return store

    try:
        yield make
    finally:
        for store in opened:
            store.database.dispose()


@pytest.fixture
def store(make_store: StoreFactory) -> Store:
    return make_store()


@pytest.fixture
def app_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """AppTests run in this process: a fresh SQLite store, default settings, empty caches."""
    from web import resources  # only page tests need the web layer; core tests run without it

    monkeypatch.setenv("NW_DATA_DIR", str(tmp_path))
    for name in ("DATABASE_URL", "PUBLIC_URL", "NW_FACILITATOR_PASSPHRASE", "NW_QUESTIONS_DIR"):
        monkeypatch.delenv(name, raising=False)
    resources.clear()
    yield
    resources.clear()
