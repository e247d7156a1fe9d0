"""Random tokens, hashed secrets and the clock: the security-sensitive basics in one place."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

TOKEN_BYTES = 16  # 128 bits: new tokens are 22 characters
# The longest token accepted from a URL; the schema sizes its token columns from it.
MAX_TOKEN_LENGTH = 64


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)


def plausible_token(token: object) -> bool:
    """Cheap shape check so garbage from a URL never reaches a query."""
    return (
        isinstance(token, str)
        and 16 <= len(token) <= MAX_TOKEN_LENGTH
        and all(c.isascii() and (c.isalnum() or c in "-_") for c in token)
    )


def aware(at: datetime) -> datetime:
    """A stored time in UTC: SQLite hands back naive UTC datetimes, PostgreSQL aware ones."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def now() -> datetime:
    """The system clock, in UTC: the default ``Clock`` of the store."""
    return datetime.now(UTC)


# What the store asks for the time: ``now`` in production, a movable clock in tests.
Clock = Callable[[], datetime]
