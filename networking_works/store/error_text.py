"""Database errors that name no stored value: their text ends up in logs.

``hide_parameters`` (on every engine) keeps SQLAlchemy from listing a statement's bound
parameters. PostgreSQL adds its own ``DETAIL`` to an error, and it can quote a value,
``Key (token)=(…) already exists.``: only the server's primary message is kept, in the
driver's error and in SQLAlchemy's, which is what a traceback prints.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Engine, ExceptionContext


def hide_values(engine: Engine) -> None:
    sa.event.listen(engine, "handle_error", _primary_message_only)


def _primary_message_only(context: ExceptionContext) -> None:
    found = context.original_exception
    primary = getattr(getattr(found, "diag", None), "message_primary", None)
    if not primary or str(found) == primary:
        return
    found.args = (primary,)
    wrapped = context.sqlalchemy_exception
    if wrapped is not None:
        kind = type(found)
        wrapped.args = (f"({kind.__module__}.{kind.__name__}) {primary}",)
