"""Every setting the app reads, defined once: its name, default, unit and what it does.

A setting is read from the environment, else from ``.streamlit/secrets.toml`` under the
project root (the file Streamlit's ``st.secrets`` reads), else it is its default here. The
Streamlit pages, the audience pages and the command line all read them through
``read_settings``, so they agree on where the store is. The README's settings table is
checked against ``SETTINGS`` (tests/test_settings.py), in both directions.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SECRETS = Path(".streamlit") / "secrets.toml"

Value = str | float | bool | None


@dataclass(frozen=True)
class Setting:
    name: str
    default: Value  # None: unset (the help says what happens then)
    unit: str  # "days", "hours", "per hour", "folder", "flag", "text", …
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DATABASE_URL",
        None,
        "URL",
        "the database, e.g. `postgresql+psycopg://user:pass@host:5432/db`; unset: the SQLite "
        "file `networking-works.sqlite3` in `NW_DATA_DIR`",
    ),
    Setting("NW_DATA_DIR", "data", "folder", "folder of the SQLite file"),
    Setting("NW_QUESTIONS_DIR", "questions", "folder", "folder of question banks"),
    Setting(
        "PUBLIC_URL",
        None,
        "URL",
        "base of share links and of the handout's QR code, e.g. `https://networking.example.org`;"
        " unset: the address the browser used",
    ),
    Setting(
        "NW_UNFINISHED_DAYS",
        7.0,
        "days",
        "days an unfinished assessment is kept after its last step",
    ),
    Setting(
        "NW_WORKSHOP_HOURS",
        24.0,
        "hours",
        "hours a workshop (and everything in it, participants included) lives after it is created",
    ),
    Setting(
        "NW_JOURNAL_DAYS", 365.0, "days", "days a private journal lives after its last new result"
    ),
    Setting(
        "NW_FACILITATOR_PASSPHRASE",
        None,
        "text",
        "when set, creating a workshop asks for it: **recommended on any public server**",
    ),
    Setting("NW_JOINS_PER_5S", 100.0, "people", "new participants one room takes in any 5 seconds"),
    Setting(
        "NW_JOINS_PER_CLIENT_5S",
        20.0,
        "people",
        "new participants one client (one address) may add to one room in any 5 seconds: its"
        " share of `NW_JOINS_PER_5S`",
    ),
    Setting(
        "NW_REJOIN_WAIT_S",
        120.0,
        "seconds",
        "seconds the address a removed participant joined from waits before it joins that room"
        " again",
    ),
    Setting(
        "NW_UNKNOWN_CODES_PER_CLIENT_HOUR",
        100.0,
        "lookups",
        "join codes naming no live room that one client may try in an hour",
    ),
    Setting("NW_ROOMS_PER_CLIENT_HOUR", 10.0, "rooms", "rooms one client may create in an hour"),
    Setting(
        "NW_ROOMS_PER_HOUR", 200.0, "rooms", "rooms the server creates in an hour, from everyone"
    ),
    Setting(
        "NW_BANK_SAVES_PER_CLIENT_DAY",
        100.0,
        "saves",
        "versions of speakers' own banks one client may save in a day",
    ),
    Setting(
        "NW_BANK_SAVES_PER_DAY", 2000.0, "saves", "versions of own banks the server saves in a day"
    ),
    Setting(
        "NW_BANK_KEEPS_PER_CLIENT_DAY",
        5.0,
        "banks",
        "own banks one client may keep for a year with a private link, in a day",
    ),
    Setting("NW_BANK_KEEPS_PER_DAY", 100.0, "banks", "own banks the server keeps in a day"),
    Setting(
        "NW_JOURNAL_IMPORTS_PER_CLIENT_DAY",
        10.0,
        "journals",
        "journal files one client may import in a day",
    ),
    Setting(
        "NW_JOURNAL_IMPORTS_PER_DAY", 500.0, "journals", "journal files the server imports in a day"
    ),
    Setting("NW_SHARES_PER_CLIENT_DAY", 50.0, "links", "results one client may share in a day"),
    Setting("NW_SHARES_PER_DAY", 5000.0, "links", "results the server shares in a day"),
    Setting(
        "NW_COUNTED_PER_CLIENT_DAY",
        5.0,
        "results",
        "solo results from one client counted in the anonymous norms in a day; later ones are"
        " kept but not counted",
    ),
    Setting(
        "NW_TRUST_PROXY_HEADERS",
        False,
        "flag",
        "`1` behind a proxy that sets `X-Real-IP` / `X-Forwarded-For` (the nginx recipe)",
    ),
    Setting(
        "NW_CLIENT_KEY_SECRET",
        None,
        "text",
        "key of the hashes of client addresses that the limits store (HMAC-SHA256; use 32 or "
        "more random characters, the same on every process); unset: a random key made once and"
        " kept in the database (`nw_meta`), which every process over it shares",
    ),
    Setting(
        "NW_DIAGNOSTICS",
        False,
        "flag",
        "`1` answers `/_nw/diagnostics` (session, object and cache counts for `bench/memory.py`),"
        " to direct loopback requests only; leave it off on a server people use",
    ),
)
BY_NAME: dict[str, Setting] = {setting.name: setting for setting in SETTINGS}
_TRUE = {"1", "true", "yes", "on"}
_DURATIONS = {"days": "days", "hours": "hours"}


def setting(name: str) -> Setting:
    """The setting called ``name``; any other name is a programming error, at once."""
    try:
        return BY_NAME[name]
    except KeyError:
        raise KeyError(f"no setting is called {name!r}: add it to SETTINGS") from None


class Settings:
    """Settings read from ordered sources (the first that has a non-empty value wins), else
    their default. Sources are read at each call, so a changed environment is seen."""

    def __init__(self, sources: Sequence[Mapping[str, object]] = (), root: Path = ROOT) -> None:
        self.sources = tuple(sources)
        self.root = root

    def raw(self, name: str) -> str | None:
        """The text a source gives ``name``, or None when none does."""
        setting(name)
        for source in self.sources:
            value = source.get(name)
            if value is not None and str(value) != "":
                return str(value)
        return None

    def text(self, name: str) -> str | None:
        found = self.raw(name)
        if found is not None:
            return found
        default = setting(name).default
        return None if default is None else str(default)

    def number(self, name: str) -> float:
        """A positive number; a typo or a value <= 0 falls back to the default instead of
        stopping the app."""
        default = setting(name).default
        if not isinstance(default, float):
            raise ValueError(f"{name} is not a number setting")
        try:
            value = float(self.raw(name) or default)
        except ValueError:
            return default
        return value if value > 0 else default

    def whole(self, name: str) -> int:
        return int(self.number(name))

    def duration(self, name: str) -> timedelta:
        """A lifetime setting, in its unit (days or hours)."""
        unit = _DURATIONS.get(setting(name).unit)
        if unit is None:
            raise ValueError(f"{name} is not a duration setting")
        return timedelta(**{unit: self.number(name)})

    def flag(self, name: str) -> bool:
        if setting(name).unit != "flag":
            raise ValueError(f"{name} is not a flag setting")
        found = self.raw(name)
        return bool(setting(name).default) if found is None else found.lower() in _TRUE

    def path(self, name: str) -> Path:
        """A folder setting; a relative one is under the project root, whoever reads it."""
        if setting(name).unit != "folder":
            raise ValueError(f"{name} is not a folder setting")
        found = Path(self.text(name) or ".")
        return found if found.is_absolute() else self.root / found


# The defaults alone: what the store's and the limits' constructors fall back to.
DEFAULTS = Settings()


def read_secrets(root: Path = ROOT) -> dict[str, object]:
    """``.streamlit/secrets.toml`` under ``root`` (no file: no secrets). A broken file stops
    the start with its name: running on the defaults instead could open the wrong store."""
    path = root / SECRETS
    try:
        with path.open("rb") as file:
            return tomllib.load(file)
    except FileNotFoundError:
        return {}
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path} is not valid TOML: {exc}") from None


def read_settings(
    root: Path | None = None, secrets: Mapping[str, object] | None = None
) -> Settings:
    """The environment, then ``secrets`` (default: the project's secrets file), then defaults."""
    base = root or ROOT
    return Settings((os.environ, read_secrets(base) if secrets is None else secrets), base)
