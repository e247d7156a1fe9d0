"""A live workshop room through three faults: what tests/test_faults.py and bench/faults.py run.

Two app processes behind the deploy/ nginx (``harness.cluster``) on one PostgreSQL
database hold one speaker-paced room. Phones (``harness.phone.Phone`` with patience:
they retry as a person and the pages do) join, skip the definition and answer every
part as the speaker opens them one by one (through the store, as the remote's button
does); the projected screen and the remote are Streamlit tabs (``harness.client``)
that refresh every 3 s and reconnect as Streamlit's frontend does. Once everyone has
joined, while the room is live:

1. one app process is SIGKILLed and started again on its port;
2. PostgreSQL is restarted (``pg_ctlcluster … restart``);
3. nginx is reloaded (SIGHUP to its master).

``Outcome`` holds what each phone and tab went through; ``figures`` says, per fault,
how long phones stalled (their longest wait for one page, retries and pauses included,
among the requests in flight from the fault until it was over and a few seconds more)
and how many requests were sent again.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from audience import paths
from harness import REPO_ROOT
from harness.client import Session
from harness.cluster import Cluster
from harness.http import http_get
from harness.phone import Kind, Page, Phone, PhoneError
from harness.protocol import Run
from harness.store_access import Room, StoreAccess
from networking_works.bank import Bank, load_bank
from web import links, routes

BANK_FILE = REPO_ROOT / "questions" / "networking.yaml"
PATIENCE_S = 90.0  # how long a phone keeps trying one request before it gives up
SETTLE_S = 5.0  # a fault's window runs this long after it was over
TRACEBACK = re.compile(r"Traceback \(most recent call last\)|File \"[^\"]+\.py\", line \d+")
# Streamlit's frontend pings /_stcore/health before it reconnects: 100 ms, doubling, at
# most 4 s (static/js/index.*.js, pingServer); its fragments' timers fire every 3 s.
PING_FIRST_S, PING_MAX_S = 0.1, 4.0
JOINED_METRIC, COMPLETED_METRIC = "Joined", "Completed"  # the remote's counts, by label


@dataclass(frozen=True)
class Plan:
    phones: int = 200
    join_within: float = 20.0  # the room takes 100 joins in any 5 s (NW_JOINS_PER_5S)
    think: tuple[float, float] = (0.5, 2.0)
    part_every: float = 12.0  # the speaker opens the next part this often
    # Each a second after a part opens, while phones are sending their answers.
    faults_at: tuple[float, float, float] = (25.0, 37.0, 49.0)
    seed: int = 24


def one_address_env(phones: int) -> dict[str, str | None]:
    """Every phone comes from this machine's one address, as a room behind one venue
    Wi-Fi does: the servers let one client bring the whole room (README, "Abuse")."""
    return {"NW_JOINS_PER_CLIENT_5S": str(phones)}


@dataclass
class Fault:
    name: str
    started: float  # time.perf_counter()
    over: float = 0.0  # the process healthy again, PostgreSQL ready, nginx signalled

    @property
    def seconds(self) -> float:
        return self.over - self.started


@dataclass
class Person:
    phone: Phone
    nickname: str
    answers: dict[str, int] = field(default_factory=dict)
    token: str = ""
    result: Page | None = None
    failed: str = ""
    tracebacks: int = 0


@dataclass
class Tab:
    """The screen or the remote: a Streamlit tab that refreshes and reconnects."""

    name: str
    path: str
    query: str
    session: Session
    cookies: dict[str, str] = field(default_factory=dict)
    refreshes: int = 0
    reconnects: int = 0
    outages: list[tuple[float, float]] = field(default_factory=list)  # failed → good again
    problems: list[str] = field(default_factory=list)  # what its pages showed meanwhile
    last_problems: list[str] = field(default_factory=list)
    counts: tuple[int, int] | None = None


@dataclass
class Outcome:
    room: Room
    people: list[Person]
    tabs: list[Tab]
    faults: list[Fault]
    seconds: float


@dataclass(frozen=True)
class Figures:
    fault: str
    seconds: float  # until the fault was over
    phones: int  # phones with a request in the window
    p50: float
    p95: float
    max: float
    retried: int  # requests sent again
    phones_retrying: int
    tab_gap: float  # the longest time a tab went without a good refresh


def pg_restart(database_url: str) -> None:
    """Restart the local PostgreSQL cluster (the test runs as root, as CI does) and wait
    until it accepts connections again."""
    del database_url  # the cluster on this machine: the URL names 127.0.0.1:5432
    versions = sorted(os.listdir("/etc/postgresql"), key=lambda v: [int(p) for p in v.split(".")])
    ctl = shutil.which("pg_ctlcluster") or "/usr/bin/pg_ctlcluster"
    argv = [ctl, "--skip-systemctl-redirect", versions[-1], "main", "restart"]
    subprocess.run(argv, check=True, capture_output=True, timeout=60)  # noqa: S603
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if pg_ready():
            return
        time.sleep(0.1)
    raise RuntimeError("PostgreSQL is not ready 30 s after its restart")


def pg_ready() -> bool:
    """Whether the local PostgreSQL accepts connections (``pg_isready``)."""
    found = shutil.which("pg_isready") or "/usr/bin/pg_isready"
    argv = [found, "-q", "-h", "127.0.0.1", "-p", "5432"]
    return subprocess.run(argv, check=False, timeout=10).returncode == 0  # noqa: S603


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def figures(outcome: Outcome) -> list[Figures]:
    found = []
    for fault in outcome.faults:
        start, end = fault.started, fault.over + SETTLE_S
        stalls, retried, retrying = [], 0, 0
        for person in outcome.people:
            phone = person.phone
            spans = [e - s for s, e in phone.spans if s < end and e > start]
            if spans:
                stalls.append(max(spans))
            tries = sum(s.tries - 1 for s in phone.stalls if start <= s.ended and s.started < end)
            retried += tries
            retrying += tries > 0
        gaps = [b - a for tab in outcome.tabs for a, b in tab.outages if a < end and b > start] or [
            0.0
        ]
        found.append(
            Figures(
                fault.name,
                fault.seconds,
                len(stalls),
                statistics.median(stalls) if stalls else 0.0,
                percentile(stalls, 0.95),
                max(stalls, default=0.0),
                retried,
                retrying,
                max(gaps),
            )
        )
    return found


def report(outcome: Outcome) -> str:
    lines = [
        f"{len(outcome.people)} phones, {len(outcome.tabs)} Streamlit tabs, "
        f"{outcome.seconds:.0f} s; per fault, each phone's longest wait for one page:",
        f"{'fault':<26}{'over after':>11}{'phones':>8}{'p50':>8}{'p95':>8}{'max':>8}"
        f"{'retried':>9}{'by':>6}{'tab gap':>9}",
    ]
    for f in figures(outcome):
        lines.append(
            f"{f.fault:<26}{f.seconds:>10.1f}s{f.phones:>8}{f.p50:>7.2f}s{f.p95:>7.2f}s"
            f"{f.max:>7.2f}s{f.retried:>9}{f.phones_retrying:>6}{f.tab_gap:>8.1f}s"
        )
    retries = sum(p.phone.retries for p in outcome.people)
    lines.append(
        f"requests sent again in all: {retries}; tab reconnects: "
        + ", ".join(f"{t.name} {t.reconnects}" for t in outcome.tabs)
    )
    return "\n".join(lines)


# -- the run ---------------------------------------------------------------------------


class FaultRun:
    def __init__(
        self,
        cluster: Cluster,
        store: StoreAccess,
        database_url: str,
        plan: Plan,
        restart_database: Callable[[str], None] = pg_restart,
    ) -> None:
        self.cluster, self.store, self.url, self.plan = cluster, store, database_url, plan
        self.restart_database = restart_database
        self.bank: Bank = load_bank(BANK_FILE)
        self.rng = random.Random(plan.seed)  # noqa: S311 -- simulated people
        self.room: Room = store.create_room("Faults", self.bank.id, True, None)
        self.people = [
            Person(Phone(cluster.url, timeout=30.0, patience_s=PATIENCE_S), f"Phone {i}")
            for i in range(plan.phones)
        ]
        self.joined = 0
        self.done = asyncio.Event()
        self.faults: list[Fault] = []
        self.tabs: list[Tab] = []

    async def run(self) -> Outcome:
        started = time.perf_counter()
        tabs = [
            self._tab("screen", routes.SCREEN.url_path, links.screen(self.room.code).query_text()),
            self._tab(
                "remote",
                routes.CONTROL.url_path,
                links.remote(self.room.workshop_id, self.room.secret).query_text(),
            ),
        ]
        self.tabs = tabs
        tab_tasks = [asyncio.create_task(self._refresh(tab)) for tab in tabs]
        speaker = asyncio.create_task(self._speaker())
        faults = asyncio.create_task(self._faults(started))
        try:
            await asyncio.gather(
                *(self._walk(p, self.rng.uniform(0, self.plan.join_within)) for p in self.people)
            )
            await faults  # every fault was made while phones were in the room
        finally:
            self.done.set()
            speaker.cancel()
            faults.cancel()
            await asyncio.gather(*tab_tasks, speaker, faults, return_exceptions=True)
            await asyncio.gather(*(p.phone.aclose() for p in self.people))
        return Outcome(self.room, self.people, tabs, self.faults, time.perf_counter() - started)

    # -- phones --------------------------------------------------------------------------

    async def _think(self) -> None:
        await asyncio.sleep(self.rng.uniform(*self.plan.think))

    def _seen(self, person: Person, page: Page) -> Page:
        person.tracebacks += bool(TRACEBACK.search(page.text))
        if page.kind is Kind.REFUSAL:
            heading = re.search(r"<h1>(.*?)</h1>", page.text, re.S)
            said = heading.group(1).strip() if heading else page.text[:80]
            raise PhoneError(f"HTTP {page.status} on {page.url.split('?')[0]}: {said}")
        return page

    async def _walk(self, person: Person, start_at: float) -> None:
        await asyncio.sleep(start_at)
        phone, rng = person.phone, self.rng
        try:
            page = self._seen(person, await phone.open(paths.room(self.room.code)))
            await self._think()
            fields, _ = page.form().fill(rng, {paths.Field.NICKNAME: person.nickname})
            page = self._seen(person, await phone.submit(page, page.form(), fields))
            person.token = phone.client.cookies.get(paths.SEAT_COOKIE) or ""
            self.joined += 1
            fields, _ = page.form().fill(rng, prefer=("skip", "next"))
            page = self._seen(person, await phone.submit(page, page.form(), fields))
            for _part in self.bank.parts:
                while page.kind is Kind.WAITING:
                    page = self._seen(person, await phone.wait(page))
                if page.kind is not Kind.PART:
                    raise PhoneError(f"a {page.kind} page ({page.status}) instead of a part")
                await self._think()
                form = page.form()
                fields, chosen = form.fill(rng, prefer=("next",))
                page = self._seen(person, await phone.submit(page, form, fields))
                person.answers.update(
                    {k.removeprefix(paths.STATEMENT_PREFIX): int(v) for k, v in chosen.items()}
                )
            if page.kind is not Kind.RESULT:
                raise PhoneError(f"a {page.kind} page ({page.status}) instead of the result")
            person.result = page
        except PhoneError as exc:
            person.failed = str(exc)

    # -- the speaker -----------------------------------------------------------------------

    async def _speaker(self) -> None:
        """Opens the next part every ``part_every`` seconds, as the remote's press does;
        a press while the database is away is pressed again a second later."""
        for count in range(2, len(self.bank.parts) + 1):
            await asyncio.sleep(self.plan.part_every)
            while True:
                try:
                    await asyncio.to_thread(self.store.open_parts, self.room.workshop_id, count)
                    break
                except Exception:  # noqa: BLE001 -- the database restarting: press again
                    await asyncio.sleep(1.0)

    async def _faults(self, started: float) -> None:
        steps: list[tuple[str, Callable[[], None]]] = [
            ("kill one app process", self._kill_and_start),
            ("restart PostgreSQL", lambda: self.restart_database(self.url)),
            ("reload nginx", self.cluster.reload_nginx),
        ]
        for at, (name, make) in zip(self.plan.faults_at, steps, strict=True):
            await asyncio.sleep(max(0.0, started + at - time.perf_counter()))
            fault = Fault(name, time.perf_counter())
            self.faults.append(fault)
            await asyncio.to_thread(make)
            fault.over = time.perf_counter()

    def _kill_and_start(self) -> None:
        """Kill the process that holds the projected screen's websocket (so a tab must
        reconnect), and start it again."""
        upstream = self.tabs[0].session.upgrade_headers.get("x-upstream", "")
        backends = self.cluster.backends
        index = backends.index(upstream) if upstream in backends else 0
        self.cluster.kill(index)
        self.cluster.start_again(index)

    # -- the screen and the remote ---------------------------------------------------------

    def _tab(self, name: str, path: str, query: str) -> Tab:
        return Tab(name, path, query, Session(self.cluster.url, timeout_s=30.0))

    async def _refresh(self, tab: Tab) -> None:
        session = tab.session
        # The page load over HTTP first: nginx's route cookie pins the tab to a process.
        await http_get(f"{self.cluster.url}/{tab.path}?{tab.query}", 30.0, tab.cookies)
        session.cookies.update(tab.cookies)
        await session.open()
        self._note(tab, await session.load(tab.path, tab.query))
        failed_at = 0.0
        while not self.done.is_set():
            await asyncio.sleep(min(session.auto_reruns.values(), default=3.0))
            try:
                for fragment_id in list(session.auto_reruns):
                    self._note(tab, await session.auto_rerun(fragment_id))
                if not session.auto_reruns:  # a run that failed drew no timer: load again
                    self._note(tab, await session.rerun())
            except Exception:  # noqa: BLE001 -- a cut websocket, a timeout: reconnect
                failed_at = failed_at or time.perf_counter()
                await self._reconnect(tab)
                continue
            if failed_at and not tab.last_problems:
                tab.outages.append((failed_at, time.perf_counter()))
                failed_at = 0.0
            elif tab.last_problems:
                failed_at = failed_at or time.perf_counter()

    def _note(self, tab: Tab, run: Run) -> None:
        tab.refreshes += 1
        tab.last_problems = run.problems()
        tab.problems += tab.last_problems
        metrics = {e.label: e.proto.body for e in run.find("metric")}
        with contextlib.suppress(KeyError, ValueError):
            tab.counts = (_count(metrics[JOINED_METRIC]), _count(metrics[COMPLETED_METRIC]))

    async def _reconnect(self, tab: Tab) -> None:
        """As Streamlit's frontend: ping the health check with a growing pause, open the
        websocket asking for the old session back, and rerun with the widgets' states."""
        session = tab.session
        with contextlib.suppress(Exception):
            await session.close()
        pause = PING_FIRST_S
        while not self.done.is_set():
            await asyncio.sleep(pause)
            pause = min(pause * 2, PING_MAX_S)
            try:
                health = await http_get(f"{self.cluster.url}/_stcore/health", 10.0, tab.cookies)
                if health.body != b"ok":
                    continue
                session.cookies.update(tab.cookies)
                session.resume_session_id = session.session_id
                await session.open()
                tab.reconnects += 1
                self._note(tab, await session.rerun())
                return
            except Exception:  # noqa: BLE001 -- still away: ping again
                with contextlib.suppress(Exception):
                    await session.close()


def _count(shown: str) -> int:
    digits = "".join(c for c in shown if c.isdigit())
    if not digits:
        raise ValueError(shown)
    return int(digits)
