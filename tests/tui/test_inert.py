"""User text is inert (issue 8): visible control characters, stored text unchanged."""

from __future__ import annotations

from sydnarke_tui.core.text import visible

from .conftest import make_app
from .helpers import open_row, settle
from .textdump import screen_text

HOSTILE = "A\x1b]0;PWN\x07B\x1b[2J\x9bC\x7f"


def test_visible_maps_each_control_character_to_one_character():
    assert visible(HOSTILE) == "A␛]0;PWN␇B␛[2J\ufffdC␡"
    assert len(visible(HOSTILE)) == len(HOSTILE)
    assert visible("a\nb\tc") == "a\nb\tc" and visible("a\nb\tc", keep_newlines=False) == "a␊b␉c"


async def test_toasts_and_form_fields_show_control_characters_visibly(store):
    line = store.load_year(2019).operating[0]
    store.set_field("operating", line.id, "label", HOSTILE)
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.notify(f"Sparat {HOSTILE}")
        await open_row(pilot, "f4", 0)
        assert app.screen.query_one("#input-label").value == HOSTILE  # the stored text, unchanged
        text = screen_text(app)
        assert "A␛]0;PWN␇B␛[2J" in text  # the form field
        assert "\x1b" not in text and "\x07" not in text
        assert "Sparat A␛]0;PWN␇" in " ".join(str(n.message) for n in app._notifications)
    assert store.load_year(2019).operating[0].label == HOSTILE


def test_the_last_guard_keeps_each_grapheme_in_its_cells():
    """A segment that reaches the terminal unescaped keeps Rich's width grapheme by grapheme: what follows
    a ZWJ family (2 cells to Rich, 5 characters made visible) is neither cut off nor moved."""
    from hypothesis import given, strategies as st
    from rich.cells import cell_len

    from sydnarke_tui.tui.inert import _inert

    odd = st.sampled_from(["👨\u200d👩\u200d👧", "🇸🇪", "\u202e", "\u200b", "\u2060", "👍🏽", "e\u0301", "\x1b", "\ufe0f",
                           "漢", "\U000f0000"])

    @given(st.lists(st.tuples(odd, st.text("abc 1-9", min_size=1, max_size=3)), max_size=6))
    def check(parts):
        text = "".join(a + b for a, b in parts)
        made = _inert(text)
        assert cell_len(made) == cell_len(text)
        assert visible(made, keep_newlines=False) == made  # nothing left that a terminal measures otherwise
        if parts:
            assert made.endswith(parts[-1][1])  # the plain text after the last odd grapheme is all there

    check()
