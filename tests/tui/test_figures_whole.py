"""A figure is shown whole or not at all (issue 15, Done-when 2).

At 60x15 and 80x24, on the demo year and on a 2020 year made with new-year
(which adds the previous year's column), every table row of Drift,
Investeringar, Mål, Fördelning and Översikt shows its name and every figure
the JSON report has for that row, whole, on screen or after ←/→. The rows are
read from the compositor (what the terminal gets), a page at a time, at every
position of the cell cursor.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from sydnarke_tui.core.glossary import TOTAL_INVESTED, TOTALS
from sydnarke_tui.core.model import GOAL_STATUS_SV, STATUS_SV, GoalStatus, LineValue, Status
from sydnarke_tui.core.numbers import format_amount, format_decimal, format_pct
from sydnarke_tui.io.report_json import report_dict
from sydnarke_tui.io.rollover import next_year
from sydnarke_tui.session import parsing as P
from sydnarke_tui.tui.table import LedgerTable

from .conftest import make_app
from .helpers import settle

Row = tuple[str, list[str]]  # (name, figures as the screen formats them)


def make_2020(store) -> int:
    """2020 from 2019 with new-year (the Utfall 2019 column), then outcomes so every column has figures."""
    y = next_year(store.load_year(2019), 2020)
    full = y.full_year_period.code
    deltas = [180_000, 299_000, -280_000, 1_550_000, -950_000, 12_000]
    for i, ln in enumerate(y.operating):
        ln.values[full] = LineValue(outcome=(ln.budget or 0) - deltas[i % len(deltas)])
    for i, ln in enumerate(y.investments):
        ln.values[full] = LineValue(outcome=(ln.budget or 400_000) + deltas[i % len(deltas)])
    for g in y.goals:
        for ind in g.indicators:
            if ind.baseline is not None and not ind.link:
                ind.values[full] = ind.value(full)
                ind.values[full].outcome = ind.baseline
    store.insert_year(y, action="new-year", source="2019")
    return 2020


def tkr(v) -> str | None:
    return None if v is None else format_amount(v, "tkr")


def kr(v) -> str | None:
    return None if v is None else format_decimal(v)


def share(v) -> str | None:
    return None if v is None else format_decimal(Decimal(str(v)), 3)


def value(v) -> str | None:
    if v is None:
        return None
    return v if isinstance(v, str) else P.fmt_value(Decimal(str(v)))


def row(name: str, *figures: str | None) -> Row:
    return name, [f for f in figures if f is not None]


def figures(line: dict, *keys: str) -> list[str | None]:
    return [tkr(line.get(k)) for k in keys]


# ------------------------------------------------------------ the rows the report has, per table
def drift_rows(r: dict) -> list[Row]:
    op = r["operating"]
    keys = ("budget", "outcome", "deviation", "previous_outcome")
    rows = [row(ln["label"], *figures(ln, *keys)) for ln in op["lines"]]
    return rows + [row(TOTALS[k], *figures(op["totals"][k], *keys)) for k in ("revenue", "cost", "net")]


def invest_rows(r: dict) -> list[Row]:
    inv = r["investments"]
    rows = []
    for ln in inv["lines"]:
        rows.append(row(ln["label"], P.fmt_municipality(ln["municipality"]),
                        *figures(ln, "budget", "outcome", "deviation", "previous_outcome")))
        rows += [row("varav " + v["label"], tkr(v["outcome"])) for v in ln["varav"]]
    return rows + [row(TOTAL_INVESTED, *figures(inv["total"], "budget", "outcome", "deviation", "previous_outcome"))]


def goal_rows(r: dict) -> list[Row]:
    rows = []
    for g in r["goals"]:
        rows.append(row(g["title"], GOAL_STATUS_SV[GoalStatus(g["status"])]))
        for ind in g["indicators"]:
            pct = None if ind["fulfilment_pct"] is None else format_pct(ind["fulfilment_pct"])
            rows.append(row(ind["name"], value(ind["target"]), value(ind["outcome"]), pct,
                            STATUS_SV[Status(ind["status"])]))
    return rows


def overview_goal_rows(r: dict) -> list[Row]:
    return [row(g["title"], GOAL_STATUS_SV[GoalStatus(g["status"])]) for g in r["goals"]]


def split_rows(r: dict, with_investments: bool) -> list[Row]:
    s = r["split"]
    contrib = {c["municipality"]: c["amount"] for c in s["contribution"]}
    inv = {m["municipality"]: m["outcome"] for m in s["investments"]}
    rows = [row(m["municipality"], share(m["share_pct"]), kr(m["amount"]), kr(contrib[m["municipality"]]),
                tkr(inv[m["municipality"]]) if with_investments else None) for m in s["result"]]
    if with_investments:
        total = s["sum"]
        rows.append(row("Summa", kr(total["result"]), kr(total["contribution"]), tkr(total["outcome"])))
    return rows


def member_rows(r: dict) -> list[Row]:
    return [row(m["municipality"], share(m["share_pct"])) for m in r["split"]["result"]]


# ------------------------------------------------------------ reading the screen
def whole(figure: str, text: str) -> bool:
    """`figure` in `text` with nothing of another figure touching it (no digit, sign or group beside it)."""
    pattern = (r"(?<![\d,−-])(?<!\d )(?<!\d\u00a0)" + re.escape(figure) + r"(?![\d,])(?! \d{3}(?!\d))(?!\u00a0\d)")
    return re.search(pattern, text) is not None


def shows_name(name: str, text: str) -> bool:
    """The row begins with the name, or its first letters cut with …."""
    shown = text.strip().lstrip("▸▾ ").removeprefix("varav ").strip()
    want = " ".join(name.removeprefix("varav ").split())
    head = shown.split("…")[0].split("  ")[0].rstrip()
    return bool(head) and (want.startswith(head) if "…" in shown else shown.startswith(want[:len(head)])) \
        and len(head) >= min(len(want), 4)


def visible_rows(app, table: LedgerTable) -> dict[int, str]:
    """Row index -> the text the terminal shows for it, for the rows on screen now."""
    geometry = app.screen._compositor.find_widget(table)
    seen = geometry.region.intersection(geometry.clip)
    lines = [s.text for s in app.screen._compositor.render_strips()]
    top = round(table.scroll_offset.y)
    out = {}
    for y in range(seen.y, seen.bottom):
        index = top + (y - geometry.region.y) - 1  # the first line is the header
        if index >= 0 and 0 <= y < len(lines) and index < table.row_count:
            out[index] = lines[y][seen.x:seen.right]
    return out


async def read_table(pilot, table: LedgerTable) -> dict[int, list[str]]:
    """Every row's texts, at each position of the cell cursor (←/→ bring hidden columns into view)."""
    app = pilot.app
    table.focus()
    await pilot.pause()
    seen: dict[int, list[str]] = {}
    steps = len(table.columns) if table.hidden_columns else 1  # every column shown: one pass reads them all
    for _ in range(len(table.columns) if steps > 1 else 0):  # from the first column
        await pilot.press("left")
    for step in range(steps):
        if step:
            await pilot.press("right")
        await pilot.press("home")
        await pilot.pause()
        for _ in range(table.row_count):  # a page at a time, down to the last row
            for i, text in visible_rows(app, table).items():
                seen.setdefault(i, []).append(text)
            before = table.cursor_row
            await pilot.press("pagedown")
            await pilot.pause()
            if table.cursor_row == before:  # the last row (or a table the keys cannot move)
                break
    return seen


def problems(expected: list[Row], seen: dict[int, list[str]], where: str) -> list[str]:
    out = []
    if len(seen) != len(expected):
        out.append(f"{where}: {len(seen)} rows read, the report has {len(expected)}")
    for i, (name, figs) in enumerate(expected):
        texts = seen.get(i, [])
        if not any(shows_name(name, t) for t in texts):
            out.append(f"{where} row {i}: name {name!r} not in {texts[:1]}")
        for f in figs:
            if not any(whole(f, t) for t in texts):
                out.append(f"{where} row {i} ({name}): {f!r} not whole in {sorted(set(texts))}")
    return out


SCREENS = {
    "f2": [("#goal-table", overview_goal_rows), ("#split-table", lambda r: split_rows(r, False))],
    "f3": [("#goals-table", goal_rows)],
    "f4": [("#op-table", drift_rows)],
    "f5": [("#inv-table", invest_rows)],
    "f6": [("#key-table", member_rows), ("#split-table", lambda r: split_rows(r, True))],
}


@pytest.mark.parametrize("size", [(60, 15), (80, 24)], ids=["60x15", "80x24"])
@pytest.mark.parametrize("year", ["demo", "2020"])
async def test_every_figure_of_the_report_is_on_its_screen_whole(store, size, year):
    app = make_app(store, year=make_2020(store) if year == "2020" else None)
    found: list[str] = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        report = report_dict(app.session.computed)
        if year == "2020":
            assert any(ln.get("previous_outcome") for ln in report["operating"]["lines"])
        for key, tables in SCREENS.items():
            await pilot.press(key)
            await settle(pilot)
            for selector, expected in tables:
                table = app.screen.query_one(selector, LedgerTable)
                seen = await read_table(pilot, table)
                found += problems(expected(report), seen, f"{key} {selector}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("size", [(60, 15), (70, 18), (80, 24)], ids=["60x15", "70x18", "80x24"])
async def test_no_part_of_a_screen_lies_under_the_footer_or_off_screen(store, size):
    """A widget outside its (not scrolling) parent is cut where nothing can scroll it into view: Fördelning's
    Summa row and Drift's panel once lay under the footer at 60x15."""
    app = make_app(store)
    bad = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in ("f2", "f3", "f4", "f5", "f6", "f7", "f8", "8"):
            await pilot.press(key)
            await settle(pilot)
            for w in app.screen.query("*"):
                if not w.display or not w.region.area or w.parent is app.screen:
                    continue
                scrolled = [a for a in w.ancestors_with_self[1:] if getattr(a, "styles", None) is not None
                            and a is not app.screen and (a.styles.overflow_y != "hidden" or a.styles.overflow_x != "hidden")]
                if not scrolled and not w.parent.region.contains_region(w.region):
                    bad.append(f"{key}: {w} {w.region} outside {w.parent} {w.parent.region}")
    assert not bad, "\n".join(bad)
