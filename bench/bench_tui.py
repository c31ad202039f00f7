"""Benchmark: sydnarke-tui against a minimal Textual app, side by side, in a real pty.

    /work/venv/bin/python bench/bench_tui.py [--keys 20] [--only demo|large]

For the demo year and a generated large year (50 goals x 20 indicators, 2 000
operating lines, 500 investment lines, 10 members) it measures, in an 80x24
pseudo-terminal:

- start: time from spawning the process to the first screen with content;
- keystroke: time from writing one key into an outcome field to the last byte
  the app writes in response (i.e. the last panel updated), median over N keys;
- bytes: bytes written to the terminal per keystroke (median).

The minimal app is one Input and one Static updated on every change. Targets
(issue): keystroke <= 1.5x minimal on the demo and <= 2x on the large year,
start <= 2x, bytes/keystroke <= 3x. Figures and ratios are printed; nothing
is asserted.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

F3, F4 = "\x1bOR", "\x1bOS"
DOWN, ENTER, TAB, CTRL_E, CTRL_U, BACKSPACE, CTRL_Q = "\x1b[B", "\r", "\t", "\x05", "\x15", "\x7f", "\x11"
QUIET = 0.15  # seconds without output = the app is done with the key


# ---------------------------------------------------------------- the apps (child side)


def run_minimal() -> None:
    from textual.app import App
    from textual.widgets import Input, Static

    class Minimal(App):
        def compose(self):
            yield Input(id="i")
            yield Static("READY", id="s")

        def on_mount(self) -> None:
            self.animation_level = "none"
            self.query_one(Input).cursor_blink = False
            self.query_one(Input).focus()

        def on_input_changed(self, event: Input.Changed) -> None:
            self.query_one("#s", Static).update(f"Värde: {event.value}")

    Minimal().run()


def run_sydnarke(db: str) -> None:
    from sydnarke_tui.config import Config
    from sydnarke_tui.session import Session
    from sydnarke_tui.tui.app import SydnarkeApp

    SydnarkeApp(Session.open(Config(db_path=Path(db), db_is_default=False))).run()


# ---------------------------------------------------------------- the large year


def make_large_year(year_no: int = 2030):
    from sydnarke_tui.core.model import (
        Comparison, Goal, Indicator, IndicatorValue, InvestmentLine, Key, KeyShare, Kind, LineValue,
        OperatingLine, Year,
    )

    members = [f"Kommun {i:02d}" for i in range(10)]
    goals = []
    nid = 0
    for g in range(50):
        inds = []
        for i in range(20):
            nid += 1
            inds.append(Indicator(nid, f"Indikator {g:02d}.{i:02d}", Comparison.GE, Decimal(80), "%",
                                  values={"helar": IndicatorValue(outcome=Decimal(60 + (g * 7 + i * 3) % 40))}))
        goals.append(Goal(g + 1, f"Mål {g:02d}", inds))
    operating = [OperatingLine(1, "Driftbidrag från kommuner", Kind.REVENUE, -500_000_000,
                               {"helar": LineValue(-500_000_000)}, is_contribution=True)]
    for n in range(1, 2000):
        budget = 100_000 + (n * 7919) % 900_000
        operating.append(OperatingLine(n + 1, f"Konto {n:04d}", Kind.COST, budget,
                                       {"helar": LineValue(budget - 50_000 + (n * 104729) % 100_000)}))
    investments = []
    for n in range(500):
        budget = 200_000 + (n * 3571) % 800_000
        investments.append(InvestmentLine(n + 1, f"Projekt {n:03d}", members[n % 11] if n % 11 < 10 else None,
                                          budget, {"helar": LineValue(budget + (n * 7) % 50_000)}))
    key = Key("shares", [KeyShare(m, Decimal(10)) for m in members])
    return Year(year_no, "Stor nämnd", goals=goals, operating=operating, investments=investments, key=key)


def make_db(kind: str, folder: Path) -> Path:
    from sydnarke_tui.store.db import Store

    path = folder / f"{kind}.db"
    if kind == "demo":
        Store.open(path, demo=True).close()
    else:
        s = Store.open(path, demo=False)
        s.insert_year(make_large_year(), action="load", source="bench")
        s.close()
    return path


# ---------------------------------------------------------------- pty driver (parent side)


class PtyApp:
    def __init__(self, argv: list[str]) -> None:
        env = dict(os.environ, TERM="xterm-256color", COLORTERM="truecolor", TEXTUAL_ANIMATIONS="none",
                   COLUMNS="80", LINES="24")
        env.pop("NO_COLOR", None)
        self.t0 = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # child
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.buf = bytearray()

    def read_until(self, marker: bytes, timeout: float = 60.0) -> float:
        """Read until marker appears; returns the time it appeared (perf_counter)."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            r, _, _ = select.select([self.fd], [], [], 0.05)
            if r:
                try:
                    data = os.read(self.fd, 65536)
                except OSError:
                    break
                self.buf += data
                if marker in self.buf:
                    return time.perf_counter()
        raise TimeoutError(f"marker {marker!r} not seen; last output {bytes(self.buf[-300:])!r}")

    def drain(self, quiet: float = QUIET, limit: float = 30.0) -> tuple[int, float | None]:
        """Read until `quiet` seconds pass without output; (bytes, time of last byte)."""
        n, last = 0, None
        end = time.perf_counter() + limit
        while time.perf_counter() < end:
            r, _, _ = select.select([self.fd], [], [], quiet)
            if not r:
                break
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                break
            n += len(data)
            last = time.perf_counter()
        return n, last

    def send(self, keys: str, settle: bool = True) -> None:
        os.write(self.fd, keys.encode())
        if settle:
            self.drain()

    def keystroke(self, key: str) -> tuple[float, int]:
        self.drain(0.05)
        t = time.perf_counter()
        os.write(self.fd, key.encode())
        n, last = self.drain()
        return ((last - t) if last else float("nan")), n

    def close(self) -> None:
        try:
            os.write(self.fd, CTRL_Q.encode())
            self.drain(0.3, 5)
        except OSError:
            pass
        try:
            os.kill(self.pid, 9)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


def type_keys(app: PtyApp, n: int) -> tuple[list[float], list[int]]:
    """Alternate typing a digit and deleting it, so values stay valid."""
    lat, size = [], []
    for i in range(n):
        key = str(1 + i % 9) if i % 2 == 0 else BACKSPACE
        t, b = app.keystroke(key)
        lat.append(t)
        size.append(b)
    return lat, size


def measure_minimal(n: int) -> dict:
    app = PtyApp([sys.executable, __file__, "--child", "minimal"])
    t = app.read_until(b"READY")
    start = t - app.t0
    app.drain()
    app.send("1")
    lat, size = type_keys(app, n)
    app.close()
    return {"start": start, "key": statistics.median(lat), "bytes": statistics.median(size)}


def measure_app(db: Path, n: int, marker: bytes, route: list[str], tabs: int) -> dict:
    app = PtyApp([sys.executable, __file__, "--child", "app", "--db", str(db)])
    t = app.read_until(marker)
    start = t - app.t0
    app.drain(0.5)
    for k in route:
        app.send(k)
    for _ in range(tabs):
        app.send(TAB)
    app.send(CTRL_E + CTRL_U)  # empty the field: every typed digit then changes the figures
    lat, size = type_keys(app, n)
    app.close()
    return {"start": start, "key": statistics.median(lat), "bytes": statistics.median(size)}


def fmt_row(name: str, m: dict, base: dict | None) -> str:
    s = f"{name:<34} start {m['start']*1000:8.1f} ms   key {m['key']*1000:7.1f} ms   bytes/key {m['bytes']:8.0f}"
    if base:
        s += (f"   ratios: start {m['start']/base['start']:.2f}x  key {m['key']/base['key']:.2f}x"
              f"  bytes {m['bytes']/max(base['bytes'], 1):.2f}x")
    return s


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child", choices=["minimal", "app"])
    ap.add_argument("--db")
    ap.add_argument("--keys", type=int, default=20)
    ap.add_argument("--only", choices=["demo", "large"])
    args = ap.parse_args()
    if args.child == "minimal":
        return run_minimal()
    if args.child == "app":
        return run_sydnarke(args.db)

    folder = Path(tempfile.mkdtemp(prefix="sydnarke-bench-"))
    print(f"pty 80x24, {args.keys} keystrokes per case (median), quiet window {QUIET*1000:.0f} ms "
          f"(subtracted: latency is to the last byte written)")
    base = measure_minimal(args.keys)
    print(fmt_row("minimal Textual app (Input+Static)", base, None))
    kinds = [args.only] if args.only else ["demo", "large"]
    targets = {"demo": 1.5, "large": 2.0}
    for kind in kinds:
        t = time.perf_counter()
        db = make_db(kind, folder)
        print(f"-- {kind}: database built in {time.perf_counter() - t:.1f} s")
        base = measure_minimal(args.keys)  # fresh baseline next to each case
        print(fmt_row("  minimal (again)", base, None))
        goals = measure_app(db, args.keys, b"Bed\xc3\xb6mning", [F3, DOWN, ENTER], 4)
        print(fmt_row(f"  {kind}: indicator outcome (Mål)", goals, base))
        drift = measure_app(db, args.keys, b"Bed\xc3\xb6mning", [F4, DOWN, DOWN, ENTER], 3)
        print(fmt_row(f"  {kind}: operating outcome (Drift)", drift, base))
        print(f"  targets: key <= {targets[kind]}x, start <= 2x, bytes <= 3x")


if __name__ == "__main__":
    main()
