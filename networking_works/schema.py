"""The database tables as the newest migration leaves them.

Alembic revisions in ``networking_works/store/migrations`` build these tables step by
step; a test checks that upgrading an empty database to the newest revision gives
exactly this. ``nw_meta``'s "schema" is 1 for a database made by ``create_all`` before
migrations existed, and ``SCHEMA_VERSION`` (2) once Alembic manages it.
"""

from __future__ import annotations

import sqlalchemy as sa

from networking_works.bank.model import MAX_PROFILE_NAME
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
    # Removed from their room by the speaker: out of every aggregate, told so on their phone.
    sa.Column("removed", sa.Boolean, nullable=False, default=False, server_default=sa.false()),
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
)

# One row per completed participant and part: the room's radar is SQL over this.
part_scores = sa.Table(
    "nw_part_scores",
    metadata,
    sa.Column("token", sa.String(MAX_TOKEN_LENGTH), primary_key=True),
    sa.Column("part_id", sa.String(40), primary_key=True),
    sa.Column("workshop_id", sa.String(MAX_TOKEN_LENGTH), nullable=False, index=True),
    sa.Column("score", sa.Float, nullable=True),
)

profile_matches = sa.Table(
    "nw_profile_matches",
    metadata,
    sa.Column("token", sa.String(MAX_TOKEN_LENGTH), primary_key=True),
    sa.Column("profile", sa.String(MAX_PROFILE_NAME), primary_key=True),
    sa.Column("workshop_id", sa.String(MAX_TOKEN_LENGTH), nullable=False, index=True),
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
