"""The resources built once per server process, for the Streamlit layer.

They are networking_works/services.py's: the audience pages in the same process get the
same store (one engine, one expiry thread) and the same banks. This module only names
them for ``web/`` and adds what a Streamlit run reads: the settings by name.
"""

from __future__ import annotations

from pathlib import Path

from networking_works.services import (
    DEFAULT_BANK,
    Banks,
    bank,
    banks,
    clear,
    creation_limit,
    language_of,
    languages,
    settings,
    store,
)

__all__ = [
    "DEFAULT_BANK",
    "Banks",
    "bank",
    "banks",
    "clear",
    "creation_limit",
    "language_of",
    "languages",
    "passphrase",
    "public_url",
    "questions_dir",
    "settings",
    "store",
    "trusts_proxy_headers",
]


def passphrase() -> str | None:
    """The facilitator passphrase (None: creating a room asks for none)."""
    return settings().text("NW_FACILITATOR_PASSPHRASE")


def public_url() -> str | None:
    return settings().text("PUBLIC_URL")


def trusts_proxy_headers() -> bool:
    return settings().flag("NW_TRUST_PROXY_HEADERS")


def questions_dir() -> Path:
    return settings().path("NW_QUESTIONS_DIR")
