"""A removed participant is deleted with the room they were removed from (issue 23).

Revision ID: 0007
Revises: 0006

- nw_assessments.removed_from: the room a speaker removed this participant from. The
  row leaves the room (``workshop_id`` NULL) but is deleted with it, on Delete or when
  it ends, instead of outliving it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision: str | None = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("nw_assessments", sa.Column("removed_from", sa.String(64), nullable=True))
    op.create_index("ix_nw_assessments_removed_from", "nw_assessments", ["removed_from"])


def downgrade() -> None:
    op.drop_index("ix_nw_assessments_removed_from", "nw_assessments")
    with op.batch_alter_table("nw_assessments") as batch:
        batch.drop_column("removed_from")
