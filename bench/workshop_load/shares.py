"""One run's phones spread over several generator processes (``--generators K``).

One asyncio process spends about 1 ms of CPU per request in httpx, and every phone of a
room receives its answer within the same second when a part opens: on one core, the
generator itself would become the queue it is meant to measure. With K processes, share
0 (the main process) runs the speaker and phones 0, K, 2K, ...; share j runs phones j,
K + j, ... They agree through a ``Board`` of shared memory: each phone's progress (what
the speaker waits for before opening the next part) and each part's moment of opening
(what "part opened → shown" is timed from: ``time.perf_counter`` is the system's
monotonic clock, the same in every process). Each other share sends its figures back
when its phones are done, and the main process merges them before the report.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from collections import Counter
from dataclasses import asdict, dataclass
from multiprocessing.connection import Connection
from multiprocessing.context import SpawnProcess
from typing import Any

from harness.store_access import Room

FAILED = -1  # a phone's progress once it failed; its parts done otherwise
_SPAWN = multiprocessing.get_context("spawn")  # no inherited event loop or sockets


class Board:
    """What every generator process of a run reads and writes, in shared memory."""

    def __init__(self, people: int, parts: int) -> None:
        self.progress = _SPAWN.Array("i", people, lock=False)  # parts done, or FAILED
        self.finished = _SPAWN.Array("b", people, lock=False)
        self.opened = _SPAWN.Array("d", parts + 1, lock=False)  # perf_counter, 0: not yet

    def ready(self, open_parts: int) -> int:
        """Phones done with the open parts (or out of the run)."""
        return sum(
            1
            for done, end in zip(self.progress, self.finished, strict=True)
            if end or done == FAILED or done >= open_parts
        )

    def completed(self) -> int:
        return sum(self.finished)


@dataclass(frozen=True)
class Share:
    """Which phones a process runs, and what it needs to run them as the main one would."""

    index: int
    count: int
    t0: float
    starts: list[float]  # every phone's start, seconds after t0
    nicknames: list[str]

    def mine(self, people: int) -> range:
        return range(self.index, people, self.count)


def start_shares(
    count: int, opts: Any, url: str, room: Room, parts: int, board: Board, base: Share
) -> list[tuple[SpawnProcess, Connection]]:
    """Start the other ``count - 1`` shares; each answers on its pipe when done."""
    started = []
    for index in range(1, count):
        receiving, sending = _SPAWN.Pipe(duplex=False)
        share = Share(index, count, base.t0, base.starts, base.nicknames)
        process = _SPAWN.Process(
            target=run_share, args=(opts, url, room, parts, board, share, sending), daemon=True
        )
        process.start()
        sending.close()
        started.append((process, receiving))
    return started


def run_share(
    opts: Any, url: str, room: Room, parts: int, board: Board, share: Share, answer: Connection
) -> None:
    """A share's phones, in this process; their figures go back through ``answer``."""
    from bench.workshop_load.probe import ServerProbe
    from bench.workshop_load.scenario import Load

    load = Load(opts, url, room, parts, ServerProbe([]), board=board, share=share)
    try:
        asyncio.run(load.run_phones())
    finally:
        answer.send(figures(load))
        answer.close()


def figures(load: Any) -> dict[str, Any]:
    """What the main process merges from a share (plain data, sent through a pipe)."""
    mine = share_people(load)
    return {
        "latencies": dict(load.latencies),
        "errors": load.errors,
        "per_second": dict(load.per_second),
        "shown": dict(load.shown),
        "requests": load.requests,
        "people": {p.index: asdict(p) for p in mine},
        "first_start": load.first_start,
        "last_finish": load.last_finish,
        "cpu_s": time.process_time(),
    }


def share_people(load: Any) -> list[Any]:
    return [load.people[i] for i in load.share.mine(len(load.people))]


def merge(load: Any, found: dict[str, Any]) -> None:
    """Add a share's figures to the main process's ``load``."""
    for name, values in found["latencies"].items():
        load.latencies[name].extend(values)
    load.errors.extend(found["errors"])
    load.per_second.update(Counter(found["per_second"]))
    load.shown.update(Counter(found["shown"]))
    load.requests += found["requests"]
    for index, fields in found["people"].items():
        person = load.people[index]
        for name, value in fields.items():
            setattr(person, name, value)
    starts = [s for s in (load.first_start, found["first_start"]) if s]
    load.first_start = min(starts) if starts else 0.0
    load.last_finish = max(load.last_finish, found["last_finish"])
    load.share_cpu_s += found["cpu_s"]
