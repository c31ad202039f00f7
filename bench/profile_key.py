"""Where the milliseconds of one keystroke go: cProfile of the app process around a single key.

    PYTHONPATH=. python bench/profile_key.py [--size demo|large|10x] [--key 5] [--top 25]

As a script it builds the year, starts `sydnarke_tui app` in an 80x24 pty through this
file (see `child`), walks to Drift's Utfall field (the typing target of bench_tui), and
then: SIGUSR1 (the child starts profiling its main thread, where the event loop runs),
one key, until the figures on screen changed and output stopped, SIGUSR2 (the child
stops and writes the stats). Times are the main thread's CPU time (time.thread_time), so
neither waiting for a core on a loaded machine nor idling in select() counts. Prints the
top functions by cumulative time, then by own time. bench_tui.py prints the same profile at the end of its run.
"""

from __future__ import annotations

import io
import os
import signal
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for p in (str(BENCH), str(ROOT)):
    if p not in sys.path:
        sys.path.insert(0, p)


def child(stats_path: str, argv: list[str]) -> int:
    """In the app's process: profile between SIGUSR1 and SIGUSR2, then run the CLI as usual."""
    import cProfile

    # CPU time of the main thread (where the event loop runs), not wall time: on a loaded machine
    # wall time counts every moment the process waited for a core; idle select() counts nothing.
    prof = cProfile.Profile(time.thread_time)

    def start(*_):
        prof.enable()

    def stop(*_):
        prof.disable()
        prof.dump_stats(stats_path)

    signal.signal(signal.SIGUSR1, start)
    signal.signal(signal.SIGUSR2, stop)
    from sydnarke_tui.cli import main

    return main(argv)


def profile_one_key(size: str, folder: Path, key: str = "5", top: int = 25, burst: bool = False) -> list[str]:
    """The profile's lines (or one line saying why there is none). `burst`: the figure burst of
    bench_tui (50 characters in one write into the same field) instead of one key."""
    import pstats

    from bench_data import make_db
    from ptyterm import PtyTerm
    from tui_session import BURST_FIGURE, START_TEXT, TYPING, _reach_field, _watched

    db = make_db(size, folder)
    copy = folder / f"profile-{db.name}"
    copy.write_bytes(db.read_bytes())
    stats = folder / f"key-{size}.prof"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", str(stats), "app", "--db", str(copy)]
    target = TYPING["drift"]
    with PtyTerm(argv, env, str(folder)) as term:
        term.wait_for(START_TEXT, timeout=120)
        term.settle(0.5)
        if _reach_field(term, target) is None:
            return [f"profile of one key: n/a (typing in Drift changed no figure on {size})"]
        term.settle(0.5)
        before = _watched(term, target.watch)
        if burst:
            term.press("ctrl+u", first=2)
            term.settle(0.3)
        os.kill(term.pid, signal.SIGUSR1)
        time.sleep(0.05)  # the handler runs when the event loop wakes
        if burst:
            key = BURST_FIGURE
            dt, _ = term.write_until(key, lambda: any("Utfall" in ln and key[-8:] in ln for ln in term.screen.display))
        else:
            dt, _ = term.press_until(key, lambda: _watched(term, target.watch) != before)
        os.kill(term.pid, signal.SIGUSR2)
        end = time.perf_counter() + 10
        while not stats.exists() and time.perf_counter() < end:
            term.settle(0.05, 0.2)
        if not stats.exists():
            return ["profile of one key: n/a (the app wrote no profile)"]
    out = io.StringIO()
    st = pstats.Stats(str(stats), stream=out)
    st.strip_dirs().sort_stats("cumulative").print_stats(top)
    st.sort_stats("tottime").print_stats(top // 2)
    shown = "n/a" if dt is None else f"{dt * 1000:.0f} ms to the last byte"
    what = "a 50-character burst (" if burst else f"one key ({key!r} "
    head = [f"Profile of {what}in Drift's Utfall field, {size} year; {shown}; "
            f"CPU time of the app's main thread, where the event loop runs):"]
    lines, seen = [], set()
    for ln in out.getvalue().splitlines():  # without pstats' file/date lines and repeated headers
        if not ln.strip() or ln.rstrip().endswith(".prof") or ln.startswith(("   Ordered by", "   List reduced")):
            continue
        if "function calls" in ln or ln.lstrip().startswith("ncalls"):
            if ln in seen and "function calls" in ln:
                lines.append("   by own time:")
                continue
            seen.add(ln)
        lines.append(ln)
    return head + lines


def main() -> None:
    import argparse

    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        sys.exit(child(sys.argv[2], sys.argv[3:]))
    ap = argparse.ArgumentParser(description="cProfile of one keystroke in the app, in a pty.")
    ap.add_argument("--size", default="demo", choices=("demo", "large", "10x"))
    ap.add_argument("--key", default="5")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--burst", action="store_true", help="profile the 50-character figure burst instead")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sydnarke-profile-") as folder:
        print("\n".join(profile_one_key(args.size, Path(folder), args.key, args.top, args.burst)))


if __name__ == "__main__":
    main()
