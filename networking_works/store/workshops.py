"""Workshop rooms and their participants: creating, finding, steering and joining them.

Every query filters by the workshop id, so rooms on one server never mix.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from networking_works import quotas, tokens
from networking_works.messages import N_, Explained
from networking_works.schema import assessments, workshops
from networking_works.settings import DEFAULTS
from networking_works.store.assessments import new_row
from networking_works.store.database import Database
from networking_works.store.limits import attempt_in, count_in
from networking_works.store.refusals import AssessmentGone
from networking_works.store.room_deletion import delete_expired_rooms, delete_rooms
from networking_works.workshop import clean_nickname, new_codename, new_join_code, room_settings

DEFAULT_WORKSHOP_TTL = DEFAULTS.duration("NW_WORKSHOP_HOURS")
_UPDATABLE = {
    "revealed",
    "accepting",
    "open_parts",
    "spotlight_token",
    "joining",
    "banner",
    "compare_past",
    "slide",
}
TRY_AGAIN = N_("Many people are joining right now. Please try again in a moment.")
LOCKED = N_("The speaker has locked this workshop: no new people can join it now.")
JUST_REMOVED = N_(
    "The speaker has just taken someone who joined from here out of this workshop, so it "
    "takes nobody new from here for a few minutes. Please try again shortly."
)


@dataclass(frozen=True)
class JoinLimit:
    """At most ``joins`` new people per room in any ``seconds``, and ``per_client`` of
    them from one client, counted in the database so that every process behind the
    proxy enforces the same limit: one script cannot take a room's whole burst and
    leave the next real phone refused. An address whose participant the speaker
    removed waits ``rejoin_wait`` before it joins that room again. The settings set it
    (``NW_JOINS_PER_5S``, ``NW_JOINS_PER_CLIENT_5S``, ``NW_REJOIN_WAIT_S``); a store
    made without one lets everyone in."""

    joins: int = DEFAULTS.whole("NW_JOINS_PER_5S")
    seconds: float = 5.0
    per_client: int = DEFAULTS.whole("NW_JOINS_PER_CLIENT_5S")
    rejoin_wait: timedelta = timedelta(seconds=DEFAULTS.number("NW_REJOIN_WAIT_S"))


@dataclass(frozen=True)
class Workshop:
    id: str
    code: str
    title: str
    bank_id: str
    speaker_paced: bool
    open_parts: int
    cap: int | None
    revealed: bool
    accepting: bool
    spotlight_token: str | None
    expires_at: datetime
    joining: bool = True
    banner: bool = True
    practice: bool = False
    compare_past: bool = False  # the screen shows the room against past rooms
    slide: int = 0  # a speaker-paced room's slide (networking_works/talk.py)


@dataclass(frozen=True)
class Participant:
    token: str
    codename: str
    nickname: str
    spotlight: bool


class JoinRefused(Explained):
    """Why a person cannot join: the message is shown to them as it is."""


class JoinTooFast(JoinRefused):
    """The room's join limit is reached for now: the same join may succeed in a moment."""


# Built once (polled by every phone in a room); see assessments._ASSESSMENT.
_WORKSHOP_BY = {
    column: sa.select(workshops).where(
        workshops.c[column] == sa.bindparam("value"),
        workshops.c.expires_at > sa.bindparam("now"),
    )
    for column in ("id", "code")
}
_PARTICIPANT = sa.select(
    assessments.c.token, assessments.c.codename, assessments.c.nickname, assessments.c.spotlight
).where(
    assessments.c.token == sa.bindparam("token"),
    assessments.c.workshop_id.is_not(None),
    assessments.c.expires_at > sa.bindparam("now"),
)


class Workshops:
    def __init__(
        self,
        database: Database,
        ttl: timedelta = DEFAULT_WORKSHOP_TTL,
        on_change: Callable[[str], None] = lambda _: None,
        housekeeping: Callable[[], object] = lambda: None,
        join_limit: JoinLimit | None = None,
    ) -> None:
        """``on_change(workshop_id)`` runs after each write to a room (to drop cached views);
        ``housekeeping`` before creating a room or joining one (the expiry purge)."""
        self._db = database
        self.ttl = ttl
        self._on_change = on_change
        self._housekeeping = housekeeping
        self.join_limit = join_limit

    def create(
        self,
        title: str,
        bank_id: str,
        speaker_paced: bool,
        cap: int | None,
        practice: bool = False,
    ) -> tuple[Workshop, str]:
        """A new room; returns it with the facilitator secret (only its hash is kept).

        Raises ``RoomRefused`` for settings the create form cannot send (``room_settings``).
        """
        title, speaker_paced, cap = room_settings(title, speaker_paced, cap or 0)
        self._housekeeping()
        secret = tokens.new_token()
        stamp = self._db.now()
        for _ in range(20):
            values: dict[str, Any] = {
                "id": tokens.new_token(),
                "code": new_join_code(),
                "title": title,
                "bank_id": bank_id,
                "speaker_paced": speaker_paced,
                "open_parts": 1 if speaker_paced else 0,
                "cap": cap,
                "secret_hash": tokens.hash_secret(secret),
                "revealed": False,
                "accepting": True,
                "spotlight_token": None,
                "joining": True,
                "banner": True,
                "practice": practice,
                "compare_past": False,
                "slide": 0,
                "created_at": stamp,
                "expires_at": stamp + self.ttl,
            }
            try:
                with self._db.write() as conn:
                    conn.execute(sa.insert(workshops).values(**values))
            except IntegrityError:
                continue  # a live room already has this code
            fields = {f: values[f] for f in Workshop.__dataclass_fields__}
            return Workshop(**fields), secret
        raise RuntimeError("could not find a free join code")

    def get(self, workshop_id: object) -> Workshop | None:
        if not tokens.plausible_token(workshop_id):
            return None
        return self._find("id", workshop_id)

    def by_code(self, code: str) -> Workshop | None:
        return self._find("code", code)

    def facilitated(self, workshop_id: object, secret: object) -> Workshop | None:
        """The room, only for the holder of its facilitator secret."""
        if not (tokens.plausible_token(workshop_id) and tokens.plausible_token(secret)):
            return None
        with self._db.read() as conn:
            stored = conn.execute(
                sa.select(workshops.c.secret_hash).where(workshops.c.id == workshop_id)
            ).scalar()
        if stored is None or not tokens.secret_matches(str(secret), stored):
            return None
        return self.get(workshop_id)

    def update(self, workshop_id: str, **changes: Any) -> bool:
        """Change a live room; False when it has ended (an ended room is never revived)."""
        if not changes.keys() <= _UPDATABLE:
            raise ValueError(f"cannot change {sorted(changes.keys() - _UPDATABLE)}")
        live = sa.and_(workshops.c.id == workshop_id, workshops.c.expires_at > self._db.now())
        with self._db.write() as conn:
            changed = conn.execute(sa.update(workshops).where(live).values(**changes)).rowcount
        self._on_change(workshop_id)
        return changed == 1

    def show_slide(self, workshop_id: str, slide: int, open_at_least: int) -> bool:
        """Put the screen on ``slide`` (hiding the results) with at least ``open_at_least``
        parts open: never fewer than are open already, so a remote that has not refreshed
        cannot close a part that phones have moved on to. False when the room has ended."""
        opened = workshops.c.open_parts
        at_least = sa.case((opened < open_at_least, open_at_least), else_=opened)
        return self.update(workshop_id, slide=slide, revealed=False, open_parts=at_least)

    def delete(self, workshop_id: str) -> None:
        """The room and everything in it; nothing of it is counted in the norms."""
        with self._db.erase() as conn:
            delete_rooms(conn, [workshop_id])
        self._on_change(workshop_id)

    def purge_expired(self) -> int:
        with self._db.erase() as conn:
            return delete_expired_rooms(conn, self._db.now())

    def join(
        self,
        workshop_id: str,
        nickname: str,
        *,
        simulated: bool = False,
        language: str = "en",
        client: str | None = None,
    ) -> str:
        """A participant's assessment token; raises ``JoinRefused`` with a reason.

        ``language`` is the room's bank's: the made-up name is in it ("Héron calme 42").
        The nickname is stored as ``clean_nickname`` leaves it (at most 30 characters).
        The participant's answers expire with the room, never later. ``simulated``
        people fill a practice room only, and skip the rate limit. ``client``
        (``limits.client_key``) is held to its share of the room's joins; the row
        keeps only its key within this room (``quotas.room_client``).
        """
        self._housekeeping()
        token, stamp = tokens.new_token(), self._db.now()
        with self._db.write() as conn:
            # FOR UPDATE serializes joins to one room on PostgreSQL, so the cap holds
            # when a whole room scans the QR code at once (SQLite's BEGIN IMMEDIATE does).
            found = conn.execute(
                sa.select(workshops)
                .where(workshops.c.id == workshop_id, workshops.c.expires_at > stamp)
                .with_for_update()
            ).first()
            room = self._admitted(conn, found, stamp, simulated)
            seat_client = None
            if client is not None and not simulated:
                seat_client = quotas.room_client(client, workshop_id)
                self._client_admitted(conn, seat_client, stamp)
            conn.execute(
                sa.insert(assessments).values(
                    **new_row(token, room.bank_id, stamp, room.expires_at),
                    workshop_id=workshop_id,
                    codename=new_codename(language),
                    nickname=clean_nickname(nickname),
                    spotlight=False,
                    joined_from=seat_client,
                )
            )
        return token

    def _admitted(self, conn: Connection, room: Any, stamp: datetime, simulated: bool) -> Any:
        """The room's row if one more person may join it now; else ``JoinRefused``."""
        if room is None:
            raise JoinRefused(N_("This workshop has ended or does not exist."))
        if simulated:
            if not room.practice:
                raise JoinRefused(N_("Simulated people may only fill a practice room."))
        elif not room.joining:
            raise JoinRefused(LOCKED)
        elif not room.accepting:
            raise JoinRefused(N_("The speaker has closed this workshop for now."))
        if room.cap is not None and joined(conn, room.id) >= room.cap:
            raise JoinRefused(N_("This workshop is full."))
        if not simulated and self._too_fast(conn, room.id, stamp):
            raise JoinTooFast(TRY_AGAIN)
        return room

    def _client_admitted(self, conn: Connection, seat_client: str, stamp: datetime) -> None:
        """Whether this client may add one more person to the room now (the room's row is
        locked, so its joins count in turn); the join is recorded when it may."""
        limit = self.join_limit
        if limit is None:
            return
        if count_in(conn, quotas.REMOVED, seat_client, stamp - limit.rejoin_wait):
            raise JoinRefused(JUST_REMOVED)
        within = timedelta(seconds=limit.seconds)
        over = attempt_in(
            conn,
            quotas.JOIN,
            seat_client,
            stamp,
            within,
            lambda before: True if before.by_client >= limit.per_client else None,
        )
        if over:
            raise JoinTooFast(TRY_AGAIN)

    def _too_fast(self, conn: Connection, workshop_id: str, stamp: datetime) -> bool:
        """Whether the room has had its limit of joins in the last few seconds."""
        if self.join_limit is None:
            return False
        since = stamp - timedelta(seconds=self.join_limit.seconds)
        query = sa.select(sa.func.count()).where(
            assessments.c.workshop_id == workshop_id, assessments.c.created_at > since
        )
        return int(conn.execute(query).scalar_one()) >= self.join_limit.joins

    def participant(self, token: object) -> Participant | None:
        if not tokens.plausible_token(token):
            return None
        with self._db.read() as conn:
            row = conn.execute(_PARTICIPANT, {"token": token, "now": self._db.now()}).first()
        if row is None:
            return None
        return Participant(row.token, row.codename or "", row.nickname or "", bool(row.spotlight))

    def set_spotlight(self, token: str, allowed: bool) -> None:
        """Raises ``AssessmentGone`` for a participant who is no longer stored."""
        live = sa.and_(
            assessments.c.token == token,
            assessments.c.workshop_id.is_not(None),
            assessments.c.removed.is_(False),
            assessments.c.expires_at > self._db.now(),
        )
        with self._db.write() as conn:
            changed = conn.execute(sa.update(assessments).where(live).values(spotlight=allowed))
            if changed.rowcount != 1:
                raise AssessmentGone()

    def _find(self, by: str, value: object) -> Workshop | None:
        with self._db.read() as conn:
            row = conn.execute(_WORKSHOP_BY[by], {"value": value, "now": self._db.now()}).first()
        if row is None:
            return None
        return Workshop(**{f: getattr(row, f) for f in Workshop.__dataclass_fields__})


def joined(conn: Connection, workshop_id: str) -> int:
    """How many people have joined the room (finished or not)."""
    query = sa.select(sa.func.count()).where(assessments.c.workshop_id == workshop_id)
    return int(conn.execute(query).scalar_one())
