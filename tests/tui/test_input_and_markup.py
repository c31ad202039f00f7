"""Every class of bad input in the forms, and markup-like user text on every screen."""

from __future__ import annotations

import pytest

from .conftest import make_app
from .helpers import screen_text, settle, tab_to

# (screen key, rows down, field, typed text, expected start of the message)
BAD_INPUT = [
    ("f3", 1, "outcome", "7x", "'7x' är inte ett tal"),
    ("f3", 1, "outcome", "1,2,3", "'1,2,3' är inte ett tal"),
    ("f3", 1, "target", "hög", "'hög' är inte ett tal"),
    ("f3", 1, "comparison", "~", "'~' är ingen jämförelse"),
    ("f3", 1, "partly", "150", "'150': ange ett heltal 0–100"),
    ("f3", 1, "partly", "7,5", "'7,5': ange ett heltal 0–100"),
    ("f3", 1, "formula", "exp", "'exp': ange linjär eller kvot"),
    ("f3", 1, "manual", "bra", "'bra': ange uppnådd, delvis"),
    ("f3", 1, "name", "", "Namnet får inte vara tomt"),
    ("f3", 0, "title", "", "Målet får inte vara tomt"),
    ("f4", 2, "outcome", "12 34 5", "'12 34 5' är inte ett belopp"),
    ("f4", 2, "budget", "abc", "'abc' är inte ett belopp"),
    ("f4", 2, "budget", "5 kg", "'5 kg' är inte ett belopp"),
    ("f4", 2, "kind", "skatt", "'skatt': ange intäkt eller kostnad"),
    ("f4", 2, "label", "", "Radens namn får inte vara tomt"),
    ("f5", 0, "municipality", "Örebro", "'Örebro' är ingen medlem"),
    ("f5", 0, "outcome", "1.2.3", "'1.2.3' är inte ett belopp"),
    ("f6", 0, "share", "-5", "'-5': en andel anges 0–100 %"),
    ("f6", 0, "share", "fem", "'fem' är inte ett tal"),
    ("f6", 0, "base", "1,5", "'1,5': ange ett heltal ≥ 0"),
    ("f6", 0, "basis", "procent", "'procent': ange andelar eller underlag"),
    ("f6", 0, "municipality", "", "Kommunens namn får inte vara tomt"),
]


@pytest.mark.parametrize("screen,rows,field,text,message", BAD_INPUT,
                         ids=[f"{b[0]}-{b[2]}-{b[3] or 'empty'}" for b in BAD_INPUT])
async def test_bad_input_is_shown_and_never_saved(store, screen, rows, field, text, message):
    before_version = store.data_version()
    audit_before = len(store.audit())
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(screen)
        await settle(pilot)
        for _ in range(rows):
            await pilot.press("down")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await tab_to(pilot, field)
        await pilot.press("ctrl+e", "ctrl+u", *text)
        await pilot.pause()
        shown = screen_text(app)
        err = app.screen.query_one(f"#field-{field} .field-error")
        content = err.content
        assert message in getattr(content, "plain", str(content))
        assert message[:12] in shown  # visible on the screen, under the field
        assert "✱" in shown
        await pilot.press("enter")  # refused
        await settle(pilot)
        assert len(store.audit()) == audit_before
        await pilot.press("escape")  # back to the saved value
        await settle(pilot)
        assert "✱" not in screen_text(app)
    assert len(store.audit()) == audit_before
    assert store.data_version() == before_version


WEIRD = {
    "goal": "[red]mål[/red]",
    "indicator": "[/",
    "operating": "[b",
    "investment": "\x1b[31mröd",
    "member": "[bold]Kommun",
}


async def test_markup_like_names_shown_literally_everywhere(store):
    model = store.load_year(2019)
    store.set_field("goal", model.goals[0].id, "title", WEIRD["goal"])
    store.set_field("indicator", model.goals[0].indicators[0].id, "name", WEIRD["indicator"])
    store.set_field("operating", model.operating[0].id, "label", WEIRD["operating"])
    store.set_field("investment", model.investments[0].id, "label", WEIRD["investment"])
    store.set_field("member", model.key.members[0].id, "municipality", WEIRD["member"])
    store.set_field("year", 2019, "organisation", "[i]Org[/i] \\")
    app = make_app(store)
    expected = {
        "f2": [WEIRD["goal"], WEIRD["member"], "[i]Org[/i] \\"],
        "f3": [WEIRD["goal"], WEIRD["indicator"]],
        "f4": [WEIRD["operating"], WEIRD["member"]],
        "f5": ["\\x1b[31mröd", "[bold]Kom"],
        "f6": [WEIRD["member"]],
        "f8": ["\\x1b[31mröd"],
    }
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        for key, needles in expected.items():
            await pilot.press(key)
            await settle(pilot)
            text = screen_text(app)
            for n in needles:
                assert n in text, (key, n)
        await pilot.press("f8", *["down"] * 5)  # the goal title change, shown in the detail pane
        await settle(pilot)
        assert f"Nytt:    {WEIRD['goal']}" in screen_text(app)
        # a notification carrying user text (undo of a label change)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.press("ctrl+e", "ctrl+u", *"[red]ny", "enter")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        msgs = [str(n.message) for n in app._notifications]
        assert any("[red]ny" in m for m in msgs)
        assert WEIRD["operating"] in screen_text(app)
        # the form field shows it literally too
        assert app.screen.query_one("#input-label").value == WEIRD["operating"]
        await pilot.press("f7")
        await settle(pilot)
        assert screen_text(app)
