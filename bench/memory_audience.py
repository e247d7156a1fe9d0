"""The audience visitor of bench/memory.py (``--driver audience``): a phone on the
audience pages, plain HTTP (``harness.phone.Phone``, its own httpx client and cookies).

Each opens a room's link, joins (no nickname: the made-up name), skips the definition,
answers every part of a self-paced room (a random option per statement, then Next) and
must land on its result; then its client closes. Rooms are made ``ROOM_SIZE`` phones at a
time through the store the server uses (``harness.store_access``). A phone is not a
Streamlit session: what this measures is what the audience pages keep per visitor (the
watch of live rooms, caches of rooms and pages, the connection pool), not Streamlit's.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable

from audience import paths
from bench.workshop_load.scenario import NEXT_PART, SKIP_DEFINITION
from harness.phone import Kind, Page, Phone, PhoneError
from harness.store_access import StoreAccess

ROOM_SIZE = 1000  # phones per room: a room takes at most MAX_CAP, and warm-ups come first
PARTS_MAX = 20  # a bank has a handful of parts, never this many
# The server's join limits, raised: every phone of the run comes from one address.
SERVER_ENV = {"NW_JOINS_PER_5S": "100000", "NW_JOINS_PER_CLIENT_5S": "100000"}

Driver = Callable[[str, random.Random, float], Awaitable[None]]


class Rooms:
    """Self-paced rooms of at most ``ROOM_SIZE`` phones, each made when the last is full."""

    def __init__(self, store: StoreAccess) -> None:
        self.store = store
        self.code = ""
        self.seated = 0

    def next_code(self) -> str:
        if not self.code or self.seated >= ROOM_SIZE:
            self.code = self.store.create_room("Memory run", "networking", False, None).code
            self.seated = 0
        self.seated += 1
        return self.code


def expect(page: Page, kind: Kind, where: str) -> Page:
    if page.kind is not kind:
        raise PhoneError(f"{where}: a {page.kind} page (HTTP {page.status}), not a {kind} page")
    return page


def audience_driver(rooms: Rooms) -> Driver:
    async def visit(url: str, rng: random.Random, timeout: float) -> None:
        async with Phone(url, timeout=timeout) as phone:
            page = expect(await phone.open(paths.room(rooms.next_code())), Kind.JOIN, "open")
            fields, _ = page.form().fill(rng)
            page = expect(await phone.submit(page, page.form(), fields), Kind.DEFINITION, "join")
            fields, _ = page.form().fill(rng, prefer=SKIP_DEFINITION)
            page = await phone.submit(page, page.form(), fields)
            for _ in range(PARTS_MAX):
                if page.kind is not Kind.PART:
                    break
                fields, _ = page.form().fill(rng, prefer=NEXT_PART)
                page = await phone.submit(page, page.form(), fields)
            expect(page, Kind.RESULT, "the last part")

    return visit
