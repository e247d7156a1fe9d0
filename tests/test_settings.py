"""networking_works/settings.py: one table of settings, read from the environment, then the
secrets file, then the default; a name that is not in the table is an error at once."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from networking_works.settings import (
    BY_NAME,
    DEFAULTS,
    ROOT,
    SETTINGS,
    Settings,
    read_secrets,
    read_settings,
)
from tests.markdown_tables import markdown_rows

README = ROOT / "README.md"


def test_every_setting_is_named_once() -> None:
    assert len(BY_NAME) == len(SETTINGS)
    assert all(s.help and s.unit for s in SETTINGS)


def test_an_unknown_name_is_an_error_not_none() -> None:
    with pytest.raises(KeyError, match="NW_JOURNAL_DAY"):
        DEFAULTS.text("NW_JOURNAL_DAY")
    with pytest.raises(ValueError, match="not a number"):
        DEFAULTS.number("PUBLIC_URL")
    with pytest.raises(ValueError, match="not a duration"):
        DEFAULTS.duration("NW_JOINS_PER_5S")
    with pytest.raises(ValueError, match="not a flag"):
        DEFAULTS.flag("NW_DATA_DIR")
    with pytest.raises(ValueError, match="not a folder"):
        DEFAULTS.path("DATABASE_URL")


def test_the_first_source_with_a_value_wins_then_the_default() -> None:
    read = Settings(
        [{"NW_JOURNAL_DAYS": "30", "PUBLIC_URL": ""}, {"NW_JOURNAL_DAYS": "9", "PUBLIC_URL": "x"}]
    )
    assert read.duration("NW_JOURNAL_DAYS") == timedelta(days=30)
    assert read.text("PUBLIC_URL") == "x"  # an empty value is no value
    assert read.duration("NW_WORKSHOP_HOURS") == timedelta(hours=24)
    assert read.text("NW_FACILITATOR_PASSPHRASE") is None


@pytest.mark.parametrize("typed", ["7 days", "-3", "0", "nan?"])
def test_a_typo_or_a_non_positive_number_falls_back_to_the_default(typed: str) -> None:
    assert Settings([{"NW_JOINS_PER_5S": typed}]).whole("NW_JOINS_PER_5S") == 100


def test_flags_and_folders() -> None:
    assert not DEFAULTS.flag("NW_TRUST_PROXY_HEADERS")
    assert Settings([{"NW_TRUST_PROXY_HEADERS": "Yes"}]).flag("NW_TRUST_PROXY_HEADERS")
    assert not Settings([{"NW_TRUST_PROXY_HEADERS": "0"}]).flag("NW_TRUST_PROXY_HEADERS")
    assert DEFAULTS.path("NW_DATA_DIR") == ROOT / "data"  # under the project, not the cwd
    assert Settings([{"NW_DATA_DIR": "/srv/nw"}]).path("NW_DATA_DIR") == Path("/srv/nw")


def test_the_environment_comes_before_the_secrets_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        'DATABASE_URL = "sqlite:///from-secrets"\nNW_WORKSHOP_HOURS = 2\n'
    )
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("NW_WORKSHOP_HOURS", "5")
    read = read_settings(tmp_path)
    assert read.text("DATABASE_URL") == "sqlite:///from-secrets"
    assert read.duration("NW_WORKSHOP_HOURS") == timedelta(hours=5)
    assert read.path("NW_DATA_DIR") == tmp_path / "data"
    given = read_settings(tmp_path, secrets={"DATABASE_URL": "sqlite:///given"})
    assert given.text("DATABASE_URL") == "sqlite:///given"


def test_no_secrets_file_is_no_secrets_and_a_broken_one_is_named(tmp_path: Path) -> None:
    assert read_secrets(tmp_path) == {}
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text("DATABASE_URL = [\n")
    with pytest.raises(ValueError, match="secrets.toml is not valid TOML"):
        read_secrets(tmp_path)


def readme_settings() -> dict[str, list[str]]:
    """The README's settings table: setting name to its row."""
    lines = README.read_text(encoding="utf-8").splitlines()
    start = lines.index("| setting | default | unit | what it does |")
    end = next(i for i in range(start, len(lines)) if not lines[i].startswith("|"))
    table = markdown_rows("\n".join(lines[start:end]))
    return {row[0].strip("`"): row for row in table[1:]}


def test_the_readme_documents_every_setting_and_no_other() -> None:
    documented = readme_settings()
    assert set(documented) == set(BY_NAME), "README's settings table and SETTINGS differ"
    for name, row in documented.items():
        assert row[1] == shown(BY_NAME[name].default), f"README's default of {name}"
        assert row[2] == BY_NAME[name].unit, f"README's unit of {name}"


def shown(default: object) -> str:
    """A default as the README writes it."""
    if default is None:
        return "none"
    if isinstance(default, bool):
        return "on" if default else "off"
    return f"`{default:g}`" if isinstance(default, float) else f"`{default}`"
