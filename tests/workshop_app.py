"""Workshop sessions for AppTests: a facilitator and participants sharing one SQLite store.

Every AppTest talks to the same cached ``resources.store()``, like the sessions of one
Streamlit server do.
"""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from networking_works.bank import load_bank
from tests.page_test import app, click, html, now_on, ok, texts
from web import resources

ROOT = Path(__file__).resolve().parents[1]
BANK = load_bank(ROOT / "questions" / "networking.yaml")
PARTS = [p.id for p in BANK.parts]
HOSTILE_NICKNAME = "**bold** <b>x</b> [link](http://e.vil) :red[x]"
NO_ROOM = "There is no live workshop with that code"


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def charts(at: AppTest) -> int:
    return len(at.get("plotly_chart"))


def screen(code: str) -> AppTest:
    """The projected screen, as anyone with the code opens it."""
    return ok(app("screen", code=code))


NO_COUNTS = {"Joined": "0", "Answering": "0", "Completed": "0"}


def create_workshop(
    title: str = "Job club, 3 March", paced: bool = False, cap: int = 0
) -> tuple[AppTest, str, str]:
    """The facilitator's session on the remote, with the room id and join code."""
    at = ok(app("workshop"))
    assert "Run a workshop" in texts(at)
    next(t for t in at.text_input if t.label == "Title").input(title)
    next(r for r in at.radio if r.label == "Pacing").set_value(paced)
    if cap:
        next(n for n in at.number_input if "limit" in n.label).set_value(cap)
    at = click(at, "Create workshop")
    workshop_id = at.query_params["w"]
    room = resources.store().workshops.facilitated(workshop_id, at.query_params["k"])
    assert room is not None
    return now_on(at, "control"), workshop_id, room.code


def join(code: str, nickname: str = "") -> AppTest:
    at = ok(app("join", code=code))
    field = next(t for t in at.text_input if t.label.startswith("Nickname"))
    field.set_value(nickname)  # set_value, not input: a crafted client ignores maxlength
    at = click(at, "Join")
    assert "part 1 of 6" in texts(at), texts(at)
    return now_on(at, "definition")


def skip_definition(at: AppTest) -> AppTest:
    at = click(at, "Skip to the questions")
    assert "Part 1 of 6" in texts(at), texts(at)
    return now_on(at, "questions")


def answer_part(at: AppTest, values: list[int]) -> AppTest:
    assert len(at.pills) == len(values), texts(at)
    for pills, value in zip(at.pills, values, strict=True):
        pills.set_value(value)
    next(b for b in at.button if b.proto.type == "primary").click()
    return ok(at.run())


def answer_everything(at: AppTest, values: list[int]) -> AppTest:
    at = skip_definition(at)
    for number in range(len(PARTS)):
        assert f"Part {number + 1} of 6" in texts(at), texts(at)
        at = answer_part(at, values)
    assert "Your networking radar" in texts(at), texts(at)
    return now_on(at, "results")


def participant(code: str, values: list[int], nickname: str = "") -> AppTest:
    return answer_everything(join(code, nickname), values)


def weakest_titles(workshop_id: str) -> list[str]:
    summary = resources.store().room_stats.summary(workshop_id, PARTS)
    return [BANK.part(pid).title for pid in summary.weakest]


def headlines(at: AppTest) -> list[str]:
    """The weakest-part headline on the projected screen."""
    return re.findall(r'<p class="nw-screen nw-headline">(This room[^<]*)</p>', html(at))
