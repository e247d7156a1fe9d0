"""Data that keeps its promises (issue 11).

Revision ID: 0002
Revises: 0001

- nw_assessments.version: optimistic concurrency, each save names the version it read.
- nw_results.expires_at: shared results expire. Results shared before this revision
  had no end; they get DEFAULT_SHARE_DAYS from the upgrade.
- nw_results.owner_hash: the hash of the sharing assessment's token, unique, so one
  assessment has at most one shared result (NULL for results shared before).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision: str | None = "0001"
branch_labels = None
depends_on = None

DEFAULT_SHARE_DAYS = 30  # results.DEFAULT_SHARE_TTL when this revision was written


def upgrade() -> None:
    op.add_column(
        "nw_assessments",
        sa.Column("version", sa.Integer, nullable=False, server_default="0"),
    )
    op.add_column("nw_results", sa.Column("expires_at", sa.DateTime(timezone=True)))
    op.add_column("nw_results", sa.Column("owner_hash", sa.String(64)))
    until = datetime.now(UTC) + timedelta(days=DEFAULT_SHARE_DAYS)
    results = sa.table("nw_results", sa.column("expires_at", sa.DateTime(timezone=True)))
    op.execute(results.update().values(expires_at=until))
    with op.batch_alter_table("nw_results") as batch:
        batch.alter_column("expires_at", existing_type=sa.DateTime(timezone=True), nullable=False)
    op.create_index("ix_nw_results_expires_at", "nw_results", ["expires_at"])
    op.create_index("ix_nw_results_owner_hash", "nw_results", ["owner_hash"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_nw_results_owner_hash", "nw_results")
    op.drop_index("ix_nw_results_expires_at", "nw_results")
    with op.batch_alter_table("nw_results") as batch:
        batch.drop_column("owner_hash")
        batch.drop_column("expires_at")
    with op.batch_alter_table("nw_assessments") as batch:
        batch.drop_column("version")
