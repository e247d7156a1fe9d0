"""The audience pages over HTTP against the real store (SQLite and PostgreSQL): joining,
the definition, every part, the waiting screen, the result, and every refusal page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from audience import paths
from audience.safety import masked
from networking_works.schema import assessments
from networking_works.store import JoinLimit, Store, Workshop
from networking_works.store.workshops import LOCKED, TRY_AGAIN
from networking_works.workshop import MAX_NICKNAME
from tests.audience_phone import BANKS, QUESTIONS, Phone, app_for
from tests.conftest import StoreFactory
from tests.store_helpers import MovableClock

BANK = BANKS.by_id["networking"]


def _room(store: Store, paced: bool = False, cap: int | None = None) -> Workshop:
    return store.workshops.create("Job <b>club</b>", "networking", paced, cap)[0]


def _part_answers(step: int, value: int = 4) -> dict[str, str]:
    return {paths.statement_field(s.id): str(value) for s in BANK.parts[step].statements}


def _joined(store: Store, room: Workshop, nickname: str = "") -> Phone:
    phone = Phone(app_for(store)).open(paths.room(room.code))
    return phone.submit({"nickname": nickname})


def _to_questions(phone: Phone) -> Phone:
    return phone.submit(move="skip")


def _finish(phone: Phone, counted: bool = True) -> Phone:
    for step in range(len(BANK.parts)):
        fields = _part_answers(step)
        if step == len(BANK.parts) - 1 and counted:
            fields["counted"] = "1"
        phone.submit(fields, move="next")
    return phone


def _token(store: Store, room: Workshop) -> str:
    with store.database.engine.connect() as conn:
        rows = conn.execute(
            sa.select(assessments.c.token).where(assessments.c.workshop_id == room.id)
        ).all()
    assert len(rows) == 1
    return str(rows[0].token)


def test_a_phone_joins_by_the_room_link_with_a_nickname(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store)).open(paths.room(room.code))
    assert phone.status == 200
    assert "Job &lt;b&gt;club&lt;/b&gt;" in phone.page  # the title is plain text
    assert "<b>club</b>" not in phone.page
    joined = phone.client.post(
        paths.room(room.code),
        data={"nickname": "  Ann\u0000 ", "csrf": masked(phone.client.cookies["nw_form"])},
    )
    assert joined.status_code == 303
    assert joined.headers["location"] == paths.definition(room.code, 1)
    cookie = joined.headers["set-cookie"]
    assert f"Path={paths.room(room.code)}" in cookie
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie
    life = int(re.search(r"Max-Age=(\d+)", cookie).group(1))  # type: ignore[union-attr]
    assert store.workshop_ttl.total_seconds() - 60 < life <= store.workshop_ttl.total_seconds()
    participant = store.workshops.participant(_token(store, room))
    assert participant is not None and participant.nickname == "Ann"


def test_without_a_nickname_the_room_sees_a_made_up_name(store: Store) -> None:
    room = _room(store)
    phone = _finish(_to_questions(_joined(store, room)))
    participant = store.workshops.participant(_token(store, room))
    assert participant is not None and participant.nickname == ""
    assert re.fullmatch(r"\w+ \w+ \d\d", participant.codename)
    assert f"In this room you are {participant.codename}." in phone.page


def test_a_typed_code_joins_in_any_case_and_spacing(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store)).open(paths.PREFIX)
    typed = f" {room.code[:3].lower()} {room.code[3:].lower()}"
    phone.submit({"code": typed, "nickname": "Bo"})
    assert phone.path == paths.definition(room.code, 1)
    assert store.recent.counts(room.id)[0] == 1
    assert Phone(app_for(store)).open(paths.room(room.code.lower())).path == paths.room(room.code)


def test_a_code_in_the_join_form_s_address_leads_to_its_room(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store)).open(f"{paths.PREFIX}?code={room.code.lower()}")
    assert phone.path == paths.room(room.code) and phone.heading == "Job &lt;b&gt;club&lt;/b&gt;"
    phone = Phone(app_for(store)).open(f"{paths.PREFIX}?code=ZZZZZZ")
    assert phone.status == 404 and 'value="ZZZZZZ"' in phone.page


def test_a_rescan_or_a_second_join_brings_the_phone_back_to_its_place(store: Store) -> None:
    room = _room(store)
    phone = _to_questions(_joined(store, room))
    assert phone.path == paths.part(room.code, 1)
    phone.submit(_part_answers(0), move="next")
    again = phone.open(paths.room(room.code))  # the closing slide's QR code, say
    assert again.path == paths.part(room.code, 2)
    phone.client.post(paths.room(room.code), data={"csrf": masked(phone.client.cookies["nw_form"])})
    assert store.room_stats.counts(room.id)[0] == 1  # nobody joined twice


def test_the_definition_one_part_per_page_back_next_and_skip(store: Store) -> None:
    room = _room(store)
    phone = _joined(store, room)
    assert "The definition · part 1 of 6" in phone.page
    assert BANK.parts[0].title in phone.heading
    assert re.search(r'value="back" disabled', phone.page)
    for number in range(2, 7):
        phone.submit(move="next")
        assert phone.path == paths.definition(room.code, number)
        assert BANK.parts[number - 1].title in phone.heading
    phone.submit(move="back")
    assert phone.path == paths.definition(room.code, 5)
    phone.submit(move="skip")
    assert phone.path == paths.part(room.code, 1)
    phone.submit(move="back")  # from the first questions back to the definition's end
    assert phone.path == paths.definition(room.code, 6)


def test_a_part_asks_for_the_missing_statements_and_keeps_the_rest(store: Store) -> None:
    room = _room(store)
    phone = _to_questions(_joined(store, room))
    first = BANK.parts[0].statements[0]
    phone.submit({paths.statement_field(first.id): "0"}, move="next")  # "does not apply"
    assert phone.path == paths.part(room.code, 1)
    count = len(BANK.parts[0].statements)
    numbers = ", ".join(str(n) for n in range(2, count + 1))
    assert f"Please answer statements {numbers} before moving on." in phone.page
    assert phone.page.count("Not answered yet") == count - 1
    kept = re.search(rf'name="s-{first.id}" value="0" checked', phone.page)
    assert kept is not None
    stored = store.assessments.get(_token(store, room))
    assert stored is not None and stored.answers == {first.id: 0}


def test_each_statement_offers_the_bank_s_scale_and_does_not_apply(store: Store) -> None:
    room = _room(store)
    phone = _to_questions(_joined(store, room))
    for label in (*BANK.scale.labels, BANK.scale.not_applicable):
        assert phone.page.count(f"<span>{label}</span>") == len(BANK.parts[0].statements)
    assert "Count my scores" not in phone.page  # the tick is on the last part only
    for step in range(5):
        phone.submit(_part_answers(step), move="next")
    assert "Count my scores, anonymously, in the averages" in phone.page
    assert "See my results" in phone.page


def test_all_six_parts_reach_the_result_with_its_radar(store: Store) -> None:
    room = _room(store)
    phone = _finish(_to_questions(_joined(store, room)))
    assert phone.path == paths.result(room.code)
    assert phone.heading == "Your networking radar"
    assert phone.page.count("<svg") >= 1 and '<title id="yours-t">' in phone.page
    assert "The room&#39;s average appears here once the speaker reveals it." in phone.page
    token = _token(store, room)
    assert f'href="/results?a={token}&amp;lang=en"' in phone.page  # the full result
    assert store.room_stats.counts(room.id) == (1, 1)
    # Done is done: the part pages lead back to the result.
    assert phone.open(paths.part(room.code, 3)).path == paths.result(room.code)


def test_after_the_reveal_the_room_s_radar_is_beside_the_person_s(store: Store) -> None:
    room = _room(store)
    phones = [_finish(_to_questions(_joined(store, room))) for _ in range(3)]
    store.workshops.update(room.id, revealed=True)
    store.recent.forget(room.id)
    page = phones[0].open(paths.result(room.code)).page
    assert 'id="room-t">You and the room</title>' in page
    assert '<th scope="col">Room average</th>' in page
    assert "data-changes" not in page  # nothing left to wait for


def test_two_people_are_not_enough_for_the_room_s_average(store: Store) -> None:
    room = _room(store)
    phones = [_finish(_to_questions(_joined(store, room))) for _ in range(2)]
    store.workshops.update(room.id, revealed=True)
    page = phones[0].open(paths.result(room.code)).page
    assert "You and the room" not in page
    assert "data-recheck" in page  # the third to finish changes no room state: fetch again


def test_the_spotlight_opt_in_is_kept(store: Store) -> None:
    room = _room(store)
    phone = _finish(_to_questions(_joined(store, room)))
    phone.submit({"spotlight": "1"})
    assert phone.path == paths.result(room.code)
    participant = store.workshops.participant(_token(store, room))
    assert participant is not None and participant.spotlight
    assert re.search(r'name="spotlight" value="1" checked', phone.page)
    phone.submit({})  # unticked: the checkbox sends nothing
    participant = store.workshops.participant(_token(store, room))
    assert participant is not None and not participant.spotlight


def test_a_speaker_paced_room_holds_the_phone_until_the_part_opens(store: Store) -> None:
    room = _room(store, paced=True)  # part 1 opens with the room
    phone = _to_questions(_joined(store, room))
    assert phone.path == paths.part(room.code, 1) and "Hold on" not in phone.page
    phone.submit(_part_answers(0), move="next")
    assert phone.path == paths.part(room.code, 2)
    assert phone.heading == "Hold on a moment"
    assert "part 2 is next" in phone.page
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in phone.page
    assert f'data-changes="{paths.changes(room.code)}"' in phone.page
    # A post to the held part (a hostile client) keeps nothing.
    csrf = masked(phone.client.cookies["nw_form"])
    before = store.assessments.get(_token(store, room))
    assert before is not None
    phone.client.post(
        paths.part(room.code, 2),
        data={**_part_answers(1), "move": "next", "version": str(before.version), "csrf": csrf},
    )
    assert store.assessments.get(_token(store, room)) == before
    store.workshops.update(room.id, open_parts=2)
    assert BANK.parts[1].title in phone.open(paths.part(room.code, 2)).heading


def test_closed_answers_hold_every_phone(store: Store) -> None:
    room = _room(store)
    phone = _to_questions(_joined(store, room))
    store.workshops.update(room.id, accepting=False)
    phone.open(paths.part(room.code, 1))
    assert "The speaker has paused answers. This screen moves on by itself." in phone.page


def test_a_stale_second_tab_is_told_and_erases_nothing(store: Store) -> None:
    room = _room(store)
    first = _to_questions(_joined(store, room))
    second = Phone(first.client.app)  # type: ignore[arg-type]
    second.client.cookies = first.client.cookies  # the same phone, another tab
    second.open(paths.part(room.code, 1))
    first.submit(_part_answers(0, 5), move="next")
    saved = store.assessments.get(_token(store, room))
    assert saved is not None
    second.submit(_part_answers(0, 1), move="next")  # drawn before the first tab's save
    assert "changed in another tab or window" in second.page
    assert second.path == paths.part(room.code, 2)
    assert store.assessments.get(_token(store, room)) == saved


# -- refusals: each a clear page, nothing stored ------------------------------------------


def test_an_unknown_code_is_a_clear_page(store: Store) -> None:
    phone = Phone(app_for(store)).open(paths.room("ABCDEF"))
    assert phone.status == 404
    assert "There is no live workshop with that code. Check it with the speaker." in phone.page
    phone = Phone(app_for(store)).open(paths.PREFIX)
    phone.submit({"code": "nope"})
    assert phone.status == 404 and "no live workshop" in phone.page


@pytest.mark.parametrize(
    ("change", "status", "said"),
    [
        ({"joining": False}, 403, str(LOCKED).split(":")[0]),
        ({"accepting": False}, 403, "The speaker has closed this workshop for now."),
    ],
)
def test_a_locked_or_closed_room_refuses_new_people(
    store: Store, change: dict[str, bool], status: int, said: str
) -> None:
    room = _room(store)
    store.workshops.update(room.id, **change)
    phone = Phone(app_for(store)).open(paths.room(room.code)).submit({})
    assert phone.status == status and said in phone.page
    assert store.room_stats.counts(room.id)[0] == 0


def test_a_full_room_refuses_the_next_person(store: Store) -> None:
    room = _room(store, cap=1)
    _joined(store, room)
    phone = _joined(store, room)
    assert phone.status == 403 and "This workshop is full." in phone.page
    assert store.room_stats.counts(room.id)[0] == 1


def test_the_join_rate_asks_to_try_again_shortly(make_store: StoreFactory) -> None:
    store = make_store(join_limit=JoinLimit(joins=1, seconds=5.0))
    room = _room(store)
    _joined(store, room)
    phone = Phone(app_for(store)).open(paths.room(room.code))
    response = phone.client.post(
        paths.room(room.code), data={"csrf": masked(phone.client.cookies["nw_form"])}
    )
    assert response.status_code == 429 and response.headers["retry-after"] == "5"
    assert str(TRY_AGAIN) in response.text


def test_a_removed_person_is_told_on_every_page(store: Store) -> None:
    room = _room(store)
    phone = _to_questions(_joined(store, room))
    assert store.moderation.remove(room.id, _token_of(store, phone))
    for path in (paths.part(room.code, 1), paths.room(room.code), paths.result(room.code)):
        phone.open(path)
        assert phone.status == 403, path
        assert "You are no longer in this workshop" in phone.page
    assert store.room_stats.counts(room.id)[0] == 0


def _token_of(store: Store, phone: Phone) -> str:
    token = phone.client.cookies["nw_seat"]
    assert store.assessments.get(token) is not None
    return str(token)


def test_an_ended_room_says_so(store: Store) -> None:
    room = _room(store)
    phone = _to_questions(_joined(store, room))
    store.workshops.delete(room.id)
    phone.open(paths.part(room.code, 1))
    assert phone.status == 410 and phone.heading == "This workshop has ended"
    assert '<body data-page="refusal"' in phone.page  # named for the load generator
    assert 'nw_seat=""' in phone.headers.get("set-cookie", "")  # the seat is let go


def test_an_expired_room_says_so(make_store: StoreFactory) -> None:
    clock = MovableClock()
    store = make_store(clock=clock)
    room = _room(store)
    phone = _joined(store, room)
    clock.move(store.workshop_ttl + timedelta(minutes=1))
    assert phone.open(paths.definition(room.code, 1)).status == 410


def test_answers_gone_from_a_live_room_are_a_clear_page(store: Store) -> None:
    room = _room(store)
    phone = _joined(store, room)
    store.assessments.forget(_token_of(store, phone))
    phone.open(paths.definition(room.code, 1))
    assert phone.status == 410 and phone.heading == "We could not find your answers"


def test_a_phone_without_a_seat_is_sent_to_the_join_page(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store)).open(paths.part(room.code, 1))
    assert phone.path == paths.room(room.code) and "Nickname (optional)" in phone.page


def test_a_speaker_s_private_bank_is_the_room_s(store: Store) -> None:
    text = (QUESTIONS / "networking.yaml").read_text(encoding="utf-8")
    text = text.replace(BANK.title, "Our own questions", 1)
    ref = store.private_banks.save(text)
    room = store.workshops.create("Private", ref, False, None)[0]
    phone = _joined(store, room)
    assert BANK.parts[0].title in phone.heading
    _finish(_to_questions(phone))
    assert phone.path == paths.result(room.code)


# -- what every page is served with ----------------------------------------------------------


def test_pages_are_private_and_never_carry_the_token_in_a_url(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store)).open(paths.room(room.code))
    headers = phone.headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["cache-control"] == "no-store"
    response = phone.client.post(
        paths.room(room.code), data={"csrf": masked(phone.client.cookies["nw_form"])}
    )
    token = _token_of(store, phone)
    seen: list[str] = []
    while response.status_code == 303:
        seen.append(response.headers["location"])
        assert response.headers["x-robots-tag"] == "noindex, nofollow"
        response = phone.client.get(response.headers["location"])
    assert response.headers["cache-control"] == "no-store"
    assert token not in " ".join(seen) and token not in response.text


def test_the_stylesheet_and_script_are_cached_for_a_year(store: Store) -> None:
    phone = Phone(app_for(store)).open(paths.PREFIX)
    css = re.search(r'href="(/room/static/audience\.[0-9a-f]{12}\.css)"', phone.page)
    assert css is not None
    response = phone.client.get(css.group(1))
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
    assert "immutable" in response.headers["cache-control"]
    again = phone.client.get(css.group(1), headers={"if-none-match": response.headers["etag"]})
    assert again.status_code == 304
    assert phone.client.get("/room/static/audience.000000000000.css").status_code == 404


def test_a_press_made_while_the_database_is_away_is_kept_on_a_try_again_button(
    store: Store,
) -> None:
    from audience import Context, starlette_app
    from tests.audience_phone import context, forms

    away = False

    def flaky_store() -> Store:
        if away:
            raise RuntimeError("the database is restarting")
        return store

    room = _room(store)
    working = context(store)
    phone = Phone(starlette_app(Context(store=flaky_store, bank=working.bank)))
    phone.open(paths.room(room.code)).submit({"nickname": "Ana"}).submit(move="skip")
    assert phone.path == paths.part(room.code, 1)
    away = True
    phone.submit(_part_answers(0, 2), move="next")
    assert (phone.status, phone.heading) == (503, "We could not save that")
    assert phone.headers["retry-after"] == "2"
    (retry,) = forms(phone.page)
    # The button sends exactly what the press sent, to the same address.
    assert retry.action == paths.part(room.code, 1) and retry.method == "post"
    assert {k: v for k, v in retry.hidden.items() if k.startswith("s-")} == _part_answers(0, 2)
    assert retry.hidden["move"] == "next"
    away = False
    phone.submit()
    assert (phone.status, phone.path) == (200, paths.part(room.code, 2))
    saved = store.assessments.get(phone.client.cookies.get(paths.SEAT_COOKIE) or "")
    assert saved is not None
    assert {f"s-{k}": str(v) for k, v in saved.answers.items()} == _part_answers(0, 2)


def test_a_failing_server_shows_a_clear_page_and_logs_no_detail(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    from audience import Context, starlette_app
    from tests.audience_phone import context

    def broken_store() -> Store:
        raise RuntimeError("could not connect to postgresql://app:SECRET_TOKEN_123@db")

    working = context(store)
    app = starlette_app(Context(store=broken_store, bank=working.bank))
    phone = Phone(app).open(paths.room("ABCDEF"))
    assert phone.status == 503 and phone.heading == "Something went wrong"
    assert "SECRET_TOKEN_123" not in phone.page
    assert "audience page failed (RuntimeError)" in caplog.text
    assert "SECRET_TOKEN_123" not in caplog.text


def test_the_script_and_the_stylesheet_stay_small() -> None:
    # The budget: a script under 5 KB with no framework; the stylesheet small
    # enough for the first round trip (about 14 KB) beside the page.
    from audience.render import assets

    sizes = {asset.media_type: len(asset.body) for asset in assets().values()}
    assert sizes["text/javascript"] < 5 * 1024, sizes
    assert sizes["text/css"] < 8 * 1024, sizes


def test_the_old_streamlit_join_link_leads_to_the_room(store: Store) -> None:
    # Printed handouts and old QR codes hold /join?code=CODE: it lands on the room's page,
    # in the language it asked for; without a code (or with a wrong one), on the form.
    room = _room(store)
    phone = Phone(app_for(store)).open(f"{paths.OLD_JOIN}?code={room.code.lower()}&lang=fr")
    assert (phone.status, phone.redirects) == (200, 1)
    assert phone.url == f"{paths.room(room.code)}?lang=fr" and 'lang="fr"' in phone.page
    for old in (paths.OLD_JOIN, f"{paths.OLD_JOIN}?code=<b>x"):
        phone = Phone(app_for(store)).open(old)
        assert (phone.status, phone.path) == (200, paths.PREFIX)
        assert 'name="code"' in phone.page


def test_a_room_s_join_link_previews_as_the_room(store: Store) -> None:
    room = _room(store)
    phone = Phone(app_for(store), host="nw.example.org").open(paths.room(room.code))
    meta = dict(re.findall(r'<meta (?:name|property)="([^"]+)" content="([^"]*)">', phone.page))
    assert meta["og:title"] == "Join: Job &lt;b&gt;club&lt;/b&gt;"  # escaped
    assert room.code in meta["og:description"] == meta["description"]
    assert meta["og:url"] == f"http://nw.example.org{paths.room(room.code)}"
    assert meta["twitter:card"] == "summary" and "robots" not in meta
    assert "x-robots-tag" not in phone.headers and phone.headers["cache-control"] == "no-store"
    # An unknown code, the bare form and every page past joining stay private.
    for private in (Phone(app_for(store)).open(paths.room("ZZZZZZ")), _joined(store, room)):
        assert "og:title" not in private.page and 'content="noindex, nofollow"' in private.page
        assert private.headers["x-robots-tag"] == "noindex, nofollow"
    # In the room's language (its bank's), unless the link asks for another.
    french = store.workshops.create("Spring fair", "networking-fr", False, None)[0]
    page = Phone(app_for(store)).open(paths.room(french.code)).page
    assert re.search(r'<meta property="og:title" content="Rejoindre\s:\sSpring fair">', page)
    assert '<meta name="description" content="Rejoignez l&#39;atelier' in page
    page = Phone(app_for(store)).open(f"{paths.room(french.code)}?lang=es").page
    assert '<meta property="og:title" content="Unirse: Spring fair">' in page


def test_a_nickname_is_shown_as_typed_on_the_result_page(store: Store) -> None:
    room = _room(store)
    hostile = "**bold** <b>x</b> [a](http://e.vil)"
    phone = _finish(_to_questions(_joined(store, room, nickname=hostile)))
    assert phone.path == paths.result(room.code)
    stored = store.workshops.participant(_token(store, room))
    assert stored is not None and stored.nickname == hostile[:MAX_NICKNAME]
    shown = stored.nickname.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert f"In this room you are {shown}." in phone.page and "<b>x</b>" not in phone.page


def test_a_shared_phone_gives_up_the_seat_it_holds_and_joins_anew(store: Store) -> None:
    # Issue 23, L4: the next person on a borrowed phone is not handed the previous seat.
    room = _room(store)
    first = _to_questions(_joined(store, room, nickname="Ann"))
    kept = _token(store, room)
    assert f'href="{paths.leave(room.code)}"' in first.page
    first.open(paths.leave(room.code))
    assert first.status == 200 and first.heading == "Join as someone new?"
    assert f'href="{paths.part(room.code, 1)}"' in first.page  # the way back to the place
    first.submit()
    assert first.path == paths.room(room.code) and 'name="nickname"' in first.page
    assert "nw_seat" not in first.client.cookies
    assert store.assessments.get(kept) is not None  # the place stays in the room
    first.submit({"nickname": "Bo"})
    assert first.path == paths.definition(room.code, 1)
    assert store.room_stats.counts(room.id)[0] == 2 and first.client.cookies["nw_seat"] != kept


def test_giving_up_a_seat_needs_the_form_value(store: Store) -> None:
    room = _room(store)
    phone = _joined(store, room)
    phone.post(paths.leave(room.code), "")
    assert phone.status == 403 and "nw_seat" in phone.client.cookies
