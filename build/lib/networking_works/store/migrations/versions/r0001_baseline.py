"""Baseline: the schema as ``create_all`` made it before migrations (nw_meta schema 1).

Revision ID: 0001
Revises: (none)

Frozen on purpose: later changes go in later revisions, never here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision: str | None = None
branch_labels = None
depends_on = None

TOKEN = 64  # tokens.MAX_TOKEN_LENGTH when this revision was written


def _when(name: str, index: bool = False) -> sa.Column[object]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False, index=index)


def upgrade() -> None:
    op.create_table(
        "nw_meta",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
    )
    op.create_table(
        "nw_assessments",
        sa.Column("token", sa.String(TOKEN), primary_key=True),
        sa.Column("bank_id", sa.String(40), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("step", sa.Integer, nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        _when("created_at"),
        _when("expires_at", index=True),
        sa.Column("workshop_id", sa.String(TOKEN), nullable=True, index=True),
        sa.Column("codename", sa.String(60), nullable=True),
        sa.Column("nickname", sa.String(60), nullable=True),
        sa.Column("spotlight", sa.Boolean, nullable=False),
    )
    op.create_table(
        "nw_results",
        sa.Column("token", sa.String(TOKEN), primary_key=True),
        sa.Column("delete_hash", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "nw_workshops",
        sa.Column("id", sa.String(TOKEN), primary_key=True),
        sa.Column("code", sa.String(6), nullable=False, unique=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("bank_id", sa.String(40), nullable=False),
        sa.Column("speaker_paced", sa.Boolean, nullable=False),
        sa.Column("open_parts", sa.Integer, nullable=False),
        sa.Column("cap", sa.Integer, nullable=True),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("revealed", sa.Boolean, nullable=False),
        sa.Column("accepting", sa.Boolean, nullable=False),
        sa.Column("spotlight_token", sa.String(TOKEN), nullable=True),
        _when("created_at"),
        _when("expires_at", index=True),
    )
    op.create_table(
        "nw_part_scores",
        sa.Column("token", sa.String(TOKEN), primary_key=True),
        sa.Column("part_id", sa.String(40), primary_key=True),
        sa.Column("workshop_id", sa.String(TOKEN), nullable=False, index=True),
        sa.Column("score", sa.Float, nullable=True),
    )
    op.create_table(
        "nw_profile_matches",
        sa.Column("token", sa.String(TOKEN), primary_key=True),
        sa.Column("profile", sa.String(200), primary_key=True),
        sa.Column("workshop_id", sa.String(TOKEN), nullable=False, index=True),
    )


def downgrade() -> None:
    for table in (
        "nw_profile_matches",
        "nw_part_scores",
        "nw_workshops",
        "nw_results",
        "nw_assessments",
        "nw_meta",
    ):
        op.drop_table(table)
