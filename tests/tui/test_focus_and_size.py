"""Visible focus (markers and attributes that survive 16 colours and NO_COLOR) and small terminals."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from sydnarke_tui.tui.screens import MODE_INFO
from sydnarke_tui.tui.screens.size import MIN_HEIGHT, MIN_WIDTH
from sydnarke_tui.tui.tabbar import fit_tabs
from sydnarke_tui.tui.notes import NoteField
from sydnarke_tui.tui.widgets import Field

from .conftest import make_app
from .helpers import open_row, screen_text, settle, tab_to


def rendered_lines(app) -> list[list]:
    """The screen's segments per line after the app's filters (NO_COLOR's monochrome among them)."""
    lines = []
    for strip in app.screen._compositor.render_strips():
        for f in app._filters:
            strip = strip.apply_filter(f, app.screen.styles.background)
        lines.append(list(strip))
    return lines


def line_with(app, text: str) -> list:
    for segs in rendered_lines(app):
        if text in "".join(s.text for s in segs):
            return segs
    raise AssertionError(f"{text!r} not on screen:\n{screen_text(app)}")


def reversed_text(segs) -> str:
    return "".join(s.text for s in segs if s.style is not None and s.style.reverse)


def focused_field(app) -> Field:
    return next(f for f in app.screen.query(Field) if f.has_focus_within)


# ---------------------------------------------------------------- the focused form field
async def test_focused_field_is_marked_and_only_it(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, "f3", 1)
        await tab_to(pilot, "outcome")
        await settle(pilot)
        field = focused_field(app)
        assert field.spec.key == "outcome"
        marks = {f.spec.key: str(f.query_one(".field-label").render())[0] for f in app.screen.query(Field)}
        assert marks.pop("outcome") == "▶" and set(marks.values()) == {" "}
        text = screen_text(app)
        assert text.count("▶") == 1 and "▶Utfall Helår" in text
        segs = line_with(app, "▶Utfall Helår")
        assert "Utfall Helår" in reversed_text(segs)
        await pilot.press("tab")  # the marker moves with the focus
        await settle(pilot)
        assert "▶Utfall Helår" not in screen_text(app) and screen_text(app).count("▶") == 1


async def test_no_color_keeps_the_marker_reverse_label_and_row_cursor(store, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")  # Textual reads it when the App is made
    app = make_app(store, theme="ansi")
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "down")
        await settle(pilot)
        row = line_with(app, "Öka andelen ak")  # the table row (its whole name is on the line under it)
        assert "Öka andelen ak" in reversed_text(row)  # the focused row reads without colour
        await pilot.press("enter")
        await tab_to(pilot, "outcome")
        await settle(pilot)
        segs = line_with(app, "▶Utfall Helår")
        assert "Utfall Helår" in reversed_text(segs)
        row = line_with(app, "Öka andelen ak")  # the table left: its row keeps an underline
        assert any(s.style is not None and s.style.underline for s in row if "Öka" in s.text)


async def test_16_colours_row_being_edited_and_field_are_marked(store):
    """The ANSI theme (16 colours) draws a blurred table cursor in no colour: the row is underlined instead."""
    app = make_app(store, theme="ansi")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, "f3", 1)
        await settle(pilot)
        assert app.theme == "ansi-dark"
        row = line_with(app, "Öka andelen ak")
        assert any(s.style is not None and s.style.underline for s in row if "Öka" in s.text)
        assert "Indikator" in reversed_text(line_with(app, "▶Indikator"))


async def test_narrative_editor_head_reverses_when_focused(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("8")
        await settle(pilot)
        assert "Verksamhetsberättelse" not in reversed_text(line_with(app, "Verksamhetsberättelse 2019"))
        await pilot.press("w")
        await settle(pilot)
        assert app.screen.query_one(NoteField).has_focus_within
        assert "Verksamhetsberättelse" in reversed_text(line_with(app, "Verksamhetsberättelse 2019"))


# ---------------------------------------------------------------- dialogs
@pytest.mark.parametrize("size", [(80, 24), (60, 15)])
async def test_import_dialog_labels_never_touch_values(store, size):
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("i")
        await settle(pilot)
        text = screen_text(app)
        for label, value in (("Enhet", "tkr"), ("Tecken", "bokföring"), ("Tabell", "automatiskt"),
                             ("Fil", "sökväg")):
            assert label + value not in text
            assert any(f"{label} " in line and value in line.split(label, 1)[1] for line in text.splitlines()), \
                (label, text)
        assert "▶Fil" in text  # the path field has focus
        app.screen.query_one("#import-signs").focus()
        await settle(pilot)
        text = screen_text(app)
        assert "▶Tecken" in text and "▶Fil" not in text
        for button in ("Förhandsgranska (Enter)", "Importera (Ctrl+S)", "Avbryt (Esc)"):
            assert button in text  # no button cut off at the dialog's edge


@pytest.mark.parametrize("keys", [["e"], ["N"], ["f3", "down", "enter", "tab", "7", "ctrl+q"]],
                         ids=["export", "new-year", "quit-question"])
async def test_dialogs_fit_at_60x15(store, keys):
    app = make_app(store)
    async with app.run_test(size=(60, 15)) as pilot:
        for k in keys:
            await pilot.press(k)
            await settle(pilot, 0.02)
        await settle(pilot)
        text = screen_text(app)
        for button in ("Exportera (Enter)", "Skapa (Enter)", "Fortsätt (Esc)", "Avbryt (Esc)"):
            if button.split(" ")[0] in text:
                assert button in text, text
        assert "En relativ sökväg utgår från katalogen där programmet" not in text or "startades." in text


# ---------------------------------------------------------------- Översikt's choosers
async def test_y_and_p_open_their_list(store):
    from sydnarke_tui.tui.screens.dialogs import ChoiceScreen

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        chooser = screen_text(app).splitlines()[2]
        assert "År  2019  y" in chooser and "Period  Helår  p" in chooser, chooser
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen) and "Visa period:" in screen_text(app)
        footer = screen_text(app).splitlines()[-1]
        assert "Avbryt" in footer and "Dismiss" not in footer
        await pilot.press("up", "enter")  # Helår is highlighted: one up is Delår
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceScreen) and app.session.period_code == "delar"
        assert "Period  Delår  p" in screen_text(app).splitlines()[2]
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ChoiceScreen) and "Visa år:" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ChoiceScreen) and app.session.year_no == 2019


# ---------------------------------------------------------------- small terminals
@given(width=st.integers(min_value=16, max_value=200), current=st.integers(min_value=0, max_value=7))
def test_tab_bar_fits_and_shows_the_current_tab(width, current):
    tabs = [(m.keys[0].upper(), m.short, i == current) for i, m in enumerate(MODE_INFO.values())]
    bar = fit_tabs(tabs, width)
    key, name, _ = tabs[current]
    assert bar.cell_len <= width
    assert f"{key} {name}" in bar.plain
    if width >= 80:
        assert all(f"{k} {n}" in bar.plain for k, n, _ in tabs)  # the whole bar
    if width >= 40:
        assert all(k in bar.plain.split() for k, _, _ in tabs)  # every key shown


async def test_tab_bar_at_60_columns_shows_every_screen(store):
    app = make_app(store)
    async with app.run_test(size=(60, 15)) as pilot:
        for mode, m in MODE_INFO.items():
            await pilot.press(m.keys[0])
            await settle(pilot)
            bar = screen_text(app).splitlines()[0]
            assert f"{m.keys[0].upper()} {m.short}" in bar, (mode, bar)
            assert all(o.keys[0].upper() in bar.split() for o in MODE_INFO.values()), bar
            assert len(bar) <= 60


async def test_too_small_says_the_size_needed_and_focus_comes_back(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await settle(pilot)
        table = app.focused
        await pilot.resize_terminal(MIN_WIDTH - 1, MIN_HEIGHT + 5)
        await settle(pilot)
        text = screen_text(app)
        assert f"behöver minst {MIN_WIDTH} × {MIN_HEIGHT}" in text and "Mål / i" not in text
        await pilot.resize_terminal(MIN_WIDTH, MIN_HEIGHT)
        await settle(pilot)
        assert "behöver minst" not in screen_text(app) and "Mål / i" in screen_text(app)
        bar = screen_text(app).splitlines()[0]
        assert "F3 Mål" in bar and len(bar) <= MIN_WIDTH  # the tab bar fitted to the new width
        assert app.focused is table


async def test_overview_split_reachable_at_60x15(store):
    app = make_app(store)
    async with app.run_test(size=(60, 15)) as pilot:
        await settle(pilot)
        assert "Kommun" in screen_text(app) or app.focused is not None
        seen = ""
        for _ in range(12):  # the overview scrolls: the split is below the goals (the charts below it)
            seen += screen_text(app)
            if "Lekeberg" in seen and "Kontroll:" in seen:
                break
            await pilot.press("pagedown")
            await settle(pilot)
        assert "Lekeberg" in seen and "Kontroll:" in seen


async def test_narrative_stacks_at_60_columns_and_wraps_at_words(store):
    app = make_app(store)
    async with app.run_test(size=(60, 15)) as pilot:
        await pilot.press("8")
        await settle(pilot)
        note = app.screen.query_one(NoteField)
        assert note.region.width >= 58  # below the list, the whole width
        text = screen_text(app)
        assert "förändringsarbetet" in text  # a long word, whole
        assert "Verksamhetsberättelse 2019" in text


@pytest.mark.parametrize("size", [(60, 15), (80, 24)])
async def test_invalid_value_note_fits_the_header(store, size):
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await open_row(pilot, "f3", 1)
        await tab_to(pilot, "outcome")
        await pilot.press("ctrl+e", "ctrl+u", "x")
        await settle(pilot)
        context = screen_text(app).splitlines()[1]
        assert "✱ ogiltigt värde" in context and len(context) <= size[0]
        assert ("senaste giltiga visas" in context) == (size[0] >= 80)
