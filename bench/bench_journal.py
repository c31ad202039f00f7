"""What the journal of unsaved values costs the UI thread: one write (temp file, fsync, rename, fsync of the folder).

    .venv/bin/python bench/bench_journal.py [--writes 200] [--fields 1]

Opens the demo year in a temporary folder, types into `--fields` operating budgets
(not saved) and writes the journal `--writes` times, each after another keystroke,
as the app does once typing pauses. Prints the median, 5th and 95th percentile and
the largest write in milliseconds. The app writes at most once per pause in typing
(0,3 s; at least once a second while typing goes on), never per key.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sydnarke_tui.config import Config  # noqa: E402
from sydnarke_tui.session import Session  # noqa: E402
from sydnarke_tui.session.recovery import Journal  # noqa: E402
from sydnarke_tui.session.specs import line_specs  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--writes", type=int, default=200)
    ap.add_argument("--fields", type=int, default=1)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.db"
        s = Session.open(Config(db_path=db, db_is_default=False))
        s.load(2019)
        s.journal = journal = Journal(s, db)
        edits = []
        for line in s.model.operating[: args.fields]:
            spec = next(x for x in line_specs("operating", line.id, s.period, "tkr", []) if x.key == "budget")
            edits.append(s.begin_edit(spec))
        times = []
        for i in range(args.writes):
            for e in edits:
                s.live(e, str(100 + i))
            t = time.perf_counter()
            journal.flush()
            times.append((time.perf_counter() - t) * 1000)
        s.close()
    q = statistics.quantiles(times, n=20)
    print(f"journal write, {args.fields} field(s), {args.writes} writes: median {statistics.median(times):.2f} ms, "
          f"p5 {q[0]:.2f}, p95 {q[-1]:.2f}, max {max(times):.2f}")


if __name__ == "__main__":
    main()
