"""AppTests for every page, against a real SQLite store in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from networking_works.bank import load_bank
from networking_works.progress import Stage
from networking_works.report import build_report
from networking_works.scoring import NOT_APPLICABLE
from networking_works.tokens import now
from tests.markdown_tables import markdown_rows
from tests.store_helpers import share
from web import resources, routes

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")


pytestmark = pytest.mark.usefixtures("app_env")


def app(page: str | None = None, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    if page:
        at.switch_page(routes.by_name(page).file)
    at.query_params.update(params)
    return at.run()


def start_at_questions() -> str:
    token = resources.store().assessments.start("networking")
    resources.store().assessments.save(token, Stage.QUESTIONS, 0, version=0)
    return token


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
    assert resources.store().assessments.get(token) is not None
    assert "part 1 of 6" in texts(at)


def test_definition_steps_and_skip() -> None:
    token = resources.store().assessments.start("networking")
    at = app("definition", a=token)
    assert "Creation" in texts(at) and "thom" in texts(at)
    next_button = next(b for b in at.button if b.label == "Next")
    next_button.click().run()
    assert "part 2 of 6" in texts(at)
    assert resources.store().assessments.get(token).step == 1
    next(b for b in at.button if b.label == "Skip to the questions").click().run()
    assert resources.store().assessments.get(token).stage == "questions"


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
    token = start_at_questions()
    at = app("questions", a=token)
    assert "Part 1 of 6" in texts(at)
    at.pills[0].set_value(4)
    next(b for b in at.button if b.label == "Next").click().run()
    assert "Please answer statements 2, 3, 4, 5" in texts(at)
    assert "Part 1 of 6" in texts(at)
    at = answer_part(at, [4, 4, 2, 5, NOT_APPLICABLE])
    assert "Part 2 of 6" in texts(at)
    next(b for b in at.button if b.label == "Back").click().run()
    assert "Part 1 of 6" in texts(at)
    assert [p.value for p in at.pills] == [4, 4, 2, 5, NOT_APPLICABLE]


def score_table(at: AppTest) -> dict[str, list[str]]:
    """The results page's score table (a Markdown table), column by column."""
    table = next(m.value for m in at.markdown if m.value.startswith("| "))
    header, *rows = markdown_rows(table)
    return {name: [row[i] for row in rows] for i, name in enumerate(header)}


def test_full_walk_through_shows_known_scores() -> None:
    token = start_at_questions()
    at = app("questions", a=token)
    # Every part answered 5,4,3,2,1 by position: the score depends on which are reversed.
    for _ in BANK.parts:
        at = answer_part(at, [5, 4, 3, 2, 1])
    assert not at.exception
    assert "Your networking radar" in texts(at)
    table = score_table(at)
    expected = []
    for part in BANK.parts:
        keyed = [
            6 - v if s.reverse else v for s, v in zip(part.statements, [5, 4, 3, 2, 1], strict=True)
        ]
        expected.append(f"{100 * (sum(keyed) / 5 - 1) / 4:.0f}")
    assert table["Score"] == expected
    assert len(at.get("plotly_chart")) == 1
    assert "Your plan for this week" in texts(at)


def test_results_page_redirects_unfinished() -> None:
    token = start_at_questions()
    at = app("results", a=token)
    assert "Part 1 of 6" in texts(at)


def test_hostile_bank_folder_shows_message_not_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "networking.yaml").write_text("id: networking\nversion: [1\n")
    monkeypatch.setenv("NW_QUESTIONS_DIR", str(tmp_path))
    resources.clear()
    at = app()
    assert not at.exception
    assert "this question bank could not be loaded" in texts(at)
    # The details (with server paths) are for the server log, never for visitors.
    assert str(tmp_path) not in texts(at) and "networking.yaml" not in texts(at)


def finished_token(values: int = 4) -> str:
    token = start_at_questions()
    resources.store().assessments.save(
        token, Stage.DONE, 0, {s.id: values for s in BANK.statements}, version=1
    )
    return token


def shared(values: int) -> tuple[str, str]:
    report = build_report(BANK, {s.id: values for s in BANK.statements}, now())
    return share(resources.store(), report.to_dict())


def test_shared_result_page_shows_result_and_no_answers() -> None:
    token, _ = shared(2)
    at = app("results", r=token)
    assert not at.exception
    assert "A networking radar" in texts(at)
    assert "question bank version 1.0" in texts(at)
    page_text = texts(at)
    assert not any(s.text[:40] in page_text for s in BANK.statements)


@pytest.mark.parametrize("token", ["", "x", "<script>alert(1)</script>", "A" * 5000, "a" * 22])
def test_tampered_or_unknown_share_link_is_friendly(token: str) -> None:
    at = app("results", r=token)
    assert not at.exception
    assert "This result is not here" in texts(at)


def test_delete_needs_the_right_private_token() -> None:
    token, delete_token = shared(3)
    at = app("results", r=token, delete="b" * 22)
    next(b for b in at.button if b.label == "Delete this shared result").click().run()
    assert "nothing was deleted" in texts(at)
    at = app("results", r=token, delete=delete_token)
    next(b for b in at.button if b.label == "Delete this shared result").click().run()
    assert "This result is not here" in texts(at)
    assert resources.store().results.get(token) is None


def test_sharing_from_results_gives_public_and_private_links() -> None:
    at = app("results", a=finished_token())
    next(b for b in at.button if b.label == "Share my result").click().run()
    links = [c.value for c in at.code]
    assert len(links) == 2 and "/results?r=" in links[0] and "delete=" in links[1]
    assert resources.store().results.count() == 1


def test_compare_with_a_pasted_link_shows_differences() -> None:
    other, _ = shared(2)
    at = app("compare", a=finished_token(4))
    assert "Compare two results" in texts(at)
    at.text_input[0].input(f"http://example.test/results?r={other}")
    at.button[0].click().run()
    assert not at.exception
    first = build_report(BANK, {s.id: 4 for s in BANK.statements}, now())
    second = build_report(BANK, {s.id: 2 for s in BANK.statements}, now())
    expected = [f"{b - a:+.0f}" for a, b in zip(first.scores, second.scores, strict=True)]
    assert list(at.table[0].value["Change"]) == expected


@pytest.mark.parametrize("reference", ["nonsense", "http://x/results?r=" + "c" * 22, "<b>x</b>"])
def test_compare_with_a_bad_reference_says_so(reference: str) -> None:
    at = app("compare", a=finished_token())
    at.text_input[0].input(reference)
    at.button[0].click().run()
    assert not at.exception
    assert "That did not work" in texts(at)


def test_compare_without_a_result_is_friendly() -> None:
    at = app("compare")
    assert "nothing to compare" in texts(at)
