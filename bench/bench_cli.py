"""Wall time of the CLI commands on a database: `overview` and `report --format json|html|xlsx`."""

from __future__ import annotations

import statistics
import subprocess
import time
from pathlib import Path

from tui_session import Failure

COMMANDS = {
    "overview": ["overview"],
    "report json": ["report", "--format", "json", "-o", "{out}/report.json"],
    "report html": ["report", "--format", "html", "-o", "{out}/report.html"],
    "report xlsx": ["report", "--format", "xlsx", "-o", "{out}/report.xlsx"],
}


def _once(python: str, args: list[str], db: Path, env: dict[str, str], cwd: Path) -> float | Failure:
    argv = [python, "-m", "sydnarke_tui", *(a.format(out=cwd) for a in args), "--db", str(db)]
    t = time.perf_counter()
    try:
        done = subprocess.run(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              timeout=300)
    except subprocess.TimeoutExpired:
        return Failure("no answer within 300 s")
    wall = time.perf_counter() - t
    if done.returncode != 0:
        last = (done.stderr.decode(errors="replace").strip().splitlines() or ["no message"])[-1]
        return Failure(f"exit status {done.returncode}: {last[:120]}")
    return wall


def time_commands(python: str, db: Path, env: dict[str, str], cwd: Path, runs: int) -> dict:
    """{'cli.overview': median seconds or Failure, ...}; stdout goes to /dev/null (not a tty)."""
    out = {}
    for name, args in COMMANDS.items():
        got = [_once(python, args, db, env, cwd) for _ in range(runs)]
        times = [g for g in got if isinstance(g, float)]
        out[f"cli.{name}"] = statistics.median(times) if times else got[0]
    return out
