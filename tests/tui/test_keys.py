"""Keys in the order typed (issue 8): the textual#6605 workaround and the key gate.

The keys are posted to the app all at once, as a terminal read delivers a
burst; Pilot.press would wait between keys and never see the bug.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual import events
from textual.app import App
from textual.widgets import Input

from sydnarke_tui.tui.keys import OrderedInput
from sydnarke_tui.tui.notes import OrderedTextArea

from .conftest import make_app
from .helpers import settle

BURST = [("b", "b"), ("a", "a"), ("backspace", None), ("c", "c"), ("home", None), ("x", "x"),
         ("end", None), ("ctrl+w", None), ("d", "d")]


def post_burst(app: App, keys) -> None:
    for key, char in keys:
        app.post_message(events.Key(key, char))


class OneWidget(App):
    def __init__(self, make) -> None:
        super().__init__()
        self.make = make

    def compose(self):
        self.widget = self.make()
        yield self.widget


async def typed(make, keys=BURST) -> str:
    app = OneWidget(make)
    async with app.run_test() as pilot:
        widget = app.widget
        widget.focus()
        await pilot.pause()
        post_burst(app, keys)
        await pilot.pause(0.2)
        return widget.value if isinstance(widget, Input) else widget.text


async def test_upstream_6605_still_open():
    """Fails once Textual runs an Input's own bindings in order (textual#6605 / PR #6631).

    Then OrderedEditing in sydnarke_tui/tui/keys.py is no longer needed: delete it
    (and this test); OrderedInput/OrderedTextArea keep only the visible rendering.
    """
    result = await typed(Input)
    assert result != "xd", ("Textual now applies a burst in order (textual#6605 fixed): "
                            "delete OrderedEditing in sydnarke_tui/tui/keys.py")


async def test_ordered_input_applies_a_burst_as_typed_slowly():
    # b a ⌫ c -> "bc"; Home x -> "xbc"; End, Ctrl+W deletes the word "xbc"; d -> "d"
    assert await typed(OrderedInput) == "d"
    keys = [("ctrl+u", None), *[(c, c) for c in "4711"], ("backspace", None), ("backspace", None),
            ("9", "9"), ("9", "9"), ("5", "5"), ("backspace", None), ("6", "6")]
    assert await typed(lambda: OrderedInput(value="10 381,7"), keys) == "47996"


async def test_ordered_text_area_applies_a_burst_as_typed_slowly():
    keys = [("b", "b"), ("a", "a"), ("backspace", None), ("c", "c"), ("enter", None), ("x", "x"),
            ("left", None), ("backspace", None), ("y", "y")]
    # b a ⌫ c ⏎ x ← ⌫(joins the lines) y -> "bcyx"
    assert await typed(OrderedTextArea, keys) == "bcyx"


async def test_typeahead_reaches_the_field_the_tabs_reach(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        post_burst(app, [("down", None), ("down", None), ("enter", None), ("tab", None), ("tab", None),
                         ("tab", None), ("5", "5")])
        await app.keys_settled()
        await settle(pilot)
        assert app.screen.query_one("#input-outcome").value == "10 381,75"
        assert app.screen.query_one("#input-label").value == "Personalkostnader"


async def test_keys_typed_while_a_dialog_opens_go_to_its_input(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        post_burst(app, [("n", "n"), *[(c, c) for c in "Ny rad"], ("backspace", None), ("D", "D")])
        await app.keys_settled()
        await settle(pilot)
        assert app.screen.query_one("#prompt-input").value == "Ny raD"


async def test_only_a_key_that_may_move_the_focus_holds_the_next(store):
    """KeyGate: text typed into the focused field never waits behind itself; Tab (it moves the focus)
    holds the keys after it until its work is done, and they then land in the field it reached."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drift_field(pilot, 3)  # Utfall Helår, emptied
        gate = app._gate()
        post_burst(app, [(c, c) for c in "12"])
        await pilot.pause()
        assert gate.settling is None and not gate.held
        post_burst(app, [("tab", None), ("x", "x"), ("y", "y")])
        await pilot.pause(0)
        assert gate.held or gate.passing or gate.settling is not None  # Tab's work not yet done
        await app.keys_settled()
        await settle(pilot)
        assert app.screen.query_one("#input-outcome").value == "12"
        assert app.screen.query_one("#input-comment").value.endswith("xy")


async def test_palette_lists_the_screen_keys_not_in_its_palette(store):
    app = make_app(store, keymap={"log.reload": "ctrl+l,f5"})
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f8")
        await settle(pilot)
        titles = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert titles["Logg: Uppdatera"] == "ctrl+l, f5"
        assert titles["Period: nästa"] == "ctrl+r, f11"
        assert "Gå till Driftredovisning" in titles


async def test_a_no_break_space_is_kept():
    keys = [("1", "1"), ("non_breaking_space", "\u00a0"), *[(c, c) for c in "417,5"]]
    assert await typed(OrderedInput, keys) == "1\u00a0417,5"
    assert await typed(OrderedTextArea, keys) == "1\u00a0417,5"


def parsed(data: str) -> list[str]:
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    tokens = [*parser.feed(data), *parser.feed("")]
    return [t.key for t in tokens if isinstance(t, events.Key)]


def test_esc_and_a_key_in_one_read_are_esc_then_the_key():
    """Textual reads ESC + key in one read as Alt+key; the app makes it Esc, then the key (issue 15)."""
    from sydnarke_tui.tui.keys import esc_is_esc

    esc_is_esc()
    assert parsed("24\x1b6\x7f") == ["2", "4", "escape", "6", "backspace"]  # was § (Alt+6)
    assert parsed("\x1b\x7f\x7f") == ["escape", "backspace", "backspace"]  # was Ctrl+W
    assert parsed("\x1b\r5") == ["escape", "enter", "5"]  # the Esc was lost
    assert parsed("\x1bq") == ["escape", "q"]  # was alt+q
    assert parsed("\x1bä\x1bA") == ["escape", "ä", "escape", "A"]
    assert parsed("\x1b\r" + "1" * 40)[:3] == ["escape", "enter", "1"]  # was ^ + enter after 32 characters
    # The terminal's own sequences are untouched
    assert parsed("\x1b[A\x1bOP\x1b\x1b[C\x1b\x1b") == ["up", "f1", "escape", "right", "escape", "escape"]
    assert parsed("\x1b\t") == ["shift+tab"]  # the Linux console's Shift+Tab


def test_esc_inside_a_sequence_that_is_none_stays_esc():
    """Esc, then `[` and text: Textual gives the sequence up and typed each Esc in it as `^`."""
    from sydnarke_tui.tui.keys import esc_is_esc

    esc_is_esc()
    assert parsed("\x1b[" + "x" * 40)[:3] == ["escape", "left_square_bracket", "x"]  # was ^ after 32 characters
    assert parsed("\x1b[1]\x1b5") == ["escape", "left_square_bracket", "1", "right_square_bracket", "escape", "5"]
    assert parsed("\x1b[1;\x1b") == ["escape", "left_square_bracket", "1", "semicolon", "escape"]
    assert parsed("2^\x1b[x\x1b^") == ["2", "circumflex_accent", "escape", "left_square_bracket", "x", "escape",
                                         "circumflex_accent"]  # a typed ^ stays ^


PASTE_TEXT = st.text(alphabet="ab[]~0129;\x1bÖ\u202e", max_size=30).filter(lambda t: "\x1b[201~" not in t)


def chunked(data: str, cuts: list[int]) -> list[str]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    return [data[a:b] for a, b in zip([0, *points], [*points, len(data)]) if a < b]


@given(st.text(alphabet="xy", max_size=3), PASTE_TEXT, st.text(alphabet="xy5", max_size=3),
       st.lists(st.integers(0, 60), max_size=8))
def test_a_paste_holding_esc_is_one_paste_in_order_however_the_reads_split(before, text, after, cuts):
    """An ESC inside a bracketed paste (colour codes copied from a terminal): Textual ended the paste
    there and typed the rest as keys ahead of it, each ESC a `^` (with the app's Esc fix: an Esc). With
    PasteEscapes the paste is one Paste of all its text, ESC shown as ␛, the keys around it as typed,
    however the terminal's reads cut the bytes."""
    from textual._xterm_parser import XTermParser

    from sydnarke_tui.tui.keys import ESC_SHOWN, esc_is_esc

    esc_is_esc()
    parser = XTermParser()
    tokens = [t for part in chunked(f"{before}\x1b[200~{text}\x1b[201~{after}", cuts) for t in parser.feed(part)]
    tokens += list(parser.feed(""))
    keys = [t.character for t in tokens if isinstance(t, events.Key)]
    pastes = [t.text for t in tokens if isinstance(t, events.Paste)]
    assert pastes == [text.replace("\x1b", ESC_SHOWN)]
    assert "".join(keys) == before + after
    i = next(i for i, t in enumerate(tokens) if isinstance(t, events.Paste))
    assert "".join(t.character for t in tokens[:i]) == before  # the keys before it come first


@given(st.text(alphabet="ab\x1b[0~2;", max_size=40), st.lists(st.integers(0, 60), max_size=8))
def test_input_outside_a_paste_goes_to_textual_as_read(data, cuts):
    from sydnarke_tui.tui.keys import PasteEscapes

    state = PasteEscapes()
    assert [state.take(part) for part in chunked(data, cuts)] == chunked(data, cuts)


def test_an_error_in_paste_escapes_sends_the_reads_as_they_came(monkeypatch):
    from sydnarke_tui.tui import keys

    monkeypatch.setattr(keys, "_paste_errors", [])

    class Parser:
        pass

    parser = Parser()
    assert keys._paste_escapes(parser, "\x1b[200~a\x1b[20") == "\x1b[200~a"  # the tail may be the end marker

    def broken(data: str) -> str:
        raise RuntimeError("a Textual change broke PasteEscapes")

    monkeypatch.setattr(parser.__dict__["_sydnarke_paste"], "take", broken)
    assert keys._paste_escapes(parser, "1~b") == "\x1b[201~b"  # what was held is not lost
    assert keys._paste_escapes(parser, "\x1bc") == "\x1bc"
    assert len(keys._paste_errors) == 1


def count_live(app) -> list[str]:
    """Texts the session's per-key entry (Session.live) got, in order."""
    seen: list[str] = []
    live = app.session.live

    def counted(edit, text):
        seen.append(text)
        return live(edit, text)

    app.session.live = counted
    return seen


async def open_drift_field(pilot, tabs: int) -> None:
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("down", "down", "enter", *["tab"] * tabs, "ctrl+u")
    await settle(pilot)


async def test_a_burst_into_a_field_is_one_edit_in_order(store):
    """Characters and Backspaces arriving together: applied at once, in order, one recompute (issue 15)."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drift_field(pilot, 3)  # Utfall Helår
        seen = count_live(app)
        post_burst(app, [*[(c, c) for c in "12x"], ("backspace", None), ("non_breaking_space", "\u00a0"),
                         *[(c, c) for c in "417,5"]])
        await app.keys_settled()
        await settle(pilot)
        assert app.screen.query_one("#input-outcome").value == "12\u00a0417,5"
        assert seen == ["12\u00a0417,5"]
        assert "12 418" in app.screen.query_one("#op-table").render_line(3).text  # the figures followed
        assert not app.session.invalid


async def test_a_burst_into_a_cell_is_applied_in_order(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("down", "down")
        seen = count_live(app)
        post_burst(app, [*[(c, c) for c in "98x"], ("backspace", None), ("backspace", None), *[(c, c) for c in "76"]])
        await app.keys_settled()
        await settle(pilot)
        table = app.screen.query_one("#op-table")
        assert table.cell_edit is not None and table.cell_edit.text == "976"
        assert seen[-1] == "976" and len(seen) <= 2  # the first digit opens the cell, the rest go in at once


async def test_typing_a_comment_recomputes_no_figure(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_drift_field(pilot, 4)  # Kommentar
        computed = app.session.computed
        calls: list[int] = []
        recompute = app.session.recompute
        app.session.recompute = lambda *a, **k: (calls.append(1), recompute(*a, **k))[1]
        post_burst(app, [(c, c) for c in "Vakanser"])
        await app.keys_settled()
        await settle(pilot)
        await pilot.press("x", "backspace", "escape")  # typed one at a time, then put back
        await settle(pilot)
        assert calls == [] and app.session.computed is computed
        assert app.screen.query_one("#input-comment").value.startswith("Vakanserna påverkar")


async def test_a_burst_keeps_an_inputs_length_limit_per_character():
    """Input refuses a whole insert that breaks max_length; a burst must stop where typing would."""
    app = OneWidget(lambda: OrderedInput(max_length=4))
    async with app.run_test() as pilot:
        app.widget.focus()
        await pilot.pause()
        await app.widget.apply_burst([events.Key(c, c) for c in "123456"])
        assert app.widget.value == "1234"


async def test_a_burst_or_paste_into_an_empty_field_shows_its_end():
    """Textual does not scroll on an Input's first change: a 50-character burst showed its head."""
    text = "Lönerna steg mer än budgeterat; tre vakanser fyllt"
    for how in ("burst", "paste"):
        app = OneWidget(lambda: OrderedInput(value=""))
        async with app.run_test(size=(30, 5)) as pilot:
            app.widget.focus()
            await pilot.pause()
            if how == "burst":
                await app.widget.apply_burst([events.Key(c, c) for c in text])
            else:
                app.widget.post_message(events.Paste(text))
            await pilot.pause(0.1)
            widget = app.widget
            # the cursor (after the last character) is within the visible width
            assert widget.scroll_x + widget.scrollable_content_region.width > len(text), (how, widget.scroll_x)


async def test_the_text_area_cursor_sits_where_the_shown_text_puts_it():
    """A ZWJ emoji is 2 cells to Rich but shown as 5 characters (👨⬚👩⬚👧): the cursor, the wrap and the
    scroll width are measured on the shown line, and the text itself is kept as typed."""
    from rich.cells import cell_len

    from sydnarke_tui.core.text import visible

    family = "a👨\u200d👩\u200d👧b\u202ec"
    app = OneWidget(lambda: OrderedTextArea(family + "\nrad två", soft_wrap=True))
    async with app.run_test(size=(40, 6)) as pilot:
        area = app.widget
        area.focus()
        area.move_cursor((0, len(family)))
        await pilot.pause()
        shown = visible(family)
        x = area.cursor_screen_offset.x - area.content_region.x + area.scroll_offset.x
        assert x == cell_len(shown)  # at the end of what is drawn
        drawn = "".join(s.text for s in area.render_line(0))
        assert drawn.rstrip().endswith(shown)
        await pilot.press("left", "left", "x")  # typed between b and the override: the text, not the picture
        assert area.text == "a👨\u200d👩\u200d👧bx\u202ec\nrad två"
        area.select_all()
        assert area.selected_text == area.text
