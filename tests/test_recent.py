"""recent: short-lived answers, with a fake clock (time is the only thing faked)."""

from __future__ import annotations

from networking_works.recent import Recent


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def counting(values: list[int]):  # type: ignore[no-untyped-def]
    def compute() -> int:
        values.append(len(values))
        return values[-1]

    return compute


def test_reuses_an_answer_until_it_is_max_age_old() -> None:
    clock, calls = Clock(), []
    recent = Recent(max_age=1.0, clock=clock)
    compute = counting(calls)
    assert recent.get(("room", "open"), compute) == 0
    clock.now += 0.99
    assert recent.get(("room", "open"), compute) == 0
    clock.now += 0.01
    assert recent.get(("room", "open"), compute) == 1
    assert calls == [0, 1]


def test_keys_are_separate() -> None:
    recent, calls = Recent(max_age=1.0, clock=Clock()), []
    compute = counting(calls)
    assert recent.get(("a", "room"), compute) == 0
    assert recent.get(("b", "room"), compute) == 1
    assert recent.get(("a", "summary"), compute) == 2
    assert recent.get(("a", "room"), compute) == 0


def test_forget_drops_every_answer_about_one_room_only() -> None:
    recent, calls = Recent(max_age=60.0, clock=Clock()), []
    compute = counting(calls)
    recent.get(("a", "room"), compute)
    recent.get(("a", "summary"), compute)
    recent.get(("b", "room"), compute)
    recent.forget("a")
    assert recent.get(("a", "room"), compute) == 3
    assert recent.get(("a", "summary"), compute) == 4
    assert recent.get(("b", "room"), compute) == 2


def test_none_is_an_answer_too() -> None:
    recent, calls = Recent(max_age=1.0, clock=Clock()), []

    def missing() -> None:
        calls.append(0)

    assert recent.get(("gone", "room"), missing) is None
    assert recent.get(("gone", "room"), missing) is None
    assert len(calls) == 1


def test_stays_bounded() -> None:
    clock = Clock()
    recent = Recent(max_age=1.0, max_entries=10, clock=clock)
    for i in range(25):
        recent.get((i, "room"), lambda i=i: i)  # type: ignore[misc]
        clock.now += 0.3
    assert len(recent._answers) <= 10
    # The newest answers are the ones kept.
    assert recent.get((24, "room"), lambda: -1) == 24
