"""Who is asking, and where they belong: the room of a URL, the phone's seat in it,
the page of their place, and the page that says why not."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from audience import paths, render, seat
from audience.context import Context
from audience.paths import Note, Param
from audience.safety import HEADERS, PRIVATE, secure
from audience.speech import Speech, choose, supported
from audience.watch import FRESH_SECONDS, RoomWatch
from networking_works.bank import Bank
from networking_works.progress import Stage, position
from networking_works.quotas import address
from networking_works.store import Assessment, Workshop
from networking_works.store.private_banks import is_private
from networking_works.workshop import normalize_code

KEPT_PRIVATE_BANKS = 256  # a saved version of a speaker's bank never changes: kept parsed
KEPT_CODES = 4096


class RoomIds:
    """Join code -> room id, for the long poll: a live room's code never changes, and a
    code is forgotten as soon as its room is seen gone (a code may be reused after)."""

    def __init__(self) -> None:
        self._ids: OrderedDict[str, str] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, code: str) -> str | None:
        with self._lock:
            return self._ids.get(code)

    def keep(self, code: str, workshop_id: str) -> str:
        with self._lock:
            self._ids[code] = workshop_id
            while len(self._ids) > KEPT_CODES:
                self._ids.popitem(last=False)
        return workshop_id

    def drop(self, code: str) -> None:
        with self._lock:
            self._ids.pop(code, None)


class Audience:
    """The pages' share of the process: the context, the room watch, parsed banks."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.watch = RoomWatch(self._watched)
        self.room_ids = RoomIds()
        self._banks: OrderedDict[str, Bank] = OrderedDict()
        self._lock = threading.Lock()
        # Rooms as the watch last read them: code -> (room, time.monotonic() of the read)
        self._fresh: dict[str, tuple[Workshop, float]] = {}

    def _watched(self, workshop_id: str) -> Workshop | None:
        """The watch's read of a room phones wait on, kept for the pages (``room``)."""
        read_at = time.monotonic()
        found = self.context.store().workshops.get(workshop_id)
        with self._lock:
            if found is not None:
                self._fresh[found.code] = (found, read_at)
            # Rooms no longer watched (or ended) go: nothing here outlives FRESH_SECONDS.
            old = [c for c, (_, at) in self._fresh.items() if read_at - at > FRESH_SECONDS]
            for code in old:
                del self._fresh[code]
        return found

    def room(self, code: str) -> Workshop | None:
        """The live room of ``code``. While phones wait on it in this process, the watch
        reads it every POLL_SECONDS and that read is used here; in a room of thousands a
        page then costs no room read of its own. Otherwise the database's."""
        with self._lock:
            kept = self._fresh.get(code)
        if kept is not None and time.monotonic() - kept[1] <= FRESH_SECONDS:
            return kept[0]
        return self.context.store().workshops.by_code(code)

    def bank(self, bank_id: str) -> Bank | None:
        if not is_private(bank_id):
            return self.context.bank(bank_id)
        with self._lock:
            found = self._banks.get(bank_id)
        if found is None:
            found = self.context.bank(bank_id)  # one read, then never again in this process
            if found is not None:
                with self._lock:
                    self._banks[bank_id] = found
                    while len(self._banks) > KEPT_PRIVATE_BANKS:
                        self._banks.popitem(last=False)
        return found

    def speech(self, request: Request, room: Workshop | None = None) -> Speech:
        bank = self.bank(room.bank_id) if room is not None else None
        spoken = supported(bank.language) if bank is not None else None
        asked = request.query_params.get(Param.LANG)
        language = choose(asked, spoken, request.headers.get("accept-language"))
        return Speech(language)

    def page(
        self,
        request: Request,
        template: str,
        speech: Speech,
        *,
        status: int = 200,
        private: bool = True,
        extra_headers: dict[str, str] | None = None,
        **values: Any,
    ) -> Response:
        return render.page(
            request,
            template,
            speech,
            status=status,
            private=private,
            extra_headers=extra_headers,
            trust_proxy=self.context.trust_proxy(),
            **values,
        )

    def https(self, request: Request) -> bool:
        return secure(request, self.context.trust_proxy())

    def base(self, request: Request) -> str:
        """The app's root as the phone sees it: PUBLIC_URL, else this request's host."""
        public = self.context.public_url()
        if public:
            return public.rstrip("/")
        scheme = "https" if self.https(request) else "http"
        return f"{scheme}://{request.headers.get('host', 'localhost')}"

    def client(self, request: Request) -> str:
        """Who is asking, as a key for the limits (never the address itself)."""
        peer = request.client.host if request.client is not None else None
        where = address(peer, request.headers, self.context.trust_proxy())
        return self.context.store().limits.client_key(where)

    def missed_code(self, request: Request) -> None:
        """A code that names no live room: counted; ``TooManyCodes`` past the quota."""
        quota = self.context.unknown_codes()
        limits = self.context.store().limits
        if limits.attempt(quota.kind, self.client(request), quota.window, quota.refusal):
            raise TooManyCodes()

    def found_code(self, request: Request) -> None:
        """A live room's code, named by a phone that holds no seat in it: refused
        (``TooManyCodes``) while the client is past its quota of missed codes, as a
        miss would be, so that the refusal tells nothing about which codes are live."""
        quota = self.context.unknown_codes()
        limits = self.context.store().limits
        if limits.count(quota.kind, quota.window, self.client(request)) >= quota.per_client:
            raise TooManyCodes()


class TooManyCodes(Exception):
    """This client named too many codes of no live room lately: no code is looked up
    for it for a while (issue 23, L5: live codes cannot be found by trying them)."""


@dataclass(frozen=True)
class Seated:
    """A phone in its room: the room, its assessment, the room's bank, the language."""

    room: Workshop
    assessment: Assessment
    bank: Bank
    speech: Speech


def linked(request: Request, path: str, note: Note | None = None) -> str:
    """``path`` with the page's chosen language kept (and a note, if any)."""
    query: dict[str, str] = {}
    asked = supported(request.query_params.get(Param.LANG))
    if asked is not None:
        query[Param.LANG] = asked
    if note is not None:
        query[Param.NOTE] = note
    return f"{path}?{urlencode(query)}" if query else path


def go(request: Request, path: str, note: Note | None = None) -> RedirectResponse:
    """After a post (or a wrong address): 303, so the phone GETs the right page."""
    return RedirectResponse(linked(request, path, note), 303, {**HEADERS, **PRIVATE})


def place(room: Workshop, assessment: Assessment, bank: Bank) -> str:
    """The page of the assessment's place in the walk-through."""
    at = position(assessment.stage, assessment.step, len(bank.parts))
    if at.stage is Stage.DEFINITION:
        return paths.definition(room.code, at.step + 1)
    if at.stage is Stage.QUESTIONS:
        return paths.part(room.code, at.step + 1)
    return paths.result(room.code)


def canonical(code: object) -> str | None:
    return normalize_code(code)


def refusal(
    audience: Audience,
    request: Request,
    speech: Speech,
    status: int,
    heading: str,
    text: str,
    *,
    link: tuple[str, str] | None = None,
    headers: dict[str, str] | None = None,
    retry: tuple[str, str, dict[str, str]] | None = None,
) -> Response:
    """A clear page for a request that changes nothing; ``link``: (label, href);
    ``retry``: (label, action, fields) of a button that posts ``fields`` again."""
    return audience.page(
        request,
        "refusal.html",
        speech,
        status=status,
        extra_headers=headers,
        heading=heading,
        text=text,
        link=link,
        retry=retry,
    )


def seated(audience: Audience, request: Request, posted: bool = False) -> Seated | Response:
    """The phone's seat in the room of the URL, or the page that says why there is none.

    A GET from a phone that has not joined goes to the room's join page; a post gets a
    refusal (nothing is saved for a phone that holds no seat here).
    """
    code = canonical(request.path_params.get("code"))
    store = audience.context.store()
    room = audience.room(code) if code else None
    token = seat.held(request)
    if room is None:
        audience.missed_code(request)
        speech = audience.speech(request)
        _ = speech._
        response = refusal(
            audience,
            request,
            speech,
            410 if token else 404,
            _("This workshop has ended"),
            _("This workshop has ended or does not exist."),
            link=(_("Take the assessment yourself"), paths.WELCOME),
        )
        if code is not None and token:
            seat.forget(response, code)
        return response
    speech = audience.speech(request, room)
    _ = speech._
    found = store.assessments.get(token) if token else None
    if found is not None and found.removed:  # taken out: its room is no longer named
        return refusal(
            audience,
            request,
            speech,
            403,
            _("You are no longer in this workshop"),
            _(
                "The speaker took you out of this workshop, so your answers no longer count "
                "in the room. You are welcome to take the assessment on your own."
            ),
            link=(_("Start on my own"), paths.WELCOME),
        )
    if found is None or found.workshop_id != room.id:
        audience.found_code(request)
        if found is None and token:  # this phone was here, and its answers are gone
            return gone(audience, request, speech, room)
        if not posted:
            return go(request, paths.room(room.code))
        return refusal(
            audience,
            request,
            speech,
            403,
            _("This phone has not joined this workshop"),
            _("Nothing was saved. Join the workshop first, with its code."),
            link=(_("Join"), linked(request, paths.room(room.code))),
        )
    bank = audience.bank(found.bank_id)
    if bank is None:
        return refusal(
            audience,
            request,
            speech,
            503,
            _("Join a workshop"),
            _(
                "This assessment is not available right now: this question bank could not "
                "be loaded."
            ),
        )
    return Seated(room, found, bank, speech)


def gone(audience: Audience, request: Request, speech: Speech, room: Workshop | None) -> Response:
    """The answers this phone's seat named are no longer stored."""
    days = audience.context.store().unfinished_ttl.days or 1
    explained = speech.ngettext(
        "This link is unknown, incomplete or has expired. Unfinished answers are kept for "
        "{days} day after the last step; a workshop's answers end with the workshop.",
        "This link is unknown, incomplete or has expired. Unfinished answers are kept for "
        "{days} days after the last step; a workshop's answers end with the workshop.",
        days,
    ).format(days=speech.number(days))
    link = (speech._("Join"), linked(request, paths.room(room.code))) if room else None
    response = refusal(
        audience,
        request,
        speech,
        410,
        speech._("We could not find your answers"),
        explained,
        link=link,
    )
    if room is not None:
        seat.forget(response, room.code)
    return response
