"""The virtual participants of a workshop load run, and the run that holds them all.

Each participant is a phone on its own websocket (``harness.client.Session``): it opens
``/join?code=CODE``, fills and submits the join form, skips the definition, answers the
six parts (a random option in each statement's pills, then the part's submit button) and
must land on its results page with its radar. Widgets are found by the keys of
``web/keys.py``, never by their labels. Every action waits a think time first.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.workshop_load.probe import Sample, ServerProbe
from harness.client import Session
from harness.http import entry_assets, http_get
from harness.protocol import Run, pills_state, text_state
from harness.store_access import Room
from networking_works.scoring import ANSWER_OPTIONS
from web import keys, links, routes

# pages/questions.py offers these values in this order; the pills show their labels.
OPTION_VALUES = list(ANSWER_OPTIONS)  # 1..5, then "does not apply"
OPTION_WEIGHTS = [18, 20, 22, 20, 15, 5]
ASSET_FETCHES_AT_ONCE = 6  # what a browser does over HTTP/1.1


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
    http: bool
    assets: bool
    seed: int | None


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

    def __init__(self, opts: Options, url: str, room: Room, parts: int, probe: ServerProbe) -> None:
        self.opts = opts
        self.url = url
        self.room = room
        self.parts = parts
        self.probe = probe
        self.rng = random.Random(opts.seed)  # noqa: S311 -- simulated people, not secrets
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.errors: list[tuple[str, str, str]] = []  # (step, who, message)
        self.per_second: Counter[int] = Counter()  # requests answered, by second since t0
        self.requests = 0
        self.script_runs = 0
        self.sessions = 0
        self.samples: list[Sample] = []
        self.people = [
            Participant(i, f"Guest {i}" if self.rng.random() < opts.nickname_share else "")
            for i in range(opts.participants)
        ]
        self.open_parts = 1 if opts.speaker_paced else parts
        self.last_open = 0.0
        self.revealed = False
        self.remote_counts: tuple[int, int] | None = None
        self.all_done = asyncio.Event()
        self.t0 = 0.0
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

    async def step(self, name: str, who: str, request: Awaitable[Run]) -> Run:
        """Await one request, record its latency, and fail on errors the page shows."""
        try:
            run = await request
        except StepFailed:
            raise
        except Exception as exc:  # timeouts, closed connections, protocol errors
            raise self.fail(name, who, f"{type(exc).__name__}: {exc}") from exc
        self.latencies[name].append(run.elapsed_s)
        self.requests += 1
        self.script_runs += run.script_runs
        self.per_second[int(self.now())] += 1
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
        session = Session(self.url, timeout_s=self.opts.timeout)
        self.first_start = self.first_start or self.now()
        try:
            await self._answer(session, person, who)
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
            await self.close(session)

    async def _answer(self, session: Session, person: Participant, who: str) -> None:
        query = links.join(self.room.code).query_text()
        if self.opts.http:
            await self.page_load(routes.JOIN.url_path, query, who, session.cookies)
        await self.timed_open(session, who)
        run = await self.step("join page", who, session.load(routes.JOIN.url_path, query))
        self.expect(
            session.page == routes.JOIN.url_path, "join page", who, f"on page {session.page!r}"
        )
        code, nickname = run.widget(keys.JOIN_CODE), run.widget(keys.JOIN_NICKNAME)
        await self.think()
        values = [text_state(code, self.room.code), text_state(nickname, person.nickname)]
        run = await self.step(
            "join", who, session.submit_form(run.widget(keys.JOIN_SUBMIT), values)
        )
        self.expect(
            session.page == routes.DEFINITION.url_path, "join", who, f"on page {session.page!r}"
        )
        person.token = links.value_in(session.query, links.Param.ASSESSMENT) or ""
        await self.think()
        skip = run.widget(keys.DEFINITION_SKIP)
        run = await self.step("skip definition", who, session.click(skip))
        for part in range(self.parts):
            run = await self.wait_for_speaker(session, person, run, who)
            step = "see results" if part + 1 == self.parts else "next part"
            self.expect(
                session.page == routes.QUESTIONS.url_path
                and f"Part {part + 1} of {self.parts}" in run.texts(),
                step,
                who,
                f"expected part {part + 1} on the questions page, got {session.page!r}: "
                f"{run.texts()[:3]}",
            )
            pills = run.keyed(keys.STATEMENT_PREFIX)
            self.expect(len(pills) > 0, step, who, "no statements on the questions page")
            values = []
            for pill in pills:
                await self.think()
                index = self.rng.choices(range(len(OPTION_VALUES)), OPTION_WEIGHTS)[0]
                values.append(pills_state(pill, index))
                statement_id = str(pill.key).removeprefix(keys.STATEMENT_PREFIX)
                person.answers[statement_id] = OPTION_VALUES[index]
            submit = run.widget(keys.QUESTIONS_NEXT)
            await self.think()
            run = await self.step(step, who, session.submit_form(submit, values))
            person.parts_done = part + 1
        self.expect(
            session.page == routes.RESULTS.url_path, "see results", who, f"on {session.page!r}"
        )
        self.expect(bool(run.find("plotly_chart")), "see results", who, "no radar on results")

    async def wait_for_speaker(
        self, session: Session, person: Participant, run: Run, who: str
    ) -> Run:
        """While the page is a waiting room (a timer, no questions), poll as the timer does."""
        started = time.perf_counter()
        while session.auto_reruns and not run.keyed(keys.STATEMENT_PREFIX):
            fragment_id, interval = next(iter(session.auto_reruns.items()))
            # setInterval: the timer started when the message came, during the last run.
            await asyncio.sleep(max(0.0, interval - run.elapsed_s))
            run = await self.step("waiting poll", who, session.auto_rerun(fragment_id))
        person.waited_s += time.perf_counter() - started
        return run

    async def page_load(self, path: str, query: str, who: str, jar: dict[str, str]) -> None:
        """The HTTP requests of a page load before the websocket opens.

        "page html" times the page and the frontend's ``/_stcore/health`` and
        ``/_stcore/host-config`` requests; "page assets" the entry scripts and styles.
        """
        base = self.url.rstrip("/")

        async def get(route: str, step: str) -> bytes:
            response = await http_get(f"{base}/{route}", self.opts.timeout, jar)
            self.expect(response.status == 200, step, who, f"HTTP {response.status} for /{route}")
            return response.body

        step = "page html"
        try:
            start = time.perf_counter()
            body = await get(f"{path}?{query}", step)
            for route in ("_stcore/health", "_stcore/host-config"):
                await get(route, step)
            self.latencies[step].append(time.perf_counter() - start)
            if self.opts.assets:
                step = "page assets"
                start = time.perf_counter()
                limit = asyncio.Semaphore(ASSET_FETCHES_AT_ONCE)

                async def asset(route: str) -> None:
                    async with limit:
                        await get(route, "page assets")

                await asyncio.gather(*(asset(a) for a in entry_assets(body)))
                self.latencies[step].append(time.perf_counter() - start)
        except (OSError, TimeoutError, ValueError) as exc:
            raise self.fail(step, who, f"{type(exc).__name__}: {exc}") from exc

    # -- the whole run ---------------------------------------------------------------

    def sample(self, sessions: int) -> None:
        rss, threads = self.probe.status()
        cpu = self.probe.cpu()
        self.samples.append(Sample(self.now(), cpu, rss, threads, time.process_time(), sessions))

    async def sampler(self) -> None:
        while True:
            self.sample(self.sessions)
            await asyncio.sleep(1.0)

    async def run(self, facilitator: Callable[[Load], Coroutine[Any, Any, None]]) -> None:
        """Every participant and the ``facilitator``, sampled each second, until all end."""
        self.t0 = time.perf_counter()
        sampler = asyncio.create_task(self.sampler())
        speaker = asyncio.create_task(facilitator(self))
        starts = [self.rng.uniform(0, self.opts.join_within) for _ in self.people]
        await asyncio.gather(
            *(self.participant(p, s) for p, s in zip(self.people, starts, strict=True))
        )
        self.all_done.set()
        await speaker
        await asyncio.sleep(0)  # one more sample after the speaker's last refresh
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
        self.sample(0)
