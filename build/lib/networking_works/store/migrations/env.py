"""Alembic's entry point: migrate over the connection the app passed in (see __init__)."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from networking_works.store.migrations import VERSION_TABLE


def _run(conn: Connection) -> None:
    context.configure(connection=conn, version_table=VERSION_TABLE)
    with context.begin_transaction():
        context.run_migrations()


_run(context.config.attributes["connection"])
