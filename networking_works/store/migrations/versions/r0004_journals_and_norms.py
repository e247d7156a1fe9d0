"""Progress you can see (issue 12): private journals and anonymous norms.

Revision ID: 0004
Revises: 0003

- nw_assessments.journal_id: a retake made from a journal names it (the hash of its
  private token), so its result goes into the journal when it is finished.
- nw_journals, nw_journal_entries: a journal and its result snapshots.
- nw_norms: how many people scored what, per bank version, month, part and score.
- nw_part_scores.counted_version: a participant who lets their scores count (the bank
  version), counted in the norms when their room ends.
- nw_room_norms: each ended room's sums per part, under a random key, for later rooms.
- nw_workshops.compare_past: the projected screen shows the room against past rooms.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision: str | None = "0003"
branch_labels = None
depends_on = None

TOKEN = 64  # tokens.MAX_TOKEN_LENGTH when this revision was written
VERSION = 64  # norms.NORMS_VERSION_LENGTH when this revision was written


def _when(name: str, index: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, index=index)


def upgrade() -> None:
    op.add_column("nw_assessments", sa.Column("journal_id", sa.String(64), nullable=True))
    op.create_index("ix_nw_assessments_journal_id", "nw_assessments", ["journal_id"])
    op.create_table(
        "nw_journals",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("bank_id", sa.String(40), nullable=False),
        _when("created_at"),
        _when("expires_at", index=True),
    )
    op.create_table(
        "nw_journal_entries",
        sa.Column("id", sa.String(TOKEN), primary_key=True),
        sa.Column("journal_id", sa.String(64), nullable=False, index=True),
        sa.Column("source_hash", sa.String(64), nullable=True, unique=True),
        _when("created_at"),
        sa.Column("payload", sa.Text, nullable=False),
    )
    op.create_table(
        "nw_norms",
        sa.Column("bank_id", sa.String(40), primary_key=True),
        sa.Column("bank_version", sa.String(VERSION), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("part_id", sa.String(40), primary_key=True),
        sa.Column("score_tenths", sa.Integer, primary_key=True),
        sa.Column("people", sa.Integer, nullable=False),
    )
    op.add_column("nw_part_scores", sa.Column("counted_version", sa.String(VERSION), nullable=True))
    op.add_column(
        "nw_workshops",
        sa.Column("compare_past", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "nw_room_norms",
        sa.Column("room_key", sa.String(TOKEN), primary_key=True),
        sa.Column("part_id", sa.String(40), primary_key=True),
        sa.Column("bank_id", sa.String(40), nullable=False),
        sa.Column("bank_version", sa.String(VERSION), nullable=False),
        sa.Column("month", sa.String(7), nullable=False, index=True),
        sa.Column("people", sa.Integer, nullable=False),
        sa.Column("total_tenths", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("nw_room_norms", "nw_norms", "nw_journal_entries", "nw_journals"):
        op.drop_table(table)
    with op.batch_alter_table("nw_workshops") as batch:
        batch.drop_column("compare_past")
    with op.batch_alter_table("nw_part_scores") as batch:
        batch.drop_column("counted_version")
    op.drop_index("ix_nw_assessments_journal_id", "nw_assessments")
    with op.batch_alter_table("nw_assessments") as batch:
        batch.drop_column("journal_id")
