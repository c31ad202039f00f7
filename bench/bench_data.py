"""The years the benchmarks run on: the demo year, a large year and ten times that.

large: 50 goals x 20 indicators, 2 000 operating lines, 500 investment lines,
10 members. 10x large: the same goals, 20 000 operating and 5 000 investment
lines. The figures are deterministic so runs compare.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SIZES = ("demo", "large", "10x")
SCALE = {"large": 1, "10x": 10}


def _goals(n_goals: int = 50, per_goal: int = 20):
    from sydnarke_tui.core.model import Comparison, Goal, Indicator, IndicatorValue

    goals, nid = [], 0
    for g in range(n_goals):
        inds = []
        for i in range(per_goal):
            nid += 1
            outcome = IndicatorValue(outcome=Decimal(60 + (g * 7 + i * 3) % 40))
            inds.append(Indicator(nid, f"Indikator {g:02d}.{i:02d}", Comparison.GE, Decimal(80), "%",
                                  values={"helar": outcome}))
        goals.append(Goal(g + 1, f"Mål {g:02d}", inds))
    return goals


def make_large_year(year_no: int = 2030, scale: int = 1):
    """The large year; `scale` multiplies the operating and investment lines."""
    from sydnarke_tui.core.model import InvestmentLine, Key, KeyShare, Kind, LineValue, OperatingLine, Year

    members = [f"Kommun {i:02d}" for i in range(10)]
    operating = [OperatingLine(1, "Driftbidrag från kommuner", Kind.REVENUE, -500_000_000 * scale,
                               {"helar": LineValue(-500_000_000 * scale)}, is_contribution=True)]
    for n in range(1, 2000 * scale):
        budget = 100_000 + (n * 7919) % 900_000
        operating.append(OperatingLine(n + 1, f"Konto {n:05d}", Kind.COST, budget,
                                       {"helar": LineValue(budget - 50_000 + (n * 104729) % 100_000)}))
    investments = []
    for n in range(500 * scale):
        budget = 200_000 + (n * 3571) % 800_000
        investments.append(InvestmentLine(n + 1, f"Projekt {n:04d}", members[n % 11] if n % 11 < 10 else None,
                                          budget, {"helar": LineValue(budget + (n * 7) % 50_000)}))
    key = Key("shares", [KeyShare(m, Decimal(10)) for m in members])
    return Year(year_no, "Stor nämnd", goals=_goals(), operating=operating, investments=investments, key=key)


def make_db(kind: str, folder: Path) -> Path:
    """A database in `folder` holding one year of the given size ('demo', 'large', '10x')."""
    from sydnarke_tui.store.db import Store

    path = folder / f"{kind}.db"
    if path.exists():
        return path
    if kind == "demo":
        Store.open(path, demo=True).close()
    else:
        s = Store.open(path, demo=False)
        s.insert_year(make_large_year(scale=SCALE[kind]), action="load", source="bench")
        s.close()
    return path
