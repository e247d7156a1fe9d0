"""Screenshots of the projected screen for the README: docs/screenshot-screen-{1280,1920}.png.

    .venv/bin/python scripts/screenshot_screen.py

Starts the app on a fresh SQLite database, fills a room with 24 made-up people (12 of
them finished) straight through the store, reveals it, and photographs ``/screen`` in
Debian's Chromium at 1280×720 and 1920×1080.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from harness.server import start_server  # noqa: E402
from networking_works.answering import complete  # noqa: E402
from networking_works.bank import load_bank  # noqa: E402
from networking_works.progress import Stage  # noqa: E402
from networking_works.rehearsal import simulated_answers  # noqa: E402
from networking_works.store import Store, default_url  # noqa: E402
from tests.browser_helpers import CHROMIUM_ARGS, CHROMIUM_PATH, goto_app  # noqa: E402
from web import routes, urls  # noqa: E402

SIZES = ((1280, 720), (1920, 1080))


def main() -> int:
    bank = load_bank(ROOT / "questions" / "networking.yaml")
    rng = random.Random(3)  # noqa: S311 -- made-up answers
    overrides = {"DATABASE_URL": None, "PUBLIC_URL": "https://nw.example.org"}
    with start_server(env_overrides=overrides) as app:
        store = Store(default_url(app.data_dir))
        room, _ = store.workshops.create("Job club, 3 March", bank.id, False, None)
        for number in range(24):
            person = store.assessments.get(store.workshops.join(room.id, ""))
            if person is None:
                raise RuntimeError("a participant who just joined could not be read back")
            if number < 12:
                complete(store, bank, person, simulated_answers(bank, rng))
            else:
                store.assessments.save(person.token, Stage.QUESTIONS, number % 6, version=0)
        store.workshops.update(room.id, revealed=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
            )
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                screen = f"{routes.SCREEN.url_path}?{urls.query_string(code=room.code)}"
                goto_app(page, f"{app.url}/{screen}")
                page.locator(".st-key-screen_radar .js-plotly-plot").wait_for()
                path = ROOT / "docs" / f"screenshot-screen-{width}.png"
                page.screenshot(path=path)
                print(path.relative_to(ROOT))
            browser.close()
        store.database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
