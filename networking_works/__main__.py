"""Command line: ``python -m networking_works check FILE...`` and ``… items``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from networking_works.bank import BankError, load_bank
from networking_works.items import MIN_COMPLETIONS, bank_stats, stats_csv, stats_text
from networking_works.services import DEFAULT_BANK, database_url, settings
from networking_works.store import Store


def check(paths: Sequence[str]) -> int:
    failed = False
    for path in paths:
        try:
            bank = load_bank(path)
        except BankError as exc:
            failed = True
            for problem in exc.problems:
                print(problem, file=sys.stderr)
        else:
            count = len(bank.statements)
            print(f"{path}: ok ({bank.id} {bank.version}, {count} statements)")
    return 1 if failed else 0


def items(bank_file: str, url: str | None, as_csv: bool) -> int:
    """How well a bank's statements worked, over every finished answer the database holds."""
    try:
        bank = load_bank(bank_file)
    except BankError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    # The app's own settings (environment, then .streamlit/secrets.toml): the same store.
    store = Store(url or database_url(settings()))
    try:
        rows = store.answers.of_bank(bank.id)
    finally:
        store.database.dispose()
    if len(rows) < MIN_COMPLETIONS:
        print(
            f"{bank.id}: {len(rows)} finished assessments stored; item statistics need "
            f"at least {MIN_COMPLETIONS}.",
            file=sys.stderr,
        )
        return 1
    stats = bank_stats(bank, rows)
    if as_csv:
        print(stats_csv(stats), end="")
    else:
        print(f"{bank.id} {bank.version}: {len(rows)} finished assessments")
        print(stats_text(bank, stats))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m networking_works")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate question bank files")
    check_parser.add_argument("files", nargs="+", metavar="FILE")
    items_parser = commands.add_parser(
        "items",
        help="Cronbach's alpha per part and each statement's corrected item-total "
        "correlation, over every finished answer stored for a bank",
    )
    items_parser.add_argument(
        "--bank",
        default=str(settings().path("NW_QUESTIONS_DIR") / f"{DEFAULT_BANK}.yaml"),
        metavar="FILE",
        help="the bank file (default: the default bank)",
    )
    items_parser.add_argument(
        "--database-url", help="default: DATABASE_URL, else the SQLite file under NW_DATA_DIR"
    )
    items_parser.add_argument("--csv", action="store_true", help="print CSV instead of text")
    args = parser.parse_args(argv)
    if args.command == "items":
        return items(args.bank, args.database_url, args.csv)
    return check(args.files)


if __name__ == "__main__":
    sys.exit(main())
