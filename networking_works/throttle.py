"""Limits on the speaker's side of the app: creating rooms, and guessing the passphrase.

Pure policy: the store counts recent attempts (``store.limits``), these functions say
whether one more is allowed. Clients are told apart by a keyed hash of their address
(HMAC-SHA256 with the server's secret, ``store.limits.client_key``), so the database
never holds an address, and a stored hash cannot be turned back into one by hashing
every address of a network: an unkeyed SHA-256 gave an address back from a /16 in
seconds (issue 23, M9).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime, timedelta

from networking_works.messages import N_, Message
from networking_works.settings import DEFAULTS
from networking_works.tokens import aware

CREATE = "create"
WRONG_PASSPHRASE = "passphrase"  # noqa: S105 -- an event kind, not a password

FREE_FAILURES = 3  # wrong passphrases allowed before the wait starts
FAILURE_WINDOW = timedelta(minutes=15)
FIRST_WAIT_S = 10.0  # doubles with every further failure
MAX_WAIT_S = 900.0


@dataclass(frozen=True)
class Recent:
    """The attempts of one kind in a window before the one being made, as
    ``store.limits.attempt`` counts them (in the transaction that records it)."""

    by_client: int
    overall: int
    last_by_client: datetime | None  # when this client's latest one was made
    now: datetime


@dataclass(frozen=True)
class CreationLimit:
    per_client: int = DEFAULTS.whole("NW_ROOMS_PER_CLIENT_HOUR")
    overall: int = DEFAULTS.whole("NW_ROOMS_PER_HOUR")
    window: timedelta = timedelta(hours=1)


def client_key(address: str, secret: bytes) -> str:
    """What the limits store for ``address``: 64 hex digits, keyed with ``secret``."""
    return hmac.new(secret, f"nw-client:{address}".encode(), hashlib.sha256).hexdigest()


def creation_refusal(by_client: int, overall: int, limit: CreationLimit) -> Message | None:
    """Why one more room may not be created now, or None if it may."""
    minutes = int(limit.window.total_seconds() // 60)
    if by_client >= limit.per_client:
        template = N_(
            "You have created {rooms} workshops in the last {minutes} minutes, the most "
            "allowed from one place. Please use one of them, or try again later."
        )
        return Message(template, {"rooms": by_client, "minutes": minutes})
    if overall >= limit.overall:
        return Message(
            N_("This server has made many workshops lately. Please try again in a few minutes.")
        )
    return None


def passphrase_wait(failures: int, last: datetime | None, now: datetime) -> float:
    """Seconds before the next passphrase attempt is heard, after ``failures`` wrong ones."""
    if failures < FREE_FAILURES or last is None:
        return 0.0
    last = aware(last)
    wait = min(FIRST_WAIT_S * 2.0 ** (failures - FREE_FAILURES), MAX_WAIT_S)
    return max(0.0, wait - (now - last).total_seconds())


def passphrase_delay(before: Recent) -> float | None:
    """Seconds before this passphrase attempt may be compared, or None: it may be now."""
    wait = passphrase_wait(before.by_client, before.last_by_client, before.now)
    return wait if wait > 0 else None
