"""A speaker's own question banks, written in the browser (issue 14).

Revision ID: 0006
Revises: 0005

- nw_private_banks: one row per saved version of a bank's YAML text, its room, the hash
  of the private link that keeps it beyond the room, and when it expires.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision: str | None = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "nw_private_banks",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("version", sa.Integer, primary_key=True),
        sa.Column("yaml", sa.Text, nullable=False),
        sa.Column("workshop_id", sa.String(64), nullable=True),
        sa.Column("keep_hash", sa.String(64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    for column in ("workshop_id", "keep_hash", "expires_at"):
        op.create_index(f"ix_nw_private_banks_{column}", "nw_private_banks", [column])


def downgrade() -> None:
    for column in ("expires_at", "keep_hash", "workshop_id"):
        op.drop_index(f"ix_nw_private_banks_{column}", "nw_private_banks")
    op.drop_table("nw_private_banks")
