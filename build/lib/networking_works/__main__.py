"""Command line: ``python -m networking_works check FILE...``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from networking_works.bank import BankError, load_bank


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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m networking_works")
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate question bank files")
    check_parser.add_argument("files", nargs="+", metavar="FILE")
    args = parser.parse_args(argv)
    return check(args.files)


if __name__ == "__main__":
    sys.exit(main())
