"""Benchmark: sydnarke-tui against the floor, side by side in one run, in an 80x24 pty.

    PYTHONPATH=. python bench/bench_tui.py [--sizes demo,large,10x] [--only demo]
        [--keys 20] [--runs 3] [--starts 2] [--compiled] [--no-cli] [--bursts-only] [--steps screens,moves,typing,bursts]
        [--no-profile]

The floor is a minimal Textual app (one Input, one Static updated on every change,
bench/floor_app.py), started and typed into in the same run. On the demo year,
the large year (50x20 indicators, 2 000 operating and 500 investment lines) and
10x large (20 000 and 5 000 lines) it measures, for `python -m sydnarke_tui app`:

- start to first screen (spawn -> the overview is painted: its figures, or its
  frame saying "Laddar…" while the year is read) and start to figures (spawn ->
  the overview's figures are there), also in --starts extra start-only sessions,
  alternating with the floor's;
- first open of each screen (key -> its text is there and output has stopped) and the
  child's CPU over it;
- Down/Up and PageDown/PageUp in the Drift table (key -> the screen changed and
  output stopped), and the child's CPU per move;
- typing into an operating outcome (Drift) and an indicator outcome (Mål): CPU
  per key (the child's CPU time over the typing, from /proc, / keys), key ->
  settled (until the figures on screen changed and output stopped), bytes per key;
- memory (RSS of the child, /proc) after typing;
- a 50-character burst in ONE write into Drift's form, into the Kommentar field (text)
  and into Utfall (a figure, invalid after its 12th digit): time to the last byte and
  the child's CPU over it, against the floor's same bursts in the same run
  (--bursts-only: only these, after start-up);
- the CLI: `overview`, `report --format json|html|xlsx` (wall time);
- with --compiled: start of a plain compiled install (bench/compiled.py), and in a note its
  first start after the install (the start cache, sydnarke_tui/startcache.py, still empty).

The program runs from the tree with PYTHONPATH (the environment sets
PYTHONDONTWRITEBYTECODE=1, so the project's own modules are compiled at every
start); every program started here keeps its start cache (sydnarke_tui/startcache.py)
in the run's temporary folder, filled by the first start and read by the later ones.
It prints one table with medians, their spread over the runs ("±12 %",
(max - min) / median; above 20 % flagged "!" and listed under the table) and ratios
to the floor, then a line per target of issue 10, then a profile of one keystroke
on the last size (bench/profile_key.py: cProfile of the app process around one key,
top functions by cumulative and by own time; --no-profile skips it). A figure that
cannot be measured prints as n/a with its reason. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
for p in (str(BENCH), str(ROOT)):
    if p not in sys.path:
        sys.path.insert(0, p)

from bench_data import SIZES, make_db, make_large_year  # noqa: E402  (make_large_year: kept for importers)
from tui_session import STEPS, Failure, run_app, run_floor  # noqa: E402

FLOOR_APP = str(BENCH / "floor_app.py")
__all__ = ["make_db", "make_large_year", "main"]


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def load_line() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="sydnarke-tui against a minimal Textual app, in a pty.")
    ap.add_argument("--sizes", default=",".join(SIZES), help="comma-separated: demo,large,10x")
    ap.add_argument("--only", choices=SIZES, help="one size (same as --sizes SIZE)")
    ap.add_argument("--keys", type=int, default=20, help="keys typed per field (Down/Up: half as many)")
    ap.add_argument("--runs", type=int, default=3, help="sessions per size; figures are medians with their spread")
    ap.add_argument("--starts", type=int, default=2,
                    help="extra start-only sessions of app and floor, alternately, per size and run")
    ap.add_argument("--compiled", action="store_true", help="also time start-up of a compiled install")
    ap.add_argument("--no-cli", action="store_true", help="skip the CLI commands")
    ap.add_argument("--no-tui", action="store_true", help="skip the pty sessions")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder (databases, reports)")
    ap.add_argument("--bursts-only", action="store_true",
                    help="in the pty sessions only the 50-character bursts (and start-up)")
    ap.add_argument("--steps", default=",".join(STEPS),
                    help=f"comma-separated parts of the app's sessions after start-up: {','.join(STEPS)}")
    ap.add_argument("--no-profile", action="store_true", help="skip the profile of one keystroke")
    args = ap.parse_args(argv)
    args.sizes = [args.only] if args.only else [s.strip() for s in args.sizes.split(",") if s.strip()]
    bad = [s for s in args.sizes if s not in SIZES]
    if bad:
        ap.error(f"unknown size {bad[0]!r}; expected some of {', '.join(SIZES)}")
    args.steps = tuple(s.strip() for s in args.steps.split(",") if s.strip())
    if any(s not in STEPS for s in args.steps):
        ap.error(f"unknown step in {','.join(args.steps)!r}; expected some of {', '.join(STEPS)}")
    args.keys, args.runs, args.starts = max(2, args.keys), max(1, args.runs), max(0, args.starts)
    return args


def editable_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def fresh_copy(db: Path, folder: Path) -> Path:
    """Each session edits a copy, so every run starts from the same figures."""
    copy = folder / f"run-{db.name}"
    shutil.copy(db, copy)
    return copy


def start_pairs(python: str, env: dict[str, str], db: Path, folder: Path, n: int, metric: str) -> tuple[list, list]:
    """`n` start-only sessions of the floor and the app, alternately, so load drifts hit both alike."""
    floor, app = [], []
    for _ in range(n):
        floor.append({metric: run_floor([python, FLOOR_APP], env, str(folder), 0)["start"]})
        res, _ = run_app([python, "-m", "sydnarke_tui", "app", "--db", str(fresh_copy(db, folder))],
                         env, str(folder), 0, full=False)
        app.append({metric: res["start"], f"{metric}_figures": res.get("start_figures", Failure("not measured"))})
    return floor, app


def tui_runs(args, dbs: dict[str, Path], folder: Path, notes: list[str]) -> tuple[list[dict], dict[str, list[dict]]]:
    """`runs` rounds of: the floor, then one session per size."""
    env = editable_env()
    floor_runs, app_runs = [], {s: [] for s in dbs}
    for r in range(args.runs):
        floor_runs.append(run_floor([sys.executable, FLOOR_APP], env, str(folder), args.keys))
        log(f"run {r + 1}/{args.runs}: floor done; {load_line()}")
        for size, db in dbs.items():
            t = time.perf_counter()
            argv = [sys.executable, "-m", "sydnarke_tui", "app", "--db", str(fresh_copy(db, folder))]
            res, got = run_app(argv, env, str(folder), args.keys, bursts_only=args.bursts_only, steps=args.steps)
            app_runs[size].append(res)
            more_floor, more_app = start_pairs(sys.executable, env, db, folder, args.starts, "start")
            floor_runs += more_floor
            app_runs[size] += more_app
            notes += [f"{size}, run {r + 1}: {n}" for n in got]
            log(f"run {r + 1}/{args.runs}: {size} session {time.perf_counter() - t:.0f} s; {load_line()}")
    return floor_runs, app_runs


def cli_runs(args, dbs: dict[str, Path], folder: Path) -> dict[str, dict]:
    from bench_cli import time_commands

    out = {}
    for size, db in dbs.items():
        t = time.perf_counter()
        out[size] = time_commands(sys.executable, db, editable_env(), folder, args.runs)
        log(f"CLI on {size}: {time.perf_counter() - t:.0f} s")
    return out


def compiled_runs(args, dbs: dict[str, Path], folder: Path, notes: list[str]) -> tuple[list[dict], dict[str, list]]:
    """Start-up of a compiled install, its floor started by the same interpreter."""
    import compiled

    try:
        python, how = compiled.build(folder / "compiled")
    except Exception as exc:  # any failed step: the start of the install is n/a, the rest stands
        fail = Failure(f"compiled install: {exc}")
        return [{"start_compiled": fail}], {s: [{"start_compiled": fail}] for s in dbs}
    notes.append(f"compiled install: {how}")
    env = compiled.env_for_install()
    floor, apps = [], {s: [] for s in dbs}
    for _ in range(args.runs):
        for size, db in dbs.items():
            more_floor, more_app = start_pairs(str(python), env, db, folder, args.starts + 1, "start_compiled")
            floor += more_floor
            apps[size] += more_app
    notes.append(first_starts(str(python), env, next(iter(dbs.items())), folder, args.runs))
    log(f"compiled install: start-up measured; {load_line()}")
    return floor, apps


def first_starts(python: str, env: dict[str, str], size_db: tuple[str, Path], folder: Path, n: int) -> str:
    """The first start after an install or an upgrade: the start cache (sydnarke_tui/startcache.py) empty.
    The table's starts are the later ones, which read what the first wrote, as a user's are."""
    size, db = size_db
    floor, app = [], []
    for i in range(n):
        floor.append(run_floor([python, FLOOR_APP], env, str(folder), 0)["start"])
        cold = dict(env, XDG_CACHE_HOME=str(folder / f"empty-cache-{i}"))
        res, _ = run_app([python, "-m", "sydnarke_tui", "app", "--db", str(fresh_copy(db, folder))], cold, str(folder), 0,
                         full=False)
        app.append(res.get("start_figures"))
    times, floors = [t for t in app if isinstance(t, float)], [t for t in floor if isinstance(t, float)]
    if not times or not floors:
        return f"first start after an install ({size}): n/a ({app[0]})"
    ratios = sorted(a / f for a, f in zip(app, floor) if isinstance(a, float) and isinstance(f, float))
    return (f"compiled, first start after an install (empty start cache), {size}: overview's figures "
            f"{statistics.median(times) * 1000:.0f} ms ({min(times) * 1000:.0f}-{max(times) * 1000:.0f}), "
            f"{statistics.median(ratios):.2f}x the floor started alongside ({ratios[0]:.2f}-{ratios[-1]:.2f}); "
            f"the table's starts read the cache an earlier start wrote")


def header(args) -> list[str]:
    import textual

    cached = list((ROOT / "sydnarke_tui").rglob("__pycache__/*.pyc"))
    return [
        f"sydnarke-tui benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; pty 80x24",
        f"python {sys.version.split()[0]}, textual {textual.__version__}; sizes {', '.join(args.sizes)}; "
        f"{args.keys} keys per field, {args.runs} run(s), {args.starts} extra start(s) per size and run; medians",
        f"project bytecode in the tree: {'yes (' + str(len(cached)) + ' .pyc)' if cached else 'none'}; "
        f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}",
        f"at start: {load_line()}",
    ]


def main(argv: list[str] | None = None) -> None:
    from bench_report import combine, spreads, table
    from bench_targets import targets

    args = parse_args(argv)
    t0 = time.perf_counter()
    lines = header(args)
    for line in lines:
        log(line)
    folder = Path(tempfile.mkdtemp(prefix="sydnarke-bench-"))
    # The start cache of every program started here (startcache.py): in the run's folder, never the
    # user's; filled by the first start, as a user's first start after an install fills it.
    os.environ["XDG_CACHE_HOME"] = str(folder / "cache")
    notes: list[str] = []
    dbs = {}
    for size in args.sizes:
        t = time.perf_counter()
        dbs[size] = make_db(size, folder)
        log(f"{size}: database built in {time.perf_counter() - t:.1f} s")
    floor_runs, app_runs = tui_runs(args, dbs, folder, notes) if not args.no_tui else ([], {s: [] for s in dbs})
    cli = cli_runs(args, dbs, folder) if not args.no_cli else {}
    if args.compiled:
        c_floor, c_apps = compiled_runs(args, dbs, folder, notes)
        floor_runs += c_floor
        for s in dbs:
            app_runs[s] += c_apps[s]
    results = {s: dict(combine(app_runs[s]) if app_runs[s] else {}, **cli.get(s, {})) for s in dbs}
    floor = combine(floor_runs) if floor_runs else {}
    spread = {s: spreads(app_runs[s]) for s in dbs}
    rows, reasons = table(results, floor, spread, spreads(floor_runs) if floor_runs else {})
    out = lines + [""] + rows + [""]
    out += [f"n/a or flagged: {r}" for r in reasons] + [f"note: {n}" for n in notes]
    out += ["", "Targets (issues 10, 15 and 20):"] + [f"- {t}" for t in targets(results, floor, args.compiled)]
    if not args.no_profile and not args.no_tui:
        from profile_key import profile_one_key

        size = args.sizes[-1]
        log(f"profiling one key on {size}")
        try:
            out += [""] + profile_one_key(size, folder)
        except Exception as exc:  # the table stands without it
            out += ["", f"profile of one key: n/a ({type(exc).__name__}: {exc})"]
    out += ["", f"at end: {load_line()}; the whole run took {time.perf_counter() - t0:.0f} s"]
    print("\n".join(out))
    if args.keep:
        print(f"kept {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
