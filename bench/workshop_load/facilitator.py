"""The facilitator's dashboard during a load run: live refreshes, opening parts, reveal.

The dashboard (``/dashboard?w=…&k=…``) holds a fragment that reruns every 3 s, as the
frontend's timer does. Speaker-paced, the facilitator presses the "open the next part"
control once ``--open-when`` of the room has finished the open parts (or
``--part-max-wait`` seconds after the last opening); it presses "reveal" once
``--reveal-at`` of the room has completed. Controls are found by their keys
(``web/keys.py``). It ends with one refresh after the last participant.
"""

from __future__ import annotations

import asyncio
import contextlib

from bench.workshop_load.scenario import Load, StepFailed
from harness.client import Session
from harness.protocol import Element, Run
from web import keys, routes, urls

# The dashboard's metrics (not widgets: found by label) whose values are the room's counts.
JOINED_METRIC = "Joined"
COMPLETED_METRIC = "Completed"


async def facilitate(load: Load) -> None:
    """Drive the dashboard until every participant is done, then refresh it once more."""
    who = "dashboard"
    session = Session(load.url, timeout_s=load.opts.timeout)
    try:
        await load.timed_open(session, who)
        query = urls.query_string(workshop=load.room.workshop_id, key=load.room.secret)
        run = await load.step("dashboard load", who, session.load(routes.DASHBOARD.url_path, query))
        load.expect(
            session.page == routes.DASHBOARD.url_path, "dashboard load", who, "no dashboard"
        )
        controls = run  # the sidebar's buttons: drawn by full runs, not by the fragment
        note_counts(load, run)
        while True:
            last_round = load.all_done.is_set()
            load.expect(bool(session.auto_reruns), "dashboard refresh", who, "no timer")
            fragment_id, interval = next(iter(session.auto_reruns.items()))
            await asyncio.sleep(max(0.0, interval - run.elapsed_s))
            button = None if last_round else speaker_action(load, controls)
            if button is not None:
                run = await load.step("dashboard click", who, session.click(button))
                controls = run
            else:
                name = "dashboard refresh (revealed)" if load.revealed else "dashboard refresh"
                run = await load.step(name, who, session.auto_rerun(fragment_id))
            note_counts(load, run)
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
        ready = sum(
            p.finished or bool(p.failed) or p.parts_done >= load.open_parts for p in load.people
        )
        overdue = load.now() - load.last_open >= load.opts.part_max_wait
        if ready >= load.opts.open_when * n or overdue:
            found = enabled(controls, keys.ROOM_OPEN_PART)
            if found:
                load.open_parts += 1
                load.last_open = load.now()
                return found
    completed = sum(p.finished for p in load.people)
    if not load.revealed and completed >= load.opts.reveal_at * n:
        found = enabled(controls, keys.ROOM_REVEAL)
        if found:
            load.revealed = True
            return found
    return None


def enabled(controls: Run, key: str) -> Element | None:
    """The button with this key, if the page shows it and it can be pressed."""
    found = [e for e in controls.keyed(key) if e.key == key and not e.proto.disabled]
    return found[0] if found else None


def note_counts(load: Load, run: Run) -> None:
    metrics = {e.label: e.proto.body for e in run.find("metric")}
    with contextlib.suppress(KeyError, ValueError):
        load.dashboard_counts = (int(metrics[JOINED_METRIC]), int(metrics[COMPLETED_METRIC]))
