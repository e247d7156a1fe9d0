"""AppTests for every page, against a real SQLite store in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import ui
from networking_works.bank import load_bank
from networking_works.scoring import NOT_APPLICABLE

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")


@pytest.fixture(autouse=True)
def fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("NW_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    ui.store.clear()
    ui.banks.clear()
    yield
    ui.store.clear()
    ui.banks.clear()


def app(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if page:
        at.switch_page(ui.PAGES[page])
    at.query_params.update(params)
    return at.run()


def texts(at: AppTest) -> str:
    parts = [
        e.value
        for kind in ("title", "header", "subheader", "markdown", "caption")
        for e in getattr(at, kind)
    ]
    parts += (
        [e.value for e in at.warning] + [e.value for e in at.info] + [e.value for e in at.error]
    )
    return "\n".join(str(p) for p in parts)


def test_welcome_has_one_primary_start() -> None:
    at = app()
    assert not at.exception
    assert "five minutes" in texts(at)
    primary = [b for b in at.button if b.proto.type == "primary"]
    assert [b.label for b in primary] == ["Start"]


def test_start_creates_assessment_and_opens_definition() -> None:
    at = app()
    at.button[0].click().run()
    token = at.query_params["a"]
    assert ui.store().assessment(token) is not None
    assert "part 1 of 6" in texts(at)


def test_definition_steps_and_skip() -> None:
    token = ui.store().start_assessment("networking")
    at = app("definition", a=token)
    assert "Creation" in texts(at) and "thom" in texts(at)
    next_button = next(b for b in at.button if b.label == "Next")
    next_button.click().run()
    assert "part 2 of 6" in texts(at)
    assert ui.store().assessment(token).step == 1
    next(b for b in at.button if b.label == "Skip to the questions").click().run()
    assert ui.store().assessment(token).stage == "questions"


def test_unknown_token_gets_friendly_page() -> None:
    for page in ("definition", "questions", "results"):
        at = app(page, a="not-a-real-token-at-all")
        assert not at.exception
        assert "could not find your answers" in texts(at)


def answer_part(at: AppTest, values: list[int]) -> AppTest:
    for pills, value in zip(at.pills, values, strict=True):
        pills.set_value(value)
    next(b for b in at.button if b.proto.type == "primary").click()
    return at.run()


def test_next_points_at_unanswered_and_back_keeps_answers() -> None:
    token = ui.store().start_assessment("networking", stage="questions")
    at = app("questions", a=token)
    assert "Part 1 of 6" in texts(at)
    at.pills[0].set_value(4)
    next(b for b in at.button if b.label == "Next").click().run()
    assert "Please answer statement 2, 3, 4, 5" in texts(at)
    assert "Part 1 of 6" in texts(at)
    at = answer_part(at, [4, 4, 2, 5, NOT_APPLICABLE])
    assert "Part 2 of 6" in texts(at)
    next(b for b in at.button if b.label == "Back").click().run()
    assert "Part 1 of 6" in texts(at)
    assert [p.value for p in at.pills] == [4, 4, 2, 5, NOT_APPLICABLE]


def test_full_walk_through_shows_known_scores() -> None:
    token = ui.store().start_assessment("networking", stage="questions")
    at = app("questions", a=token)
    # Every part answered 5,4,3,2,1 by position: the score depends on which are reversed.
    for _ in BANK.parts:
        at = answer_part(at, [5, 4, 3, 2, 1])
    assert not at.exception
    assert "Your networking radar" in texts(at)
    table = at.table[0].value
    expected = []
    for part in BANK.parts:
        keyed = [
            6 - v if s.reverse else v for s, v in zip(part.statements, [5, 4, 3, 2, 1], strict=True)
        ]
        expected.append(f"{100 * (sum(keyed) / 5 - 1) / 4:.0f}")
    assert list(table["Score"]) == expected
    assert len(at.get("plotly_chart")) == 1
    assert "Your plan for this week" in texts(at)


def test_results_page_redirects_unfinished() -> None:
    token = ui.store().start_assessment("networking", stage="questions")
    at = app("results", a=token)
    assert "Part 1 of 6" in texts(at)


def test_hostile_bank_folder_shows_message_not_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "networking.yaml").write_text("id: networking\nversion: [1\n")
    monkeypatch.setenv("NW_QUESTIONS_DIR", str(tmp_path))
    ui.banks.clear()
    at = app()
    assert not at.exception
    assert "could not be loaded" in texts(at)
