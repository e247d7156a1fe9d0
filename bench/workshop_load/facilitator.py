"""The speaker during a load run: the projected screen and the remote, both refreshing.

The screen (``/screen?code=…``) and the remote (``/control?w=…&k=…``) each hold a
fragment that reruns every 3 s, as the frontend's timer does. Speaker-paced, the
remote presses "open the next part" once ``--open-when`` of the room has finished the
open parts (or ``--part-max-wait`` seconds after the last opening); it presses
"reveal" once ``--reveal-at`` of the room has completed, so the screen then draws the
room's charts on every refresh. Controls are found by their keys (``web/keys.py``).
Both end with one refresh after the last participant.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable

from bench.workshop_load.scenario import Load, StepFailed
from harness.client import Session
from harness.protocol import Element, Run
from web import keys, links, routes

# The remote's metrics (not widgets: found by label) whose values are the room's counts.
JOINED_METRIC = "Joined"
COMPLETED_METRIC = "Completed"


async def facilitate(load: Load) -> None:
    """Drive the remote and refresh the screen until every participant is done."""
    await asyncio.gather(_remote(load), _screen(load))


async def _remote(load: Load) -> None:
    query = links.remote(load.room.workshop_id, load.room.secret).query_text()

    async def act(session: Session, run: Run, fragment_ids: list[str]) -> Run:
        button = None if load.all_done.is_set() else speaker_action(load, run)
        if button is not None:
            return await load.step("remote click", "remote", session.click(button))
        for fragment_id in fragment_ids:  # the counts, and in a talk the speaker's notes
            refreshed = await load.step("remote refresh", "remote", session.auto_rerun(fragment_id))
            note_counts(load, refreshed)
        return run  # the buttons are drawn by full runs, not by the fragments

    await _refreshing(load, "remote", routes.CONTROL.url_path, query, act)


async def _screen(load: Load) -> None:
    query = links.screen(load.room.code).query_text()

    async def refresh(session: Session, run: Run, fragment_ids: list[str]) -> Run:
        name = "screen refresh (revealed)" if load.revealed else "screen refresh"
        for fragment_id in fragment_ids:
            run = await load.step(name, "screen", session.auto_rerun(fragment_id))
        return run

    await _refreshing(load, "screen", routes.SCREEN.url_path, query, refresh)


Act = Callable[[Session, Run, list[str]], Awaitable[Run]]


async def _refreshing(load: Load, who: str, path: str, query: str, act: Act) -> None:
    """Open ``path`` and ``act`` on each tick of its timer, until one tick after the end."""
    session = Session(load.url, timeout_s=load.opts.timeout)
    try:
        await load.timed_open(session, who)
        run = await load.step(f"{who} load", who, session.load(path, query))
        load.expect(session.page == path, f"{who} load", who, f"not on /{path}")
        note_counts(load, run)
        spent = run.elapsed_s
        while True:
            last_round = load.all_done.is_set()
            load.expect(bool(session.auto_reruns), f"{who} refresh", who, "no timer")
            # Every fragment's timer fires on the same 3 s beat: refresh them all per tick.
            # The beat counts from the end of the last tick's own work (a slow press must
            # not leave the remote refreshing without a pause, as it once did).
            interval = min(session.auto_reruns.values())
            await asyncio.sleep(max(0.0, interval - spent))
            started = time.perf_counter()
            run = await act(session, run, list(session.auto_reruns))
            spent = time.perf_counter() - started
            if last_round:
                return
    except StepFailed:
        return
    except Exception as exc:
        load.errors.append(("internal", who, f"{type(exc).__name__}: {exc}"))
    finally:
        await load.close(session)


def speaker_action(load: Load, controls: Run) -> Element | None:
    """The button the speaker presses now, if any (and note what it will change)."""
    n = len(load.people)
    if load.opts.speaker_paced and load.open_parts < load.parts:
        overdue = load.now() - load.last_open >= load.opts.part_max_wait
        if load.ready() >= load.opts.open_when * n or overdue:
            found = enabled(controls, keys.ROOM_OPEN_PART)
            if found:
                load.open_next()
                return found
    if not load.revealed and load.completed() >= load.opts.reveal_at * n:
        found = enabled(controls, keys.ROOM_REVEAL)
        if found:
            load.revealed = True
            return found
    return None


def enabled(controls: Run, key: str) -> Element | None:
    """The button with this key, if the page shows it and it can be pressed."""
    found = [e for e in controls.keyed(key) if e.key == key and not e.proto.disabled]
    return found[0] if found else None


def count_of(shown: str) -> int:
    """A count as the remote shows it, formatted for its language ("1,000", "1 000")."""
    digits = "".join(c for c in shown if c.isdigit())
    if not digits:
        raise ValueError(f"not a count: {shown!r}")
    return int(digits)


def note_counts(load: Load, run: Run) -> None:
    metrics = {e.label: e.proto.body for e in run.find("metric")}
    with contextlib.suppress(KeyError, ValueError):
        load.remote_counts = (count_of(metrics[JOINED_METRIC]), count_of(metrics[COMPLETED_METRIC]))
