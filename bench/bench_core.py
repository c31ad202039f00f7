"""Benchmark: one full `compute()` against one incremental edit (core.live), per year size.

    PYTHONPATH=. .venv/bin/python bench/bench_core.py [--repeat 30]

Years: the demo year; the bench's large year (50 goals x 20 indicators,
2 000 operating and 500 investment lines, 10 members, as in bench_tui.py);
and ten times that (20 000 operating and 5 000 investment lines). For each it
prints the median time of a full compute, of `LiveYear.set_operating` (a
line's outcome), `set_investment` and `set_indicator` (an indicator's
outcome), and of building `figures` and running the checker (what happens
after a save, not per key). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sydnarke_tui.core.checks import check  # noqa: E402
from sydnarke_tui.core.compute import compute  # noqa: E402
from sydnarke_tui.core.live import LiveYear  # noqa: E402
from sydnarke_tui.core.model import (  # noqa: E402
    Comparison, Goal, Indicator, IndicatorValue, InvestmentLine, Key, KeyShare, Kind, LineValue, OperatingLine, Year,
)
from sydnarke_tui.store.demo import demo_year  # noqa: E402


def make_year(operating_lines: int = 2000, investment_lines: int = 500) -> Year:
    """bench_tui.make_large_year's year with the number of lines as parameters (same formulas)."""
    members = [f"Kommun {i:02d}" for i in range(10)]
    goals, nid = [], 0
    for g in range(50):
        inds = []
        for i in range(20):
            nid += 1
            inds.append(Indicator(nid, f"Indikator {g:02d}.{i:02d}", Comparison.GE, Decimal(80), "%",
                                  values={"helar": IndicatorValue(outcome=Decimal(60 + (g * 7 + i * 3) % 40))}))
        goals.append(Goal(g + 1, f"Mål {g:02d}", inds))
    operating = [OperatingLine(1, "Driftbidrag från kommuner", Kind.REVENUE, -500_000_000,
                               {"helar": LineValue(-500_000_000)}, is_contribution=True)]
    for n in range(1, operating_lines):
        budget = 100_000 + (n * 7919) % 900_000
        operating.append(OperatingLine(n + 1, f"Konto {n:04d}", Kind.COST, budget,
                                       {"helar": LineValue(budget - 50_000 + (n * 104729) % 100_000)}))
    investments = []
    for n in range(investment_lines):
        budget = 200_000 + (n * 3571) % 800_000
        investments.append(InvestmentLine(n + 1, f"Projekt {n:03d}", members[n % 11] if n % 11 < 10 else None,
                                          budget, {"helar": LineValue(budget + (n * 7) % 50_000)}))
    key = Key("shares", [KeyShare(m, Decimal(10)) for m in members])
    return Year(2030, "Stor nämnd", goals=goals, operating=operating, investments=investments, key=key)


def median_ms(fn, repeat: int) -> float:
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        fn(i)
        times.append(time.perf_counter() - t)
    return statistics.median(times) * 1000


def measure(year: Year, repeat: int) -> dict[str, float]:
    period = year.full_year_period
    live = LiveYear(year, period)
    line = year.operating[len(year.operating) // 2]
    mains = [x for x in year.investments if x.parent_id is None]
    inv = mains[len(mains) // 2]
    ind = year.indicators()[len(year.indicators()) // 2]
    base_line = line.value(period.code).outcome or 0
    base_inv = inv.value(period.code).outcome or 0
    full_repeat = max(3, repeat // 5) if len(year.operating) > 5000 else repeat
    return {
        "full compute": median_ms(lambda i: compute(year, period), full_repeat),
        "edit: line": median_ms(lambda i: live.set_operating(line.id, "outcome", base_line + i + 1), repeat),
        "edit: investment": median_ms(lambda i: live.set_investment(inv.id, "outcome", base_inv + i + 1), repeat),
        "edit: indicator": median_ms(lambda i: live.set_indicator(ind.id, "outcome", Decimal(70 + i % 20)), repeat),
        "figures (save)": median_ms(lambda i: compute(year, period).figures, full_repeat),
        "check (save)": median_ms(lambda i: check(live.result), max(3, full_repeat // 3)),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=30)
    args = ap.parse_args()
    years = [("demo", demo_year()), ("large", make_year(2000, 500)), ("10× large", make_year(20_000, 5_000))]
    results = {name: measure(y, args.repeat) for name, y in years}
    rows = list(next(iter(results.values())))
    width = max(len(r) for r in rows) + 2
    print(f"{'ms (median)':<{width}}" + "".join(f"{name:>12}" for name, _ in years))
    for r in rows:
        print(f"{r:<{width}}" + "".join(f"{results[name][r]:>12.3f}" for name, _ in years))
    print(f"{'full / line edit':<{width}}"
          + "".join(f"{results[n]['full compute'] / results[n]['edit: line']:>11.0f}×" for n, _ in years))
    print(f"{'full / indicator edit':<{width}}"
          + "".join(f"{results[n]['full compute'] / results[n]['edit: indicator']:>11.0f}×" for n, _ in years))


if __name__ == "__main__":
    main()
