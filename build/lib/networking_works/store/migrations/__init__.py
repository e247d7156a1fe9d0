"""Schema migrations with Alembic, run by the app itself on start (no alembic.ini).

``upgrade(conn)`` brings any database to the newest revision inside the caller's
transaction: an empty one is built from revision 0001; one made by ``create_all``
before migrations existed (``nw_meta`` schema "1", no version table) is recognised as
revision 0001 and stamped, then upgraded; one whose revision this code does not know
(newer code ran on it) is refused. To add a revision, copy the newest file in
``versions/``, set ``revision`` to a new id and ``down_revision`` to the previous one.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy.engine import Connection

from networking_works.schema import SCHEMA_VERSION, meta

VERSION_TABLE = "nw_alembic_version"
BASELINE = "0001"  # the schema as create_all made it (nw_meta schema "1")
_HERE = Path(__file__).resolve().parent


def config(conn: Connection | None = None) -> Config:
    """Alembic's configuration, in code; env.py migrates over ``conn``."""
    cfg = Config()
    cfg.set_main_option("script_location", str(_HERE))
    cfg.attributes["connection"] = conn
    return cfg


def head() -> str | None:
    """The newest revision this code knows."""
    return ScriptDirectory.from_config(config()).get_current_head()


def current(conn: Connection) -> str | None:
    """The database's revision; None before migrations (empty, or made by create_all)."""
    context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
    return context.get_current_revision()


def upgrade(conn: Connection) -> None:
    """Upgrade the database under ``conn`` to the newest revision, in its transaction."""
    cfg = config(conn)
    found = current(conn)
    legacy = _legacy_schema(conn)
    _refuse_newer(legacy, found)
    if found is None and legacy is not None:
        _check_legacy(legacy)
        command.stamp(cfg, BASELINE)
    command.upgrade(cfg, "head")
    _mark_managed(conn)


def _refuse_newer(legacy: str | None, found: str | None) -> None:
    if legacy is not None and legacy.isdigit() and int(legacy) > SCHEMA_VERSION:
        raise RuntimeError(f"the database has schema {legacy}; this code knows {SCHEMA_VERSION}")
    if found is not None and _unknown(found):
        raise RuntimeError(
            f"the database is at schema revision {found}, which this code does not know "
            "(newer code has upgraded it)"
        )


def _unknown(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(config()).get_revision(revision) is None
    except CommandError:  # "No such revision"
        return True


def _legacy_schema(conn: Connection) -> str | None:
    """nw_meta's recorded schema ("" when the row is missing; None: no nw_meta at all)."""
    if not sa.inspect(conn).has_table(meta.name):
        return None
    found = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema")).scalar()
    return "" if found is None else str(found)


def _check_legacy(found: str) -> None:
    if found != "1":
        raise RuntimeError(
            f"the database says schema {found!r} but has no migration history; "
            "this code can upgrade only schema 1"
        )


def _mark_managed(conn: Connection) -> None:
    """nw_meta says "2": older code (which knew only 1) refuses to run on this database."""
    value = str(SCHEMA_VERSION)
    gone = conn.execute(sa.update(meta).where(meta.c.key == "schema").values(value=value))
    if gone.rowcount == 0:
        conn.execute(sa.insert(meta).values(key="schema", value=value))
