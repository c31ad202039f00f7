"""The Textual internals used by tui/textual_adapter.py still exist: this fails when Textual changes them."""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Select

from sydnarke_tui.tui import textual_adapter as A


class _Probe(App):
    def compose(self):
        yield DataTable(id="t")
        yield Select([(Text("a"), 1), (Text("b"), 2)], value=1, allow_blank=False, id="s")


async def test_datatable_internals_and_quiet_cell_write():
    app = _Probe()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(DataTable)
        table.add_column("x", key="x")
        table.add_row(Text("1"), key="r")
        await pilot.pause()
        for name in A.DATA_TABLE_INTERNALS:
            assert hasattr(table, name), name
        A.write_cell(table, "r", "x", Text("2"))
        A.repaint_row(table, "r")
        assert table.get_cell("r", "x").plain == "2"


async def test_select_ready_after_compose():
    app = _Probe()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        select = app.query_one(Select)
        assert A.select_ready(select)
        select.set_options([(Text("c"), 3)])
        select.value = 3
        assert select.value == 3
