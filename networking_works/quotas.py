"""Quotas on what clients store and look up, per client and per server (issue 23).

Pure policy, as ``throttle`` is for rooms and passphrases: the store counts recent
attempts of a kind in the transaction that records the next one (``store.limits``),
and a ``Quota`` says whether one more is allowed. Everything a visitor can make the
server keep has one (a bank's saved versions and kept links, imported journals, shared
results), so a script cannot fill the disk; each is a setting (``quota``).

Clients are told apart by ``store.limits.client_key`` of ``address``: behind a proxy that
sets ``X-Real-IP`` / ``X-Forwarded-For`` (``NW_TRUST_PROXY_HEADERS``), the address it
names; else the connection's peer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from networking_works.messages import N_, Message
from networking_works.settings import DEFAULTS, Settings
from networking_works.throttle import Recent

DAY = timedelta(days=1)
UNKNOWN = "unknown"  # every client that cannot be told apart shares one allowance

# limit_events kinds (at most 20 characters)
BANK_SAVE = "bank_save"
BANK_KEEP = "bank_keep"
JOURNAL_IMPORT = "journal_import"
SHARE = "share"
UNKNOWN_CODE = "unknown_code"  # a join code that names no live room
COUNTED = "counted"  # a solo result added to the anonymous norms
JOIN = "join"  # a join, by a client of one room (``room_client``)
REMOVED = "removed"  # a participant the speaker removed, by the client they joined from


@dataclass(frozen=True)
class Quota:
    kind: str
    per_client: int
    overall: int | None  # None: per client only
    window: timedelta
    mine: str  # the client reached its own quota (an N_ template)
    everyone: str = ""  # the server reached its quota for everyone

    def refusal(self, before: Recent) -> Message | None:
        """Why one more is refused, given what came before in the window; None: allowed."""
        if before.by_client >= self.per_client:
            return Message(self.mine)
        if self.overall is not None and before.overall >= self.overall:
            return Message(self.everyone)
        return None


_TEMPLATES: Mapping[str, tuple[str, str, str]] = {
    BANK_SAVE: (
        "NW_BANK_SAVES",
        N_(
            "This bank was not saved: you have saved the most versions allowed from one "
            "place in a day. Your text is still in the editor; export it as YAML to keep it."
        ),
        N_(
            "This bank was not saved: the server has saved many banks today. Your text is "
            "still in the editor; export it as YAML, or try again later."
        ),
    ),
    BANK_KEEP: (
        "NW_BANK_KEEPS",
        N_(
            "This bank was not kept: you have kept the most banks allowed from one place in "
            "a day. It still lives as long as its room; export it as YAML to keep it."
        ),
        N_(
            "This bank was not kept: the server has kept many banks today. It still lives "
            "as long as its room; export it as YAML, or try again later."
        ),
    ),
    JOURNAL_IMPORT: (
        "NW_JOURNAL_IMPORTS",
        N_(
            "This journal was not imported: you have imported the most journals allowed "
            "from one place in a day. Your file is unchanged; import it again tomorrow."
        ),
        N_(
            "This journal was not imported: the server has imported many journals today. "
            "Your file is unchanged; import it again later."
        ),
    ),
    SHARE: (
        "NW_SHARES",
        N_(
            "No link was made: you have shared the most results allowed from one place in a "
            "day. Your result is still here; download it, or share it tomorrow."
        ),
        N_(
            "No link was made: the server has shared many results today. Your result is "
            "still here; download it, or try again later."
        ),
    ),
}


def quota(kind: str, read: Settings = DEFAULTS) -> Quota:
    """The day's quota of ``kind`` (one of ``_TEMPLATES``) as the settings set it."""
    prefix, mine, everyone = _TEMPLATES[kind]
    return Quota(
        kind,
        read.whole(f"{prefix}_PER_CLIENT_DAY"),
        read.whole(f"{prefix}_PER_DAY"),
        DAY,
        mine,
        everyone,
    )


def unknown_codes(read: Settings = DEFAULTS) -> Quota:
    """Codes that name no live room, per client: trying codes one by one to find live
    rooms (their titles, their join pages) costs an hour per ``NW_UNKNOWN_CODES_…``."""
    return Quota(
        UNKNOWN_CODE,
        read.whole("NW_UNKNOWN_CODES_PER_CLIENT_HOUR"),
        None,
        timedelta(hours=1),
        N_(
            "Too many codes from here named no workshop. Please check the code with the "
            "speaker and try again in a while."
        ),
    )


def counted_per_day(read: Settings = DEFAULTS) -> Quota:
    """Solo results one client adds to the norms in a day; later ones are kept, not counted."""
    return Quota(COUNTED, read.whole("NW_COUNTED_PER_CLIENT_DAY"), None, DAY, "")


def address(peer: str | None, headers: Mapping[str, str], trust_proxy: bool) -> str:
    """The client's address: the proxy's headers when trusted (our nginx sets X-Real-IP
    and appends to X-Forwarded-For, so its last entry is the one to believe), else the
    connection's peer."""
    if trust_proxy:
        real = (headers.get("x-real-ip") or "").strip()
        if real:
            return real
        forwarded = [a.strip() for a in (headers.get("x-forwarded-for") or "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return peer or UNKNOWN


def room_client(client: str, workshop_id: str) -> str:
    """A client's key within one room: what a participant's row keeps (``joined_from``),
    so that it says nothing about the same client in any other room."""
    return hashlib.sha256(f"nw-room-client:{workshop_id}:{client}".encode()).hexdigest()
