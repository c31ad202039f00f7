"""Benchmark: importing a large SIE 4 file through the CLI (`import --dry-run`), CPU time and peak memory.

    .venv/bin/python bench/bench_sie.py [--trans 1000000] [--runs 3]

Generates a real-shaped SIE 4 file into a temporary folder (vouchers of two
to six #TRANS rows, 40 result and balance accounts, object lists in two
dimensions on most rows, transaction dates and texts on some, PC8 letters in
the names; about 36 MB for a million #TRANS), then runs
`python -m sydnarke_tui import FILE --year 2019 --period helar --dry-run`
in a subprocess per run and prints the child's CPU seconds (user + system)
and peak resident memory from its rusage, as median and spread of the runs,
beside the same command on a ten-voucher file (the program's own start).
Nothing is asserted; the file is deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RESULT = ["3010", "3040", "3590", "4010", "5010", "5020", "5410", "5460", "6110", "6230", "6540", "6550", "6570",
          "7010", "7510", "7690", "8410", "3041", "5090", "6212"]
BALANCE = ["1510", "1930", "2440", "2640", "2710", "2730", "2890", "1630", "1790", "2990"]
TEXTS = ["Leverantörsfaktura", "Lön", "Kundfaktura", "Periodisering", "Avskrivning", "Bankavgift"]


def write_sie(path: Path, trans: int, seed: int = 7) -> tuple[int, int]:
    """A SIE 4 file with `trans` #TRANS rows; returns (#TRANS, vouchers)."""
    rnd = random.Random(seed)
    objs = ['1 "100"', '1 "200"', '1 "300"', '1 "100" 6 "P1"', '1 "200" 6 "P2"', "", '6 "P1"']
    head = ['#FLAGGA 0', '#PROGRAM "Visma Administration 2000" 2019.2', "#FORMAT PC8", "#GEN 20200214",
            "#SIETYP 4", '#FNAMN "Sydnärkes IT-nämnd"', "#RAR 0 20190101 20191231", "#RAR -1 20180101 20181231",
            '#DIM 1 "Kostnadsställe"', '#DIM 6 "Projekt"', '#OBJEKT 1 "100" "IT-drift"', '#OBJEKT 1 "200" "Service"',
            '#OBJEKT 1 "300" "Nämnd"', '#OBJEKT 6 "P1" "Sydnet"', '#OBJEKT 6 "P2" "Växel"']
    head += [f'#KONTO {a} "Konto {a} förbrukning"' for a in RESULT + BALANCE]
    written = vouchers = 0
    with path.open("w", encoding="cp437", newline="\n") as f:
        f.write("\n".join(head) + "\n")
        while written < trans:
            n = min(rnd.randint(2, 6), trans - written)  # 1: a lone row of 0.00 balances on its own
            day = f"2019{rnd.randint(1, 12):02d}{rnd.randint(1, 28):02d}"
            vouchers += 1
            text = f' "{rnd.choice(TEXTS)} {vouchers}"' if vouchers % 2 else ""
            f.write(f"#VER A {vouchers} {day}{text}\n{{\n")
            total = Decimal(0)
            for i in range(n - 1):
                amount = Decimal(rnd.randint(-500000, 2000000)) / 100
                total += amount
                extra = f' {day} "rad {i}"' if rnd.random() < 0.05 else ""
                f.write(f"#TRANS {rnd.choice(RESULT)} {{{rnd.choice(objs)}}} {amount}{extra}\n")
            f.write(f"#TRANS {rnd.choice(BALANCE)} {{}} {-total}\n}}\n")
            written += n
    return written, vouchers


def run_import(python: str, sie: Path, db: Path) -> tuple[float, float, str]:
    """(CPU seconds, peak RSS MB, last output line) of one `import --dry-run` in a child process."""
    argv = [python, "-m", "sydnarke_tui", "import", str(sie), "--year", "2019", "--period", "helar", "--dry-run",
            "--db", str(db)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    out = proc.stdout.read().decode(errors="replace")  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"import failed (exit {proc.returncode}): {out.strip().splitlines()[-1:]}")
    lines = out.strip().splitlines()
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, next(
        (ln for ln in lines if "Stämmer" in ln), lines[-1] if lines else "")


def _figure(values: list[float], unit: str) -> str:
    med = statistics.median(values)
    return f"median {med:.2f} {unit} (min {min(values):.2f}, max {max(values):.2f}, n={len(values)})"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trans", type=int, default=1_000_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        t = Path(tmp)
        big, small, db = t / "stor.se", t / "liten.se", t / "bench.db"
        rows, vouchers = write_sie(big, args.trans)
        write_sie(small, 30)
        print(f"file: {rows} #TRANS in {vouchers} vouchers, {big.stat().st_size / 1e6:.1f} MB")
        run_import(python, small, db)  # creates the database with the demo year
        for name, path in (("start (30 #TRANS)", small), (f"import ({rows} #TRANS)", big)):
            got = [run_import(python, path, db) for _ in range(args.runs)]
            print(f"{name}: CPU {_figure([g[0] for g in got], 's')}; "
                  f"peak RSS {_figure([g[1] for g in got], 'MB')}")
        print(f"reconciliation: {got[-1][2]}")


if __name__ == "__main__":
    main()
