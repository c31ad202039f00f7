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
