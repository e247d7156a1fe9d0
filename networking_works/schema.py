"""The database tables as the newest migration leaves them.

Alembic revisions in ``networking_works/store/migrations`` build these tables step by
step; a test checks that upgrading an empty database to the newest revision gives
exactly this. ``nw_meta``'s "schema" is 1 for a database made by ``create_all`` before
migrations existed, and ``SCHEMA_VERSION`` (2) once Alembic manages it (later revisions
are told apart by Alembic's own version table).
"""

from __future__ import annotations

import sqlalchemy as sa

from networking_works.bank.model import MAX_PROFILE_NAME
from networking_works.norms import NORMS_VERSION_LENGTH
from networking_works.tokens import MAX_TOKEN_LENGTH

SCHEMA_VERSION = 2

metadata = sa.MetaData()

meta = sa.Table(
    "nw_meta",
    metadata,
    sa.Column("key", sa.String(40), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

assessments = sa.Table(
    "nw_assessments",
    metadata,
    sa.Column("token", sa.String(MAX_TOKEN_LENGTH), primary_key=True),
    sa.Column("bank_id", sa.String(40), nullable=False),
    sa.Column("stage", sa.String(20), nullable=False),
    sa.Column("step", sa.Integer, nullable=False),
    sa.Column("answers", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    # Workshop participants only: the room, a generated codename, an optional nickname.
    sa.Column("workshop_id", sa.String(MAX_TOKEN_LENGTH), nullable=True, index=True),
    sa.Column("codename", sa.String(60), nullable=True),
    sa.Column("nickname", sa.String(60), nullable=True),
    sa.Column("spotlight", sa.Boolean, nullable=False, default=False),
    # Optimistic concurrency: each save names the version it read and bumps it.
    sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    # A retake made from a journal: the journal's id (the hash of its private token).
    sa.Column("journal_id", sa.String(64), nullable=True, index=True),
    # Removed from their room by the speaker: out of every aggregate, told so on their phone,
    # refused every write, and deleted with the room they were removed from.
    sa.Column("removed", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
    sa.Column("removed_from", sa.String(MAX_TOKEN_LENGTH), nullable=True, index=True),
    # A participant: the key of the client they joined from, within their room only
    # (quotas.room_client), so that removing them makes that client wait to rejoin.
    sa.Column("joined_from", sa.String(64), nullable=True),
)

results = sa.Table(
    "nw_results",
    metadata,
    sa.Column("token", sa.String(MAX_TOKEN_LENGTH), primary_key=True),
    sa.Column("delete_hash", sa.String(64), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    # The hash of the assessment token that shared it: one shared result per assessment.
    sa.Column("owner_hash", sa.String(64), nullable=True, unique=True, index=True),
)


workshops = sa.Table(
    "nw_workshops",
    metadata,
    sa.Column("id", sa.String(MAX_TOKEN_LENGTH), primary_key=True),
    sa.Column("code", sa.String(6), nullable=False, unique=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("bank_id", sa.String(40), nullable=False),
    sa.Column("speaker_paced", sa.Boolean, nullable=False),
    sa.Column("open_parts", sa.Integer, nullable=False),  # speaker-paced: parts opened so far
    sa.Column("cap", sa.Integer, nullable=True),
    sa.Column("secret_hash", sa.String(64), nullable=False),
    sa.Column("revealed", sa.Boolean, nullable=False),
    sa.Column("accepting", sa.Boolean, nullable=False),
    sa.Column("spotlight_token", sa.String(MAX_TOKEN_LENGTH), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
    # New people may join (separate from ``accepting``: those already in may go on).
    sa.Column("joining", sa.Boolean, nullable=False, default=True, server_default=sa.true()),
    # The projected screen shows the big join banner (address, code, QR code).
    sa.Column("banner", sa.Boolean, nullable=False, default=True, server_default=sa.true()),
    # A rehearsal room: simulated participants, marked as practice, never exported.
    sa.Column("practice", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
    # The projected screen shows the room against past rooms of its bank version.
    sa.Column("compare_past", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
    # A speaker-paced room's slide on the screen (networking_works/talk.py numbers them).
    sa.Column("slide", sa.Integer, nullable=False, default=0, server_default="0"),
)

# One row per completed participant and part: the room's radar is SQL over this.
part_scores = sa.Table(
    "nw_part_scores",
    metadata,
    sa.Column("token", sa.String(MAX_TOKEN_LENGTH), primary_key=True),
    sa.Column("part_id", sa.String(40), primary_key=True),
    sa.Column("workshop_id", sa.String(MAX_TOKEN_LENGTH), nullable=False, index=True),
    sa.Column("score", sa.Float, nullable=True),
    # The bank version when the person let their scores count in the norms (else NULL):
    # they are counted when the room ends, unless they were removed or the room deleted.
    sa.Column("counted_version", sa.String(NORMS_VERSION_LENGTH), nullable=True),
)

profile_matches = sa.Table(
    "nw_profile_matches",
    metadata,
    sa.Column("token", sa.String(MAX_TOKEN_LENGTH), primary_key=True),
    sa.Column("profile", sa.String(MAX_PROFILE_NAME), primary_key=True),
    sa.Column("workshop_id", sa.String(MAX_TOKEN_LENGTH), nullable=False, index=True),
)


# A private journal of results: its id is the hash of the private token in its link.
journals = sa.Table(
    "nw_journals",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),
    sa.Column("bank_id", sa.String(40), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
)

# One result in a journal: a snapshot as shown (scores, texts, plan), never the answers.
journal_entries = sa.Table(
    "nw_journal_entries",
    metadata,
    sa.Column("id", sa.String(MAX_TOKEN_LENGTH), primary_key=True),
    sa.Column("journal_id", sa.String(64), nullable=False, index=True),
    # The hash of the assessment it came from: one entry per assessment (NULL if imported).
    sa.Column("source_hash", sa.String(64), nullable=True, unique=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
)

# Anonymous norms: how many people scored what, per bank version, month and part. No
# token, no answers, no row per person: each completion adds one to one counter per part.
norms = sa.Table(
    "nw_norms",
    metadata,
    sa.Column("bank_id", sa.String(40), primary_key=True),
    sa.Column("bank_version", sa.String(NORMS_VERSION_LENGTH), primary_key=True),
    sa.Column("month", sa.String(7), primary_key=True),  # "2026-11"
    sa.Column("part_id", sa.String(40), primary_key=True),
    sa.Column("score_tenths", sa.Integer, primary_key=True),  # a part score times 10
    sa.Column("people", sa.Integer, nullable=False),
)

# Anonymous figures of ended rooms: per room and part, the sum and count of the scores
# its people let count, kept after the room so a later room can be shown against them.
# The key is random: nothing links it to the room it came from.
room_norms = sa.Table(
    "nw_room_norms",
    metadata,
    sa.Column("room_key", sa.String(MAX_TOKEN_LENGTH), primary_key=True),
    sa.Column("part_id", sa.String(40), primary_key=True),
    sa.Column("bank_id", sa.String(40), nullable=False),
    sa.Column("bank_version", sa.String(NORMS_VERSION_LENGTH), nullable=False),
    sa.Column("month", sa.String(7), nullable=False, index=True),
    sa.Column("people", sa.Integer, nullable=False),
    sa.Column("total_tenths", sa.Integer, nullable=False),
)

# Recent attempts that are limited per client and overall (creating rooms, wrong
# passphrases): counted over a sliding window, so every process sees the same limit.
limit_events = sa.Table(
    "nw_limit_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("client", sa.String(64), nullable=False),  # a hash, never an address
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_nw_limit_events_kind_at", "kind", "at"),
)

# A speaker's own question bank, as YAML text (only ever read by the safe parser), one row
# per saved version. It belongs to a room (deleted with it) unless the speaker kept it
# with its private link, whose hash is ``keep_hash``; a draft has no room yet.
private_banks = sa.Table(
    "nw_private_banks",
    metadata,
    sa.Column("id", sa.String(MAX_TOKEN_LENGTH), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True),
    sa.Column("yaml", sa.Text, nullable=False),
    sa.Column("workshop_id", sa.String(MAX_TOKEN_LENGTH), nullable=True, index=True),
    sa.Column("keep_hash", sa.String(64), nullable=True, index=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False, index=True),
)
