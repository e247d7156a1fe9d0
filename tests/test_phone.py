"""harness/phone.py: a phone reads forms and waits as the page says, knowing no field names.

The parsing is tested on small pages written here; the walk-through through the real
audience app (in this process, over httpx's ASGI transport, on a real store), so a change
of the pages that the phone cannot follow fails here before it fails a load run.
"""

from __future__ import annotations

import asyncio
import random
from collections import Counter

import httpx
import pytest
import sqlalchemy as sa

from audience import paths
from harness.phone import OPTION_WEIGHTS, Kind, Page, Phone, PhoneError, forms_of, opens
from harness.sync_client import blocking
from networking_works.schema import assessments
from networking_works.scoring import ANSWER_OPTIONS
from networking_works.store import Store
from tests.audience_phone import BANKS, app_for

PART = """<!doctype html><html><head><title>Part</title></head><body>
<input name="outside" value="never sent">
<form method="post" action="/room/ABC/part/1">
<input type="hidden" name="csrf" value="tok&amp;en">
<input type="hidden" name="version" value="3">
<fieldset><legend>1. A</legend>
<label><input type="radio" name="q-a" value="1"><span>x</span></label>
<label><input type="radio" name="q-a" value="2" checked><span>y</span></label>
</fieldset>
<fieldset><legend>2. B</legend>
<input type="radio" name="q-b" value="1"><input type="radio" name="q-b" value="2">
</fieldset>
<input type="checkbox" name="counted" value="1" checked>
<input type="checkbox" name="other" value="1">
<input type="text" name="off" disabled>
<button class="button" type="submit" name="move" value="back" disabled>Back</button>
<button class="button primary" type="submit" name="move" value="next">Next</button>
</form></body></html>"""

WAITING = """<!doctype html><html><head>
<noscript><meta http-equiv="refresh" content="5"></noscript></head>
<body data-changes="/room/ABC/changes" data-seen="1-1-0"><main><h1>Hold on</h1></main></body>
</html>"""


def page(text: str, status: int = 200) -> Page:
    return Page("/room/ABC/x", status, text, [], 0.0)


def test_a_form_is_read_whole_and_nothing_outside_it() -> None:
    (form,) = forms_of(PART)
    assert (form.action, form.method) == ("/room/ABC/part/1", "post")
    assert form.hidden == [("csrf", "tok&en"), ("version", "3")]
    assert form.radios == {"q-a": ["1", "2"], "q-b": ["1", "2"]}
    assert form.checked == {"q-a": "2"}
    assert form.checkboxes == [("counted", "1", True), ("other", "1", False)]
    assert form.texts == {}  # the disabled input is not sent
    assert [(b.name, b.value, b.primary, b.disabled) for b in form.buttons] == [
        ("move", "back", False, True),
        ("move", "next", True, False),
    ]


def test_filling_sends_what_a_person_s_press_sends() -> None:
    (form,) = forms_of(PART)
    rng = random.Random(1)  # noqa: S311 -- a simulated person
    fields, chosen = form.fill(rng, prefer=("back", "skip"))
    sent = dict(fields)
    assert set(chosen) == {"q-a", "q-b"} and chosen == {k: sent[k] for k in chosen}
    assert sent["csrf"] == "tok&en" and sent["counted"] == "1" and "other" not in sent
    assert sent["move"] == "next", "a disabled button cannot be pressed"
    assert "outside" not in sent


def test_a_statement_s_options_follow_the_weights() -> None:
    values = [str(v) for v in ANSWER_OPTIONS]
    markup = "".join(f'<input type="radio" name="s" value="{v}">' for v in values)
    (form,) = forms_of(f'<form method="post">{markup}<button>Go</button></form>')
    rng = random.Random(5)  # noqa: S311
    counts = Counter(form.fill(rng)[1]["s"] for _ in range(20_000))
    for value, weight in zip(values, OPTION_WEIGHTS, strict=True):
        assert counts[value] / 20_000 == pytest.approx(weight / sum(OPTION_WEIGHTS), abs=0.015)


def test_a_page_s_kind_comes_from_its_structure() -> None:
    assert page(PART).kind is Kind.PART
    assert page(PART, status=403).kind is Kind.REFUSAL
    join = '<form method="post" action="/r"><input name="nick"><button>Join</button></form>'
    assert page(join).kind is Kind.JOIN
    definition = (
        '<form method="post"><input type="hidden" name="c" value="1">'
        '<button name="move" value="skip">Skip</button></form>'
    )
    assert page(definition).kind is Kind.DEFINITION
    result = '<svg></svg><form method="post"><input type="checkbox" name="s"><button>S</button>'
    assert page(result).kind is Kind.RESULT
    assert page(WAITING).kind is Kind.WAITING
    assert page("<p>There is no live workshop with that code.</p>").kind is Kind.REFUSAL


def test_a_held_part_is_not_on_the_page_until_the_room_opens_it() -> None:
    form = PART[PART.index("<form") : PART.index("</form>") + len("</form>")]
    held = WAITING.replace("</main>", f'</main><template id="held" data-part="2">{form}</template>')
    waiting = page(held)
    assert waiting.kind is Kind.WAITING and waiting.forms == []
    assert waiting.held is not None and waiting.held[0] == 2
    assert page(waiting.held[1]).kind is Kind.PART
    assert page(WAITING).held is None
    assert opens("2-1-0", 2) and opens("6-1-1", 2)
    assert not opens("1-1-0", 2)  # not open yet
    assert not opens("2-0-0", 2)  # open, but answers paused
    assert not opens("gone", 2)


def test_a_page_that_names_its_kind_is_taken_at_its_word_unless_refused() -> None:
    named = PART.replace("<body>", '<body data-page="waiting">')
    assert (page(named).kind, page(named).structure) == (Kind.WAITING, Kind.PART)
    assert page(named, status=404).kind is Kind.REFUSAL
    unknown = PART.replace("<body>", '<body data-page="lobby">')
    assert page(unknown).kind is Kind.PART


def test_a_waiting_page_says_how_it_waits() -> None:
    wait = page(WAITING).wait
    assert wait is not None
    assert (wait.changes, wait.seen, wait.refresh_s) == ("/room/ABC/changes", "1-1-0", 5.0)
    assert page(PART).wait is None
    with pytest.raises(PhoneError, match="no form"):
        page("<p>nothing</p>").form()


# -- the real audience pages, in this process --------------------------------------


def _phone(store: Store, script: bool = True) -> Phone:
    return Phone("http://testserver", script=script, transport=httpx.ASGITransport(app_for(store)))


def _named(at: Page) -> Kind:
    """The kind the page names, once its structure agrees (a template naming the wrong
    page, or none, fails here)."""
    assert at.body.get("data-page") == at.structure.value
    return at.kind


async def _walk(store: Store, code: str, workshop_id: str, script: bool) -> dict[str, str]:
    """Join, skip the definition, answer every part (the speaker opening part 2 while
    the phone waits), reach the result; the radio choices made, by field name."""
    rng, chosen = random.Random(3), {}  # noqa: S311
    parts = len(BANKS.by_id["networking"].parts)
    async with _phone(store, script) as phone:
        at = await phone.open(paths.room(code))
        assert _named(at) is Kind.JOIN, at.text[:300]
        fields, _ = at.form().fill(rng, {paths.Field.NICKNAME: "Ana"})
        at = await phone.submit(at, at.form(), fields)
        assert _named(at) is Kind.DEFINITION, at.text[:300]
        # The join page loads no script: its post is answered by a redirect.
        assert [h.status for h in at.hops if not h.asset] == [303, 200]
        fields, _ = at.form().fill(rng, prefer=("skip",))
        at = await phone.submit(at, at.form(), fields)
        # Past it, the script's post brings the next page in one answer (audience/follow.py).
        assert [h.status for h in at.hops if not h.asset] == ([200] if script else [303, 200])
        for number, part in enumerate(BANKS.by_id["networking"].parts, 1):
            if number == 2:
                assert _named(at) is Kind.WAITING, at.text[:300]
                # The speaker opens the rest while the phone waits on part 2.
                opens = lambda: store.workshops.update(workshop_id, open_parts=parts)  # noqa: E731
                asyncio.get_running_loop().call_later(0.3, opens)
                at = await phone.wait(at)
                # With the script, the part the waiting page held is shown on the long
                # poll's answer alone; without it, the refresh reloads the part's page.
                asked = [(h.method, h.path.rsplit("/", 1)[-1]) for h in at.hops]
                assert asked[-1] == (("GET", "changes") if script else ("GET", "2")), asked
            assert _named(at) is Kind.PART, (number, at.text[:300])
            assert len(at.form().radios) == len(part.statements)
            fields, made = at.form().fill(rng, prefer=("next",))
            chosen.update(made)
            at = await phone.submit(at, at.form(), fields)
            posted = [h for h in at.hops if h.method == "POST"]
            assert [h.status for h in posted] == [200 if script else 303], number
        assert _named(at) is Kind.RESULT, at.text[:300]
        assert at.url == paths.result(code)
    return chosen


@pytest.mark.parametrize("script", [True, False], ids=["long poll", "refresh"])
def test_a_phone_walks_the_audience_pages(store: Store, script: bool) -> None:
    workshop, _ = store.workshops.create("Phones", "networking", True, None)
    assert store.workshops.update(workshop.id, open_parts=1)
    chosen = blocking(_walk(store, workshop.code, workshop.id, script), 120)
    found = store.assessments.get(next(iter(_tokens(store, workshop.id))))
    assert found is not None and found.stage == "done"
    sent = {name.removeprefix(paths.STATEMENT_PREFIX): int(v) for name, v in chosen.items()}
    assert dict(found.answers) == sent


def _tokens(store: Store, workshop_id: str) -> list[str]:
    query = sa.select(assessments.c.token).where(assessments.c.workshop_id == workshop_id)
    with store.database.read() as conn:
        return [row[0] for row in conn.execute(query)]
