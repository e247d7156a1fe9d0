"""Command line: a room to a file and a file to a new room (networking_works/room_file.py).

    python -m web.room_files export CODE FILE
    python -m web.room_files import FILE

Run with the app's own settings (DATABASE_URL, NW_DATA_DIR, NW_QUESTIONS_DIR). An import
prints the new room's join code and its remote's address, the speaker key inside it,
once, on the terminal of whoever ran it; the web layer owns that address (web/links.py),
which is why this command lives here and not beside ``backup``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from networking_works import services
from networking_works.room_file import (
    RoomFileError,
    export_room,
    import_room,
    read_room_file,
    write_room_file,
)
from networking_works.store.private_banks import is_private
from networking_works.workshop import normalize_code
from web import links


def export(code_text: str, file: str) -> int:
    code = normalize_code(code_text)
    store = services.store()
    room = store.workshops.by_code(code) if code else None
    if room is None:
        print(f"export: no live room has the code {code_text!r}", file=sys.stderr)
        return 1
    bank, text = services.bank(room.bank_id), services.bank_text(room.bank_id)
    if bank is None or text is None:
        print(f"export: the room's bank {room.bank_id!r} is gone from this server", file=sys.stderr)
        return 1
    data = export_room(store, room, bank, text)
    try:
        write_room_file(data, file)
    except OSError as exc:
        print(f"export: cannot write {file}: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"room {room.code}: {len(data['people'])} finished people written to {file}")
    return 0


def import_file(file: str) -> int:
    try:
        room_file = read_room_file(file)
        # A speaker's own bank on another server is never one of this server's.
        local = None if is_private(room_file.bank_id) else services.bank(room_file.bank_id)
        room, key = import_room(services.store(), room_file, local)
    except RoomFileError as refused:
        print(f"import: {file}: {refused}", file=sys.stderr)
        return 1
    base = links.base_of(services.settings().text("PUBLIC_URL"), None)
    print(f"{len(room_file.people)} people imported as room {room.code} (answers closed, revealed)")
    print("The speaker's remote (private, shown once):", links.remote(room.id, key).at(base))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m web.room_files")
    commands = parser.add_subparsers(dest="command", required=True)
    out = commands.add_parser("export", help="write a live room to FILE (JSON)")
    out.add_argument("code", metavar="CODE")
    out.add_argument("file", metavar="FILE")
    into = commands.add_parser("import", help="make a new room here from FILE")
    into.add_argument("file", metavar="FILE")
    args = parser.parse_args(argv)
    try:
        return export(args.code, args.file) if args.command == "export" else import_file(args.file)
    finally:
        services.clear()


if __name__ == "__main__":
    sys.exit(main())
