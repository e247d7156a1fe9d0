"""Lighthouse (mobile preset) on the audience pages of a real room: join, part, waiting
and result.

    .venv/bin/python bench/lighthouse_audience.py [--runs 3] [--lighthouse PATH] [--keep DIR]

Needs the npm package once (never a downloaded browser: it drives Debian's Chromium):

    (mkdir -p /work/tools && cd /work/tools && npm install lighthouse)

Starts the app as production does (harness/server.py, ``serve.py``'s tuning) on a fresh
SQLite store and walks phones over plain HTTP (harness/phone.py) to each page: a
self-paced room's join page and its part 1; a speaker-paced room with part 1 open, a
phone past it on the waiting screen; and a self-paced room where three phones finished
and the speaker revealed the room's average, one phone's result (its radar beside the
room's). Lighthouse loads each page as that phone: its seat and form cookies go in a
``Cookie`` header (``--extra-headers``), as its browser would send them. Lighthouse's
own defaults otherwise: the mobile preset, simulated Slow 4G and a 4× slower CPU.

Prints per page the median over ``--runs`` of the performance score (and its first
contentful paint, largest contentful paint, total blocking time, layout shift, bytes),
the accessibility score and any audit that failed; exits 1 if a page scores under
issue 22's targets (performance 95, accessibility 100).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's app

from audience import paths  # noqa: E402
from harness.phone import Kind, Page, Phone  # noqa: E402
from harness.server import start_server  # noqa: E402
from harness.store_access import StoreAccess, data_dir_url, store_access  # noqa: E402
from tests.browser_helpers import CHROMIUM_PATH  # noqa: E402

LIGHTHOUSE = Path("/work/tools/node_modules/.bin/lighthouse")
PRODUCTION_FLAGS = ["--runner.postScriptGC", "false"]
TARGETS = {"performance": 95, "accessibility": 100}
METRICS = (
    ("first-contentful-paint", "FCP ms"),
    ("largest-contentful-paint", "LCP ms"),
    ("total-blocking-time", "TBT ms"),
    ("cumulative-layout-shift", "CLS"),
    ("total-byte-weight", "bytes"),
)


@dataclass(frozen=True)
class Visit:
    name: str
    url: str  # path on the server
    cookie: str  # the Cookie header the phone's browser would send there


def _cookie(phone: Phone, path: str) -> str:
    """The phone's cookies a browser sends to ``path`` (each cookie's Path a prefix)."""
    sent = [
        f"{c.name}={c.value}"
        for c in phone.client.cookies.jar
        if path == c.path or path.startswith(c.path.rstrip("/") + "/")
    ]
    return "; ".join(sent)


def _expect(page: Page, kind: Kind) -> None:
    if page.kind is not kind:
        raise RuntimeError(f"expected a {kind} page at {page.url}, got a {page.kind} page")


async def _join(phone: Phone, code: str, rng: random.Random) -> Page:
    """Join the room and skip the definition: the first part (or the waiting screen)."""
    page = await phone.open(paths.room(code))
    _expect(page, Kind.JOIN)
    fields, _ = page.form().fill(rng, {paths.Field.NICKNAME: "Lighthouse"})
    page = await phone.submit(page, page.form(), fields)
    _expect(page, Kind.DEFINITION)
    fields, _ = page.form().fill(rng, prefer=("skip",))
    return await phone.submit(page, page.form(), fields)


async def _answer(phone: Phone, page: Page, rng: random.Random) -> Page:
    fields, _ = page.form().fill(rng, prefer=("next",))
    return await phone.submit(page, page.form(), fields)


async def _visits(base: str, store: StoreAccess) -> list[Visit]:
    rng = random.Random(22)  # noqa: S311 -- made-up answers
    visits: list[Visit] = []
    open_room = store.create_room("Job club: Thursday evening", "networking", False, None)
    async with Phone(base) as phone:
        page = await _join(phone, open_room.code, rng)
        _expect(page, Kind.PART)
        join_url = paths.room(open_room.code)
        visits.append(Visit("join", join_url, ""))
        visits.append(Visit("part", page.url, _cookie(phone, page.url)))
    paced = store.create_room("Job club: speaker-paced", "networking", True, None)
    async with Phone(base) as phone:
        page = await _join(phone, paced.code, rng)
        while page.kind is Kind.PART:
            page = await _answer(phone, page, rng)
        _expect(page, Kind.WAITING)
        visits.append(Visit("waiting", page.url, _cookie(phone, page.url)))
    finished = store.create_room("Job club: results", "networking", False, None)
    phones = [Phone(base) for _ in range(3)]
    for phone in phones:
        async with phone:
            page = await _join(phone, finished.code, rng)
            while page.kind is Kind.PART:
                page = await _answer(phone, page, rng)
            _expect(page, Kind.RESULT)
    store.reveal(finished.workshop_id)
    visits.append(Visit("result", page.url, _cookie(phones[-1], page.url)))
    return visits


def _lighthouse(args: argparse.Namespace, url: str, cookie: str, out: Path) -> dict[str, object]:
    command = [
        str(args.lighthouse),
        url,
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility",
        "--chrome-flags=--headless=new --no-sandbox",
        "--quiet",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": CHROMIUM_PATH}
    subprocess.run(command, check=True, env=env, timeout=300)  # noqa: S603
    found: dict[str, object] = json.loads(out.read_text())
    return found


def _summary(report: dict[str, object]) -> dict[str, object]:
    categories = report["categories"]  # type: ignore[index]
    audits = report["audits"]  # type: ignore[index]
    figures: dict[str, object] = {
        name: round(100 * categories[name]["score"])
        for name in TARGETS  # type: ignore[index]
    }
    for audit, label in METRICS:
        figures[label] = audits[audit]["numericValue"]  # type: ignore[index]
    failed = []
    for name in TARGETS:
        for ref in categories[name]["auditRefs"]:  # type: ignore[index]
            audit = audits[ref["id"]]  # type: ignore[index]
            if ref["weight"] and audit["score"] is not None and audit["score"] < 1:
                failed.append(f"{name}: {ref['id']} ({audit['score']})")
    figures["failed"] = failed
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--lighthouse", type=Path, default=LIGHTHOUSE)
    parser.add_argument("--keep", type=Path, help="keep every JSON report in this folder")
    args = parser.parse_args()
    if not args.lighthouse.exists():
        print(f"no Lighthouse at {args.lighthouse}: see this script's help", file=sys.stderr)
        return 2
    worst_ok = True
    with tempfile.TemporaryDirectory(prefix="nw-lighthouse-") as tmp:
        workdir = Path(tmp)
        reports = args.keep or workdir / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        with (
            start_server(extra_args=PRODUCTION_FLAGS, workdir=workdir / "app") as server,
            store_access(data_dir_url(server.data_dir)) as store,
        ):
            visits = asyncio.run(_visits(server.url, store))
            print(f"Lighthouse {_version(args)}, mobile preset, {args.runs} runs per page (median)")
            labels = [label for _, label in METRICS]
            print(f"{'page':<9}{'perf':>6}{'a11y':>6}" + "".join(f"{x:>9}" for x in labels))
            for visit in visits:
                runs = [
                    _summary(
                        _lighthouse(
                            args,
                            server.url + visit.url,
                            visit.cookie,
                            reports / f"{visit.name}-{n}.json",
                        )
                    )
                    for n in range(args.runs)
                ]
                row = {
                    k: statistics.median(r[k] for r in runs)
                    for k in ("performance", "accessibility", *labels)
                }  # type: ignore[misc]
                line = f"{visit.name:<9}{row['performance']:>6.0f}{row['accessibility']:>6.0f}"
                line += "".join(
                    f"{row[x]:>9.0f}" if x != "CLS" else f"{row[x]:>9.3f}" for x in labels
                )
                print(line)
                for failure in sorted({f for r in runs for f in r["failed"]}):  # type: ignore[attr-defined]
                    print(f"{'':<9}not full marks: {failure}")
                worst_ok &= all(row[k] >= v for k, v in TARGETS.items())
    print("targets (performance >= 95, accessibility 100): " + ("MET" if worst_ok else "NOT met"))
    return 0 if worst_ok else 1


def _version(args: argparse.Namespace) -> str:
    done = subprocess.run(  # noqa: S603
        [str(args.lighthouse), "--version"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


if __name__ == "__main__":
    sys.exit(main())
