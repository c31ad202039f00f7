"""Legible everywhere (issue 15, Done-when 3): every cell showing a digit, and all other text, has a
contrast of at least 4.5:1 in the default theme, the ANSI theme (xterm's palette, on a black and on a
white terminal) and under NO_COLOR; focus stays visible in each.

Each screen is rendered through Pilot and read from the compositor's strips after Textual's filters,
i.e. the styles the terminal gets (tests/tui/contrast.py computes WCAG contrast per cell).
"""

from __future__ import annotations

import pytest

from sydnarke_tui.tui.widgets import Field

from .conftest import make_app
from .contrast import DARK, LIGHT, cell_contrast, low_contrast, screen_cells
from .helpers import settle

# Översikt, Mål, Drift, Investeringar, Fördelning, Kontroll, Logg at full year; then other styles: the
# cursor on a deficit (reversed), the form, and an interim period (a forecast that is the budget, muted).
VIEWS = [
    ("helar", "oversikt", ["f2"]), ("helar", "mal", ["f3", "home", "down"]), ("helar", "drift", ["f4", "home"]),
    ("helar", "invest", ["f5", "home"]), ("helar", "fordelning", ["f6"]), ("helar", "kontroll", ["f7"]),
    ("helar", "logg", ["f8"]), ("helar", "drift_deficit", ["f4", "home", "down", "down", "down", "down"]),
    ("helar", "drift_form", ["f4", "home", "f"]), ("t1", "drift_t1", ["f4", "home"]),
    ("t1", "mal_t1", ["f3", "home", "down"]), ("t1", "oversikt_t1", ["f2"]),
    ("helar", "berattelse", ["8"]),
]
# Dialogs over a screen: their own cells (what lies behind is dimmed on purpose, not there to be read).
DIALOGS = [("hjalp", ["f1"]), ("export", ["e"]), ("import", ["i"]), ("nytt_ar", ["N"]),
           ("kommandon", ["ctrl+p"])]
MODES = {  # theme, NO_COLOR, the terminals whose own colours can show
    "default": ("textual-dark", False, [DARK]),
    "ansi": ("ansi", False, [DARK, LIGHT]),
    "no_color": ("auto", True, [DARK, LIGHT]),
}


def _app_in(mode: str, store, monkeypatch):
    """The app in one of MODES, and the terminals whose own colours can show in it."""
    theme, no_color, terminals = MODES[mode]
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    return make_app(store, theme=theme), terminals


async def show(pilot, period: str, keys: list[str]) -> None:
    """Leave any form, step to the period (Ctrl+R goes round them), then the keys."""
    app = pilot.app
    await pilot.press("escape", "f2")
    for _ in range(len(app.session.model.periods)):
        if app.session.period_code == period:
            break
        await pilot.press("ctrl+r")
    await pilot.press(*keys)
    await settle(pilot)
    assert app.session.period_code == period


@pytest.mark.parametrize("mode", list(MODES))
async def test_every_figure_and_word_keeps_4_5_to_1(store, monkeypatch, mode):
    app, terminals = _app_in(mode, store, monkeypatch)
    found: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for period, name, keys in VIEWS:
            await show(pilot, period, keys)
            assert any(c.char.isdigit() for c in screen_cells(app)), f"{name}: no figures on screen"
            for term in terminals:
                found += [f"{mode} {name} {term.name}: {x}" for x in low_contrast(app, term, digits_only=False)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("mode", list(MODES))
async def test_every_word_in_a_dialog_keeps_4_5_to_1(store, monkeypatch, mode):
    app, terminals = _app_in(mode, store, monkeypatch)
    found: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for name, keys in DIALOGS:
            await pilot.press("f2", *keys)
            await settle(pilot)
            dialog = app.screen
            assert dialog.is_modal or name == "kommandon", f"{name}: {dialog} is not a dialog"
            box = max((w.region for w in dialog.query("*") if w.display and w.parent is not None
                       and w.region.area < dialog.region.area), key=lambda r: r.area)
            assert box.area > 0, name
            for term in terminals:
                found += [f"{mode} {name} {term.name}: {x}"
                          for x in low_contrast(app, term, digits_only=False, region=box)]
            await pilot.press("escape")
            await settle(pilot)
    assert not found, "\n".join(found)


def _row(app, needle: str) -> list:
    """The cells of the screen row holding `needle`."""
    rows: dict[int, list] = {}
    for c in screen_cells(app):
        rows.setdefault(c.y, []).append(c)
    return next(r for r in rows.values() if needle in "".join(c.char for c in r))


async def test_no_colour_sends_attributes_only(store, monkeypatch):
    """NO_COLOR: not a colour (nor faint) in any cell; a deficit is bold, with its minus sign."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(store, theme="auto")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in ("f2", "f3", "f4", "f5", "f6", "f7", "f8"):
            await pilot.press(key)
            await settle(pilot)
            styled = [c for c in screen_cells(app) if c.style is not None]
            assert not [c for c in styled if c.style.color or c.style.bgcolor or c.style.dim], key
        await pilot.press("f4")
        await settle(pilot)
        row = _row(app, "Databehandling")
        text = "".join(c.char for c in row)
        at = text.index("-1 717", text.index("6 967") + 5)  # the deviation, not a figure before it
        assert all(c.style is not None and c.style.bold for c in row[at:at + 6] if not c.char.isspace())


def _focus_marked(app) -> bool:
    """Some cell of the focused widget (or of its form field) is reversed or underlined."""
    focused = app.focused
    if focused is None:
        return False
    box = next((a for a in focused.ancestors_with_self if isinstance(a, Field)), focused).region
    return any(box.contains(c.x, c.y) and c.style is not None and (c.style.reverse or c.style.underline)
               for c in screen_cells(app))


@pytest.mark.parametrize("mode", list(MODES))
async def test_focus_shows_in_every_theme(store, monkeypatch, mode):
    app, terminals = _app_in(mode, store, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for keys in (["f3"], ["f4"], ["f5"], ["f6"], ["f7"], ["f8"], ["f4", "f"], ["f4", "home", "enter"]):
            await show(pilot, "helar", keys)
            assert _focus_marked(app), f"{mode} {keys}: focus on {app.focused} not visible"
            cells = [c for c in screen_cells(app) if c.style is not None and c.style.reverse and c.char.isdigit()]
            assert all(cell_contrast(c.style, t) >= 4.5 for c in cells for t in terminals)


async def test_a_theme_chosen_while_running_redraws_the_figures_in_its_palette(store):
    """The palette follows the theme (Ctrl+P → Tema): the screen shown and the next one are drawn again."""
    app = make_app(store, theme="textual-dark")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")  # seen once in the old theme
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        app.theme = "ansi-dark"
        await settle(pilot)
        for key in ("f4", "f5"):
            await pilot.press(key)
            await settle(pilot)
            assert not low_contrast(app, DARK, digits_only=False) and not low_contrast(app, LIGHT, digits_only=False)
