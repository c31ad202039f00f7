"""Where a keystroke's bytes go: each screen run (row, column) the app rewrites, and its bytes.

    PYTHONPATH=. .venv/bin/python bench/bytes_per_key.py [--size demo|large|10x] [--screen drift|mal] [--keys 4]

Starts the app in an 80x24 pty on a copy of the bench's year (bench_data), goes to
the outcome field of the screen as the benchmark does (route 1 of tui_session.TYPING),
types a digit and Backspace alternately, and prints per key the bytes written per
cursor move (ESC[row;colH) with the text of that screen row after the key. What a key
rewrites beyond the edited field, row and panel shows up as rows that did not change.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parent
for p in (str(BENCH), str(BENCH.parent)):
    if p not in sys.path:
        sys.path.insert(0, p)

from bench_data import SIZES, make_db  # noqa: E402
from ptyterm import PtyTerm  # noqa: E402
from tui_session import FIGURES_TEXT, TYPING  # noqa: E402

_MOVE = re.compile(rb"\x1b\[(\d+);(\d+)H")


class RecordingTerm(PtyTerm):
    """A PtyTerm that keeps the raw bytes read since the last `take()`."""

    def __init__(self, *args, **kwargs) -> None:
        self.raw: list[bytes] = []
        super().__init__(*args, **kwargs)

    def _took(self, data: bytes) -> None:
        self.raw.append(data)
        super()._took(data)

    def take(self) -> bytes:
        data, self.raw = b"".join(self.raw), []
        return data


def runs(data: bytes) -> dict[tuple[int, int], int]:
    """Bytes per cursor move (row, column), the move included; (0, 0) for bytes before the first."""
    out: dict[tuple[int, int], int] = collections.Counter()
    where, pos = (0, 0), 0
    for m in _MOVE.finditer(data):
        out[where] += m.start() - pos
        where, pos = (int(m.group(1)), int(m.group(2))), m.start()
    out[where] += len(data) - pos
    return {k: v for k, v in out.items() if v}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=SIZES, default="demo")
    ap.add_argument("--screen", choices=sorted(TYPING), default="drift")
    ap.add_argument("--keys", type=int, default=4)
    args = ap.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="sydnarke-bpk-"))
    try:
        db = folder / "run.db"
        shutil.copy(make_db(args.size, folder), db)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(BENCH.parent), os.environ.get("PYTHONPATH", "")]))
        with RecordingTerm([sys.executable, "-m", "sydnarke_tui", "app", "--db", str(db)], env, str(folder)) as term:
            term.wait_for(FIGURES_TEXT, timeout=120)
            term.settle(0.5)
            target = TYPING[args.screen]
            for k in [target.screen, *target.routes[0]]:
                term.press(k, first=2)
                term.settle(0.3)
            for k in ("end", "ctrl+u", "5"):
                term.press(k)
            term.settle(0.3)
            for i in range(args.keys):
                term.take()
                key = str(1 + i % 9) if i % 2 == 0 else "backspace"
                term.press(key)
                data = term.take()
                print(f"key {key!r}: {len(data)} bytes")
                for (row, col), n in sorted(runs(data).items()):
                    text = term.screen.display[row - 1].rstrip() if row else ""
                    print(f"  row {row:2d} col {col:2d}: {n:5d}  {text[:64]!r}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
