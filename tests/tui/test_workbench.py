"""The officer's workbench (issue 11): edit in the table, find rows, read whole names."""

from __future__ import annotations

from decimal import Decimal

from sydnarke_tui.tui.table import LedgerTable

from .conftest import make_app
from .helpers import panel, screen_text, settle


def _table(app, table_id: str) -> LedgerTable:
    return app.screen.query_one(f"#{table_id}", LedgerTable)


async def _open(pilot, screen_key: str, table_id: str) -> LedgerTable:
    """Wait for the year, go to the screen, and return its table."""
    await settle(pilot)
    await pilot.press(screen_key)
    await settle(pilot)
    return _table(pilot.app, table_id)


async def test_thirteen_outcomes_typed_in_the_table(store):
    """Every indicator's outcome: digits + Enter per indicator, from the table, no form (the linked
    budgetram follows Drift and is never typed: Enter on it refuses, Esc leaves it, issue 18)."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open(pilot, "f3", "goals-table")
        model = app.session.model
        indicators = [ind for g in model.goals for ind in g.indicators]
        assert len(indicators) == 13
        for n, ind in enumerate(indicators):
            # Down from a goal's last indicator lands on the next goal's heading: one Down more.
            while table.current_key() != f"i:{ind.id}":
                await pilot.press("down")
            if ind.link:
                await pilot.press(*str(40 + n), "enter")
                await settle(pilot, 0.01)
                assert table.cell_edit is not None and "följer" in table.cell_edit.error
                await pilot.press("escape", "down")
            elif isinstance(ind.target, bool):  # a yes/no indicator: Enter, clear, the word, Enter
                await pilot.press("enter", "ctrl+u", *"nej", "enter")
            else:
                await pilot.press(*str(40 + n), "enter")
            await settle(pilot, 0.01)
            assert app.focused is table  # never the form
        await settle(pilot)
    saved = store.load_year(2019)
    got = [ind.value("helar").outcome for g in saved.goals for ind in g.indicators]
    want = [None if ind.link else False if isinstance(ind.target, bool) else Decimal(40 + n)
            for n, ind in enumerate(indicators)]
    assert got == want


async def test_enter_saves_and_moves_down_and_the_panel_follows(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open(pilot, "f4", "op-table")
        first = table.current_key()
        await pilot.press("9")
        assert table.cell_edit is not None and table.cell_edit.text == "9"
        assert table.current_column == "outcome"
        await pilot.press("9", "9")
        # live: the line's deviation and the net result in the panel follow each key
        assert "999" in table.cell_text(first, "outcome") or table.cell_edit.text == "999"
        await pilot.press("enter")
        await settle(pilot)
        assert table.cell_edit is None
        assert table.cursor_row == 1
        lid = int(first[2:])
    line = next(x for x in store.load_year(2019).operating if x.id == lid)
    assert line.value("helar").outcome == 999_000


async def test_escape_in_a_cell_keeps_the_saved_value(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open(pilot, "f4", "op-table")
        key = table.current_key()
        before = table.cell_text(key, "outcome")
        await pilot.press("1", "2", "escape")
        await settle(pilot)
        assert table.cell_edit is None
        assert table.cell_text(key, "outcome") == before
        assert table.cursor_row == 0


async def test_invalid_cell_says_why_and_does_not_move(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open(pilot, "f4", "op-table")
        await pilot.press("-", "-", "enter")  # a minus starts the edit; "--" is no amount
        await settle(pilot)
        assert table.cell_edit is not None and table.cell_edit.invalid
        assert table.cursor_row == 0
        assert "⚠" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert table.cell_edit is None


async def test_tab_saves_and_moves_right(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open(pilot, "f4", "op-table")
        while table.current_column != "budget":
            await pilot.press("right")
        await pilot.press("enter", "ctrl+u", *"5000", "tab")
        await settle(pilot)
        assert table.current_column == "outcome"
        lid = int(table.current_key()[2:])
    line = next(x for x in store.load_year(2019).operating if x.id == lid)
    assert line.budget == 5_000_000


async def test_enter_on_the_name_opens_the_form(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused.id == "input-label"
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("right", "f")  # `f` opens the form at the column's field
        await settle(pilot)
        assert app.focused.id == "input-budget"


async def test_slash_filters_drift_and_n_moves_between_matches(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open(pilot, "f4", "op-table")
        total = table.row_count
        await pilot.press("slash", *"kost")
        await settle(pilot)
        assert 0 < table.row_count < total
        assert all("kost" in table.cell_text(k, "label").casefold() for k in table.keys)
        assert app.screen.form_key == f"{table.current_key()[2:]}:helar"  # the form shows the first match
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is table
        first = table.current_key()
        await pilot.press("n")
        assert table.row_count == 1 or table.current_key() != first
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == total and table.current_key() is not None


async def test_home_end_g_and_pages(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open(pilot, "f4", "op-table")
        await pilot.press("G")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("g")
        assert table.cursor_row == 0
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        await pilot.press("pagedown")
        assert table.cursor_row > 1


async def test_the_focused_name_is_readable_whole_at_80x24(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open(pilot, "f3", "goals-table")
        names = {f"i:{i.id}": i.name for g in app.session.model.goals for i in g.indicators}
        longest = max(names, key=lambda k: len(names[k]))
        table.select_key(longest)
        await settle(pilot)
        # the table cuts it; the line under the table has it whole (wrapped at spaces)
        assert names[longest] not in screen_text(app).splitlines()[3:12]
        assert " ".join(panel(app, "goals-table-note").split()) == names[longest]


async def test_footers_show_the_keys_of_what_is_in_front(store):
    from sydnarke_tui.tui.widgets import KeyFooter

    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        footer = app.screen.query_one(KeyFooter)
        assert "Ny rad" in footer._key[0] and "Filtrera" in footer._key[0] and "Kommandon" in footer._key[0]
        await pilot.press("e")  # the export dialog
        await settle(pilot)
        text = app.screen.query_one(KeyFooter)._key[0]
        assert "Ny rad" not in text and "Filtrera" not in text
        assert "Avbryt" in text or "Stäng" in text or "esc" in text.lower()


async def test_a_value_typed_back_saves_nothing_and_still_moves_down(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open(pilot, "f4", "op-table")
        while table.current_column != "outcome":
            await pilot.press("right")
        before = len(app.session.audit(limit=50))
        await pilot.press("enter", "9", "backspace", "enter")  # edit, type, take it back, Enter
        await settle(pilot)
        assert table.cell_edit is None and table.cursor_row == 1
        assert len(app.session.audit(limit=50)) == before
        assert app.session.edits == []  # the session dropped the edit too


def test_table_keys_never_hide_an_app_or_screen_key():
    """A focused table's own keys win over the app's and the screen's: none may take one of theirs."""
    from textual.binding import Binding

    from sydnarke_tui.tui.app import SydnarkeApp
    from sydnarke_tui.tui.screens import MODES

    def keys(bindings) -> set[str]:
        return {k.strip() for b in bindings if isinstance(b, Binding) for k in b.key.split(",")}

    table = keys(LedgerTable.BINDINGS)
    others = keys(SydnarkeApp.BINDINGS)
    for screen in MODES.values():
        others |= keys(screen.BINDINGS)
    assert table & others == set()


async def test_the_line_under_the_table_follows_a_saved_name(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await _open(pilot, "f3", "goals-table")
        await pilot.press("enter", "ctrl+u", *"[red]Nytt namn", "enter")
        await settle(pilot)
        assert table.cell_text(table.current_key(), "name") == "[red]Nytt namn"
        assert panel(app, "goals-table-note").strip() == "[red]Nytt namn"
