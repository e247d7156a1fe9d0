"""A whole store to one file and back: every row of every table, on SQLite or PostgreSQL.

    python -m networking_works backup FILE     # the store the app uses (its settings)
    python -m networking_works restore FILE    # into an empty store only

The file is gzip-compressed JSON lines: a header naming the format and the schema
revision, then one line per row (``{"t": table, "r": {column: value}}``), tables in
dependency order. It is read back with the same schema revision only, into a store
that holds nothing yet, in one transaction: a restore that fails leaves the store
empty, never half-filled. A backup is read from one snapshot, so a live server can be
backed up while people answer. It holds everything the store holds: hashes of
secrets, nicknames and answers; keep it as carefully as the database itself.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from networking_works.schema import meta, metadata
from networking_works.store import migrations
from networking_works.store.database import Database
from networking_works.tokens import aware

FORMAT = "networking-works-backup"
FORMAT_VERSION = 1
INSERT_BATCH = 500  # rows per INSERT statement: bounded memory on restore
# The schema's own bookkeeping (revision, "managed" marks) belongs to the target store.
_SKIPPED = {meta.name}


class BackupError(Exception):
    """A backup file that cannot be restored here, or a store that cannot take it."""


@dataclass(frozen=True)
class Summary:
    revision: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[sa.Table]:
    """The tables a backup holds, parents before children."""
    return [t for t in metadata.sorted_tables if t.name not in _SKIPPED]


def backup(database: Database, path: str | Path) -> Summary:
    """Write every row of the store to ``path`` (replaced only once complete)."""
    target = Path(path)
    partial = target.with_name(target.name + ".partial")
    counts: dict[str, int] = {}
    with database.snapshot() as conn, conn.begin():
        revision = migrations.current(conn) or ""
        with gzip.open(partial, "wt", encoding="utf-8") as out:
            _line(out, {"format": FORMAT, "version": FORMAT_VERSION, "revision": revision})
            for table in tables():
                counts[table.name] = 0
                order = list(table.primary_key.columns) or list(table.columns)
                for row in conn.execute(sa.select(table).order_by(*order)).mappings():
                    _line(out, {"t": table.name, "r": {k: _out(v) for k, v in row.items()}})
                    counts[table.name] += 1
    partial.replace(target)
    return Summary(revision, counts)


def restore(database: Database, path: str | Path) -> Summary:
    """Fill an empty store from a backup file; refuse a non-empty store or another schema."""
    database.upgrade()
    known = {t.name: t for t in tables()}
    counts = dict.fromkeys(known, 0)
    with _lines(path) as lines, database.write() as conn:
        header = _header(next(lines, None))
        revision = migrations.current(conn) or ""
        if header["revision"] != revision:
            raise BackupError(
                f"the backup has schema revision {header['revision']!r} and this store "
                f"{revision!r}: restore it with the code version that made it"
            )
        _refuse_filled(conn)
        pending: dict[str, list[dict[str, Any]]] = {}
        for number, raw in enumerate(lines, start=2):
            name, row = _row(raw, number, known)
            pending.setdefault(name, []).append(row)
            if len(pending[name]) >= INSERT_BATCH:
                counts[name] += _insert(conn, known[name], pending.pop(name))
        for name in [t.name for t in tables() if t.name in pending]:
            counts[name] += _insert(conn, known[name], pending.pop(name))
    return Summary(revision, counts)


def _insert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]]) -> int:
    conn.execute(table.insert(), [_in(row) for row in rows])
    return len(rows)


def _refuse_filled(conn: Connection) -> None:
    for table in tables():
        if conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one():
            raise BackupError(
                f"this store is not empty (table {table.name} has rows): restore into "
                "a new database, never over live data"
            )


def _line(out: IO[str], value: dict[str, Any]) -> None:
    out.write(json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n")


def _out(value: object) -> object:
    # Times leave in UTC with their offset: SQLite hands back naive UTC, PostgreSQL aware.
    return {"datetime": aware(value).isoformat()} if isinstance(value, datetime) else value


def _in(row: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, value in row.items():
        if isinstance(value, dict) and set(value) == {"datetime"}:
            value = datetime.fromisoformat(str(value["datetime"]))
        values[name] = value
    return values


@contextmanager
def _lines(path: str | Path) -> Iterator[Iterator[str]]:
    """The file's lines; a missing, unreadable or damaged file is a ``BackupError``."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            yield iter(handle)
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise BackupError(f"the backup file cannot be read or is damaged: {exc}") from exc


def _header(raw: str | None) -> dict[str, Any]:
    try:
        header = json.loads(raw) if raw else None
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("this is not a networking-works backup file")
    if header.get("version") != FORMAT_VERSION:
        raise BackupError(f"backup format version {header.get('version')!r} is not supported")
    return header


def _row(raw: str, number: int, known: dict[str, sa.Table]) -> tuple[str, dict[str, Any]]:
    try:
        line = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BackupError(f"line {number} of the backup is not JSON") from exc
    name = line.get("t") if isinstance(line, dict) else None
    row = line.get("r") if isinstance(line, dict) else None
    if name not in known or not isinstance(row, dict):
        raise BackupError(f"line {number} of the backup names no table of this store")
    unknown = set(row) - set(known[name].columns.keys())
    if unknown:
        raise BackupError(f"line {number}: {name} has no column {sorted(unknown)[0]!r}")
    return name, row
