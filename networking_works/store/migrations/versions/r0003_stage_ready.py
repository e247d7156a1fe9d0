"""A stage-ready workshop (issue 10).

Revision ID: 0003
Revises: 0002

- nw_assessments.removed: the speaker took this participant out of the room.
- nw_workshops.joining: whether new people may join (separate from closing answers).
- nw_workshops.banner: whether the projected screen shows the join banner.
- nw_workshops.practice: a rehearsal room filled with simulated answers.
- nw_limit_events: recent attempts counted per client (a hash) and overall, for the
  limits on creating rooms and on wrong passphrases.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision: str | None = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "nw_assessments",
        sa.Column("removed", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    for name, default in (("joining", sa.true()), ("banner", sa.true()), ("practice", sa.false())):
        op.add_column(
            "nw_workshops", sa.Column(name, sa.Boolean, nullable=False, server_default=default)
        )
    op.create_table(
        "nw_limit_events",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("client", sa.String(64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_nw_limit_events_kind_at", "nw_limit_events", ["kind", "at"])


def downgrade() -> None:
    op.drop_index("ix_nw_limit_events_kind_at", "nw_limit_events")
    op.drop_table("nw_limit_events")
    with op.batch_alter_table("nw_workshops") as batch:
        for name in ("practice", "banner", "joining"):
            batch.drop_column(name)
    with op.batch_alter_table("nw_assessments") as batch:
        batch.drop_column("removed")
