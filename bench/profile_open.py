"""Where the milliseconds of a screen's first open, a Down in Drift's table or the start go: cProfile of the app.

    PYTHONPATH=. python bench/profile_open.py [--size demo|large|10x] [--what f4|f5|...|down|start] [--top 30]

Starts `sydnarke_tui app` in an 80x24 pty through bench/profile_key.py's child (profiling its
main thread's CPU time between SIGUSR1 and SIGUSR2), then profiles one of:

- a screen's key (f3 … f8, 8): from the key until the screen's text is there and output stopped;
- `down`: one Down in Drift's table (after Drift was opened and settled);
- `start`: the whole start, from the interpreter's first import of the program until the
  overview's figures are on screen (the child profiles from its first line; SIGUSR2 stops it).

Prints the top functions by cumulative time, then by own time.
"""

from __future__ import annotations

import io
import os
import pstats
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


def child_from_start(stats_path: str, argv: list[str]) -> int:
    """Profile from the first import of the program until SIGUSR2."""
    import cProfile

    # Wall time here (PROFILE_WALL=1): the start also waits for the thread that reads the year.
    prof = cProfile.Profile(time.perf_counter if os.environ.get("PROFILE_WALL") else time.thread_time)

    def stop(*_: object) -> None:
        prof.disable()
        prof.dump_stats(stats_path)

    signal.signal(signal.SIGUSR2, stop)
    prof.enable()
    from sydnarke_tui.cli import main

    return main(argv)


def profile(size: str, folder: Path, what: str, top: int, callers: str = "") -> list[str]:
    from bench_data import make_db
    from ptyterm import PtyTerm
    from tui_session import FIGURES_TEXT, SCREENS, START_TEXT, TABLE_SCREEN, goto

    db = make_db(size, folder)
    copy = folder / f"profile-{db.name}"
    copy.write_bytes(db.read_bytes())
    stats = folder / f"open-{size}.prof"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    mode = "--child-start" if what == "start" else "--child"
    argv = [sys.executable, str(Path(__file__).resolve()), mode, str(stats), "app", "--db", str(copy)]
    needles = {k: n for _, k, n in SCREENS}
    with PtyTerm(argv, env, str(folder)) as term:
        if what == "start":
            term.wait_for(FIGURES_TEXT, timeout=120)
            dt = time.perf_counter() - term.t0
            term.settle(0.3)
        else:
            term.wait_for(START_TEXT, timeout=120)
            term.wait_for(FIGURES_TEXT, timeout=120)
            term.settle(0.5)
            if what == "down":  # a Down and an Up first: the profile is of a Down as the bench repeats it
                goto(term, TABLE_SCREEN)
                for k in ("down", "up"):
                    term.press(k)
                term.settle(0.3)
            os.kill(term.pid, signal.SIGUSR1)
            time.sleep(0.05)  # the handler runs when the event loop wakes
            t = time.perf_counter()
            if what == "down":
                before = term.signature()
                term.press_until("down", lambda: term.signature() != before)
            else:
                before = term.text()
                term.send(what)
                term.wait_screen(needles[what], before, timeout=60)
                term.settle()
            dt = term.last_read - t
        os.kill(term.pid, signal.SIGUSR2)
        end = time.perf_counter() + 10
        while not stats.exists() and time.perf_counter() < end:
            term.settle(0.05, 0.2)
        if not stats.exists():
            return [f"profile of {what}: n/a (the app wrote no profile)"]
    out = io.StringIO()
    st = pstats.Stats(str(stats), stream=out)
    st.strip_dirs().sort_stats("cumulative").print_stats(top)
    st.sort_stats("tottime").print_stats(top // 2)
    if callers:
        st.sort_stats("cumulative").print_callers(callers)
        st.print_callees(callers)
    head = [f"Profile of {what} on the {size} year: {dt * 1000:.0f} ms to the last byte; CPU time of the main thread"]
    return head + [ln for ln in out.getvalue().splitlines() if ln.strip() and not ln.rstrip().endswith(".prof")]


def main() -> None:
    import argparse

    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        from profile_key import child

        sys.exit(child(sys.argv[2], sys.argv[3:]))
    if len(sys.argv) > 2 and sys.argv[1] == "--child-start":
        sys.exit(child_from_start(sys.argv[2], sys.argv[3:]))
    ap = argparse.ArgumentParser(description="cProfile of a screen's first open, a Down, or the start, in a pty.")
    ap.add_argument("--size", default="demo", choices=("demo", "large", "10x"))
    ap.add_argument("--what", default="f4", help="f3 … f8 or 8 (a screen), down, start")
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--callers", default="", help="also who called the functions matching this pattern")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="sydnarke-profile-") as folder:
        print("\n".join(profile(args.size, Path(folder), args.what, args.top, args.callers)))


if __name__ == "__main__":
    main()
