"""Workshop load: hundreds of phones join one room and answer it, without browsers.

Run from the repo root::

    .venv/bin/python bench/loadgen.py --participants 100 --join-within 30 --think 2:8
        [--speaker-paced] [--url URL --database-url DB_URL [--server-pid PID]]
        [--http] [--json PATH] [--workdir DIR] [--config section.option=value ...]

Without ``--url`` it starts ``streamlit run app.py`` itself with the production setup
of ``serve.py``: TCP_NODELAY on the connections and ``runner.postScriptGC false``
(``bench/streamlit_server.py``), on SQLite in a fresh NW_DATA_DIR (or on
``--database-url``, passed to the server as DATABASE_URL). It creates the workshop
directly in the store (``Store.create_workshop``), then runs, in one asyncio process:

* **N participants**, each on its own websocket as a phone is, speaking Streamlit's
  protocol (``bench/streamlit_async_client.py``). Each starts at a random moment within
  ``--join-within`` seconds, opens ``/join?code=CODE``, fills the form (half give a
  nickname) and submits it, lands on the definition and presses "Skip to the
  questions", then answers the six parts: a random option in each of the five
  ``st.pills`` of the part's form, then "Next" (the last part: "See my results"), and
  checks it reaches the results page with its radar. Every person's action (typing
  the nickname, reading, each pill, each submit) is preceded by a think time drawn
  from ``--think A:B`` seconds; pills inside a form reach the server only with the
  submit, as in the browser. With ``--speaker-paced`` the room opens one part at a
  time; a participant ahead of the speaker sees the waiting page, a fragment with
  ``run_every=5``, and sends the fragment reruns the frontend's timer would send
  until the page moves on.
* **One facilitator dashboard** (``/dashboard?w=…&k=…``), whose live fragment reruns
  every 3 s as the frontend's timer does. Speaker-paced, the facilitator presses
  "Open part N" once ``--open-when`` of the room has finished the open parts (or
  ``--part-max-wait`` seconds after the last opening); it presses "Reveal results"
  once ``--reveal-at`` of the room has completed, so the dashboard then draws the
  room's charts on every refresh. It ends with one refresh after the last participant.

It prints per-step latency (request sent to final ``script_finished``; a page switch
is one request and two script runs), errors, requests and script runs per second,
the server's CPU time (``/proc/PID/stat``) per wall second and per script run, its
RSS memory, and then checks the store: ``room_counts`` must be (N, N), every
participant's stored answers must be exactly the ones sent, and every participant
must have exactly one set of part scores (nothing lost, nothing doubled). Exit code 1
on any error or failed check.

``--http`` also fetches what a page load fetches before the websocket (the page's
HTML, ``/_stcore/health``, ``/_stcore/host-config``) and sends the cookies it got with
the websocket, so the sticky nginx of ``deploy/`` keeps each phone on one process;
``--assets`` additionally the entry scripts and styles named in that HTML (phones
without a cached copy).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Awaitable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import sqlalchemy as sa
import streamlit
from cluster import start_cluster
from streamlit_async_client import Element, Run, Session, pills_state, text_state
from streamlit_server import Server, process_cpu_seconds, start_server

from networking_works.bank import load_bank
from networking_works.schema import part_scores
from networking_works.scoring import NOT_APPLICABLE
from networking_works.store import Store, default_url

REPO_ROOT = Path(__file__).resolve().parent.parent
BANK_ID = "networking"
BANK_PATH = REPO_ROOT / "questions" / f"{BANK_ID}.yaml"
# pages/questions.py offers these values in this order; the pills show their labels.
OPTION_VALUES = [1, 2, 3, 4, 5, NOT_APPLICABLE]
OPTION_WEIGHTS = [18, 20, 22, 20, 15, 5]
PRODUCTION_FLAGS = ["--runner.postScriptGC", "false"]  # plus TCP_NODELAY, as serve.py
STEPS = [
    "page html",
    "page assets",
    "open websocket",
    "join page",
    "join",
    "skip definition",
    "next part",
    "see results",
    "waiting poll",
    "dashboard load",
    "dashboard refresh",
    "dashboard refresh (revealed)",
    "dashboard click",
]


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


@dataclass
class Sample:
    t: float
    server_cpu: float | None
    rss_kib: int | None
    threads: int | None
    client_cpu: float
    sessions: int


@dataclass
class Room:
    workshop_id: str
    code: str
    secret: str
    parts: int


class ServerProbe:
    """CPU time, RSS and thread count of the server processes (summed), from /proc."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids

    def cpu(self) -> float | None:
        if not self.pids:
            return None
        with contextlib.suppress(OSError):
            return sum(process_cpu_seconds(pid) for pid in self.pids)
        return None

    def status(self) -> tuple[int | None, int | None]:
        """(VmRSS in KiB, Threads)."""
        if not self.pids:
            return None, None
        rss = threads = 0
        with contextlib.suppress(OSError):
            for pid in self.pids:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        rss += int(line.split()[1])
                    elif line.startswith("Threads:"):
                        threads += int(line.split()[1])
            return rss, threads
        return None, None


class Load:
    """One load run: participants, facilitator, sampler and the figures they record."""

    def __init__(self, opts: Options, url: str, room: Room, probe: ServerProbe) -> None:
        self.opts = opts
        self.url = url
        self.room = room
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
        self.open_parts = 1 if opts.speaker_paced else room.parts
        self.last_open = 0.0
        self.revealed = False
        self.dashboard_counts: tuple[int, int] | None = None
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

    def expect(self, ok: bool, step: str, who: str, message: str) -> None:
        if not ok:
            raise self.fail(step, who, message)

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
        query = f"code={self.room.code}"
        if self.opts.http:
            await self.page_load("join", query, who, session.cookies)
        await self.timed_open(session, who)
        run = await self.step("join page", who, session.load("join", query))
        self.expect(session.page == "join", "join page", who, f"on page {session.page!r}")
        code, nickname = run.one("text_input", "Workshop code"), run.one("text_input", "Nickname")
        join = run.one("button", "Join")
        await self.think()
        values = [text_state(code, self.room.code), text_state(nickname, person.nickname)]
        run = await self.step("join", who, session.submit_form(join, values))
        self.expect(session.page == "definition", "join", who, f"on page {session.page!r}")
        person.token = session.query.removeprefix("a=")
        await self.think()
        run = await self.step("skip definition", who, session.click(run.one("button", "Skip")))
        for part in range(self.room.parts):
            run = await self.wait_for_speaker(session, person, run, who)
            step = "see results" if part + 1 == self.room.parts else "next part"
            self.expect(
                session.page == "questions"
                and f"Part {part + 1} of {self.room.parts}" in run.texts(),
                step,
                who,
                f"expected part {part + 1} on the questions page, got {session.page!r}: "
                f"{run.texts()[:3]}",
            )
            pills = run.find("button_group")
            self.expect(len(pills) > 0, step, who, "no statements on the questions page")
            values = []
            for pill in pills:
                await self.think()
                index = self.rng.choices(range(len(OPTION_VALUES)), OPTION_WEIGHTS)[0]
                values.append(pills_state(pill, index))
                person.answers[statement_id(pill)] = OPTION_VALUES[index]
            submit = run.one("button", "See my results" if step == "see results" else "Next")
            await self.think()
            run = await self.step(step, who, session.submit_form(submit, values))
            person.parts_done = part + 1
        self.expect(session.page == "results", "see results", who, f"on {session.page!r}")
        self.expect(bool(run.find("plotly_chart")), "see results", who, "no radar on results")

    async def wait_for_speaker(
        self, session: Session, person: Participant, run: Run, who: str
    ) -> Run:
        """While the page is a waiting room (a timer, no questions), poll as the timer does."""
        started = time.perf_counter()
        while session.auto_reruns and not run.find("button_group"):
            fragment_id, interval = next(iter(session.auto_reruns.items()))
            # setInterval: the timer started when the message came, during the last run.
            await asyncio.sleep(max(0.0, interval - run.elapsed_s))
            run = await self.step("waiting poll", who, session.auto_rerun(fragment_id))
        person.waited_s += time.perf_counter() - started
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

    async def page_load(self, path: str, query: str, who: str, jar: dict[str, str]) -> None:
        """The HTTP requests of a page load before the websocket opens.

        "page html" times the page and the frontend's ``/_stcore/health`` and
        ``/_stcore/host-config`` requests; "page assets" the entry scripts and styles,
        fetched six at a time as a browser does over HTTP/1.1.
        """
        base = self.url.rstrip("/")

        async def get(route: str, step: str) -> bytes:
            status, body = await http_get(f"{base}/{route}", self.opts.timeout, jar)
            self.expect(status == 200, step, who, f"HTTP {status} for /{route}")
            return body

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
                limit = asyncio.Semaphore(6)

                async def asset(route: str) -> None:
                    async with limit:
                        await get(route, "page assets")

                await asyncio.gather(*(asset(a) for a in entry_assets(body)))
                self.latencies[step].append(time.perf_counter() - start)
        except (OSError, TimeoutError, ValueError) as exc:
            raise self.fail(step, who, f"{type(exc).__name__}: {exc}") from exc

    # -- the facilitator -------------------------------------------------------------

    async def facilitator(self) -> None:
        who = "dashboard"
        session = Session(self.url, timeout_s=self.opts.timeout)
        try:
            await self.timed_open(session, who)
            query = f"w={self.room.workshop_id}&k={self.room.secret}"
            run = await self.step("dashboard load", who, session.load("dashboard", query))
            self.expect(session.page == "dashboard", "dashboard load", who, "no dashboard")
            controls = run
            self.note_counts(run)
            while True:
                last_round = self.all_done.is_set()
                self.expect(bool(session.auto_reruns), "dashboard refresh", who, "no timer")
                fragment_id, interval = next(iter(session.auto_reruns.items()))
                await asyncio.sleep(max(0.0, interval - run.elapsed_s))
                button = None if last_round else self.speaker_action(controls)
                if button is not None:
                    run = await self.step("dashboard click", who, session.click(button))
                    controls = run
                else:
                    name = "dashboard refresh (revealed)" if self.revealed else "dashboard refresh"
                    run = await self.step(name, who, session.auto_rerun(fragment_id))
                self.note_counts(run)
                if last_round:
                    return
        except StepFailed:
            return
        except Exception as exc:
            self.errors.append(("internal", who, f"{type(exc).__name__}: {exc}"))
        finally:
            await self.close(session)

    def speaker_action(self, controls: Run) -> Element | None:
        """The button the speaker presses now, if any (and note what it will change)."""
        n = len(self.people)
        if self.opts.speaker_paced and self.open_parts < self.room.parts:
            ready = sum(
                p.finished or bool(p.failed) or p.parts_done >= self.open_parts for p in self.people
            )
            overdue = self.now() - self.last_open >= self.opts.part_max_wait
            if ready >= self.opts.open_when * n or overdue:
                found = controls.find("button", f"Open part {self.open_parts + 1}")
                if found:
                    self.open_parts += 1
                    self.last_open = self.now()
                    return found[0]
        completed = sum(p.finished for p in self.people)
        if not self.revealed and completed >= self.opts.reveal_at * n:
            found = controls.find("button", "Reveal results")
            if found:
                self.revealed = True
                return found[0]
        return None

    def note_counts(self, run: Run) -> None:
        metrics = {e.label: e.proto.body for e in run.find("metric")}
        with contextlib.suppress(KeyError, ValueError):
            self.dashboard_counts = (int(metrics["Joined"]), int(metrics["Completed"]))

    # -- the whole run ---------------------------------------------------------------

    async def sampler(self) -> None:
        while True:
            rss, threads = self.probe.status()
            cpu = self.probe.cpu()
            self.samples.append(
                Sample(self.now(), cpu, rss, threads, time.process_time(), self.sessions)
            )
            await asyncio.sleep(1.0)

    async def run(self) -> None:
        self.t0 = time.perf_counter()
        sampler = asyncio.create_task(self.sampler())
        dashboard = asyncio.create_task(self.facilitator())
        starts = [self.rng.uniform(0, self.opts.join_within) for _ in self.people]
        await asyncio.gather(
            *(self.participant(p, s) for p, s in zip(self.people, starts, strict=True))
        )
        self.all_done.set()
        await dashboard
        await asyncio.sleep(0)  # one more sample after the dashboard's last refresh
        sampler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await sampler
        rss, threads = self.probe.status()
        self.samples.append(
            Sample(self.now(), self.probe.cpu(), rss, threads, time.process_time(), 0)
        )


# -- HTTP for --http -----------------------------------------------------------------


async def http_get(
    url: str, timeout: float, cookies: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """A minimal HTTP/1.1 GET with ``Connection: close``; returns (status, body).

    ``cookies`` is a cookie jar: sent with the request and updated from ``Set-Cookie``
    (names and values only), so a sticky load balancer keeps the participant on one
    server, websocket included.
    """
    jar = {} if cookies is None else cookies
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection(parts.hostname, parts.port or 80)
        try:
            request = [f"GET {path} HTTP/1.1", f"Host: {parts.netloc}", "Connection: close"]
            request.append("Accept-Encoding: gzip")
            if jar:
                request.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in jar.items()))
            writer.write(("\r\n".join(request) + "\r\n\r\n").encode())
            data = await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
    head, _, body = data.partition(b"\r\n\r\n")
    headers: dict[str, str] = {}
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.decode("latin-1").partition(":")
        name, value = name.strip().lower(), value.strip()
        headers[name] = value
        if name == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key] = rest.split(";", 1)[0]
    if headers.get("transfer-encoding", "").lower() == "chunked":
        body = dechunk(body)
    if headers.get("content-encoding", "").lower() == "gzip":
        body = gzip.decompress(body)
    return int(head.split(b" ", 2)[1]), body


def dechunk(data: bytes) -> bytes:
    """The body of a ``Transfer-Encoding: chunked`` response."""
    out = bytearray()
    while data:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line.split(b";", 1)[0], 16)
        if size == 0:
            break
        out += data[:size]
        data = data[size + 2 :]
    return bytes(out)


def entry_assets(html: bytes) -> list[str]:
    """The scripts and styles a page's HTML loads up front (relative ``./static/…``)."""
    found = re.findall(rb'(?:src|href)="\./(static/[^"]+\.(?:js|css))"', html)
    return list(dict.fromkeys(f.decode() for f in found))


# -- checks and output ---------------------------------------------------------------


def statement_id(pill: Element) -> str:
    """``q_creation_1`` from the widget id ``$$ID-<hash>-q_creation_1``."""
    key = str(pill.proto.id).split("-", 2)[2]
    return key.removeprefix("q_")


def check_store(store: Store, room: Room, people: list[Participant]) -> list[str]:
    """What is wrong in the store after the run (empty: exactly one response per person)."""
    problems: list[str] = []
    n = len(people)
    counts = store.room_counts(room.workshop_id)
    if counts != (n, n):
        problems.append(f"room_counts {counts} != ({n}, {n})")
    query = (
        sa.select(part_scores.c.token, sa.func.count())
        .where(part_scores.c.workshop_id == room.workshop_id)
        .group_by(part_scores.c.token)
    )
    with store.engine.connect() as conn:
        scored = {token: count for token, count in conn.execute(query)}
    doubled = {t: c for t, c in scored.items() if c != room.parts}
    if doubled:
        problems.append(f"{len(doubled)} participants without exactly {room.parts} part scores")
    tokens = {p.token for p in people if p.token}
    if len(tokens) != sum(bool(p.token) for p in people):
        problems.append("two participants got the same token")
    if set(scored) - tokens:
        problems.append(f"{len(set(scored) - tokens)} completed responses nobody sent")
    wrong = 0
    for person in people:
        found = store.assessment(person.token) if person.token else None
        if found is None or found.stage != "done" or found.answers != person.answers:
            wrong += 1
    if wrong:
        problems.append(f"{wrong} participants' stored answers differ from what they sent")
    return problems


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def windows(
    points: list[tuple[float, float]], seconds: float
) -> Iterator[tuple[tuple[float, float], tuple[float, float]]]:
    """Pairs of (time, value) points about ``seconds`` apart, for peak rates."""
    j = 0
    for i, later in enumerate(points):
        while j < i and later[0] - points[j][0] > seconds + 0.5:
            j += 1
        if j < i and later[0] - points[j][0] >= seconds - 0.5:
            yield points[j], later


def summarize(load: Load, store_problems: list[str]) -> dict[str, Any]:
    steps = {}
    errors_by_step = Counter(step for step, _, _ in load.errors)
    for name in [*STEPS, *sorted(set(load.latencies) - set(STEPS))]:
        values = load.latencies.get(name, [])
        if not values and not errors_by_step[name]:
            continue
        steps[name] = {
            "count": len(values),
            "p50_ms": 1000 * percentile(values, 50) if values else None,
            "p95_ms": 1000 * percentile(values, 95) if values else None,
            "p99_ms": 1000 * percentile(values, 99) if values else None,
            "max_ms": 1000 * max(values) if values else None,
            "errors": errors_by_step[name],
        }
    for name in set(errors_by_step) - set(steps):
        steps[name] = {"count": 0, "errors": errors_by_step[name]}
    active = max(load.last_finish - load.first_start, 1e-9)
    # (time, server CPU seconds) while participants were active, and over the whole run
    cpu_all = [(s.t, s.server_cpu) for s in load.samples if s.server_cpu is not None]
    cpu_active = [(t, c) for t, c in cpu_all if load.first_start - 1 <= t <= load.last_finish + 1]
    server: dict[str, Any] = {}
    if len(cpu_active) >= 2:
        (t0, c0), (t1, c1) = cpu_active[0], cpu_active[-1]
        peak = max(
            ((cb - ca) / (tb - ta) for (ta, ca), (tb, cb) in windows(cpu_active, 5)),
            default=(c1 - c0) / (t1 - t0),
        )
        total = cpu_all[-1][1] - cpu_all[0][1]
        rss = [s.rss_kib for s in load.samples if s.rss_kib]
        server = {
            "cpu_s_active": c1 - c0,
            "cpu_per_wall_s": (c1 - c0) / (t1 - t0),
            "cpu_per_wall_s_peak_5s": peak,
            "cpu_ms_per_script_run": 1000 * total / max(load.script_runs, 1),
            "cpu_s_total": total,
            "rss_mib_start": rss[0] / 1024 if rss else None,
            "rss_mib_peak": max(rss) / 1024 if rss else None,
            "rss_mib_end": rss[-1] / 1024 if rss else None,
            "threads_peak": max((s.threads or 0) for s in load.samples),
        }
    seconds = [load.per_second.get(s, 0) for s in range(int(load.now()) + 1)]
    peak_rate = max(
        (sum(seconds[i : i + 5]) / 5 for i in range(max(len(seconds) - 4, 1))), default=0
    )
    client_cpu = load.samples[-1].client_cpu - load.samples[0].client_cpu
    waits = [p.waited_s for p in load.people if p.finished]
    return {
        "participants": len(load.people),
        "finished": sum(p.finished for p in load.people),
        "failed": sum(bool(p.failed) for p in load.people),
        "active_s": active,
        "total_s": load.now(),
        "requests": load.requests,
        "requests_per_s": load.requests / active,
        "requests_per_s_peak_5s": peak_rate,
        "script_runs": load.script_runs,
        "script_runs_per_s": load.script_runs / active,
        "steps": steps,
        "server": server,
        "client_cpu_s": client_cpu,
        "sessions_peak": max((s.sessions for s in load.samples), default=0),
        "waited_s_p50": statistics.median(waits) if waits else 0.0,
        "waited_s_max": max(waits, default=0.0),
        "dashboard_counts": load.dashboard_counts,
        "timeline": [
            {
                "t": round(s.t, 1),
                "server_cpu_s": s.server_cpu,
                "rss_kib": s.rss_kib,
                "threads": s.threads,
                "sessions": s.sessions,
                "requests_answered": load.per_second.get(int(s.t), 0),
            }
            for s in load.samples
        ],
        "errors": [list(e) for e in load.errors],
        "store_problems": store_problems,
    }


def print_report(opts: Options, summary: dict[str, Any], server_note: str) -> None:
    mode = "speaker-paced" if opts.speaker_paced else "self-paced"
    print(
        f"{summary['participants']} participants joining within {opts.join_within:g} s, think "
        f"{opts.think[0]:g}-{opts.think[1]:g} s per action, {mode}; {server_note}"
    )
    header = (
        f"{'step':<29} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8} "
        f"{'errors':>6}"
    )
    print(header)
    print("-" * len(header))
    for name, row in summary["steps"].items():
        if not row["count"]:
            print(f"{name:<29} {0:>6} {'':>8} {'':>8} {'':>8} {'':>8} {row['errors']:>6}")
            continue
        print(
            f"{name:<29} {row['count']:>6} {row['p50_ms']:8.1f} {row['p95_ms']:8.1f} "
            f"{row['p99_ms']:8.1f} {row['max_ms']:8.1f} {row['errors']:>6}"
        )
    print(
        f"participants: {summary['finished']} finished, {summary['failed']} failed; "
        f"active {summary['active_s']:.0f} s (first join to last result), "
        f"peak {summary['sessions_peak']} open sessions"
    )
    if opts.speaker_paced:
        print(
            f"waited for the speaker: median {summary['waited_s_p50']:.0f} s, "
            f"max {summary['waited_s_max']:.0f} s per participant"
        )
    print(
        f"requests: {summary['requests']} ({summary['requests_per_s']:.1f}/s average, "
        f"{summary['requests_per_s_peak_5s']:.1f}/s peak over 5 s); script runs: "
        f"{summary['script_runs']} ({summary['script_runs_per_s']:.1f}/s)"
    )
    server = summary["server"]
    if server:
        print(
            f"server CPU: {server['cpu_per_wall_s']:.3f} CPU-s per second while active "
            f"(peak {server['cpu_per_wall_s_peak_5s']:.2f} over 5 s), "
            f"{server['cpu_ms_per_script_run']:.1f} ms per script run "
            f"({server['cpu_s_total']:.1f} s in all)"
        )
        print(
            f"server RSS: {server['rss_mib_start']:.0f} MiB at start, "
            f"{server['rss_mib_peak']:.0f} MiB peak, {server['rss_mib_end']:.0f} MiB at end; "
            f"threads peak {server['threads_peak']}"
        )
    else:
        print("server CPU/RSS: not measured (give --server-pid with --url)")
    print(f"load generator CPU: {summary['client_cpu_s']:.1f} s")
    counts = summary["dashboard_counts"]
    print(f"dashboard's last counts: joined {counts[0]}, completed {counts[1]}" if counts else "")
    problems = summary["store_problems"]
    n = summary["participants"]
    if problems:
        print("store check FAILED: " + "; ".join(problems))
    else:
        print(
            f"store check OK: room_counts ({n}, {n}); stored answers equal the sent ones; "
            "one set of part scores per participant"
        )
    for step, who, message in summary["errors"][:20]:
        print(f"ERROR {step} ({who}): {message}")
    if len(summary["errors"]) > 20:
        print(f"... and {len(summary['errors']) - 20} more errors")


# -- command line --------------------------------------------------------------------


def think_range(text: str) -> tuple[float, float]:
    low, sep, high = text.partition(":")
    try:
        values = (float(low), float(high if sep else low))
    except ValueError:
        raise argparse.ArgumentTypeError("want A:B seconds, e.g. 2:8") from None
    if not 0 <= values[0] <= values[1]:
        raise argparse.ArgumentTypeError("want 0 <= A <= B")
    return values


def process_counts(text: str) -> list[int]:
    try:
        counts = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError("want N or N,M,... (process counts)") from None
    if not counts or min(counts) < 1:
        raise argparse.ArgumentTypeError("process counts must be at least 1")
    return counts


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--join-within", type=float, default=30.0, metavar="S")
    parser.add_argument("--think", type=think_range, default=(2.0, 8.0), metavar="A:B")
    parser.add_argument("--speaker-paced", action="store_true")
    parser.add_argument(
        "--open-when", type=float, default=0.9, metavar="F", help="speaker-paced: share ready"
    )
    parser.add_argument("--part-max-wait", type=float, default=60.0, metavar="S")
    parser.add_argument(
        "--reveal-at", type=float, default=0.8, metavar="F", help=">1: never reveal"
    )
    parser.add_argument("--nickname-share", type=float, default=0.5, metavar="F")
    parser.add_argument("--timeout", type=float, default=60.0, help="per request, seconds")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--http", action="store_true", help="also the page load's HTTP GETs")
    parser.add_argument("--assets", action="store_true", help="with --http: entry JS/CSS too")
    parser.add_argument("--url", help="an existing server instead of starting one")
    parser.add_argument("--database-url", help="the server's store (default: SQLite)")
    parser.add_argument("--data-dir", type=Path, help="with --url: the server's NW_DATA_DIR")
    parser.add_argument("--server-pid", type=int, help="with --url: measure this process")
    parser.add_argument("--workdir", type=Path, help="keep the started server's data and log")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        metavar="SECTION.OPTION=VALUE",
        help="an extra flag for the started server (repeatable)",
    )
    parser.add_argument(
        "--processes",
        type=process_counts,
        metavar="N[,M...]",
        help="behind nginx (deploy/): N server processes; with N,M the same room on each, "
        "one after the other, and their ratios (needs --database-url)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)
    if args.processes and (args.url or not args.database_url):
        parser.error("--processes starts its own servers and needs --database-url, not --url")
    if args.participants < 1:
        parser.error("--participants must be at least 1")
    if args.url and not (args.database_url or args.data_dir):
        parser.error("--url needs --database-url or --data-dir (the server's store)")
    if args.assets:
        args.http = True
    return args


def server_flags(configs: list[str]) -> list[str]:
    flags = list(PRODUCTION_FLAGS)
    for item in configs:
        key, sep, value = item.partition("=")
        if not sep or "." not in key:
            sys.exit(f"--config wants section.option=value, not {item!r}")
        flags += [f"--{key.removeprefix('--')}", value]
    return flags


def create_room(store: Store, speaker_paced: bool, participants: int) -> Room:
    parts = len(load_bank(BANK_PATH).parts)
    workshop, secret = store.create_workshop(
        f"Load test, {participants} phones", BANK_ID, speaker_paced, None
    )
    return Room(workshop.id, workshop.code, secret, parts)


def run_load(
    opts: Options, url: str, db_url: str, pids: list[int], note: str
) -> tuple[int, dict[str, Any]]:
    store = Store(db_url)
    try:
        room = create_room(store, opts.speaker_paced, opts.participants)
        load = Load(opts, url, room, ServerProbe(pids))
        asyncio.run(load.run())
        store_problems = check_store(store, room, load.people)
    finally:
        store.engine.dispose()
    summary = summarize(load, store_problems)
    summary["workshop_id"] = room.workshop_id
    summary["options"] = vars(opts)
    print_report(opts, summary, note)
    return summary_exit(summary), summary


def summary_exit(summary: dict[str, Any]) -> int:
    ok = not summary["errors"] and not summary["store_problems"] and not summary["failed"]
    return 0 if ok else 1


def run_on_cluster(
    opts: Options, args: argparse.Namespace, count: int
) -> tuple[int, dict[str, Any]]:
    flags = server_flags(args.config)
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="nw-cluster-")))
        cluster = stack.enter_context(
            start_cluster(count, database_url=args.database_url, workdir=workdir, extra_args=flags)
        )
        backend = sa.engine.make_url(args.database_url).get_backend_name()
        note = (
            f"{count} server process{'es' if count > 1 else ''} behind nginx, started here "
            f"({' '.join(flags)}, TCP_NODELAY, {backend})"
        )
        print()
        code, summary = run_load(opts, cluster.url, args.database_url, cluster.pids, note)
        return max(code, check_logs(cluster.servers, summary)), summary


def check_logs(servers: list[Server], summary: dict[str, Any]) -> int:
    """1 if any server logged a traceback (printing the end of that log), else 0."""
    logs = [server.read_log() for server in servers]
    summary["server_log_tracebacks"] = sum(log.count("Traceback") for log in logs)
    for log in logs:
        if "Traceback" in log:
            print(f"server log: {log.count('Traceback')} tracebacks; last lines:\n{log[-3000:]}")
    return 1 if summary["server_log_tracebacks"] else 0


def print_ratios(counts: list[int], summaries: list[dict[str, Any]]) -> dict[str, Any]:
    """The first run against each later one: ratio = first / later (above 1: later is better)."""
    base, ratios = summaries[0], {}
    for count, other in zip(counts[1:], summaries[1:], strict=True):
        print(
            f"\n{counts[0]} process(es) against {count}, same room size and seed "
            f"(ratio = {counts[0]} / {count}; above 1 means {count} did better)"
        )
        header = f"{'step':<29} {'p50 ratio':>10} {'p95 ratio':>10} {'p99 ratio':>10}"
        print(header)
        print("-" * len(header))
        rows: dict[str, Any] = {}
        for name, row in base["steps"].items():
            theirs = other["steps"].get(name)
            if not theirs or not row["count"] or not theirs["count"]:
                continue
            rows[name] = {
                q: row[f"{q}_ms"] / max(theirs[f"{q}_ms"], 1e-9) for q in ("p50", "p95", "p99")
            }
            print(
                f"{name:<29} " + " ".join(f"{rows[name][q]:>10.2f}" for q in ("p50", "p95", "p99"))
            )
        cpu = (base["server"].get("cpu_s_total"), other["server"].get("cpu_s_total"))
        if all(cpu):
            rows["server CPU-s in all"] = cpu[0] / cpu[1]
            print(
                f"server CPU in all: {cpu[0]:.1f} s against {cpu[1]:.1f} s "
                f"(ratio {cpu[0] / cpu[1]:.2f})"
            )
        ratios[count] = rows
    return ratios


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    opts = Options(
        participants=args.participants,
        join_within=args.join_within,
        think=args.think,
        speaker_paced=args.speaker_paced,
        open_when=args.open_when,
        part_max_wait=args.part_max_wait,
        reveal_at=args.reveal_at,
        nickname_share=args.nickname_share,
        timeout=args.timeout,
        http=args.http,
        assets=args.assets,
        seed=args.seed,
    )
    print(
        f"streamlit {streamlit.__version__}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )
    if args.processes:
        runs = [run_on_cluster(replace(opts, http=True), args, n) for n in args.processes]
        code = max(c for c, _ in runs)
        summary = {"runs": {n: s for n, (_, s) in zip(args.processes, runs, strict=True)}}
        if len(runs) > 1:
            summary["ratios"] = print_ratios(args.processes, [s for _, s in runs])
    elif args.url:
        db_url = args.database_url or default_url(args.data_dir)
        note = f"server {args.url}" + (f" (pid {args.server_pid})" if args.server_pid else "")
        pids = [args.server_pid] if args.server_pid else []
        code, summary = run_load(opts, args.url, db_url, pids, note)
    else:
        flags = server_flags(args.config)
        with contextlib.ExitStack() as stack:
            workdir = args.workdir or Path(
                stack.enter_context(tempfile.TemporaryDirectory(prefix="nw-loadgen-"))
            )
            env = {"DATABASE_URL": args.database_url}
            server = stack.enter_context(
                start_server(
                    "app.py",
                    extra_args=flags,
                    env_overrides=env,
                    workdir=workdir,
                    tuned=True,
                )
            )
            db_url = args.database_url or default_url(server.data_dir)
            backend = sa.engine.make_url(db_url).get_backend_name()
            note = f"server started here ({' '.join(flags)}, TCP_NODELAY, {backend})"
            code, summary = run_load(opts, server.url, db_url, [server.pid], note)
            code = max(code, check_logs([server], summary))
    print(f"(load average now {os.getloadavg()[0]:.2f})")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2, default=str))
    return code


if __name__ == "__main__":
    sys.exit(main())
