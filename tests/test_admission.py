"""admission: bounded concurrent runs, with real threads."""

from __future__ import annotations

import threading
import time

import pytest

from networking_works.admission import RunSlots


def test_never_more_than_size_inside_at_once() -> None:
    slots = RunSlots(3)
    lock, inside, most = threading.Lock(), 0, 0

    def run() -> None:
        nonlocal inside, most
        with slots.slot():
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.01)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=run) for _ in range(24)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert not any(t.is_alive() for t in threads)
    assert most == 3
    assert inside == 0


def test_a_thread_inside_does_not_take_a_second_slot() -> None:
    slots = RunSlots(1)
    with slots.slot(), slots.slot(), slots.slot():  # would deadlock if not re-entrant
        pass
    # ...and every slot is free again afterwards, for any thread.
    done = threading.Event()

    def other() -> None:
        with slots.slot():
            done.set()

    threading.Thread(target=other).start()
    assert done.wait(5)


def test_a_run_that_raises_gives_its_slot_back() -> None:
    slots = RunSlots(1)

    class Rerun(Exception):  # Streamlit stops and reruns scripts by raising
        pass

    for _ in range(3):
        with pytest.raises(Rerun), slots.slot():
            raise Rerun
    acquired = threading.Event()

    def other() -> None:
        with slots.slot():
            acquired.set()

    threading.Thread(target=other).start()
    assert acquired.wait(5)


def test_waiting_threads_get_in_as_slots_free_up() -> None:
    slots = RunSlots(1)
    order: list[int] = []
    first_in = threading.Event()
    release_first = threading.Event()

    def first() -> None:
        with slots.slot():
            first_in.set()
            release_first.wait(5)
            order.append(1)

    def second() -> None:
        with slots.slot():
            order.append(2)

    a = threading.Thread(target=first)
    a.start()
    assert first_in.wait(5)
    b = threading.Thread(target=second)
    b.start()
    time.sleep(0.05)
    assert order == []  # the second waits while the only slot is taken
    release_first.set()
    a.join(5)
    b.join(5)
    assert order == [1, 2]


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least one"):
        RunSlots(0)
