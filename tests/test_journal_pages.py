"""AppTests of the journal, the comparisons with other people and the count tick.

Every AppTest in a test talks to the same cached ``resources.store()`` (SQLite in a
temporary folder, or the PostgreSQL test database where a test says so).
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from networking_works import answering
from networking_works.bank import load_bank
from networking_works.journal import to_json
from networking_works.norms import MIN_PEOPLE
from networking_works.progress import Stage
from networking_works.report import build_report
from networking_works.schema import journal_entries, journals, norms
from networking_works.store import Counted, Store, Workshop
from networking_works.tokens import hash_secret, now
from networking_works.workshop import MIN_FOR_AGGREGATE
from tests.page_test import app, html, keyed, press, rerun, texts
from web import keys, resources, routes
from web.text import plain

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")
PARTS = [p.id for p in BANK.parts]

pytestmark = pytest.mark.usefixtures("app_env")


def store() -> Store:
    return resources.store()


def answers(value: int) -> dict[str, int]:
    return {s.id: value for s in BANK.statements}


def finished(value: int, journal: str | None = None, counted: bool = True) -> str:
    token = store().journals.retake(journal) if journal else store().assessments.start(BANK.id)
    assert token is not None
    found = store().assessments.get(token)
    assert found is not None
    answering.complete(store(), BANK, found, answers(value), counted)
    return token


def journal_of(values: list[int]) -> str:
    """A journal kept from a result of ``values[0]``, retaken with the rest; its token."""
    first = finished(values[0])
    report = build_report(BANK, answers(values[0]), store().database.now())
    journal = store().journals.keep(first, BANK.id, report.to_dict())
    for value in values[1:]:
        finished(value, journal)
    return journal


def test_keep_a_journal_from_a_result_opens_it_with_its_private_link() -> None:
    token = finished(4)
    at = app("results", a=token)
    assert "Keep a private journal" in texts(at)
    at = press(at, keys.KEEP_JOURNAL)
    journal = at.query_params["j"]
    found = store().journals.get(journal)
    assert found is not None and len(found.entries) == 1
    at = rerun(at.switch_page(routes.JOURNAL.file))
    assert "Your networking journal" in texts(at)
    assert [c.value for c in at.code] == [f"http://localhost:8501/journal?j={journal}"]
    assert "Every result (1)" in texts(at)
    assert "Retake the assessment in a few weeks" in texts(at)
    # Back on the result, it says where the result is and offers no second journal.
    again = app("results", a=token)
    assert "This result is in a journal" in texts(again)
    assert not keyed(again, keys.KEEP_JOURNAL)


def test_the_journal_page_shows_before_after_changes_and_every_result() -> None:
    journal = journal_of([2, 4, 5])
    at = app("journal", j=journal)
    page = texts(at)
    assert "Before and after" in page and "Every result (3)" in page
    latest, previous = (build_report(BANK, answers(v), store().database.now()) for v in (5, 4))
    for part, before, after in zip(BANK.parts, previous.scores, latest.scores, strict=True):
        assert before is not None and after is not None
        assert plain(f"{part.title} {after - before:+.0f} since ") in page
    assert len(at.table[0].value) == 3
    assert len(at.get("plotly_chart")) == 2  # the before/after radar and the trends
    radar = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = [t["name"] for t in radar["data"]]
    assert names[0].startswith("Now (") and names[1].startswith("Before (")
    labels = {d.label for d in at.get("download_button")}
    assert {"Add the reminder to my calendar (.ics)", "Download the whole journal (JSON)"} <= labels


def test_retaking_from_the_journal_adds_to_it_and_leads_back() -> None:
    journal = journal_of([2])
    at = press(app("journal", j=journal), keys.JOURNAL_RETAKE)
    assert at.query_params["j"] == journal
    retake = at.query_params["a"]
    found = store().assessments.get(retake)
    assert found is not None and found.journal_id == hash_secret(journal)
    answering.complete(store(), BANK, found, answers(5))
    at = app("results", a=retake, j=journal)
    assert "This result is in your journal" in texts(at)
    assert [p.proto.page for p in at.get("page_link") if "journal" in p.proto.page]
    entries = store().journals.get(journal).entries  # type: ignore[union-attr]
    assert len(entries) == 2
    # The result may be shared and handed out with its before/after radar.
    at.checkbox(key=keys.SHARE_BEFORE).check()
    at = press(rerun(at), keys.SHARE)
    shared = store().results.get(at.code[0].value.rsplit("r=", 1)[1])
    assert shared is not None and shared["before"]["scores"] == entries[0].report.scores
    page = app("results", r=at.code[0].value.rsplit("r=", 1)[1])
    traces = json.loads(page.get("plotly_chart")[0].proto.spec)["data"]
    assert len(traces) == 2 and traces[1]["name"].startswith("Before (")


def test_removing_one_result_and_deleting_the_journal() -> None:
    journal = journal_of([2, 4, 5])
    at = app("journal", j=journal)
    first = store().journals.get(journal).entries[0]  # type: ignore[union-attr]
    at.selectbox(key=keys.JOURNAL_REMOVE_WHICH).set_value(first.id)
    at = press(rerun(at), keys.JOURNAL_REMOVE)
    assert "Every result (2)" in texts(at)
    at = rerun(at.checkbox(key=keys.JOURNAL_DELETE_SURE).check())
    at = press(at, keys.JOURNAL_DELETE)
    assert "Your journal is deleted" in texts(at)
    with store().database.read() as conn:
        for table, column in (
            (journals, journals.c.id),
            (journal_entries, journal_entries.c.journal_id),
        ):
            query = (
                sa.select(sa.func.count()).select_from(table).where(column == hash_secret(journal))
            )
            assert conn.execute(query).scalar_one() == 0
    assert "This journal is not here" in texts(app("journal", j=journal))


def test_an_exported_journal_is_imported_as_a_new_one() -> None:
    journal = journal_of([2, 5])
    exported = to_json(store().journals.get(journal).entries)  # type: ignore[union-attr]
    at = app("journal")
    at.file_uploader(key=keys.JOURNAL_IMPORT_FILE).upload("journal.json", exported)
    at = press(at, keys.JOURNAL_IMPORT)
    moved = at.query_params["j"]
    assert moved != journal and len(store().journals.get(moved).entries) == 2  # type: ignore[union-attr]


def test_a_damaged_journal_file_is_refused_with_a_reason() -> None:
    at = app("journal")
    at.file_uploader(key=keys.JOURNAL_IMPORT_FILE).upload("journal.json", b'{"format": 1}')
    at = press(at, keys.JOURNAL_IMPORT)
    assert "That did not work: this file is not a journal" in texts(at)


def test_a_journal_with_titles_no_bank_has_is_refused_naming_the_field() -> None:
    journal = journal_of([3])
    data = json.loads(to_json(store().journals.get(journal).entries))  # type: ignore[union-attr]
    data["entries"][0]["result"]["parts"][1]["title"] = "x" * 4000
    at = app("journal")
    at.file_uploader(key=keys.JOURNAL_IMPORT_FILE).upload("journal.json", json.dumps(data).encode())
    at = press(at, keys.JOURNAL_IMPORT)
    assert (
        "That did not work: result 1 of the journal: the title of part 2 is longer than "
        "200 characters."
    ) in texts(at)
    assert "j" not in at.query_params  # no journal was started from it


@pytest.mark.parametrize("token", ["", "x", "<b>x</b>", "a" * 22, "A" * 5000])
def test_an_unknown_journal_link_is_friendly(token: str) -> None:
    at = app("journal", j=token)
    assert "This journal is not here" in texts(at) or "opens with its private link" in texts(at)


# -- how you compare -----------------------------------------------------------------


def seed(people: dict[float, int]) -> None:
    for score, count in people.items():
        for _ in range(count):
            token = store().assessments.start(BANK.id)
            scores = dict.fromkeys(PARTS, score)
            store().assessments.finish(
                token, {}, scores, [], version=0, counted=Counted(BANK.version)
            )


@pytest.fixture
def both_databases(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's store on this test's database: SQLite, and PostgreSQL when available."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    resources.clear()


@pytest.mark.usefixtures("both_databases")
def test_the_results_page_shows_percentiles_over_a_known_distribution() -> None:
    seed({20.0: 10, 50.0: 20, 80.0: 10})
    mine = finished(4)  # 55 on every part; counted too: 41 people
    at = app("results", a=mine)
    page = texts(at)
    assert "How you compare" in page
    for part in BANK.parts:
        shown = f"{part.title}: higher than 73% of the 41 people who took this question bank here"
        assert plain(shown) in page  # 30 of 41 scored lower than 55


@pytest.mark.usefixtures("both_databases")
def test_fewer_than_30_people_say_why_no_percentile_is_shown() -> None:
    seed({50.0: MIN_PEOPLE - 2})
    at = app("results", a=finished(4))  # the 29th
    page = texts(at)
    assert "higher than" not in page
    assert "once at least 30 people have taken this version" in page
    assert "29 so far (1 to go)" in page


def test_the_last_part_asks_to_count_and_an_untick_counts_nothing() -> None:
    token = store().assessments.start(BANK.id)
    for step in range(len(BANK.parts) - 1):
        found = store().assessments.get(token)
        assert found is not None

        store().assessments.save(
            token, Stage.QUESTIONS, step + 1, answers(4), version=found.version
        )
    at = app("questions", a=token)
    box = at.checkbox(key=keys.COUNT_IN_NORMS)
    assert box.value is True and box.label == "Count my scores, anonymously, in the averages"
    for pills in at.pills:
        pills.set_value(4)
    box.uncheck()
    at = press(at, keys.QUESTIONS_NEXT)  # submits the form: the answers and the untick
    assert "Your networking radar" in texts(at)
    with store().database.read() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(norms)).scalar_one() == 0


def room_with(owner: Store, score: float) -> tuple[Workshop, str]:
    """A room whose three people finished with ``score`` on every part and let it count."""
    workshop, secret = owner.workshops.create("Job club", BANK.id, False, None)
    for _ in range(MIN_FOR_AGGREGATE):
        token = owner.workshops.join(workshop.id, "")
        scores = dict.fromkeys(PARTS, score)
        owner.assessments.finish(token, {}, scores, [], version=0, counted=Counted(BANK.version))
    return workshop, secret


def past_rooms_ended(scores: list[float]) -> None:
    """Rooms that ran two days ago (a clock in the past), ended and purged now."""
    two_days_ago = now() - timedelta(days=2)
    # The app store's purge thread starts with a purge: run late, it would delete these
    # rooms (ended by the real clock) while they are being filled. Purged below instead.
    store().expiry.stop()
    past = Store(str(store().url.render_as_string(hide_password=False)), clock=lambda: two_days_ago)
    try:
        for score in scores:
            room_with(past, score)
    finally:
        past.database.dispose()
    store().purge_expired()
    store().norms.cache.forget("rooms")


def test_the_screen_shows_the_room_against_past_rooms_when_the_remote_asks() -> None:
    past_rooms_ended([20.0, 40.0, 50.0, 70.0])
    mine, secret = room_with(store(), 60.0)
    store().workshops.update(mine.id, revealed=True)
    remote = app("control", w=mine.id, k=secret)
    remote = press(remote, keys.ROOM_PAST)
    assert store().workshops.get(mine.id).compare_past  # type: ignore[union-attr]
    shown = html(app("screen", code=mine.code))
    assert "at least 5 rooms" in shown and "(4 so far)" in shown
    past_rooms_ended([80.0])
    shown = html(app("screen", code=mine.code))
    assert "This room against 5 past rooms" in shown
    assert "Creation: higher than 3 of 5" in shown
    remote = press(rerun(remote), keys.ROOM_PAST)
    assert "past rooms" not in html(app("screen", code=mine.code))
