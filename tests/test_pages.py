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
from tests.page_test import app, click, press, rerun, texts
from tests.store_helpers import share
from web import keys, resources

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")


pytestmark = pytest.mark.usefixtures("app_env")


def start_at_questions() -> str:
    token = resources.store().assessments.start("networking")
    resources.store().assessments.save(token, Stage.QUESTIONS, 0, version=0)
    return token


def test_welcome_has_one_primary_start() -> None:
    at = app()
    assert not at.exception
    assert "five minutes" in texts(at)
    primary = [b for b in at.button if b.proto.type == "primary"]
    assert [b.label for b in primary] == ["Start"]


def test_start_creates_assessment_and_opens_definition() -> None:
    at = press(app(), keys.START)
    token = at.query_params["a"]
    assert resources.store().assessments.get(token) is not None
    assert "part 1 of 6" in texts(at)


def test_definition_steps_and_skip() -> None:
    token = resources.store().assessments.start("networking")
    at = app("definition", a=token)
    assert "Creation" in texts(at) and "thom" in texts(at)
    at = click(at, "Next")
    assert "part 2 of 6" in texts(at)
    assert resources.store().assessments.get(token).step == 1
    at = click(at, "Skip to the questions")
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
    return rerun(at)


def test_next_points_at_unanswered_and_back_keeps_answers() -> None:
    token = start_at_questions()
    at = app("questions", a=token)
    assert "Part 1 of 6" in texts(at)
    at.pills[0].set_value(4)
    at = click(at, "Next")
    assert "Please answer statements 2, 3, 4, 5" in texts(at)
    assert "Part 1 of 6" in texts(at)
    at = answer_part(at, [4, 4, 2, 5, NOT_APPLICABLE])
    assert "Part 2 of 6" in texts(at)
    at = click(at, "Back")
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


def widget_ids(at: AppTest) -> list[str]:
    """Every widget id of the page: Streamlit builds it from the widget's key and puts the
    key in the element's CSS class (``st-key-<key>``), for anyone reading the page."""
    found: list[str] = []

    def walk(node: object) -> None:
        ident = getattr(getattr(node, "proto", None), "id", "")
        if isinstance(ident, str) and ident:
            found.append(ident)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return found


def test_no_widget_is_keyed_by_the_private_token() -> None:
    # Issue 23, L7: the downloads were keyed png_<token>, so the private token sat in the
    # page's CSS classes, where a browser extension or a shared screenshot of the DOM sees it.
    token = finished_token()
    at = app("results", a=token)
    downloads = at.get("download_button")
    assert len(downloads) == 3
    ids = widget_ids(at)
    assert len(ids) >= 3 and not [ident for ident in ids if token in ident]
    assert {d.proto.id.rsplit("-", 1)[-1] for d in downloads} == {
        keys.DOWNLOAD_PNG,
        keys.DOWNLOAD_PDF,
        keys.DOWNLOAD_JSON,
    }


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
    at = click(at, "Delete this shared result")
    assert "nothing was deleted" in texts(at)
    at = app("results", r=token, delete=delete_token)
    at = click(at, "Delete this shared result")
    assert "This result is not here" in texts(at)
    assert resources.store().results.get(token) is None


def test_sharing_from_results_gives_public_and_private_links() -> None:
    at = app("results", a=finished_token())
    at = click(at, "Share my result")
    links = [c.value for c in at.code]
    assert len(links) == 2 and "/results?r=" in links[0] and "delete=" in links[1]
    assert resources.store().results.count() == 1


def test_compare_with_a_pasted_link_shows_differences() -> None:
    other, _ = shared(2)
    at = app("compare", a=finished_token(4))
    assert "Compare two results" in texts(at)
    at.text_input[0].input(f"http://example.test/results?r={other}")
    at = rerun(at.button[0].click())
    assert not at.exception
    first = build_report(BANK, {s.id: 4 for s in BANK.statements}, now())
    second = build_report(BANK, {s.id: 2 for s in BANK.statements}, now())
    expected = [f"{b - a:+.0f}" for a, b in zip(first.scores, second.scores, strict=True)]
    assert list(at.table[0].value["Change"]) == expected


@pytest.mark.parametrize("reference", ["nonsense", "http://x/results?r=" + "c" * 22, "<b>x</b>"])
def test_compare_with_a_bad_reference_says_so(reference: str) -> None:
    at = app("compare", a=finished_token())
    at.text_input[0].input(reference)
    at = rerun(at.button[0].click())
    assert not at.exception
    assert "That did not work" in texts(at)


def test_compare_without_a_result_is_friendly() -> None:
    at = app("compare")
    assert "nothing to compare" in texts(at)
