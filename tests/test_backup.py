"""A backup of a populated store, restored into an empty one, gives back every row."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from networking_works import answering
from networking_works.report import build_report
from networking_works.schema import workshops
from networking_works.store import Store
from networking_works.store.backup import BackupError, backup, restore, tables
from networking_works.tokens import aware
from tests.store_helpers import BANK, populated, private_schema, room, share

DEFAULT_BANK_TEXT = (
    Path(__file__).resolve().parent.parent / "questions" / "networking.yaml"
).read_text()


def fill(store: Store) -> tuple[str, str]:
    """Something in every table: solo, journal, shared, room, bank, limits and norms;
    the room's id and its secret."""
    token = store.assessments.start(BANK.id)
    found = store.assessments.get(token)
    assert found is not None
    answers = {s.id: 4 for s in BANK.statements}
    answering.complete(store, BANK, found, answers)  # counted: norms and room norms
    report = build_report(BANK, answers, store.database.now())
    store.journals.keep(token, BANK.id, report.to_dict())
    share(store, {"title": "Ünïcode ✓", "scores": [1.5, None]})
    workshop, secret = room(store, paced=True)
    populated(store, workshop, people=4)
    store.private_banks.save(DEFAULT_BANK_TEXT)
    store.limits.record("create", "client-hash")
    store.assessments.start(BANK.id)  # one still walking
    ended, _ = room(store)  # an ended room leaves its anonymous sums (nw_room_norms)
    for _person in range(3):
        joined = store.assessments.get(store.workshops.join(ended.id, ""))
        assert joined is not None
        answering.complete(store, BANK, joined, answers)
    with store.database.write() as conn:  # its time is up: the purge ends it
        past = store.database.now() - timedelta(minutes=1)
        conn.execute(sa.update(workshops).where(workshops.c.id == ended.id).values(expires_at=past))
    store.purge_expired()
    return workshop.id, secret


def rows(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    found: dict[str, list[tuple[Any, ...]]] = {}
    with store.database.engine.connect() as conn:
        for table in tables():
            order = list(table.primary_key.columns) or list(table.columns)
            found[table.name] = [
                tuple(aware(v) if hasattr(v, "tzinfo") and v is not None else v for v in row)
                for row in conn.execute(sa.select(table).order_by(*order))
            ]
    return found


@pytest.fixture
def other_url(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database of the same kind as ``db_url``."""
    if db_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path}/restored.sqlite3"
        return
    with private_schema(request.getfixturevalue("pg_url")) as url:
        yield url


def test_a_restore_gives_back_every_row(make_store: Any, other_url: str, tmp_path: Path) -> None:
    source = make_store()
    workshop_id, secret = fill(source)
    file = tmp_path / "store.nwbackup"
    made = backup(source.database, file)
    assert all(made.rows[t.name] > 0 for t in tables()), made.rows  # every table was filled
    target = Store(other_url)
    try:
        assert restore(target.database, file).rows == made.rows
        assert rows(target) == rows(source)
        # The restored room still opens with its secret (kept as a hash) on its remote.
        assert target.workshops.facilitated(workshop_id, secret) is not None
    finally:
        target.database.dispose()


def test_a_backup_moves_from_sqlite_to_postgresql(pg_url: str, tmp_path: Path) -> None:
    source = Store(f"sqlite:///{tmp_path}/source.sqlite3")
    file = tmp_path / "store.nwbackup"
    try:
        fill(source)
        made = backup(source.database, file)
        with private_schema(pg_url) as url:
            target = Store(url)
            try:
                restore(target.database, file)
                assert rows(target) == rows(source)
                assert made.total == sum(len(r) for r in rows(target).values())
            finally:
                target.database.dispose()
    finally:
        source.database.dispose()


def test_a_restore_refuses_a_store_that_holds_data(make_store: Any, tmp_path: Path) -> None:
    store = make_store()
    fill(store)
    file = tmp_path / "store.nwbackup"
    backup(store.database, file)
    before = rows(store)
    with pytest.raises(BackupError, match="not empty"):
        restore(store.database, file)
    assert rows(store) == before


@pytest.mark.parametrize(
    "damage, expected",
    [
        (lambda lines: ["not json"] + lines[1:], "not a networking-works backup"),
        (lambda lines: [lines[0].replace('"revision":"', '"revision":"x')] + lines[1:], "revision"),
        (lambda lines: lines + ['{"t":"nw_nothing","r":{}}'], "names no table"),
        (lambda lines: lines + ['{"t":"nw_meta","r":{"key":"x","value":"y"}}'], "names no table"),
        (lambda lines: lines + ['{"t":"nw_journals","r":{"id":"x","evil":1}}'], "no column"),
        (lambda lines: lines + ["{truncated"], "not JSON"),
    ],
)
def test_a_damaged_backup_is_refused_and_leaves_the_store_empty(
    make_store: Any, other_url: str, tmp_path: Path, damage: Any, expected: str
) -> None:
    source = make_store()
    fill(source)
    file = tmp_path / "store.nwbackup"
    backup(source.database, file)
    with gzip.open(file, "rt", encoding="utf-8") as read:
        lines = read.read().splitlines()
    with gzip.open(file, "wt", encoding="utf-8") as write:
        write.write("\n".join(damage(lines)) + "\n")
    target = Store(other_url)
    try:
        with pytest.raises(BackupError, match=expected):
            restore(target.database, file)
        assert all(not r for r in rows(target).values())  # nothing half-written
    finally:
        target.database.dispose()


def test_a_file_that_is_not_gzip_is_refused(store: Store, tmp_path: Path) -> None:
    file = tmp_path / "plain.txt"
    file.write_text(json.dumps({"format": "networking-works-backup"}))
    with pytest.raises(BackupError, match="damaged"):
        restore(store.database, file)
