"""Issue 15's small items: the selected row stays in view, key names in the help, the log at its newest entry."""

from __future__ import annotations

import re

from textual.binding import Binding

from sydnarke_tui.tui.screens import MODES
from sydnarke_tui.tui.screens.help import _keys
from sydnarke_tui.tui.table import LedgerTable

from .conftest import make_app
from .helpers import settle

LONG = "Andel ärenden som stängts inom avtalad tid enligt servicenivåavtalet med medlemskommunerna och deras skolor"


def _in_view(table: LedgerTable) -> bool:
    top = round(table.scroll_offset.y)
    rows = table.scrollable_content_region.height - 1  # the heading takes a row
    return top <= table.cursor_row < top + rows


async def test_the_selected_row_stays_in_view_when_its_name_under_the_table_takes_two_lines(store):
    m = store.load_year(2019)
    for g in m.goals:
        for i in g.indicators:
            store.set_field("indicator", i.id, "name", f"{LONG} ({i.id})")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        table = app.screen.query_one("#goals-table", LedgerTable)
        seen = 0
        for _ in range(table.row_count):
            await pilot.press("down")
            await settle(pilot)
            note = app.screen.query_one(f"#{table.id}-note")
            seen += note.size.height == 2
            assert _in_view(table), (table.cursor_row, table.scroll_offset.y, table.size)
        assert seen, "a name under the table took two lines"
        await pilot.press("home")
        await settle(pilot)
        assert _in_view(table)


async def test_the_help_names_keys_as_users_know_them_with_a_space_before_the_label(store):
    from textual.widgets import Static

    from sydnarke_tui.tui.screens.help import key_name

    assert [key_name(k) for k in ("f21", "ctrl+shift+z", "f1", "question_mark", "escape", "shift+up", "N")] == [
        "Shift+F9", "Ctrl+Shift+Z", "F1", "?", "Esc", "Shift+Up", "N"]
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await settle(pilot)
        text = str(app.screen.query_one("#help-body").query_one(Static).render())
    keys_part = text.split("Bindningar kan ändras")[0]
    assert "Ctrl+Y, Ctrl+Shift+Z, Shift+F9 Gör om" in keys_part
    assert "f21" not in keys_part and "ctrl+" not in keys_part
    bindings = [b for b in app.BINDINGS if isinstance(b, Binding)]
    bindings += [b for cls in MODES.values() for b in cls.BINDINGS if isinstance(b, Binding)]
    for b in bindings:  # every key row: its keys, at least one space, its label
        assert re.search(re.escape(_keys(b, {})) + " +" + re.escape(b.description), keys_part), b


async def test_the_log_opens_at_the_newest_entry(store):
    m = store.load_year(2019)
    for n in range(40):
        store.set_field("operating", m.operating[0].id, "comment", f"kommentar {n}", period="helar")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await settle(pilot)
        table = app.screen.query_one("#log-table", LedgerTable)
        assert table.cursor_row == 0 and table.scroll_offset.y == 0
        await pilot.press("end")  # browse to the oldest, leave, save something, come back
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("down", "down", "4", "7", "enter")
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        assert table.cursor_row == 0 and table.scroll_offset.y == 0
        assert table.current_key() == f"a:{app.session.audit(limit=1)[0].id}"
