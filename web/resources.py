"""Settings and the resources built once per server process (the store, the banks)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import streamlit as st

from networking_works.bank import Bank, BankError, load_bank
from networking_works.store import JoinLimit, Store, default_url
from networking_works.store.private_banks import is_private
from networking_works.throttle import CreationLimit
from web.i18n import LANGUAGES, supported

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_BANK = "networking"


@dataclass(frozen=True)
class Banks:
    """The loaded banks by id. A translation of bank ``B`` into language ``xx`` is the bank
    whose id is ``B-xx`` and whose ``language`` is ``xx`` (questions/networking.fr.yaml is
    ``networking-fr``); it keeps ``B``'s part and statement ids, so results compare."""

    by_id: dict[str, Bank]
    problems: list[str]

    def in_language(self, bank_id: str, language: str) -> str:
        """The id of ``bank_id``'s translation into ``language``, else ``bank_id`` itself."""
        translation = self.by_id.get(f"{bank_id}-{language}")
        if translation is not None and supported(translation.language) == language:
            return translation.id
        return bank_id

    def language_of(self, bank_id: str) -> str | None:
        """The interface language a bank's people get (None: not one the app speaks)."""
        bank = self.by_id.get(bank_id)
        return supported(bank.language) if bank is not None else None

    def listed(self, language: str) -> list[str]:
        """Every bank id, those in ``language`` first (the default bank's first of all)."""
        first = self.in_language(DEFAULT_BANK, language)
        return sorted(
            self.by_id,
            key=lambda i: (i != first, self.language_of(i) != language, self.by_id[i].title),
        )

    def label(self, bank_id: str) -> str:
        """A bank as a speaker picks it: its title and, in brackets, its language."""
        bank = self.by_id[bank_id]
        spoken = self.language_of(bank_id)
        return f"{bank.title} ({LANGUAGES[spoken]})" if spoken else bank.title


def setting(name: str) -> str | None:
    """A setting from the environment, else from ``.streamlit/secrets.toml``."""
    if os.environ.get(name):
        return os.environ[name]
    try:
        value = st.secrets.get(name)
    except Exception:  # no secrets file at all is the normal case
        return None
    return str(value) if value else None


def positive(name: str, default: float) -> float:
    """A numeric setting; a typo falls back to the default instead of stopping the app."""
    try:
        value = float(setting(name) or default)
    except ValueError:
        return default
    return value if value > 0 else default


def _close(built: Store) -> None:
    built.expiry.stop()
    built.database.dispose()


# No spinner: the page-head middleware (web/serving.py) reads it outside any script run.
@st.cache_resource(on_release=_close, show_spinner=False)
def store() -> Store:
    """The store of this server process, upgraded, its expiry purge scheduled (once)."""
    data_dir = os.environ.get("NW_DATA_DIR", ROOT / "data")
    url = setting("DATABASE_URL") or default_url(data_dir)
    built = Store(
        url,
        unfinished_ttl=timedelta(days=positive("NW_UNFINISHED_DAYS", 7)),
        workshop_ttl=timedelta(hours=positive("NW_WORKSHOP_HOURS", 24)),
        journal_ttl=timedelta(days=positive("NW_JOURNAL_DAYS", 365)),
        join_limit=JoinLimit(joins=int(positive("NW_JOINS_PER_5S", 100)), seconds=5.0),
    )
    built.expiry.start()
    return built


def creation_limit() -> CreationLimit:
    return CreationLimit(
        per_client=int(positive("NW_ROOMS_PER_CLIENT_HOUR", 10)),
        overall=int(positive("NW_ROOMS_PER_HOUR", 200)),
    )


def questions_dir() -> Path:
    return Path(os.environ.get("NW_QUESTIONS_DIR", ROOT / "questions"))


@st.cache_resource(show_spinner=False)
def banks() -> Banks:
    folder = questions_dir()
    by_id: dict[str, Bank] = {}
    problems: list[str] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            bank = load_bank(path)
        except BankError as exc:
            problems += [str(p) for p in exc.problems]
            continue
        by_id.setdefault(bank.id, bank)
    return Banks(by_id, problems)


def bank(bank_id: str) -> Bank | None:
    """The one rule for what a bank id names: a bank file of this server, else a speaker's
    own saved bank (``private:…``, see networking_works/store/private_banks.py)."""
    found = banks().by_id.get(bank_id)
    if found is None and is_private(bank_id):
        found = store().private_banks.bank(bank_id)
    return found


def language_of(bank_id: str) -> str | None:
    """The interface language a bank's people get (None: not one the app speaks)."""
    found = bank(bank_id)
    return supported(found.language) if found is not None else None


def clear() -> None:
    """Forget the cached store and banks (tests, and a changed environment)."""
    store.clear()
    banks.clear()


def languages() -> dict[str, str]:
    """Each loaded bank's language, by bank id."""
    return {bank_id: bank.language for bank_id, bank in banks().by_id.items()}
