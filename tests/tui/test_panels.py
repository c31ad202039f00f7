"""Panels and tables with long, wrapped, multi-line and empty text at every size (issue 8)."""

from __future__ import annotations

import pytest
from rich.text import Text
from textual.app import App

from sydnarke_tui.tui.widgets import LinePanel

from .conftest import make_app
from .helpers import settle
from .textdump import screen_text

TEXTS = [
    "kort",
    "✱ ogiltigt: senaste giltiga visas " * 4,
    "rad ett\nrad två\n\nrad fyra " + "lång " * 40,
    "",
    "a\nb",
    "\n\n\n",
    "ett ord" * 60,
]


class PanelApp(App):
    def compose(self):
        yield LinePanel(id="p")


@pytest.mark.parametrize("size", [(60, 15), (80, 24), (200, 60)])
async def test_line_panel_survives_quick_reshows(size):
    app = PanelApp()
    async with app.run_test(size=size) as pilot:
        panel = app.query_one(LinePanel)
        for _ in range(3):
            for t in TEXTS:  # no await between: removals are still pending on the next show
                panel.show(Text(t))
        await pilot.pause()
        panel.show(Text(TEXTS[2]))
        await pilot.pause()
        shown = [panel.render_line(y).text.rstrip() for y in range(panel.size.height)]
        assert shown[:2] == ["rad ett", "rad två"]
        assert len(shown) == len(panel._lines) and shown[-1] != ""  # as many rows as lines, no stale row


LONG = "Mycket långt namn " * 8


@pytest.mark.parametrize("size", [(60, 15), (200, 60)])
async def test_every_screen_with_long_and_multiline_text(store, size):
    m = store.load_year(2019)
    store.set_field("operating", m.operating[0].id, "label", "Rad\nmed\nradbrytningar " + LONG)
    store.set_field("operating", m.operating[0].id, "comment", "", period="helar")
    store.set_field("operating", m.operating[1].id, "comment", "x\ny\n" + LONG, period="helar")
    store.set_field("investment", m.investments[0].id, "label", LONG + "\nslut")
    store.set_field("goal", m.goals[0].id, "title", "Mål\n" + LONG)
    store.set_field("indicator", m.goals[0].indicators[0].id, "name", "")
    store.set_field("member", m.key.members[0].id, "municipality", "Kommun\nmed radbrytning")
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for key in ("f2", "f3", "f4", "f5", "f6", "f7", "f8", "8"):
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("down", "enter", "tab", "tab", "tab", "1", "backspace", "escape", "escape")
        assert not app.crashed


async def test_a_row_out_of_view_shows_its_new_figure_once_scrolled_to(store):
    """Drift's split at 80×24 runs below the panel's fold: scrolled to, its rows show the figures
    the keystroke made (tui/widgets.py LineRows)."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("down", "down", "enter", "tab", "tab", "tab", "ctrl+u", "9")
        await settle(pilot)
        split = app.screen.query_one("#op-split", LinePanel)
        expected = next(ln for ln in split.plain.splitlines() if ln.startswith("Lekeberg")).rstrip()
        assert expected not in screen_text(app)  # below the fold
        app.screen.query_one("#op-panel").scroll_end(animate=False)
        await settle(pilot)
        assert expected in screen_text(app)


async def test_an_error_line_under_a_field_leaves_the_table_alone(store, monkeypatch):
    """The error line showing makes Textual lay the screen out twice; the table's sizes do not change,
    so its scrollbar is not drawn again (LedgerTable._size_updated)."""
    from textual.scrollbar import ScrollBar

    redrawn: list[str] = []
    refresh = ScrollBar.refresh

    def counted(self, *args, **kwargs):
        redrawn.append(getattr(self.parent, "id", None))
        return refresh(self, *args, **kwargs)

    monkeypatch.setattr(ScrollBar, "refresh", counted)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("down", "down", "enter", "tab", "tab", "tab", "ctrl+u")
        await settle(pilot)
        redrawn.clear()
        await pilot.press(*"12345678901234567890")  # too large: the error line shows
        await settle(pilot)
        assert "för stort" in screen_text(app)
        assert "op-table" not in redrawn
        await pilot.resize_terminal(100, 30)  # a real change still reaches it
        await settle(pilot)
        assert "op-table" in redrawn
