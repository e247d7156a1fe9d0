"""A speaker's own question banks: YAML text written in the browser, saved per version.

The text is validated by ``parse_bank`` (the safe YAML reader, with its size limit)
before it is stored and every time it is read: it is never executed or loaded any other
way. A room names one saved version by its bank id ``private:<id>:<version>``, so the
answers of a room always match the statements it ran with. A bank is deleted with its
room (``delete_with_rooms``, and the expiry purge), a draft never used for a room when
the workshop lifetime ends, unless the speaker kept it: its private link (128 bits,
only its hash stored) opens it again to start a new room, for ``KEPT_TTL``.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from networking_works.bank import Bank, BankError, Problem, parse_bank
from networking_works.schema import private_banks, workshops
from networking_works.settings import DEFAULTS
from networking_works.store.database import Database
from networking_works.tokens import hash_secret, new_token, plausible_token

PREFIX = "private:"
SOURCE = "bank.yaml"  # how problems name the text, as `check` names a file
MAX_VERSIONS = 100
# What the editor takes and a version may hold: a full bank is about 20 KB, and every
# rerun of the editor checks the whole text (the YAML reader's own limit is 512 KB).
MAX_BYTES = 64 * 1024
KEPT_TTL = timedelta(days=365)
DEFAULT_DRAFT_TTL = DEFAULTS.duration("NW_WORKSHOP_HOURS")  # a draft lives as a room


def too_large(text: str) -> bool:
    return len(text.encode("utf-8", errors="replace")) > MAX_BYTES


def is_private(bank_id: str) -> bool:
    return bank_id.startswith(PREFIX)


def _version_ref() -> sa.ColumnElement[str]:
    """A version's bank id as rooms store it (``private:<id>:<version>``), in SQL."""
    version = sa.cast(private_banks.c.version, sa.String)
    return sa.literal(PREFIX) + private_banks.c.id + sa.literal(":") + version


def _split(ref: str) -> tuple[str, int] | None:
    """(id, version) of a private bank id, or None for anything else."""
    if not is_private(ref):
        return None
    found, _, version = ref[len(PREFIX) :].rpartition(":")
    if not plausible_token(found) or not version.isdigit() or len(version) > 4:
        return None
    return found, int(version)


def _ref(found: str, version: int) -> str:
    return f"{PREFIX}{found}:{version}"


@functools.lru_cache(maxsize=64)
def _parsed(ref: str, text: str) -> Bank:
    """A stored version parsed (once per process): its id is the room's bank id."""
    return dataclasses.replace(parse_bank(text, SOURCE), id=ref)


class PrivateBanks:
    def __init__(
        self,
        database: Database,
        draft_ttl: timedelta = DEFAULT_DRAFT_TTL,
        housekeeping: Callable[[], object] = lambda: None,
    ) -> None:
        self._db = database
        self.draft_ttl = draft_ttl
        self._housekeeping = housekeeping

    def save(self, text: str, ref: str | None = None) -> str:
        """Save ``text`` as a new version of ``ref``'s bank (a new bank without one, or
        when that one is gone); its bank id. Raises ``BankError`` for an invalid bank."""
        if too_large(text):
            raise BankError(
                [Problem(SOURCE, 0, "", f"the bank is larger than {MAX_BYTES // 1024} KB")]
            )
        parse_bank(text, SOURCE)
        self._housekeeping()
        for _ in range(5):  # two tabs saving the same bank at once: the next version
            try:
                return self._insert(text, _split(ref) if ref else None)
            except IntegrityError:
                continue
        raise BankError([Problem(SOURCE, 0, "", "the bank is being saved elsewhere; try again")])

    def _insert(self, text: str, of: tuple[str, int] | None) -> str:
        stamp = self._db.now()
        with self._db.write() as conn:
            key = of[0] if of else None
            newest = self._newest(conn, key, stamp) if key else None
            if key is None or newest is None:
                found, version, room, keep, ends = new_token(), 1, None, None, None
            else:
                found, version = key, newest.version + 1
                room, keep, ends = newest.workshop_id, newest.keep_hash, newest.expires_at
            if version > MAX_VERSIONS:
                raise BankError(
                    [Problem(SOURCE, 0, "", f"a bank keeps at most {MAX_VERSIONS} versions")]
                )
            conn.execute(
                sa.insert(private_banks).values(
                    id=found, version=version, yaml=text, workshop_id=room, keep_hash=keep,
                    created_at=stamp, expires_at=ends or stamp + self.draft_ttl,
                )
            )  # fmt: skip
        return _ref(found, version)

    @staticmethod
    def _newest(conn: Connection, found: str, stamp: datetime) -> sa.Row[Any] | None:
        return conn.execute(
            sa.select(private_banks)
            .where(private_banks.c.id == found, private_banks.c.expires_at > stamp)
            .order_by(private_banks.c.version.desc())
            .limit(1)
        ).first()

    def text(self, ref: str) -> str | None:
        """The YAML text of a saved version, exactly as saved (for the export)."""
        key = _split(ref)
        if key is None:
            return None
        with self._db.read() as conn:
            found = conn.execute(
                sa.select(private_banks.c.yaml).where(
                    private_banks.c.id == key[0],
                    private_banks.c.version == key[1],
                    private_banks.c.expires_at > self._db.now(),
                )
            ).scalar()
        return None if found is None else str(found)

    def bank(self, ref: str) -> Bank | None:
        """The saved version as a bank whose id is ``ref``, or None when gone."""
        text = self.text(ref)
        if text is None:
            return None
        try:
            return _parsed(ref, text)
        except BankError:  # saved by an older, laxer reader: not usable any more
            return None

    def attach(self, ref: str, workshop_id: str, ends: datetime) -> None:
        """This version of ``ref``'s bank serves this room now: it lives at least as long
        as the room unless kept. Only this version: another room may use an older one
        (moving them all let deleting a later room delete an earlier room's bank)."""
        key = _split(ref)
        if key is None:
            return
        with self._db.write() as conn:
            mine = sa.and_(private_banks.c.id == key[0], private_banks.c.version == key[1])
            conn.execute(sa.update(private_banks).where(mine).values(workshop_id=workshop_id))
            conn.execute(
                sa.update(private_banks)
                .where(mine, private_banks.c.keep_hash.is_(None), private_banks.c.expires_at < ends)
                .values(expires_at=ends)
            )

    def keep(self, ref: str) -> str | None:
        """Keep ``ref``'s bank beyond its room; its private link token, shown once (a
        previous link stops working). None when the bank is gone."""
        key = _split(ref)
        if key is None:
            return None
        link, stamp = new_token(), self._db.now()
        with self._db.write() as conn:
            changed = conn.execute(
                sa.update(private_banks)
                .where(private_banks.c.id == key[0], private_banks.c.expires_at > stamp)
                .values(keep_hash=hash_secret(link), expires_at=stamp + KEPT_TTL)
            ).rowcount
        return link if changed else None

    def kept(self, link: str) -> str | None:
        """The newest version of the bank this private link keeps, or None."""
        if not plausible_token(link):
            return None
        with self._db.read() as conn:
            found = conn.execute(
                sa.select(private_banks.c.id, private_banks.c.version)
                .where(
                    private_banks.c.keep_hash == hash_secret(link),
                    private_banks.c.expires_at > self._db.now(),
                )
                .order_by(private_banks.c.version.desc())
                .limit(1)
            ).first()
        return None if found is None else _ref(found.id, found.version)


def delete_with_rooms(conn: Connection, workshop_ids: Sequence[str]) -> None:
    """The bank versions these rooms used that nobody kept and no other room uses."""
    theirs = sa.select(workshops.c.bank_id).where(workshops.c.id.in_(workshop_ids))
    others = sa.select(workshops.c.bank_id).where(workshops.c.id.not_in(workshop_ids))
    conn.execute(
        sa.delete(private_banks).where(
            sa.or_(private_banks.c.workshop_id.in_(workshop_ids), _version_ref().in_(theirs)),
            private_banks.c.keep_hash.is_(None),
            _version_ref().not_in(others),
        )
    )


def delete_expired(conn: Connection, at: datetime) -> int:
    """Banks past their end, and unkept ones whose room is gone; how many versions."""
    orphaned = sa.and_(
        private_banks.c.keep_hash.is_(None),
        private_banks.c.workshop_id.is_not(None),
        private_banks.c.workshop_id.not_in(sa.select(workshops.c.id)),
        _version_ref().not_in(sa.select(workshops.c.bank_id)),
    )
    done = conn.execute(
        sa.delete(private_banks).where(sa.or_(private_banks.c.expires_at <= at, orphaned))
    )
    return done.rowcount or 0
