"""Screenshots of the projected screen for the README.

    .venv/bin/python scripts/screenshot_screen.py

Starts the app on a fresh SQLite database and fills rooms with 24 made-up people
straight through the store (12 of them finished). A self-paced room, revealed, is
photographed at 1280×720 and 1920×1080 (docs/screenshot-screen-{1280,1920}.png); a
speaker-paced room is moved from slide to slide as the remote would and photographed at
1280×720 (docs/screenshot-talk-{opening,part,answers,closing}.png).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402

from harness.server import start_server  # noqa: E402
from networking_works.answering import complete  # noqa: E402
from networking_works.bank import Bank, load_bank  # noqa: E402
from networking_works.progress import Stage  # noqa: E402
from networking_works.rehearsal import simulated_answers  # noqa: E402
from networking_works.store import Store, Workshop, default_url  # noqa: E402
from networking_works.talk import Slide  # noqa: E402
from tests.browser_helpers import CHROMIUM_ARGS, CHROMIUM_PATH, photograph  # noqa: E402
from web import links, routes  # noqa: E402

SIZES = ((1280, 720), (1920, 1080))
RADAR = ".st-key-screen_radar .js-plotly-plot"
# (name, slide index or None for the closing slide, what to wait for on the screen)
SLIDES = (
    ("opening", 0, '[data-nw="slide-opening"]'),
    ("part", 3, '[data-nw="slide-part"]'),
    ("answers", 4, '[data-nw="agreement"]'),
    ("closing", None, '[data-nw="slide-closing"]'),
)


def fill(store: Store, bank: Bank, room: Workshop, rng: random.Random) -> None:
    """24 people: 12 finished, the others on part 3 to 5 with the parts before answered."""
    for number in range(24):
        person = store.assessments.get(store.workshops.join(room.id, ""))
        if person is None:
            raise RuntimeError("a participant who just joined could not be read back")
        answers = simulated_answers(bank, rng)
        if number < 12:
            complete(store, bank, person, answers)
        else:
            step = 2 + number % 3
            given = {s.id: answers[s.id] for p in bank.parts[:step] for s in p.statements}
            store.assessments.save(person.token, Stage.QUESTIONS, step, given, version=0)


def screen_url(base: str, room: Workshop) -> str:
    return f"{base}/{routes.SCREEN.url_path}?{links.screen(room.code).query_text()}"


def self_paced(browser: Browser, store: Store, bank: Bank, base: str) -> None:
    room, _ = store.workshops.create("Job club, 3 March", bank.id, False, None)
    fill(store, bank, room, random.Random(3))  # noqa: S311 -- made-up answers
    store.workshops.update(room.id, revealed=True)
    for width, height in SIZES:
        page = browser.new_page(viewport={"width": width, "height": height})
        path = ROOT / "docs" / f"screenshot-screen-{width}.png"
        photograph(page, screen_url(base, room), RADAR, path, ROOT)


def talk(browser: Browser, store: Store, bank: Bank, base: str) -> None:
    room, _ = store.workshops.create("Job club, 3 March", bank.id, True, None)
    store.workshops.update(room.id, open_parts=5)  # the people below are on parts 3 to 5
    fill(store, bank, room, random.Random(3))  # noqa: S311 -- made-up answers
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    for name, index, ready in SLIDES:
        if index is None:
            store.workshops.update(room.id, revealed=True, banner=False)
        else:
            store.workshops.show_slide(room.id, index, Slide(index, len(bank.parts)).opens)
            store.workshops.update(room.id, banner=index == 0)
        path = ROOT / "docs" / f"screenshot-talk-{name}.png"
        photograph(page, screen_url(base, room), ready, path, ROOT)


def main() -> int:
    bank = load_bank(ROOT / "questions" / "networking.yaml")
    overrides = {"DATABASE_URL": None, "PUBLIC_URL": "https://nw.example.org"}
    with start_server(env_overrides=overrides) as app:
        store = Store(default_url(app.data_dir))
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
            )
            self_paced(browser, store, bank, app.url)
            talk(browser, store, bank, app.url)
            browser.close()
        store.database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
