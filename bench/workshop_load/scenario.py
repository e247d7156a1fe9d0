"""The virtual participants of a workshop load run, and the run that holds them all.

Each participant is a phone on the audience pages (``harness.phone.Phone``: plain HTTP,
its own httpx client, cookies and kept-alive connections). It opens the room's link
(``/room/CODE``, what the QR code holds), fills and sends the join form (half give a
nickname), skips the definition, answers each part (a random option in each radio
group, then the part's Next) and must land on its result with its radar. It follows the
forms and redirects it is given and knows no field name but the nickname's. A phone
that reaches a part the speaker has not opened waits as the waiting page says: its
script's long poll, or (``--no-script``) the page's refresh. Every action waits a think
time first.

Each request is timed on its own and named by what it was: a post by the form it sent
("join post", "part 3 post"), a GET by the page that came back ("part 3 page",
"waiting page", "result page"); with a script a post's answer is its next page, timed
under the post. ``shown`` counts the pages phones arrived on, by kind. "part opened →
shown" is, for every phone that waited on a part, the time from the speaker's press
opening it to that part's page arriving.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import random
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from audience import paths
from bench.workshop_load.probe import Sample, ServerProbe
from bench.workshop_load.shares import FAILED, Board, Share, merge, start_shares
from harness.client import Session
from harness.phone import Kind, Page, Phone, PhoneError
from harness.protocol import Run
from harness.store_access import Room

OPENED_SHOWN = "part opened → shown"
LONG_POLL = "long poll (held)"
STATIC_FILE = "stylesheet or script"
# Buttons a person presses, by the value the page gives them (never their words).
SKIP_DEFINITION = ("skip", "next")
NEXT_PART = ("next",)


class StepFailed(Exception):
    """A participant or the facilitator cannot go on; already recorded as an error."""


@dataclass(frozen=True)
class Options:
    participants: int
    join_within: float
    think: tuple[float, float]
    speaker_paced: bool
    open_when: float
    part_max_wait: float
    reveal_at: float
    nickname_share: float
    timeout: float
    script: bool  # phones wait with the page's script (long poll); False: its refresh
    seed: int | None
    drop_cookies: tuple[str, ...] = ()  # e.g. nginx's sticky cookie: phones never send it
    generators: int = 1  # processes the phones are spread over (bench/workshop_load/shares.py)


@dataclass
class Participant:
    index: int
    nickname: str
    token: str = ""
    answers: dict[str, int] = field(default_factory=dict)
    parts_done: int = 0
    finished: bool = False
    failed: str = ""
    waited_s: float = 0.0


class Load:
    """One load run: participants, facilitator, sampler and the figures they record."""

    def __init__(
        self,
        opts: Options,
        url: str,
        room: Room,
        parts: int,
        probe: ServerProbe,
        board: Board | None = None,
        share: Share | None = None,
    ) -> None:
        self.opts = opts
        self.url = url
        self.room = room
        self.parts = parts
        self.probe = probe
        self.rng = random.Random(opts.seed)  # noqa: S311 -- simulated people, not secrets
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[tuple[str, str, str]] = []  # (step, who, message)
        self.per_second: Counter[int] = Counter()  # requests answered, by second since t0
        # Pages a phone arrived on, by kind: with a script a post's answer is the next
        # page itself, so a GET count would miss them.
        self.shown: Counter[str] = Counter()
        self.requests = 0
        self.script_runs = 0
        self.sessions = 0  # phones and speaker sessions in flight
        self.samples: list[Sample] = []
        if share is None:  # the main process: it draws what every share then shares
            nicknames = [
                f"Guest {i}" if self.rng.random() < opts.nickname_share else ""
                for i in range(opts.participants)
            ]
            starts = [self.rng.uniform(0, opts.join_within) for _ in range(opts.participants)]
            share = Share(0, opts.generators, 0.0, starts, nicknames)
        else:  # another share: its own random choices, the main one's people and clock
            self.rng = random.Random(None if opts.seed is None else opts.seed + share.index)  # noqa: S311
        self.share = share
        self.board = board
        self.share_cpu_s = 0.0  # the other shares' CPU, once merged
        self.people = [Participant(i, name) for i, name in enumerate(share.nicknames)]
        self.open_parts = 1 if opts.speaker_paced else parts
        self.last_open = 0.0
        self.opened_at: dict[int, float] = {}  # part number -> perf_counter of the press
        self.revealed = False
        self.remote_counts: tuple[int, int] | None = None
        self.all_done = asyncio.Event()
        self.t0 = share.t0
        self.first_start = self.last_finish = 0.0

    def now(self) -> float:
        return time.perf_counter() - self.t0

    async def think(self) -> None:
        low, high = self.opts.think
        await asyncio.sleep(self.rng.uniform(low, high))

    def fail(self, step: str, who: str, message: str) -> StepFailed:
        self.errors.append((step, who, message))
        return StepFailed(f"{step}: {message}")

    def expect(self, ok: bool, step: str, who: str, message: str) -> None:
        if not ok:
            raise self.fail(step, who, message)

    def record(self, name: str, seconds: float) -> None:
        self.latencies[name].append(seconds)
        self.requests += 1
        self.per_second[int(self.now())] += 1

    # -- the speaker's Streamlit sessions ------------------------------------------------

    async def step(self, name: str, who: str, request: Awaitable[Run]) -> Run:
        """Await one Streamlit request, record its latency, fail on errors the page shows."""
        try:
            run = await request
        except StepFailed:
            raise
        except Exception as exc:  # timeouts, closed connections, protocol errors
            raise self.fail(name, who, f"{type(exc).__name__}: {exc}") from exc
        self.record(name, run.elapsed_s)
        self.script_runs += run.script_runs
        problems = run.problems()
        if problems:
            raise self.fail(name, who, "; ".join(problems))
        return run

    async def timed_open(self, session: Session, who: str) -> None:
        try:
            elapsed = await session.open()
        except Exception as exc:
            raise self.fail("open websocket", who, f"{type(exc).__name__}: {exc}") from exc
        self.sessions += 1
        self.latencies["open websocket"].append(elapsed)

    async def close(self, session: Session) -> None:
        if session.is_open:
            self.sessions -= 1
        with contextlib.suppress(Exception):
            await session.close()

    # -- participants ----------------------------------------------------------------

    async def participant(self, person: Participant, start_at: float) -> None:
        await asyncio.sleep(start_at)
        who = f"participant {person.index}"
        phone = Phone(
            self.url,
            timeout=self.opts.timeout,
            script=self.opts.script,
            drop_cookies=self.opts.drop_cookies,
        )
        self.first_start = self.first_start or self.now()
        self.sessions += 1
        try:
            await self._answer(phone, person, who)
            person.finished = True
            self.last_finish = max(self.last_finish, self.now())
        except StepFailed as exc:
            person.failed = str(exc)
        except Exception as exc:  # a bug in this generator: report it, keep the others going
            where = traceback.extract_tb(exc.__traceback__)[-1]
            person.failed = (
                f"internal: {type(exc).__name__}: {exc} "
                f"(at {Path(where.filename).name}:{where.lineno} in {where.name})"
            )
            self.errors.append(("internal", who, person.failed))
        finally:
            self.publish(person)
            self.sessions -= 1
            await phone.aclose()

    async def visit(self, who: str, step: str, going: Awaitable[Page], part: int = 0) -> Page:
        """One press or address: each request recorded under its own name."""
        try:
            page = await going
        except PhoneError as exc:
            raise self.fail(step, who, str(exc)) from None
        last_get = max((i for i, h in enumerate(page.hops) if not h.asset), default=-1)
        for i, hop in enumerate(page.hops):
            if hop.asset:
                self.record(STATIC_FILE, hop.seconds)
            elif hop.method == "POST":
                self.record(step, hop.seconds)
            elif hop.path.endswith("/changes"):
                self.record(LONG_POLL, hop.seconds)
            elif i < last_get:
                self.record("redirect", hop.seconds)
            else:
                self.record(page_step(page, part), hop.seconds)
        self.shown[page.kind.value] += 1
        self.expect(page.kind is not Kind.REFUSAL, step, who, f"HTTP {page.status}: refused")
        return page

    async def _answer(self, phone: Phone, person: Participant, who: str) -> None:
        page = await self.visit(who, "join page", phone.open(paths.room(self.room.code)))
        self.expect(page.kind is Kind.JOIN, "join page", who, f"a {page.kind} page")
        await self.think()
        fields, _ = page.form().fill(self.rng, {paths.Field.NICKNAME: person.nickname})
        page = await self.visit(who, "join post", phone.submit(page, page.form(), fields), 1)
        self.expect(page.kind is Kind.DEFINITION, "join post", who, f"then a {page.kind} page")
        person.token = phone.client.cookies.get(paths.SEAT_COOKIE) or ""
        await self.think()
        fields, _ = page.form().fill(self.rng, prefer=SKIP_DEFINITION)
        step = "definition skip"
        page = await self.visit(who, step, phone.submit(page, page.form(), fields), 1)
        shown: set[str] = set()
        for number in range(1, self.parts + 1):
            page = await self.wait_for_speaker(phone, person, page, who, number)
            step = f"part {number} post"
            form = page.form()
            self.expect(
                page.kind is Kind.PART and not shown & form.radios.keys(),
                step,
                who,
                f"expected part {number}, got a {page.kind} page (a part shown before?)",
            )
            shown |= form.radios.keys()
            for _ in form.radios:  # one think per statement, as a person reads each
                await self.think()
            await self.think()
            fields, chosen = form.fill(self.rng, prefer=NEXT_PART)
            for name, value in chosen.items():
                statement_id = name.removeprefix(paths.STATEMENT_PREFIX)
                person.answers[statement_id] = int(value)
            page = await self.visit(who, step, phone.submit(page, form, fields), number + 1)
            person.parts_done = number
            self.publish(person)
        self.expect(page.kind is Kind.RESULT, "result page", who, f"a {page.kind} page")

    async def wait_for_speaker(
        self, phone: Phone, person: Participant, page: Page, who: str, number: int
    ) -> Page:
        """While ``page`` is the waiting screen of part ``number``, wait as it says."""
        started = time.perf_counter()
        waited = False
        while page.kind is Kind.WAITING:
            waited = True
            page = await self.visit(who, "wait", phone.wait(page), number)
        if waited:
            person.waited_s += time.perf_counter() - started
            opened = self.opened(number)
            if page.kind is Kind.PART and opened is not None:
                self.latencies[OPENED_SHOWN].append(max(0.0, page.received_at - opened))
        return page

    # -- what the speaker sees, across generator processes ------------------------------

    def publish(self, person: Participant) -> None:
        if self.board is not None:
            self.board.progress[person.index] = FAILED if person.failed else person.parts_done
            self.board.finished[person.index] = person.finished

    def ready(self) -> int:
        """Phones done with the open parts, or out of the run."""
        if self.board is not None:
            return self.board.ready(self.open_parts)
        return sum(
            p.finished or bool(p.failed) or p.parts_done >= self.open_parts for p in self.people
        )

    def completed(self) -> int:
        if self.board is not None:
            return self.board.completed()
        return sum(p.finished for p in self.people)

    def open_next(self) -> None:
        """The speaker's press opening the next part: phones are timed from here."""
        self.open_parts += 1
        self.last_open = self.now()
        self.opened_at[self.open_parts] = time.perf_counter()
        if self.board is not None:
            self.board.opened[self.open_parts] = self.opened_at[self.open_parts]

    def opened(self, number: int) -> float | None:
        if self.board is not None:
            return self.board.opened[number] or None
        return self.opened_at.get(number)

    # -- the whole run ---------------------------------------------------------------

    def sample(self, sessions: int) -> None:
        rss, threads = self.probe.status()
        cpu = self.probe.cpu()
        generator_cpu = time.process_time() + self.share_cpu_s
        self.samples.append(Sample(self.now(), cpu, rss, threads, generator_cpu, sessions))

    async def sampler(self) -> None:
        while True:
            self.sample(self.sessions)
            await asyncio.sleep(1.0)

    async def run(self, facilitator: Callable[[Load], Coroutine[Any, Any, None]]) -> None:
        """Every participant and the ``facilitator``, sampled each second, until all end."""
        self.t0 = time.perf_counter()
        self.share = dataclasses.replace(self.share, t0=self.t0)
        others = []
        if self.share.count > 1:
            self.board = Board(len(self.people), self.parts)
            others = start_shares(
                self.share.count, self.opts, self.url, self.room, self.parts, self.board, self.share
            )
        sampler = asyncio.create_task(self.sampler())
        speaker = asyncio.create_task(facilitator(self))
        await self.run_phones()
        for process, answer in others:
            merge(self, await asyncio.to_thread(answer.recv))
            await asyncio.to_thread(process.join)
        self.all_done.set()
        await speaker
        await asyncio.sleep(0)  # one more sample after the speaker's last refresh
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
        self.sample(0)

    async def run_phones(self) -> None:
        """This share's phones, each from its moment after the run's start."""
        mine = self.share.mine(len(self.people))
        await asyncio.gather(
            *(self.participant(self.people[i], self.share.starts[i] - self.now()) for i in mine)
        )


def page_step(page: Page, part: int) -> str:
    """The name a GET is timed under: the page that came back."""
    if page.kind is Kind.PART:
        return f"part {part} page"
    return f"{page.kind} page"
