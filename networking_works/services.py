"""What one server process builds once and shares: the settings, the store, the banks.

The Streamlit pages (through web/resources.py), the audience pages and the command line
all come here, so one process holds one engine and one expiry thread, whoever asked first.
No Streamlit here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from networking_works import quotas
from networking_works.bank import Bank, BankError, load_bank
from networking_works.languages import LANGUAGES, supported
from networking_works.settings import Settings, read_settings
from networking_works.store import JoinLimit, Store, default_url
from networking_works.store.private_banks import is_private
from networking_works.throttle import CreationLimit

DEFAULT_BANK = "networking"


@dataclass(frozen=True)
class Banks:
    """The loaded banks by id. A translation of bank ``B`` into language ``xx`` is the bank
    whose id is ``B-xx`` and whose ``language`` is ``xx`` (questions/networking.fr.yaml is
    ``networking-fr``); it keeps ``B``'s part and statement ids, so results compare.

    Only ``bank()`` below says what a bank id names (a speaker's own bank is not in here)."""

    by_id: dict[str, Bank]
    problems: list[str]
    files: dict[str, Path] = field(default_factory=dict)  # where each was read from

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


def load_banks(folder: Path) -> Banks:
    by_id: dict[str, Bank] = {}
    problems: list[str] = []
    files: dict[str, Path] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            bank = load_bank(path)
        except BankError as exc:
            problems += [str(p) for p in exc.problems]
            continue
        by_id.setdefault(bank.id, bank)
        files.setdefault(bank.id, path)
    return Banks(by_id, problems, files)


def database_url(read: Settings) -> str:
    """``DATABASE_URL``, else the SQLite file in ``NW_DATA_DIR``."""
    return read.text("DATABASE_URL") or default_url(read.path("NW_DATA_DIR"))


def open_store(read: Settings) -> Store:
    """A store as the settings describe it, upgraded (its purge not started)."""
    return Store(
        database_url(read),
        unfinished_ttl=read.duration("NW_UNFINISHED_DAYS"),
        workshop_ttl=read.duration("NW_WORKSHOP_HOURS"),
        journal_ttl=read.duration("NW_JOURNAL_DAYS"),
        join_limit=JoinLimit(
            joins=read.whole("NW_JOINS_PER_5S"),
            per_client=read.whole("NW_JOINS_PER_CLIENT_5S"),
            rejoin_wait=timedelta(seconds=read.number("NW_REJOIN_WAIT_S")),
        ),
        counted_quota=quotas.counted_per_day(read),
        client_secret=read.raw("NW_CLIENT_KEY_SECRET"),
    )


class _Built:
    """The process's resources, each built on first use under one lock."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.settings: Settings | None = None
        self.store: Store | None = None
        self.banks: Banks | None = None


_built = _Built()


def settings() -> Settings:
    """The settings of this process (the environment is read at each call; the secrets
    file once, until ``clear``)."""
    with _built.lock:
        if _built.settings is None:
            _built.settings = read_settings()
        return _built.settings


def store() -> Store:
    """The store of this process, upgraded, its expiry purge scheduled (once)."""
    with _built.lock:
        if _built.store is None:
            built = open_store(settings())
            built.expiry.start()
            _built.store = built
        return _built.store


def banks() -> Banks:
    """The banks in ``NW_QUESTIONS_DIR``, loaded once per process."""
    with _built.lock:
        if _built.banks is None:
            _built.banks = load_banks(settings().path("NW_QUESTIONS_DIR"))
        return _built.banks


def bank(bank_id: str) -> Bank | None:
    """The one rule for what a bank id names: a bank file of this server, else a speaker's
    own saved bank (``private:…``, see networking_works/store/private_banks.py)."""
    found = banks().by_id.get(bank_id)
    if found is None and is_private(bank_id):
        found = store().private_banks.bank(bank_id)
    return found


def bank_text(bank_id: str) -> str | None:
    """The YAML text of what ``bank_id`` names (as ``bank``), for a room file."""
    path = banks().files.get(bank_id)
    if path is not None:
        return path.read_text(encoding="utf-8")
    return store().private_banks.text(bank_id) if is_private(bank_id) else None


def language_of(bank_id: str) -> str | None:
    """The interface language a bank's people get (None: not one the app speaks)."""
    found = bank(bank_id)
    return supported(found.language) if found is not None else None


def languages() -> dict[str, str]:
    """Each loaded bank's language, by bank id."""
    return {bank_id: loaded.language for bank_id, loaded in banks().by_id.items()}


def creation_limit() -> CreationLimit:
    read = settings()
    return CreationLimit(
        per_client=read.whole("NW_ROOMS_PER_CLIENT_HOUR"),
        overall=read.whole("NW_ROOMS_PER_HOUR"),
    )


def clear() -> None:
    """Stop the purge, dispose of the engine and forget everything (tests, and a changed
    environment): the next call builds afresh."""
    with _built.lock:
        if _built.store is not None:
            _built.store.expiry.stop()
            _built.store.database.dispose()
        _built.store = None
        _built.banks = None
        _built.settings = None
