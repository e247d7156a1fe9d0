"""A talk companion (issue 15).

Revision ID: 0005
Revises: 0004

- nw_workshops.slide: the slide a speaker-paced room's screen shows (0 the opening; for
  each part its slide, then the room's answers to it). The closing slide is the room
  revealed, so it needs no value here.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision: str | None = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "nw_workshops", sa.Column("slide", sa.Integer, nullable=False, server_default="0")
    )


def downgrade() -> None:
    with op.batch_alter_table("nw_workshops") as batch:
        batch.drop_column("slide")
