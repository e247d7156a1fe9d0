"""How many of 40 wrong passphrases sent at once are compared (issue 23, M6)?

Run from the repo root::

    .venv/bin/python bench/passphrase_race.py [--guesses 40] [--rounds 5]
        [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench]

Without ``--database-url`` it uses a fresh SQLite file in a temporary folder; with one,
use a scratch database (it keeps the attempts it recorded, under a new client each round).
Each round releases ``--guesses`` threads together, each calling
``web.actions.passphrase_refusal`` (what the Create button calls) with a wrong guess from
the same client; it prints how many were compared (answered "not right") against the
back-off's allowance (``throttle.FREE_FAILURES``, 3) and how many were told to wait.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

# Run as a script, Python puts bench/ first on sys.path; the repo root goes first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from networking_works.throttle import FREE_FAILURES  # noqa: E402
from networking_works.tokens import new_token  # noqa: E402
from tests.threads import run_threads  # noqa: E402

NOT_RIGHT = "That passphrase is not right."


def guesser(who: str, said: list[str | None]) -> Callable[[int], None]:
    from web import actions

    def guess(_thread: int) -> None:
        said.append(actions.passphrase_refusal("guess", who))

    return guess


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guesses", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    os.environ["NW_FACILITATOR_PASSPHRASE"] = "open sesame"  # noqa: S105 -- a benchmark's
    os.environ["NW_DATA_DIR"] = tempfile.mkdtemp(prefix="nw-race-")
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    from web import resources  # after the settings: the store is built once

    print(f"{resources.store().database.url.get_backend_name()}, allowed: {FREE_FAILURES}")
    for number in range(1, args.rounds + 1):
        said: list[str | None] = []
        client = resources.store().limits.client_key(new_token())
        errors, seconds = run_threads(args.guesses, guesser(client, said))
        if errors:
            raise errors[0]
        compared = said.count(NOT_RIGHT)
        print(
            f"round {number}: {compared} of {args.guesses} compared, "
            f"{len(said) - compared} told to wait ({seconds:.2f} s)"
        )


if __name__ == "__main__":
    main()
