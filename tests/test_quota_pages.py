"""Quotas as a person meets them on the Streamlit pages (issue 23, M7): past a client's
quota of shares or journal imports, a clear message, nothing stored, nothing lost."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from networking_works.journal import to_json
from networking_works.schema import journals
from tests.page_test import app, click, press, texts
from tests.test_journal_pages import journal_of
from tests.test_pages import finished_token
from web import keys, resources

pytestmark = pytest.mark.usefixtures("app_env")


def test_past_its_quota_of_shares_a_client_is_told_and_nothing_is_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NW_SHARES_PER_CLIENT_DAY", "1")
    at = click(app("results", a=finished_token()), "Share my result")
    assert len(at.code) == 2 and resources.store().results.count() == 1
    at = click(app("results", a=finished_token()), "Share my result")
    assert "No link was made: you have shared the most results allowed" in texts(at)
    assert not at.exception and len(at.code) == 0
    assert resources.store().results.count() == 1
    assert "Share my result" in [b.label for b in at.button]  # the offer is still there


def _journals() -> int:
    with resources.store().database.read() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(journals)).scalar_one())


def test_past_its_quota_of_imports_a_client_is_told_and_nothing_is_stored(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NW_JOURNAL_IMPORTS_PER_CLIENT_DAY", "1")
    journal = journal_of([2, 5])
    exported = to_json(resources.store().journals.get(journal).entries)  # type: ignore[union-attr]
    at = app("journal")
    at.file_uploader(key=keys.JOURNAL_IMPORT_FILE).upload("journal.json", exported)
    at = press(at, keys.JOURNAL_IMPORT)
    assert at.query_params.get("j") and _journals() == 2
    at = app("journal")
    at.file_uploader(key=keys.JOURNAL_IMPORT_FILE).upload("journal.json", exported)
    at = press(at, keys.JOURNAL_IMPORT)
    assert "This journal was not imported: you have imported the most journals" in texts(at)
    assert not at.exception and not at.query_params.get("j") and _journals() == 2
