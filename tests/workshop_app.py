"""Workshop sessions for AppTests: a facilitator (and the screen) as Streamlit sessions,
and participants as phones on the audience pages, all over one SQLite store.

Every AppTest talks to the same cached ``resources.store()``, like the sessions of one
Streamlit server do; a phone's audience pages are handed that same store.
"""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from audience import Context, paths, starlette_app
from networking_works.bank import load_bank
from tests.audience_phone import Phone
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


def new_phone() -> Phone:
    """A phone on the audience pages of this process (its store and banks, as a server's)."""
    return Phone(starlette_app(Context.of_process()))


def join(code: str, nickname: str = "") -> Phone:
    """A phone that joined the room on its audience page, now on the definition."""
    phone = new_phone().open(paths.room(code))
    phone.submit({paths.Field.NICKNAME: nickname})
    assert phone.path == paths.definition(code, 1), phone.page[:400]
    return phone


def answer_part(phone: Phone, values: list[int], number: int) -> Phone:
    """Answer part ``number`` (1-based) with ``values``, one per statement, and go on."""
    statements = BANK.parts[number - 1].statements
    fields = {paths.statement_field(s.id): str(v) for s, v in zip(statements, values, strict=True)}
    if number == len(PARTS):
        fields[paths.Field.COUNTED] = "1"
    return phone.submit(fields, move="next")


def participant(code: str, values: list[int], nickname: str = "") -> Phone:
    """A phone that joined and answered every part, now on its result page."""
    phone = join(code, nickname).submit(move="skip")
    for number in range(1, len(PARTS) + 1):
        assert phone.path == paths.part(code, number), phone.page[:400]
        answer_part(phone, values, number)
    assert phone.path == paths.result(code), phone.page[:400]
    return phone


def seat_token(phone: Phone) -> str:
    """The phone's assessment token: its seat cookie, never in a URL."""
    return str(phone.client.cookies[paths.SEAT_COOKIE])


def weakest_titles(workshop_id: str) -> list[str]:
    summary = resources.store().room_stats.summary(workshop_id, PARTS)
    return [BANK.part(pid).title for pid in summary.weakest]


def headlines(at: AppTest) -> list[str]:
    """The weakest-part headline on the projected screen."""
    return re.findall(r'<p class="nw-screen nw-headline">(This room[^<]*)</p>', html(at))
