"""Alembic migrations on SQLite and PostgreSQL: a database made by the previous code
(create_all, nw_meta schema 1) with data is recognised, upgraded and read back whole;
an empty one is built to exactly the tables in schema.py; several servers may upgrade
one database at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from networking_works.schema import SCHEMA_VERSION, metadata
from networking_works.store import Store
from networking_works.store.migrations import VERSION_TABLE, head
from tests import legacy_schema_v1 as v1
from tests.store_helpers import PARTS
from tests.threads import run_threads

NOW = datetime.now(UTC).replace(microsecond=0)
LATER = NOW + timedelta(hours=12)
ROOM, SOLO, GUEST, SHARED = "r" * 22, "s" * 22, "g" * 22, "p" * 22
ROWS: dict[sa.Table, list[dict[str, Any]]] = {
    v1.workshops: [
        {
            "id": ROOM, "code": "ABCDEF", "title": "Job club", "bank_id": "networking",
            "speaker_paced": True, "open_parts": 2, "cap": 40, "secret_hash": "h" * 64,
            "revealed": True, "accepting": False, "spotlight_token": GUEST,
            "created_at": NOW, "expires_at": LATER,
        }
    ],
    v1.assessments: [
        {
            "token": SOLO, "bank_id": "networking", "stage": "questions", "step": 3,
            "answers": '{"q1": 4}', "created_at": NOW, "expires_at": LATER,
            "workshop_id": None, "codename": None, "nickname": None, "spotlight": False,
        },
        {
            "token": GUEST, "bank_id": "networking", "stage": "done", "step": 0,
            "answers": '{"q1": 2}', "created_at": NOW, "expires_at": LATER,
            "workshop_id": ROOM, "codename": "Calm Heron 42", "nickname": "Kim",
            "spotlight": True,
        },
    ],
    v1.results: [
        {"token": SHARED, "delete_hash": "d" * 64, "payload": '{"score": 3}', "created_at": NOW}
    ],
    v1.part_scores: [
        {"token": GUEST, "part_id": p, "workshop_id": ROOM, "score": 25.0} for p in PARTS
    ],
    v1.profile_matches: [{"token": GUEST, "profile": "Collector", "workshop_id": ROOM}],
}  # fmt: skip


def previous_database(url: str) -> None:
    """What the code before migrations left: its create_all, schema "1", and data."""
    engine = sa.create_engine(url)
    try:
        with engine.begin() as conn:
            v1.metadata.create_all(conn)
            conn.execute(sa.insert(v1.meta).values(key="schema", value="1"))
            for table, rows in ROWS.items():
                conn.execute(sa.insert(table), rows)
    finally:
        engine.dispose()


def utc(value: Any) -> Any:
    if isinstance(value, datetime) and value.tzinfo is None:
        return value.replace(tzinfo=UTC)  # SQLite hands back naive UTC
    return value


def test_the_previous_schema_is_upgraded_and_every_row_read_back(db_url: str) -> None:
    previous_database(db_url)
    store = Store(db_url)
    try:
        with store.database.engine.connect() as conn:
            for table, rows in ROWS.items():
                found = conn.execute(sa.select(*table.columns)).mappings().all()
                assert [{k: utc(v) for k, v in row.items()} for row in found] == rows
            assert conn.execute(sa.text("SELECT value FROM nw_meta")).scalar() == "2"
            versions = sa.table(VERSION_TABLE, sa.column("version_num"))
            assert conn.execute(sa.select(versions.c.version_num)).scalar() == head()
        solo = store.assessments.get(SOLO)
        assert solo is not None and (solo.step, solo.answers, solo.version) == (3, {"q1": 4}, 0)
        assert store.workshops.get(ROOM) is not None
        participant = store.workshops.participant(GUEST)
        assert participant is not None and participant.nickname == "Kim"
        assert store.room_stats.counts(ROOM) == (1, 1)
        assert store.room_stats.profiles(ROOM) == [("Collector", 1)]
        assert store.results.get(SHARED) == {"score": 3}
        until = store.results.expires_at(SHARED)
        assert until is not None and until > NOW + timedelta(days=29)
        # The upgraded tables take the new writes.
        store.assessments.save(SOLO, solo.stage, 4, version=0)
        assert store.results.shared_by(SOLO) is None
        assert store.results.share(SOLO, {"s": 1}, timedelta(days=7)).delete_token is not None
    finally:
        store.database.dispose()
    Store(db_url).database.dispose()  # opening it again finds nothing to do


def test_an_empty_database_becomes_exactly_schema_py(db_url: str) -> None:
    store = Store(db_url)
    try:
        with store.database.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
            differences = compare_metadata(context, metadata)
            assert differences == []
            assert conn.execute(sa.text("SELECT value FROM nw_meta")).scalar() == str(
                SCHEMA_VERSION
            )
    finally:
        store.database.dispose()


def test_servers_starting_at_once_upgrade_the_previous_schema_once(db_url: str) -> None:
    previous_database(db_url)
    opened: list[Store] = []

    def start(_: int) -> None:
        opened.append(Store(db_url))

    try:
        errors, _ = run_threads(6, start)
        assert errors == []
        assert opened[0].results.get(SHARED) == {"score": 3}
        assert opened[0].results.share(SHARED, {}, timedelta(days=7)).token
        with opened[0].database.engine.connect() as conn:
            rows = conn.execute(sa.text(f"SELECT count(*) FROM {VERSION_TABLE}")).scalar()  # noqa: S608
        assert rows == 1
    finally:
        for store in opened:
            store.database.dispose()
