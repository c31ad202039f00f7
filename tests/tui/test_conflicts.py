"""Edits keep their base: two apps (and the CLI) on one file, never a silent overwrite.

A types without saving; B saves the same field; A's app polls and reads the
year again (A's text and its base stay); A presses Enter: a conflict showing
yours / theirs / saved before, and A picks.
"""

from __future__ import annotations

from decimal import Decimal

from sydnarke_tui.cli import main
from sydnarke_tui.tui.screens import ConflictScreen
from sydnarke_tui.tui.notes import NoteField

from .conftest import make_app, open_store
from .helpers import open_indicator_outcome, open_row, screen_text, settle, tab_to

AKUTA = "Öka andelen akuta"


def _ind(model, name_start):
    return next(i for i in model.indicators() if i.name.startswith(name_start))


def _line(model, label_start):
    return next(x for x in model.operating if x.label.lower().startswith(label_start))


async def _wait_reload(pilot, app, generation: int) -> None:
    for _ in range(40):
        await pilot.pause(0.05)
        if app.session.generation > generation:
            await settle(pilot)
            return
    raise AssertionError("A's app did not read the year again")


async def _b_saves_outcome(db_path, text: str) -> None:
    b = make_app(open_store(db_path))
    async with b.run_test(size=(80, 24)) as pb:
        await settle(pb)
        await open_indicator_outcome(pb)
        await pb.press(*text, "enter")
        await settle(pb)
    b.session.close()


async def test_two_apps_same_indicator_outcome_a_keeps_mine(store, db_path):
    a = make_app(store, poll=0.1)
    async with a.run_test(size=(80, 24)) as pa:
        await settle(pa)
        await open_indicator_outcome(pa)
        await pa.press("7", "5")
        gen = a.session.generation
        await _b_saves_outcome(db_path, "60")
        await _wait_reload(pa, a, gen)
        assert a.focused.value == "75"  # the reload kept A's typed text ...
        assert a.session.edits[0].base_value == Decimal(90)  # ... and its base
        await pa.press("enter")
        await settle(pa)
        assert isinstance(a.screen, ConflictScreen)
        text = screen_text(a)
        assert "'75'" in text and "'60'" in text and "'90'" in text
        assert _ind(store.load_year(2019), AKUTA).value("helar").outcome == Decimal(60)  # nothing overwritten yet
        await pa.press("m")  # A keeps A's value, knowingly
        await settle(pa)
        assert _ind(store.load_year(2019), AKUTA).value("helar").outcome == Decimal(75)
        assert a.focused.value == "75" and not a.session.edits


async def test_two_apps_same_indicator_outcome_a_takes_theirs(store, db_path):
    a = make_app(store, poll=0.1)
    async with a.run_test(size=(80, 24)) as pa:
        await settle(pa)
        await open_indicator_outcome(pa)
        await pa.press("7", "5")
        gen = a.session.generation
        await _b_saves_outcome(db_path, "60")
        await _wait_reload(pa, a, gen)
        await pa.press("enter")
        await settle(pa)
        await pa.press("d")
        await settle(pa)
        assert _ind(store.load_year(2019), AKUTA).value("helar").outcome == Decimal(60)
        assert a.focused.value == "60"
        assert a.session.computed.assessment.by_indicator[_ind(a.session.model, AKUTA).id].fulfilment_pct == 75


async def test_another_field_of_the_row_changed_saves_without_asking(store, db_path):
    other = open_store(db_path)
    a = make_app(store)
    async with a.run_test(size=(80, 24)) as pa:
        await settle(pa)
        await open_indicator_outcome(pa)
        await pa.press("7", "5")
        ind = _ind(other.load_year(2019), AKUTA)
        other.set_field("indicator", ind.id, "unit", "procent")  # same row, another field
        await pa.press("enter")
        await settle(pa)
        assert not isinstance(a.screen, ConflictScreen)
        y = store.load_year(2019)
        assert _ind(y, AKUTA).value("helar").outcome == Decimal(75) and _ind(y, AKUTA).unit == "procent"
    other.close()


async def test_two_apps_narrative_conflict(store, db_path):
    store.set_field("year", 2019, "narrative", "Före", period="helar")
    a = make_app(store, poll=0.1)
    async with a.run_test(size=(80, 24)) as pa:
        await settle(pa)
        await open_row(pa, "8", 0)
        await pa.press("end", *" från A")
        gen = a.session.generation
        b = make_app(open_store(db_path))
        async with b.run_test(size=(80, 24)) as pb:
            await settle(pb)
            await open_row(pb, "8", 0)
            await pb.press("end", *" från B", "ctrl+s")
            await settle(pb)
        b.session.close()
        await _wait_reload(pa, a, gen)
        assert a.screen.query_one(NoteField).editor.text == "Före från A"
        await pa.press("ctrl+s")
        await settle(pa)
        assert isinstance(a.screen, ConflictScreen)
        text = screen_text(a)
        assert "'Före från A'" in text and "'Före från B'" in text and "'Före'" in text
        assert store.load_year(2019).narrative["helar"] == "Före från B"
        await pa.press("m")
        await settle(pa)
        assert store.load_year(2019).narrative["helar"] == "Före från A"


async def test_key_share_conflict_with_another_session(store, db_path):
    from sydnarke_tui.session import Session

    from .conftest import make_config

    a = make_app(store, poll=0.1)
    async with a.run_test(size=(80, 24)) as pa:
        await settle(pa)
        await open_row(pa, "f6", 0)  # Askersund
        await tab_to(pa, "share")
        await pa.press("ctrl+e", "ctrl+u", *"30")
        gen = a.session.generation
        # B: another session (as the CLI would) edits the same share through the session layer
        b = Session(open_store(db_path), make_config())
        b.load(2019)
        from sydnarke_tui.session.specs import member_specs

        spec = next(s for s in member_specs(b.model.key.members[0].id, 2019) if s.key == "share")
        edit = b.begin_edit(spec)
        b.live(edit, "28")
        assert b.save(edit).__class__.__name__ == "Saved"
        b.close()
        await _wait_reload(pa, a, gen)
        await pa.press("enter")
        await settle(pa)
        assert "Spara ändå?" in screen_text(a)  # 30 % leaves the key off 100 %: asked first
        await pa.press("s")
        await settle(pa)
        assert isinstance(a.screen, ConflictScreen)
        text = screen_text(a)
        assert "'30'" in text and "'28'" in text and "'27,512'" in text
        await pa.press("d")
        await settle(pa)
        assert store.load_year(2019).key.members[0].share_pct == Decimal(28)


async def test_cli_import_while_a_types_is_a_conflict(store, db_path, tmp_path):
    csv = tmp_path / "drift.csv"
    csv.write_text("Slagtext;Budget;Utfall\nPersonalkostnader;11 799;10 000\n", encoding="utf-8")
    a = make_app(store, poll=0.1)
    async with a.run_test(size=(80, 24)) as pa:
        await settle(pa)
        await open_row(pa, "f4", 2)  # Personalkostnader
        await tab_to(pa, "outcome")
        await pa.press("ctrl+e", "ctrl+u", *"10 500")
        gen = a.session.generation
        assert main(["import", str(csv), "--year", "2019", "--db", str(db_path)]) == 0
        await _wait_reload(pa, a, gen)
        assert a.focused.value == "10 500"
        await pa.press("enter")
        await settle(pa)
        assert isinstance(a.screen, ConflictScreen)
        text = screen_text(a)
        assert "'10 500'" in text and "'10 000'" in text and "'10 381,7'" in text
        await pa.press("m")
        await settle(pa)
        assert _line(store.load_year(2019), "personal").value("helar").outcome == 10_500_000


async def test_a_cell_typed_in_the_table_meets_a_conflict_and_keeps_mine(store, db_path):
    """The same conflict question for a cell edited in place; after 'm' the cursor moves on as Enter said."""
    from sydnarke_tui.tui.table import LedgerTable

    a = make_app(store, poll=0.1)
    async with a.run_test(size=(80, 24)) as pa:
        await settle(pa)
        await pa.press("f3")
        await settle(pa)
        table = a.screen.query_one("#goals-table", LedgerTable)
        ind = _ind(a.session.model, AKUTA)
        table.select_key(f"i:{ind.id}")
        await settle(pa)
        await pa.press("7", "5")
        gen = a.session.generation
        await _b_saves_outcome(db_path, "60")
        await _wait_reload(pa, a, gen)
        assert table.cell_edit is not None and table.cell_edit.text == "75"  # kept through the reload
        row = table.cursor_row
        await pa.press("enter")
        await settle(pa)
        assert isinstance(a.screen, ConflictScreen)
        assert "75" in screen_text(a) and "60" in screen_text(a)
        await pa.press("m")
        await settle(pa)
        assert table.cell_edit is None and table.cursor_row == row + 1
    assert _ind(store.load_year(2019), AKUTA).value("helar").outcome == Decimal(75)
