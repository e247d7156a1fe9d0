"""What the bank editor's check costs per rerun (issue 23, H1): CPU seconds in this process.

Run from the repo root::

    .venv/bin/python bench/bank_check.py [--runs 2]

Each rerun of ``/workshop`` with text in the editor checks the text's size against the
editor's limit (``private_banks.too_large``, 64 KB, where it exists) and then, unless it is
too large, calls ``web.screens.bank_editor.checked`` on the whole text: one call of
``rerun`` below is what one rerun (one websocket message) costs the server. It times, in
CPU seconds (``time.process_time``), ``--runs`` calls in a row on the same text:

- the default bank (``questions/networking.yaml``, about 20 KB): what a speaker pays;
- 64 KB, 96 KB and 512 KB of flow sequences (``[[], [], …]``): what anyone without the
  passphrase can send as one message (512 KB was the editor's limit before issue 23).

The first call is a new text, the next ones a rerun with the same text.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

# Run as a script, Python puts bench/ first on sys.path; the repo root goes first.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import REPO_ROOT  # noqa: E402
from networking_works.store import private_banks  # noqa: E402
from web.screens.bank_editor import checked  # noqa: E402

too_large = getattr(private_banks, "too_large", lambda _text: False)  # before issue 23: none


def rerun(text: str) -> str:
    """What one rerun of the editor does with its text; what it decided."""
    return "too large" if too_large(text) else type(checked(text)).__name__


def flow_sequences(size: int) -> str:
    """``size`` bytes of one flow sequence of empty ones: many events, nesting depth 2."""
    return "[" + "[]," * ((size - 2) // 3) + "]"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    texts = {
        "default bank (19 KB)": (REPO_ROOT / "questions" / "networking.yaml").read_text("utf-8"),
        "flow sequences, 64 KB": flow_sequences(64 * 1024),
        "flow sequences, 96 KB": flow_sequences(96 * 1024),
        "flow sequences, 512 KB": flow_sequences(512 * 1024 - 1),
    }
    for name, text in texts.items():
        times = []
        for _ in range(args.runs):
            start = time.process_time()
            verdict = rerun(text)
            times.append(time.process_time() - start)
        shown = ", ".join(f"{t:.3f}" for t in times)
        print(f"{name:24} {len(text.encode()):>7} bytes  {verdict:9}  CPU s per call: {shown}")


if __name__ == "__main__":
    main()
