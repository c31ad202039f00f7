"""Drift grouped by verksamhet (issue 9): headings, lines, a live subtotal per verksamhet, folding."""

from __future__ import annotations

from sydnarke_tui.tui.table import LedgerTable

from .conftest import make_app
from .helpers import open_row, settle, tab_to


def _group(store) -> None:
    lines = store.load_year(2019).operating
    for ln in lines[2:4]:  # Personalkostnader, Utrustning och datakommunikation
        store.set_field("operating", ln.id, "section", "Politisk verksamhet")
    store.set_field("operating", lines[4].id, "section", "Gator och vägar")


def _cell(table: LedgerTable, row: str, col: str) -> str:
    return table.cell_text(row, col).strip()


async def test_groups_subtotals_typing_and_folding(store):
    _group(store)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f4")
        await settle(pilot)
        table = app.screen.query_one("#op-table", LedgerTable)
        keys = list(table.keys)
        assert keys[:4] == ["s:Politisk verksamhet", "l:" + keys[1][2:], "l:" + keys[2][2:],
                            "st:Politisk verksamhet"]
        assert _cell(table, "st:Politisk verksamhet", "label") == "Summa Politisk verksamhet"
        assert _cell(table, "st:Politisk verksamhet", "budget") == "14 379"  # 11 799 + 2 580 tkr
        assert _cell(table, "st:Politisk verksamhet", "outcome") == "11 981"  # 10 381,7 + 1 598,9
        assert _cell(table, "st:Gator och vägar", "outcome") == "6 967"
        assert "t:net" in keys

        await open_row(pilot, "f4", 1)  # Personalkostnader
        await tab_to(pilot, "outcome")
        await pilot.press("ctrl+e", "ctrl+u", *"11000")
        await settle(pilot)
        assert _cell(table, "st:Politisk verksamhet", "outcome") == "12 599"  # live, before saving
        await pilot.press("enter", "escape")
        await settle(pilot)

        table.focus()
        table.move_cursor(row=1)
        await pilot.press("z")
        await settle(pilot)
        keys = list(table.keys)
        assert "s:Politisk verksamhet" not in keys and keys[0] == "st:Politisk verksamhet"
        assert _cell(table, "st:Politisk verksamhet", "label").startswith("▸ Politisk verksamhet")
        assert _cell(table, "st:Politisk verksamhet", "outcome") == "12 599"
        await pilot.press("z")
        await settle(pilot)
        assert list(table.keys)[0] == "s:Politisk verksamhet"
