"""Every change a person's press makes to stored data, named for what it does.

Screens render and pages route; this module is where the web layer writes, so what a
button changes can be found in one file.
"""

from __future__ import annotations

import hmac

from networking_works.bank import Bank
from networking_works.store import Assessment, Workshop
from networking_works.workshop import clean_nickname
from web import resources, routes, state, urls


def start(bank_id: str) -> None:
    urls.go(routes.DEFINITION, assessment=resources.store().assessments.start(bank_id))


def join(room: Workshop, nickname: str) -> None:
    """Join ``room``; raises ``JoinRefused`` with the reason to show."""
    token = resources.store().workshops.join(room.id, clean_nickname(nickname))
    urls.go(routes.DEFINITION, assessment=token)


def share(assessment: Assessment, payload: dict[str, object]) -> None:
    state.set_shared_links(assessment.token, resources.store().results.share(payload))


def delete_shared_result(token: str, delete_token: str) -> bool:
    return resources.store().results.delete(token, delete_token)


def passphrase_accepted(given: str) -> bool:
    expected = resources.setting("NW_FACILITATOR_PASSPHRASE")
    return expected is None or hmac.compare_digest(given.encode(), expected.encode())


def create_workshop(title: str, bank: Bank, speaker_paced: bool, cap: int | None) -> None:
    name = clean_nickname(title, limit=80) or "Networking workshop"
    room, secret = resources.store().workshops.create(name, bank.id, speaker_paced, cap)
    urls.set_query(workshop=room.id, key=secret)


def update_room(room: Workshop, **fields: object) -> None:
    resources.store().workshops.update(room.id, **fields)


def delete_workshop(room: Workshop) -> None:
    resources.store().workshops.delete(room.id)
    urls.go_home()


def set_spotlight(assessment: Assessment, allowed: bool) -> None:
    resources.store().workshops.set_spotlight(assessment.token, allowed)
