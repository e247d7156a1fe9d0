"""web/links.py: every query parameter named once, one typed function per kind of link,
pasted links parsed safely; and mypy refuses a link built with a wrong name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from networking_works.tokens import new_token
from web import links, routes
from web.links import Param, Query

ROOT = Path(__file__).resolve().parent.parent


def test_each_kind_of_link_uses_its_page_and_the_parameters_url_names() -> None:
    t, d = new_token(), new_token()
    base = "https://nw.example.org/"
    assert links.result(t).at(base) == f"https://nw.example.org/results?r={t}"
    assert links.delete_result(t, d).path() == f"/results?r={t}&delete={d}"
    assert links.own_result(t).path() == f"/results?a={t}"
    assert links.own_result(t, d).query() == {"a": t, "j": d}
    assert links.walk(routes.QUESTIONS, t).path() == f"/questions?a={t}"
    assert links.join("ABCDEF").at(base) == "https://nw.example.org/room/ABCDEF"
    assert links.join_page().path() == "/room"
    assert links.join_page("fr").at(base) == "https://nw.example.org/room?lang=fr"
    assert links.screen("ABCDEF").path() == "/screen?code=ABCDEF"
    assert links.remote("w1", "k1").path() == "/control?w=w1&k=k1"
    assert links.journal(t).path() == f"/journal?j={t}"
    assert links.kept_bank(t).path() == f"/workshop?bank={t}"
    assert links.compare_own(t).query() == {"a": t}
    assert links.compare_shared(t).query() == {"r": t}
    assert links.home().at(base) == "https://nw.example.org/"


def test_parameter_names_are_unique_and_the_query_has_one_field_each() -> None:
    names = [p.value for p in Param]
    assert len(set(names)) == len(names)
    query = Query.of({p.value: p.name for p in Param})
    assert [getattr(query, p.name.lower()) for p in Param] == [p.name for p in Param]
    assert Query.of({}) == Query(*[None] * len(Param))


@pytest.mark.parametrize(
    ("public", "current", "base"),
    [
        ("https://nw.example.org/", "http://10.0.0.1:8501/results", "https://nw.example.org"),
        (None, "http://localhost:8501/results", "http://localhost:8501"),
        (None, "https://x.org/nw/screen", "https://x.org/nw"),
        (None, "https://x.org/nw/", "https://x.org/nw"),
        (None, None, "http://localhost:8501"),
    ],
)
def test_the_base_is_public_url_else_the_app_s_root(
    public: str | None, current: str | None, base: str
) -> None:
    assert links.base_of(public, current) == base


@pytest.mark.parametrize(
    "reference",
    [
        "{token}",
        "  {token}  ",
        "https://example.org/results?r={token}",
        "http://localhost:8501/results?r={token}&delete=zzzzzzzzzzzzzzzzzzzz",
    ],
)
def test_a_pasted_link_or_bare_token_gives_the_result_token(reference: str) -> None:
    token = new_token()
    assert links.result_in(reference.format(token=token)) == token


@pytest.mark.parametrize(
    "reference", ["", "short", "https://example.org/results", "https://x/results?a=" + "a" * 22]
)
def test_anything_else_gives_none(reference: str) -> None:
    assert links.result_in(reference) is None


@given(st.text(max_size=400))
def test_any_text_gives_a_plausible_token_or_none(reference: str) -> None:
    found = links.result_in(reference)
    assert found is None or (found.isascii() and 16 <= len(found) <= 64)


def mypy(source: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    module = tmp_path / "wrong_link.py"
    module.write_text(source)
    return subprocess.run(  # noqa: S603 (our own interpreter, a fixed module)
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(module)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_mypy_finds_a_wrong_parameter_name(tmp_path: Path) -> None:
    good = "from web import links\n\nprint(links.result(token='x').path())\n"
    assert mypy(good, tmp_path).returncode == 0, mypy(good, tmp_path).stdout
    bad = "from web import links\n\nprint(links.result(tokn='x').path())\n"
    found = mypy(bad, tmp_path)
    assert found.returncode == 1
    assert 'Unexpected keyword argument "tokn"' in found.stdout
