"""Running one function in many threads released together, for concurrency tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


def run_threads(count: int, target: Callable[[int], None]) -> tuple[list[BaseException], float]:
    """Run target(i) in `count` threads released together; return (errors, seconds)."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(i: int) -> None:
        try:
            barrier.wait(timeout=60)
            target(i)
        except BaseException as exc:  # collected and asserted on by the test
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    elapsed = time.perf_counter() - started
    assert not any(thread.is_alive() for thread in threads), "a worker thread hung"
    return errors, elapsed
