"""Wall time of `report --format F -o OUT` per format and year size, as one table.

    python bench/bench_reports.py [--runs 3] [--sizes demo,large,10x] [--formats json,html,...]

Each cell is the median over `runs` fresh processes (the whole command: start,
database read, compute, render, write). The years come from bench_data.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_data import ROOT, SIZES, make_db

FORMATS = ("json", "html", "xlsx", "csv", "md", "docx")
SIZE_NAMES = {"demo": "demo", "large": "large", "10x": "10× large"}


def _once(db: Path, fmt: str, work: Path) -> float | str:
    out = work / ("csv-out" if fmt == "csv" else f"report.{fmt}")
    argv = [sys.executable, "-m", "sydnarke_tui", "--db", str(db), "report", "--format", fmt, "-o", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    t = time.perf_counter()
    done = subprocess.run(argv, env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
    wall = time.perf_counter() - t
    if done.returncode != 0:
        return (done.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1][:100]
    return wall


def measure(db: Path, fmt: str, work: Path, runs: int) -> float | str:
    got = [_once(db, fmt, work) for _ in range(runs)]
    times = [g for g in got if isinstance(g, float)]
    return statistics.median(times) if times else got[0]


def _fmt(v: float | str) -> str:
    if isinstance(v, str):
        return "n/a"
    return f"{v:.2f} s".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--sizes", default=",".join(SIZES))
    ap.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args(argv)
    sizes = [s for s in args.sizes.split(",") if s]
    formats = [f for f in args.formats.split(",") if f]
    with tempfile.TemporaryDirectory(prefix="bench-reports-") as tmp:
        work = Path(tmp)  # also the cwd: no config.toml is picked up from the caller's folder
        dbs = {s: make_db(s, work) for s in sizes}
        results = {(s, f): measure(dbs[s], f, work, args.runs) for s in sizes for f in formats}
    print(f"`report --format F -o OUT`, wall time, median of {args.runs} runs\n")
    print("| format | " + " | ".join(SIZE_NAMES[s] for s in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    failures = []
    for f in formats:
        cells = []
        for s in sizes:
            v = results[(s, f)]
            cells.append(_fmt(v))
            if isinstance(v, str):
                failures.append(f"{f}, {SIZE_NAMES[s]}: {v}")
        print(f"| {f} | " + " | ".join(cells) + " |")
    for line in failures:
        print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
