"""LedgerTable on its own: rows formatted only when in view, widths that fill the terminal, the filter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.text import Text
from textual.app import App

from sydnarke_tui.tui.table import Ledger, LedgerTable
from sydnarke_tui.tui.table.columns import NAME_MIN, fit_cell

COLUMNS = [("name", "Namn", 30), ("a", "Belopp", 9), ("b", "Avvikelse", 9)]


@given(st.lists(st.integers(1, 40), min_size=1, max_size=8), st.integers(20, 300),
       st.lists(st.integers(0, 7), max_size=3))
def test_columns_are_whole_or_give_way_and_the_widest_takes_the_rest(given_widths, width, drop):
    table = LedgerTable([(f"c{i}", "x", w) for i, w in enumerate(given_widths)])
    table.set_priority(drop=[f"c{i}" for i in drop])
    widths = table.widths(width)
    flex = given_widths.index(max(given_widths))
    name_min = min(NAME_MIN, given_widths[flex])
    assert min(name_min, width) <= widths[flex] <= 2 * given_widths[flex]  # the name column is always there
    # every other column whole (its given width) or left out (0), never cut
    assert all(w in (0, g) for i, (w, g) in enumerate(zip(widths, given_widths)) if i != flex)
    shown = [w for w in widths if w]
    mark = 1 if widths[-1] == 0 else 0  # a column left out at the right end has its marker cell
    total = sum(shown) + len(shown) - 1 + mark
    assert total <= width
    everything = sum(given_widths) - given_widths[flex] + name_min + len(given_widths) - 1
    if everything <= width:  # a column gives way only when the names are down to their minimum
        assert 0 not in widths
    # fills the width exactly, unless the name column is at its widest
    assert total == width or widths[flex] == 2 * given_widths[flex]


def test_a_hidden_column_comes_into_view_under_the_cursor():
    table = LedgerTable([("name", "Namn", 20), ("prev", "Fjol", 9), ("a", "Belopp", 9), ("b", "Avvikelse", 9)])
    table.set_priority(drop=["prev"], keep=["b"])
    assert table.widths(36) == [16, 0, 9, 9]  # the previous year gives way (with it the name would be 6)
    table.cursor_column = 1
    table._pinned = "prev"  # what moving the cursor onto it does
    assert table.widths(36) == [16, 9, 0, 9]  # then the next one gives way: never the kept deviation


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


def test_a_cut_name_never_cuts_a_figure():
    assert fit_cell(Text("Tryckt 22 027 kr men 5"), 12, False).plain == "Tryckt …    "
    assert fit_cell(Text("Tryckt 22 027 kr men 5"), 15, False).plain == "Tryckt 22 027 …"
    assert fit_cell(Text("IT invest 2020"), 13, False).plain == "IT invest …  "
    assert fit_cell(Text("-1 717", justify="right"), 9, True).plain == "   -1 717"
