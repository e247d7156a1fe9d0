"""The route table is the only list of pages, and every stage has a page."""

from __future__ import annotations

from pathlib import Path

from networking_works.progress import Stage
from web import routes

ROOT = Path(__file__).resolve().parents[1]


def test_every_page_file_is_routed_once_and_every_route_has_its_file() -> None:
    on_disk = {f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py")}
    routed = [route.file for route in routes.ROUTES]
    assert sorted(routed) == sorted(on_disk)


def test_url_paths_are_unique_and_only_the_welcome_page_has_none() -> None:
    paths = [route.url_path for route in routes.ROUTES]
    assert len(set(paths)) == len(paths)
    assert [r for r in routes.ROUTES if not r.url_path] == [routes.WELCOME]


def test_every_stage_has_a_page_for_everyone() -> None:
    assert set(routes.STAGE_ROUTES) == set(Stage)
    assert all(r.audience is routes.Audience.EVERYONE for r in routes.STAGE_ROUTES.values())


def test_only_the_remote_and_the_old_dashboard_need_a_facilitator() -> None:
    private = [r for r in routes.ROUTES if r.audience is routes.Audience.FACILITATOR]
    assert private == [routes.CONTROL, routes.DASHBOARD]
    assert routes.SCREEN.audience is routes.Audience.EVERYONE


def test_by_name_finds_a_route_by_its_page_file() -> None:
    assert routes.by_name("questions") is routes.QUESTIONS
