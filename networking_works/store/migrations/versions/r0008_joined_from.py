"""A participant keeps the key of the client they joined from, within their room (issue 23).

Revision ID: 0008
Revises: 0007

- nw_assessments.joined_from: ``quotas.room_client`` of the client that joined (a hash
  of its key and the room's id, so it names the client in this room only). Removing the
  participant makes that client wait before it joins the room again; the value goes
  with the row, when the room ends.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision: str | None = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("nw_assessments", sa.Column("joined_from", sa.String(64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("nw_assessments") as batch:
        batch.drop_column("joined_from")
