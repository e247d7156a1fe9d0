"""The servers' CPU time, memory and threads during a load run, from /proc."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from harness.server import process_cpu_seconds


@dataclass
class Sample:
    t: float  # seconds since the run started
    server_cpu: float | None  # CPU seconds of all server processes so far
    rss_kib: int | None
    threads: int | None
    client_cpu: float  # the load generator's own CPU seconds so far
    sessions: int  # websockets open at that moment


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
