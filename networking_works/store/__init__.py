"""The one place where state lives: SQLite by default, PostgreSQL when configured.

Streamlit keeps nothing across a reload, so the truth is here and the browser only
holds an opaque token in its URL. Writes are single short transactions; every read is
by primary key or an indexed column. ``Store`` composes one part per aggregate, all
over one ``Database``.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from networking_works.quotas import Quota
from networking_works.recent import Recent
from networking_works.store.answers import FinishedAnswers
from networking_works.store.assessments import (
    DEFAULT_JOURNAL_TTL,
    DEFAULT_UNFINISHED_TTL,
    Assessment,
    Assessments,
    Counted,
)
from networking_works.store.database import Database, default_url
from networking_works.store.expiry import Expiry
from networking_works.store.journals import (
    AlreadyInJournal,
    Journal,
    Journals,
    Standing,
)
from networking_works.store.limits import Limits
from networking_works.store.moderation import Moderation
from networking_works.store.norms import Norms
from networking_works.store.private_banks import PrivateBanks
from networking_works.store.recent_view import PARTICIPANT_VIEW_MAX_AGE_S, RecentRoomView
from networking_works.store.refusals import AssessmentGone, SaveRefused, StaleAssessment
from networking_works.store.results import Links, SharedResults
from networking_works.store.room_stats import ExportRefused, RoomStats
from networking_works.store.workshops import (
    DEFAULT_WORKSHOP_TTL,
    JoinLimit,
    JoinRefused,
    JoinTooFast,
    Participant,
    Workshop,
    Workshops,
)
from networking_works.tokens import Clock, now

__all__ = [
    "AlreadyInJournal",
    "Assessment",
    "AssessmentGone",
    "Counted",
    "ExportRefused",
    "JoinLimit",
    "JoinRefused",
    "JoinTooFast",
    "Journal",
    "Links",
    "Participant",
    "SaveRefused",
    "Standing",
    "StaleAssessment",
    "Store",
    "Workshop",
    "default_url",
]


class Store:
    def __init__(
        self,
        url: str,
        unfinished_ttl: timedelta = DEFAULT_UNFINISHED_TTL,
        workshop_ttl: timedelta = DEFAULT_WORKSHOP_TTL,
        clock: Clock = now,
        join_limit: JoinLimit | None = None,
        journal_ttl: timedelta = DEFAULT_JOURNAL_TTL,
        counted_quota: Quota | None = None,
        client_secret: str | None = None,
    ) -> None:
        """Opens (and upgrades) the database; ``clock`` is the only time the store reads.
        ``join_limit`` and ``counted_quota``: see ``JoinLimit`` and ``Assessments``;
        ``client_secret`` keys the hashes of client addresses (None: the database's own)."""
        self.database = Database(url, clock)
        self.database.upgrade()
        self.expiry = Expiry(self.database)
        due = self.expiry.due
        # A write to a room drops this process's cached views of it, whichever view is set.
        self.workshops = Workshops(
            self.database,
            workshop_ttl,
            on_change=self._room_changed,
            housekeeping=due,
            join_limit=join_limit,
        )
        self.moderation = Moderation(self.database, on_change=self._room_changed)
        self.limits = Limits(self.database, client_secret)
        self.room_stats = RoomStats(self.database)
        self.recent = RecentRoomView(
            self.workshops, self.room_stats, Recent(max_age=PARTICIPANT_VIEW_MAX_AGE_S)
        )
        self.assessments = Assessments(
            self.database,
            unfinished_ttl,
            housekeeping=due,
            journal_ttl=journal_ttl,
            counted_quota=counted_quota,
        )
        self.results = SharedResults(self.database, housekeeping=due)
        self.answers = FinishedAnswers(self.database)
        self.journals = Journals(self.database, journal_ttl, unfinished_ttl, housekeeping=due)
        self.norms = Norms(self.database)
        self.private_banks = PrivateBanks(self.database, workshop_ttl, housekeeping=due)

    @property
    def url(self) -> sa.engine.URL:
        return self.database.url

    @property
    def unfinished_ttl(self) -> timedelta:
        return self.assessments.ttl

    @property
    def workshop_ttl(self) -> timedelta:
        return self.workshops.ttl

    @property
    def journal_ttl(self) -> timedelta:
        return self.journals.ttl

    def purge_expired(self) -> int:
        """Delete everything expired now (the schedule and the write paths also do)."""
        return self.expiry.purge()

    def _room_changed(self, workshop_id: str) -> None:
        self.recent.forget(workshop_id)
