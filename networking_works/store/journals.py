"""Private journals: results collected under one private link, with no account.

A journal's id is the hash of the private token in its link, so the database alone
cannot open one. Each entry is a result snapshot (scores, texts, plan; never the
answers), at most one per assessment. A journal lives ``ttl`` after its last new
entry; removing an entry or deleting the journal deletes the rows at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from networking_works.journal import MAX_ENTRIES, Entry, Imported
from networking_works.messages import N_, Explained
from networking_works.progress import Stage
from networking_works.report import ReportError, report_from_dict
from networking_works.schema import assessments, journal_entries, journals
from networking_works.store.assessments import (
    DEFAULT_JOURNAL_TTL,
    DEFAULT_UNFINISHED_TTL,
    new_row,
)
from networking_works.store.database import Database
from networking_works.store.journal_rows import entry_of, insert_entry
from networking_works.store.refusals import AssessmentGone
from networking_works.tokens import hash_secret, new_token, plausible_token, secret_matches

# What an entry is read as (``_entry`` takes them in this order).
_ENTRY_COLUMNS = (journal_entries.c.id, journal_entries.c.created_at, journal_entries.c.payload)


class AlreadyInJournal(Explained):
    """This result is already kept in a journal (whose link was shown once)."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "This result is already in a journal. Open it with the private journal link "
                "you kept; the app stores only a fingerprint of that link, so it cannot show "
                "it again."
            )
        )


@dataclass(frozen=True)
class Journal:
    id: str  # the hash of the private token
    bank_id: str
    expires_at: datetime
    entries: tuple[Entry, ...]  # oldest first


@dataclass(frozen=True)
class Standing:
    """A finished assessment's place in a journal."""

    kept: bool  # its result is an entry of a journal
    previous: Entry | None  # the entry before it in that journal, while the journal lives


def journal_id(token: str) -> str:
    return hash_secret(token)


def holds(token: object, key: str | None) -> bool:
    """Whether ``token`` is the private token of the journal ``key``."""
    return key is not None and plausible_token(token) and secret_matches(str(token), key)


class Journals:
    def __init__(
        self,
        database: Database,
        ttl: timedelta = DEFAULT_JOURNAL_TTL,
        unfinished_ttl: timedelta = DEFAULT_UNFINISHED_TTL,
        housekeeping: Callable[[], object] = lambda: None,
    ) -> None:
        """``ttl``: how long a journal lives after its last new entry; ``unfinished_ttl``:
        how long a retake lives untouched, as any solo assessment."""
        self._db = database
        self.ttl = ttl
        self.unfinished_ttl = unfinished_ttl
        self._housekeeping = housekeeping

    def keep(self, assessment: str, bank_id: str, payload: Mapping[str, Any]) -> str:
        """A new journal holding the finished ``assessment``'s result; its private token.

        Raises ``AlreadyInJournal`` when that result is in a journal already, and
        ``AssessmentGone`` when the assessment is not stored (or not finished).
        """
        self._housekeeping()
        token, stamp = new_token(), self._db.now()
        finished = sa.and_(
            assessments.c.token == assessment,
            assessments.c.expires_at > stamp,
            assessments.c.stage == Stage.DONE.value,
            assessments.c.removed.is_(False),
        )
        try:
            with self._db.write() as conn:
                if conn.execute(sa.select(assessments.c.token).where(finished)).first() is None:
                    raise AssessmentGone()
                if entry_of(conn, assessment) is not None:
                    raise AlreadyInJournal()
                conn.execute(sa.insert(journals).values(_journal(token, bank_id, stamp, self.ttl)))
                insert_entry(conn, journal_id(token), hash_secret(assessment), payload, stamp)
                conn.execute(
                    sa.update(assessments)
                    .where(assessments.c.token == assessment)
                    .values(journal_id=journal_id(token))
                )
        except IntegrityError:  # another tab kept it in the same moment
            raise AlreadyInJournal() from None
        return token

    def standing(self, assessment: str) -> Standing:
        """Whether the result of ``assessment`` is kept in a journal, and the entry before
        it there: what its results page shows, read in one go."""
        with self._db.read() as conn:
            mine = conn.execute(
                sa.select(
                    journal_entries.c.journal_id,
                    journal_entries.c.created_at,
                    (journals.c.expires_at > self._db.now()).label("live"),
                )
                .join(journals, journals.c.id == journal_entries.c.journal_id)
                .where(journal_entries.c.source_hash == hash_secret(assessment))
            ).first()
            if mine is None:
                return Standing(kept=False, previous=None)
            if not mine.live:
                return Standing(kept=True, previous=None)  # only its own live journal's
            row = conn.execute(
                sa.select(*_ENTRY_COLUMNS)
                .where(
                    journal_entries.c.journal_id == mine.journal_id,
                    journal_entries.c.created_at < mine.created_at,
                )
                .order_by(journal_entries.c.created_at.desc(), journal_entries.c.id.desc())
                .limit(1)
            ).first()
        return Standing(kept=True, previous=None if row is None else _entry(*row))

    def get(self, token: object) -> Journal | None:
        if not plausible_token(token):
            return None
        key = journal_id(str(token))
        with self._db.read() as conn:
            found = conn.execute(
                sa.select(journals).where(
                    journals.c.id == key, journals.c.expires_at > self._db.now()
                )
            ).first()
            if found is None:
                return None
            rows = conn.execute(
                sa.select(*_ENTRY_COLUMNS)
                .where(journal_entries.c.journal_id == key)
                .order_by(journal_entries.c.created_at, journal_entries.c.id)
            ).all()
        entries = tuple(e for e in (_entry(*row) for row in rows) if e is not None)
        return Journal(found.id, found.bank_id, _aware(found.expires_at), entries)

    def retake(self, token: str) -> str | None:
        """A new assessment whose result goes into the journal; None if the journal is gone."""
        self._housekeeping()
        stamp = self._db.now()
        key = journal_id(token)
        with self._db.write() as conn:
            bank_id = conn.execute(
                sa.select(journals.c.bank_id).where(
                    journals.c.id == key, journals.c.expires_at > stamp
                )
            ).scalar()
            if bank_id is None:
                return None
            assessment = new_token()
            # A retake lives as any solo assessment does; its result is what is kept.
            row = new_row(assessment, bank_id, stamp, stamp + self.unfinished_ttl)
            conn.execute(sa.insert(assessments).values(**row, journal_id=key))
        return assessment

    def remove(self, token: str, entry_id: object) -> bool:
        """Delete one entry of the journal; False when there is no such entry."""
        if not isinstance(entry_id, str) or not plausible_token(entry_id):
            return False
        mine = sa.and_(
            journal_entries.c.id == entry_id, journal_entries.c.journal_id == journal_id(token)
        )
        with self._db.erase() as conn:
            return conn.execute(sa.delete(journal_entries).where(mine)).rowcount > 0

    def delete(self, token: str) -> bool:
        """Delete the journal, every entry, and every retake's pointer to it."""
        key = journal_id(token)
        with self._db.erase() as conn:
            _delete_journals(conn, [key])
            gone = conn.execute(sa.delete(journals).where(journals.c.id == key)).rowcount
        return gone > 0

    def start_from(self, imported: Imported) -> str:
        """A new journal holding an imported file's results; its private token."""
        self._housekeeping()
        token, stamp = new_token(), self._db.now()
        key = journal_id(token)
        with self._db.write() as conn:
            conn.execute(
                sa.insert(journals).values(_journal(token, imported.bank_id, stamp, self.ttl))
            )
            last = None
            for added, report in imported.results[-MAX_ENTRIES:]:
                # A date from the future is read as now (the file is not trusted), and
                # each entry comes strictly after the one before, so the order holds.
                at = min(added, stamp)
                if last is not None and at <= last:
                    at = last + timedelta(microseconds=1)
                insert_entry(conn, key, None, report.to_dict(), at)
                last = at
        return token

    def purge_expired(self) -> int:
        with self._db.erase() as conn:
            return delete_expired(conn, self._db.now())


def delete_expired(conn: Connection, at: datetime) -> int:
    """Delete the journals that expired by ``at`` with their entries; how many journals."""
    query = sa.select(journals.c.id).where(journals.c.expires_at <= at)
    expired = list(conn.execute(query).scalars())
    _delete_journals(conn, expired)
    if expired:
        conn.execute(sa.delete(journals).where(journals.c.id.in_(expired)))
    return len(expired)


def _delete_journals(conn: Connection, keys: list[str]) -> None:
    if not keys:
        return
    conn.execute(sa.delete(journal_entries).where(journal_entries.c.journal_id.in_(keys)))
    conn.execute(
        sa.update(assessments).where(assessments.c.journal_id.in_(keys)).values(journal_id=None)
    )


def _journal(token: str, bank_id: str, stamp: datetime, ttl: timedelta) -> dict[str, Any]:
    return {
        "id": journal_id(token),
        "bank_id": bank_id,
        "created_at": stamp,
        "expires_at": stamp + ttl,
    }


def _entry(entry_id: str, created: datetime, payload: str) -> Entry | None:
    try:
        return Entry(entry_id, _aware(created), report_from_dict(json.loads(payload)))
    except (ReportError, ValueError):
        return None  # only this code writes entries; a damaged one is skipped, not shown


def _aware(at: datetime) -> datetime:
    """SQLite hands back naive UTC datetimes, PostgreSQL aware ones."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)
