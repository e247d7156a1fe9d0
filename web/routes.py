"""The route table: every page's file, title, URL path and audience, in one place.

``app.py`` registers pages from ``ROUTES``; links and navigation look routes up here,
so a URL path is written once.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from networking_works.messages import N_
from networking_works.progress import Stage


class Audience(Enum):
    EVERYONE = "everyone"
    FACILITATOR = "facilitator"  # registered only for a session holding a genuine secret


@dataclass(frozen=True)
class Route:
    file: str
    # The page's own title, never naming what its URL points to (web/head.py); a
    # catalogue message id: shown as _(title), or in a given language by web/head.py.
    title: str
    url_path: str  # "" for the default page
    audience: Audience = Audience.EVERYONE


WELCOME = Route("pages/welcome.py", N_("Networking works"), "")
DEFINITION = Route("pages/definition.py", N_("What networking is"), "definition")
QUESTIONS = Route("pages/questions.py", N_("The questions"), "questions")
RESULTS = Route("pages/results.py", N_("Your networking radar"), "results")
COMPARE = Route("pages/compare.py", N_("Compare two results"), "compare")
JOURNAL = Route("pages/journal.py", N_("Your journal"), "journal")
WORKSHOP = Route("pages/workshop.py", N_("Run a workshop"), "workshop")
# The projected screen: named by the public join code, it carries no power.
SCREEN = Route("pages/screen.py", N_("Workshop screen"), "screen")
# The speaker's remote; the old dashboard link leads there.
CONTROL = Route("pages/control.py", N_("Workshop remote"), "control", Audience.FACILITATOR)
DASHBOARD = Route("pages/dashboard.py", N_("Workshop remote"), "dashboard", Audience.FACILITATOR)

ROUTES = (
    WELCOME,
    DEFINITION,
    QUESTIONS,
    RESULTS,
    COMPARE,
    JOURNAL,
    WORKSHOP,
    SCREEN,
    CONTROL,
    DASHBOARD,
)

# Pages whose links always carry a secret: served with noindex, no-referrer, no preview
# and only their generic title (web/head.py). Private query parameters are in web/links.py.
PRIVATE_ROUTES = (JOURNAL, CONTROL, DASHBOARD)

# The link-preview picture of a shared result, named only by its public token:
# /<PREVIEW_IMAGE_PATH>/<token>.png (web/serving.py). Not a page: never in ROUTES.
PREVIEW_IMAGE_PATH = "preview"

# The page that shows an assessment at each stage of the walk-through.
STAGE_ROUTES = {Stage.DEFINITION: DEFINITION, Stage.QUESTIONS: QUESTIONS, Stage.DONE: RESULTS}


def url_paths() -> frozenset[str]:
    return frozenset(route.url_path for route in ROUTES if route.url_path)


def by_url_path(path: str) -> Route | None:
    """The page served at ``path``'s last segment (``/results`` -> RESULTS; ``/`` -> WELCOME)."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return next((route for route in ROUTES if route.url_path == last), None)


def by_name(name: str) -> Route:
    """The route whose page file is ``pages/<name>.py`` (for tests and tools)."""
    return next(route for route in ROUTES if route.file == f"pages/{name}.py")
