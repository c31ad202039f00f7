"""LedgerTable on its own: rows formatted only when in view, widths that fill the terminal, the filter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App

from sydnarke_tui.tui.table import Ledger, LedgerTable

COLUMNS = [("name", "Namn", 30), ("a", "Belopp", 9), ("b", "Avvikelse", 9)]


@given(st.lists(st.integers(1, 40), min_size=1, max_size=8), st.integers(20, 300))
def test_columns_fill_the_width_and_the_widest_takes_the_rest(given_widths, width):
    table = LedgerTable([(f"c{i}", "x", w) for i, w in enumerate(given_widths)])
    widths = table.widths(width)
    flex = given_widths.index(max(given_widths))
    assert 8 <= widths[flex] <= max(8, 2 * given_widths[flex])
    assert [w for i, w in enumerate(widths) if i != flex] == [w for i, w in enumerate(given_widths) if i != flex]
    total = sum(widths) + len(widths) - 1
    # fills the width exactly, unless the terminal is too narrow or the name column at its widest
    assert total == width or widths[flex] in (8, 2 * given_widths[flex])
    assert total <= width or widths[flex] == 8


class _Probe(App):
    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = [f"r:{i}" for i in range(rows)]
        self.rendered: list[str] = []

    def compose(self):
        yield Ledger(COLUMNS, id="t")

    def on_mount(self) -> None:
        table = self.query_one("#t", LedgerTable)
        table.set_rows(self.rows, self.render_row)
        table.focus()

    def render_row(self, key: str) -> list[Text]:
        self.rendered.append(key)
        n = int(key[2:])
        return [Text(f"Rad nummer {n}"), Text(str(n), justify="right"), Text(str(-n), justify="right")]


async def test_a_huge_table_formats_only_what_is_on_screen():
    app = _Probe(25_000)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one("#t", LedgerTable)
        assert table.row_count == 25_000
        assert len(set(app.rendered)) < 40  # the first screenful, not 25 000 rows
        app.rendered.clear()
        await pilot.press("end")
        await pilot.pause()
        assert table.current_key() == "r:24999"
        assert 0 < len(set(app.rendered)) < 40
        app.rendered.clear()
        table.invalidate(["r:24999", "r:5"])  # one on screen, one far away
        await pilot.pause()
        assert app.rendered == ["r:24999"]


async def test_filter_keeps_the_row_under_the_cursor_when_it_matches():
    app = _Probe(300)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.query_one("#t", LedgerTable)
        table.select_key("r:120")
        table.set_filter("12")
        assert table.current_key() == "r:120"
        assert all("12" in k for k in table.keys)
        table.set_filter("nothing like it")
        assert table.row_count == 0 and table.current_key() is None
        table.set_filter("")
        assert table.row_count == 300
        table.set_filter("7")
        table.select_key("r:5")  # a jump to a hidden row clears the filter
        assert table.filter_text == "" and table.current_key() == "r:5"


async def test_the_line_under_the_table_has_the_whole_name():
    app = _Probe(10)
    async with app.run_test(size=(30, 12)) as pilot:
        await pilot.pause()
        table = app.query_one("#t", LedgerTable)
        assert table.widths(29)[0] < len("Rad nummer 3")  # cut in the table
        table.select_key("r:3")
        await pilot.pause()
        note = app.query_one("#t-note")
        assert "Rad nummer 3" in note._key[0]
