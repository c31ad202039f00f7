"""Moving is cheap (issue 10): a cursor move fills the form in place, the first open renders once.

The counts are the work done, not timings: full recomputes (`session.recompute`
with full=True), Field widgets created, renders of the table.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from sydnarke_tui.tui import widgets
from sydnarke_tui.tui.screens.goals import GoalsScreen
from sydnarke_tui.tui.screens.operating import OperatingScreen
from sydnarke_tui.tui.table import LedgerTable
from sydnarke_tui.tui.widgets import Field, FieldInput

from .conftest import make_app
from .helpers import open_row, settle, tab_to


class Counts:
    """Wraps session.recompute and Field.__init__ to count what a key costs."""

    def __init__(self, app, monkeypatch) -> None:
        self.recomputes: list[bool] = []
        self.fields = 0
        session = app.session
        recompute = session.recompute

        def counted_recompute(full: bool = False) -> None:
            self.recomputes.append(full)
            recompute(full=full)

        monkeypatch.setattr(session, "recompute", counted_recompute)
        init = Field.__init__

        def counted_init(field, *args, **kwargs) -> None:
            self.fields += 1
            init(field, *args, **kwargs)

        monkeypatch.setattr(widgets.Field, "__init__", counted_init)

    def reset(self) -> None:
        self.recomputes.clear()
        self.fields = 0

    @property
    def full(self) -> int:
        return sum(self.recomputes)


def _form(app, form_id: str = "line-form") -> dict[str, str]:
    return {f.spec.key: f.query_one(FieldInput).value for f in app.screen.query_one(f"#{form_id}").query(Field)}


def _expected(app, form_id: str = "line-form") -> dict[str, str]:
    """What the form must show: each field's value in the session, formatted."""
    s = app.session
    return {f.spec.key: f.spec.fmt(s.value(f.spec)) for f in app.screen.query_one(f"#{form_id}").query(Field)}


def _entity_ids(app, form_id: str = "line-form") -> set[int]:
    return {f.spec.entity_id for f in app.screen.query_one(f"#{form_id}").query(Field)}


async def test_down_in_drift_fills_the_form_in_place(store, monkeypatch):
    lines = store.load_year(2019).operating
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        counts = Counts(app, monkeypatch)
        await pilot.press("f4")
        await settle(pilot)
        table = app.screen.query_one("#op-table", LedgerTable)
        assert table.current_key() == f"l:{lines[0].id}"
        assert _entity_ids(app) == {lines[0].id}
        counts.reset()
        for i in (1, 2):
            await pilot.press("down")
            await settle(pilot)
            assert table.current_key() == f"l:{lines[i].id}"
            assert counts.full == 0 and counts.recomputes == []  # nothing recomputed at all
            assert counts.fields == 0  # no Field mounted again
            assert _entity_ids(app) == {lines[i].id}
            form = _form(app)
            assert form == _expected(app)
            assert form["label"] == lines[i].label
        assert app.session.edits == []


async def test_first_open_renders_once_and_a_key_updates_once(store, monkeypatch):
    renders, lives = [], []
    render_full, render_live = OperatingScreen.render_full, OperatingScreen.render_live
    monkeypatch.setattr(OperatingScreen, "render_full", lambda self: (renders.append(1), render_full(self)))
    monkeypatch.setattr(OperatingScreen, "render_live",
                        lambda self, spec: (lives.append(1), render_live(self, spec)))
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert len(renders) == 1
        await tab_to(pilot, "budget")
        await pilot.press("1")
        await settle(pilot)
        assert len(lives) == 1  # the results are watched once, not once per on_mount call
        await pilot.press("escape")
        await settle(pilot)


async def test_heading_subtotal_and_total_rows_show_the_hint_then_a_line_its_fields(store, monkeypatch):
    lines = store.load_year(2019).operating
    store.set_field("operating", lines[0].id, "section", "Politisk verksamhet")
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        counts = Counts(app, monkeypatch)
        await pilot.press("f4")
        await settle(pilot)
        table = app.screen.query_one("#op-table", LedgerTable)
        assert table.current_key() == "s:Politisk verksamhet"
        assert "Välj en rad" in str(app.screen.query_one("#line-form").children[0].render())
        await pilot.press("down")
        await settle(pilot)
        assert _entity_ids(app) == {lines[0].id} and _form(app) == _expected(app)
        counts.reset()
        await pilot.press("down")  # the subtotal: no form
        await settle(pilot)
        assert table.current_key() == "st:Politisk verksamhet"
        assert not _shown_fields(app) and _hint_shown(app)
        await pilot.press("down")  # a line again: the same fields, shown again with its values
        await settle(pilot)
        assert _entity_ids(app) == {lines[1].id} and _form(app) == _expected(app)
        assert counts.full == 0 and counts.fields == 0  # nothing recomputed, no field made
        assert not _hint_shown(app)
        table.move_cursor(row=len(table.keys) - 1)  # Nettoresultat
        await settle(pilot)
        assert table.current_key() == "t:net" and not _shown_fields(app) and _hint_shown(app)


def _shown_fields(app) -> list:
    return [f for f in app.screen.query_one("#line-form").query(Field) if f.display]


def _hint_shown(app) -> bool:
    hints = app.screen.query_one("#line-form").query(".form-hint")
    return bool(hints) and hints.first().display and "Välj en rad" in str(hints.first().render())


async def test_a_typed_value_is_saved_on_leaving_and_the_next_row_shown(store, monkeypatch):
    lines = store.load_year(2019).operating
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_row(pilot, "f4", 0)
        await tab_to(pilot, "budget")
        await pilot.press("ctrl+e", "ctrl+u", *"1234")
        await settle(pilot)
        table = app.screen.query_one("#op-table", LedgerTable)
        table.focus()  # leaving the field commits it (blur), as before
        await pilot.press("down")
        await settle(pilot)
        assert store.load_year(2019).operating[0].budget == 1_234_000
        assert app.session.edits == []
        assert _entity_ids(app) == {lines[1].id} and _form(app) == _expected(app)
        await pilot.press("up")
        await settle(pilot)
        assert _form(app)["budget"] == "1 234"


async def test_an_edit_typed_back_is_dropped_when_the_cursor_moves(store):
    """An edit that changed nothing (typed, then typed back) ends with the move, as before."""
    lines = store.load_year(2019).operating
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await open_row(pilot, "f4", 0)
        await tab_to(pilot, "label")
        await pilot.press("x", "backspace")
        await settle(pilot)
        assert len(app.session.edits) == 1 and not app.session.edits[0].dirty
        table = app.screen.query_one("#op-table", LedgerTable)
        table.focus()
        await pilot.press("down")
        await settle(pilot)
        assert app.session.edits == []
        assert _entity_ids(app) == {lines[1].id} and _form(app) == _expected(app)


@pytest.mark.parametrize("screen_key", ["f5"])
async def test_down_in_investeringar_fills_the_form_in_place(store, monkeypatch, screen_key):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        counts = Counts(app, monkeypatch)
        await pilot.press(screen_key)
        await settle(pilot)
        before = _entity_ids(app)
        counts.reset()
        await pilot.press("down")
        await settle(pilot)
        assert counts.full == 0 and counts.fields == 0
        assert _entity_ids(app) != before and _form(app) == _expected(app)


async def test_mal_rebuilds_between_goal_and_indicator_and_fills_in_place_between_indicators(store, monkeypatch):
    model = store.load_year(2019)
    goal = model.goals[0]
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        counts = Counts(app, monkeypatch)
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.screen, GoalsScreen)
        assert _entity_ids(app, "goal-form") == {goal.id}
        counts.reset()
        await pilot.press("down")  # goal -> its first indicator: another kind, new fields
        await settle(pilot)
        assert _entity_ids(app, "goal-form") == {goal.indicators[0].id}
        assert counts.fields == len(_form(app, "goal-form")) and counts.full == 0
        counts.reset()
        await pilot.press("down")  # indicator -> indicator: in place
        await settle(pilot)
        assert _entity_ids(app, "goal-form") == {goal.indicators[1].id}
        assert counts.fields == 0 and counts.full == 0
        form = _form(app, "goal-form")
        assert form == _expected(app, "goal-form") and form["name"] == goal.indicators[1].name
        # the moved form edits the new row: typing changes it, not the one before
        app.screen.query_one("#goal-form").query(FieldInput).first().focus()
        await tab_to(pilot, "target")
        await pilot.press("ctrl+e", "ctrl+u", *"42", "enter")
        await settle(pilot)
        y = store.load_year(2019)
        assert y.goals[0].indicators[1].target == Decimal(42)
        assert y.goals[0].indicators[0].target == model.goals[0].indicators[0].target


async def test_enter_on_a_total_row_leaves_the_hidden_fields_alone(store):
    app = make_app(store)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        table = app.screen.query_one("#op-table", LedgerTable)
        await pilot.press("G")  # Nettoresultat
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is table


async def test_a_long_text_scrolls_in_its_field_as_typed(store):
    """Inputs skip Textual's layout pass per key (tui/keys.py): the field still scrolls to the cursor."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, "f4", 0)
        await tab_to(pilot, "comment")
        await pilot.press("ctrl+e", "ctrl+u", *("abcdefghij" * 8), "X", "Y", "Z")
        await settle(pilot)
        inp = app.focused
        assert inp.scroll_offset.x > 0
        assert "XYZ" in "".join(s.text for s in inp.render_line(0))
