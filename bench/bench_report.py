"""The benchmark's table (the layout of issue 10) and its targets, met or not met.

Figures are medians over runs, each with its spread ((max - min) / median over the runs,
"±12 %"); a spread above SPREAD_FLAG of the median is flagged "!" and listed under the table:
that figure is not yet a figure. Ratios are to the floor measured in the same run.
A figure that could not be measured prints as n/a and its reason goes below the table.
"""

from __future__ import annotations

import math
import statistics

from bench_data import SIZES
from tui_session import SCREENS, Failure

SPREAD_FLAG = 0.20
SIZE_NAMES = {"demo": "demo", "large": "large", "10x": "10× large"}

# (row label, metric, unit, metric of the floor to divide by or None)
ROWS = [
    ("CPU per typed key (Drift)", "cpu_key.drift", "ms", "cpu_key.floor"),
    ("CPU per typed key (Mål)", "cpu_key.mal", "ms", "cpu_key.floor"),
    ("key → screen settled (Drift)", "settled.drift", "ms", "settled.floor"),
    ("key → screen settled (Mål)", "settled.mal", "ms", "settled.floor"),
    ("bytes per key (Drift)", "bytes.drift", "B", "bytes.floor"),
    ("bytes per key (Mål)", "bytes.mal", "B", "bytes.floor"),
    ("50-char burst into Kommentar: to last byte", "burst.text", "ms", "burst.floor.text"),
    ("50-char burst into Kommentar: CPU", "cpu_burst.text", "ms", "cpu_burst.floor.text"),
    ("50-char burst into Utfall (figure): to last byte", "burst.figure", "ms", "burst.floor.figure"),
    ("50-char burst into Utfall (figure): CPU", "cpu_burst.figure", "ms", "cpu_burst.floor.figure"),
    ("Down arrow in a table (Drift)", "down", "ms", None),
    ("CPU per Down (× the floor's CPU per key)", "cpu_down", "ms", "cpu_key.floor"),
    ("PageDown in a table (Drift)", "pagedown", "ms", None),
    ("CPU per PageDown", "cpu_pagedown", "ms", None),
    *[(f"first open of {label}", f"open.{label}", "ms", None) for label, _, _ in SCREENS],
    *[(f"CPU of the first open of {label}", f"cpu_open.{label}", "ms", None) for label, _, _ in SCREENS],
    ("start to first screen", "start", "s", "start"),
    ("start to the overview's figures", "start_figures", "s", "start"),
    ("start, compiled install", "start_compiled", "s", "start_compiled"),
    ("start to figures, compiled install", "start_compiled_figures", "s", "start_compiled"),
    ("memory after typing", "rss", "MiB", "rss"),
    ("peak memory", "rss_peak", "MiB", "rss_peak"),
    ("`overview` (CLI)", "cli.overview", "s", None),
    ("`report --format json`", "cli.report json", "s", None),
    ("`report --format html`", "cli.report html", "s", None),
    ("`report --format xlsx`", "cli.report xlsx", "s", None),
]


def combine(runs: list[dict]) -> dict:
    """Median of each metric over runs; a Failure where no run measured it."""
    keys = {k for r in runs for k in r}
    out = {}
    for k in keys:
        vals = [r[k] for r in runs if k in r]
        nums = [v for v in vals if isinstance(v, float) and not math.isnan(v)]
        out[k] = statistics.median(nums) if nums else next((v for v in vals if isinstance(v, Failure)),
                                                           Failure("not measured"))
    return out


def spreads(runs: list[dict]) -> dict[str, float]:
    """(max - min) / median of each metric measured in at least two runs."""
    out = {}
    for k in {k for r in runs for k in r}:
        nums = [r[k] for r in runs if isinstance(r.get(k), float) and not math.isnan(r[k])]
        med = statistics.median(nums) if len(nums) > 1 else 0
        if med > 0:
            out[k] = (max(nums) - min(nums)) / med
    return out


def with_spread(text: str, spread: float | None) -> str:
    if spread is None:
        return text
    return f"{text} ±{_num(spread * 100, 0)} %" + (" !" if spread > SPREAD_FLAG else "")


def _num(x: float, decimals: int) -> str:
    text = f"{x:,.{decimals}f}".replace(",", " ").replace(".", ",")
    return text


def fmt(value, unit: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Failure):
        return "n/a"
    if unit == "B":
        return _num(value, 0)
    if unit == "MiB":
        return f"{_num(value, 0)} MiB"
    if value >= 1 or unit == "s" and value >= 0.1:
        return f"{_num(value, 2)} s"
    return f"{_num(value * 1000, 0 if value >= 0.01 else 1)} ms"


def ratio(value, base) -> float | None:
    if isinstance(value, float) and isinstance(base, float) and base > 0:
        return value / base
    return None


def table(results: dict[str, dict], floor: dict, spread: dict[str, dict] | None = None,
          floor_spread: dict | None = None) -> tuple[list[str], list[str]]:
    """(markdown lines of the table, reasons for the n/a cells and the flagged spreads)."""
    spread, floor_spread = spread or {}, floor_spread or {}
    sizes = [s for s in SIZES if s in results]
    lines = ["| | " + " | ".join(SIZE_NAMES[s] for s in sizes) + " | floor |",
             "|---|" + "---|" * (len(sizes) + 1)]
    reasons = []
    for label, metric, unit, base_metric in ROWS:
        if not any(metric in results[s] for s in sizes):
            continue
        base = floor.get(base_metric) if base_metric else None
        cells = []
        for s in sizes:
            v = results[s].get(metric)
            if v is None:
                cells.append("")
                continue
            if isinstance(v, Failure):
                reasons.append(f"{SIZE_NAMES[s]}, {label}: {v.reason}")
            r = ratio(v, base)
            sp = spread.get(s, {}).get(metric)
            if sp is not None and sp > SPREAD_FLAG:
                reasons.append(f"{SIZE_NAMES[s]}, {label}: spread {_num(sp * 100, 0)} % of its median")
            cells.append(with_spread(fmt(v, unit) + (f" ({_num(r, 1)}×)" if r is not None else ""), sp))
        fsp = floor_spread.get(base_metric) if base_metric else None
        if fsp is not None and fsp > SPREAD_FLAG:
            reasons.append(f"floor, {label}: spread {_num(fsp * 100, 0)} % of its median")
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {with_spread(fmt(base, unit), fsp)} |")
    return lines, reasons
