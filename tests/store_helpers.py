"""Rooms, finished participants and row counts for the store's tests."""

from __future__ import annotations

import dataclasses
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from networking_works.bank import load_bank
from networking_works.schema import assessments, part_scores, profile_matches, results, workshops
from networking_works.store import Store, Workshop
from networking_works.store.results import DEFAULT_SHARE_TTL
from networking_works.tokens import new_token

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")
PARTS = [p.id for p in BANK.parts]
NW_TABLES = (workshops, part_scores, profile_matches, assessments, results)
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{22,}")

GARBAGE_TOKENS: list[object] = [
    None,
    "",
    "x",
    "../../etc",
    "../../etc/passwd/../../..",
    "x" * 1000,
    "'; DROP TABLE nw_results; --",
    "' OR '1'='1' OR 'x'='xxxxxxxx",
    "tökentökentökentökentöken",
    "abc def ghi jkl mno pqr",
    12345678901234567890,
    b"AAAAAAAAAAAAAAAAAAAAAA",
    ["AAAAAAAAAAAAAAAAAAAAAA"],
]

StoreFactory = Callable[..., Store]


class MovableClock:
    """A clock for the store that stands still until a test moves it (thread-safe)."""

    def __init__(self, start: datetime | None = None) -> None:
        self._at = start or datetime.now(UTC)
        self._lock = threading.Lock()

    def __call__(self) -> datetime:
        with self._lock:
            return self._at

    def move(self, by: timedelta) -> None:
        with self._lock:
            self._at += by


def same(found: Workshop | None, expected: Workshop) -> bool:
    """Equal rooms; SQLite hands back naive UTC datetimes, PostgreSQL aware ones."""

    def naive(w: Workshop) -> Workshop:
        at = w.expires_at
        if at.tzinfo is not None:
            at = at.astimezone(UTC).replace(tzinfo=None)
        return dataclasses.replace(w, expires_at=at)

    return found is not None and naive(found) == naive(expected)


def room(store: Store, cap: int | None = None, paced: bool = False) -> tuple[Workshop, str]:
    return store.workshops.create("Job club", "networking", paced, cap)


def finish(store: Store, workshop: Workshop, scores: dict[str, float | None], **kw: Any) -> str:
    """A new participant of ``workshop`` who has finished with ``scores``; their token."""
    token = store.workshops.join(workshop.id, kw.get("nickname", ""))
    answers, profiles = kw.get("answers", {}), kw.get("profiles", [])
    store.assessments.finish(token, answers, scores, profiles, version=0)
    return token


def populated(store: Store, workshop: Workshop, people: int = 3) -> list[str]:
    return [
        finish(store, workshop, {p: 50.0 for p in PARTS}, profiles=["Collector"])
        for _ in range(people)
    ]


def share(store: Store, payload: dict[str, Any]) -> tuple[str, str]:
    """Share ``payload`` for a new owner with the default lifetime: (token, delete token)."""
    links = store.results.share(new_token(), payload, DEFAULT_SHARE_TTL)
    assert links.delete_token is not None
    return links.token, links.delete_token


def row_counts(store: Store) -> dict[str, int]:
    with store.database.engine.connect() as conn:
        return {
            t.name: int(conn.execute(sa.select(sa.func.count()).select_from(t)).scalar_one())
            for t in NW_TABLES
        }


@contextmanager
def private_schema(pg_url: str, prefix: str = "nw_test_") -> Iterator[str]:
    """A PostgreSQL URL whose tables live in a fresh schema, dropped with everything after."""
    schema = f"{prefix}{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_url, pool_pre_ping=True)  # a test may restart PostgreSQL
    try:
        with admin.begin() as conn:
            conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
        scoped = sa.engine.make_url(pg_url).update_query_dict(
            {"options": f"-csearch_path={schema}"}
        )
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()
