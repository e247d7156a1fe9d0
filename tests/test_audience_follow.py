"""audience/follow.py: a post sent as the page's script sends it comes back as the page it
leads to, in one answer, with the same effect as the plain post and its redirect."""

from __future__ import annotations

import sqlalchemy as sa

from audience import paths
from audience.paths import FOLLOW_HEADER
from audience.safety import masked
from networking_works.schema import assessments
from networking_works.store import Store, Workshop
from tests.audience_phone import BANKS, Phone, app_for

BANK = BANKS.by_id["networking"]


def _room(store: Store, paced: bool = False) -> Workshop:
    return store.workshops.create("Follow", "networking", paced, None)[0]


def _answers(step: int, value: int = 4) -> dict[str, str]:
    return {paths.statement_field(s.id): str(value) for s in BANK.parts[step].statements}


def _stored(store: Store, room: Workshop) -> tuple[str, int, dict[str, int]]:
    with store.database.engine.connect() as conn:
        row = conn.execute(
            sa.select(assessments.c.token).where(assessments.c.workshop_id == room.id)
        ).one()
    found = store.assessments.get(row.token)
    assert found is not None
    return found.stage, found.step, dict(found.answers)


def test_a_script_s_post_brings_the_next_page_and_keeps_what_a_plain_post_keeps(
    store: Store,
) -> None:
    room = _room(store)
    plain = Phone(app_for(store)).open(paths.room(room.code)).submit({"nickname": "Plain"})
    scripted = Phone(app_for(store)).open(paths.room(room.code))
    scripted.submit({"nickname": "Script"}, script=True)
    # The join: the definition in the same answer, with the seat the redirect would set.
    assert scripted.posted.status_code == 200 and scripted.redirects == 0
    assert scripted.posted.headers["content-location"] == paths.definition(room.code, 1)
    assert paths.SEAT_COOKIE in scripted.posted.headers["set-cookie"]
    assert scripted.path == plain.path == paths.definition(room.code, 1)
    assert 'data-page="definition"' in scripted.page
    scripted.submit(move="skip", script=True)
    plain.submit(move="skip")
    assert scripted.path == plain.path == paths.part(room.code, 1)
    scripted.submit(_answers(0), move="next", script=True)
    assert scripted.posted.headers["content-location"] == paths.part(room.code, 2)
    assert scripted.posted.headers["cache-control"] == "no-store"
    assert "Content-Security-Policy" in scripted.posted.headers
    assert 'data-page="part"' in scripted.page
    plain.submit(_answers(0), move="next")
    assert plain.redirects == 1 and plain.path == scripted.path
    with store.database.engine.connect() as conn:
        rows = conn.execute(
            sa.select(assessments.c.stage, assessments.c.step, assessments.c.answers).where(
                assessments.c.workshop_id == room.id
            )
        ).all()
    assert len(rows) == 2 and rows[0] == rows[1]  # the same press, the same record


def test_a_script_s_post_that_misses_an_answer_gets_the_part_with_its_note(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store)).open(paths.room(room.code)).submit({"nickname": ""})
    phone.submit(move="skip")
    partial = dict(list(_answers(0).items())[:1])
    phone.submit(partial, move="next", script=True)
    assert phone.posted.status_code == 200
    assert phone.path == paths.part(room.code, 1)
    assert "note=missing" in phone.posted.headers["content-location"]
    assert 'class="missing-note"' in phone.page
    assert _stored(store, room)[:2] == ("questions", 0)


def test_a_stale_tab_s_script_post_is_told_and_erases_nothing(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store)).open(paths.room(room.code)).submit({"nickname": ""})
    phone.submit(move="skip")
    stale = phone.page
    phone.submit(_answers(0, 5), move="next")
    phone.page = stale  # a second tab still showing part 1
    phone.submit(_answers(0, 1), move="next", script=True)
    assert "note=stale" in phone.posted.headers["content-location"]
    assert 'role="alert"' in phone.page
    stage, step, answers = _stored(store, room)
    assert (stage, step) == ("questions", 1)
    assert set(answers.values()) == {5}


def test_a_refused_script_post_is_answered_as_a_plain_one(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store)).open(paths.room(room.code)).submit({"nickname": ""})
    action = paths.definition(room.code, 1)
    forged = phone.client.post(
        action,
        data={"move": "skip", "version": "1", "csrf": masked("0" * 43)},
        headers={FOLLOW_HEADER: "1"},
    )
    assert forged.status_code == 403
    assert "content-location" not in forged.headers
    assert _stored(store, room)[:2] == ("definition", 0)


def test_leaving_by_script_draws_the_join_page_without_the_seat(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store)).open(paths.room(room.code)).submit({"nickname": "Ann"})
    phone.open(paths.leave(room.code))
    phone.submit(script=True)
    assert phone.posted.status_code == 200
    assert phone.path == paths.room(room.code)
    assert 'data-page="join"' in phone.page  # not sent back to the seat it gave up
    assert f'{paths.SEAT_COOKIE}=""' in phone.posted.headers["set-cookie"]
    assert phone.client.cookies.get(paths.SEAT_COOKIE) is None


def test_the_last_part_s_script_post_brings_the_result(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store)).open(paths.room(room.code)).submit({"nickname": ""})
    phone.submit(move="skip", script=True)
    for step in range(len(BANK.parts)):
        phone.submit(_answers(step), move="next", script=True)
        assert phone.posted.status_code == 200 and phone.redirects == 0
    assert phone.path == paths.result(room.code)
    assert "<svg" in phone.page
    assert _stored(store, room)[0] == "done"
