"""Verksamhetsberättelse, export, import and next year, typed as a user would."""

from __future__ import annotations

import json
from decimal import Decimal

from textual.widgets import Label

from sydnarke_tui.tui.notes import NoteField

from .conftest import make_app, open_store
from .helpers import open_row, screen_text, settle, tab_to

CSV = "Slagtext;Budget;Utfall\nPersonalkostnader;11 799;10 000\n"


def _line(model, label_start):
    return next(x for x in model.operating if x.label.lower().startswith(label_start))


def _ind(model, name_start):
    return next(i for i in model.indicators() if i.name.startswith(name_start))


def _notifications(app) -> str:
    return " ".join(str(n.message) for n in app._notifications)


async def _open_narrative(pilot, row: int = 0) -> None:
    await open_row(pilot, "8", row)


def _editor_text(app) -> str:
    return app.screen.query_one(NoteField).editor.text


async def test_narrative_typed_saved_restart_and_log(store, db_path):
    store.set_field("year", 2019, "narrative", "", period="helar")
    store.set_field("goal", store.load_year(2019).goals[0].id, "comment", "", period="helar")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _open_narrative(pilot)
        assert app.current_mode == "berattelse"
        assert app.focused.id == "note-editor"
        await pilot.press(*"Ett bra år.", "enter", *"[red]Rad två[/]")
        await pilot.pause()
        assert app.screen.query_one(NoteField).dirty
        assert store.load_year(2019).narrative.get("helar", "") == ""
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.load_year(2019).narrative["helar"] == "Ett bra år.\n[red]Rad två[/]"
        assert "[red]Rad två[/]" in screen_text(app)  # literal, not markup
        # the goal's analysis: second row; leaving the editor (Tab) saves it
        await pilot.press("escape")  # nothing unsaved: back to the list
        await pilot.press("down", "enter")
        await settle(pilot)
        await pilot.press(*"Analys A", "enter", *"rad 2")
        await pilot.press("tab")
        await settle(pilot)
        goal_a = store.load_year(2019).goals[0]
        assert goal_a.comments["helar"] == "Analys A\nrad 2"
        await pilot.press("f8")
        await settle(pilot)
        log = screen_text(app)
        assert "berättelse (Helår)" in log and "kommentar (Helår)" in log
    store.close()
    store2 = open_store(db_path)
    app2 = make_app(store2)
    async with app2.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+f")  # the second key for the screen
        await settle(pilot)
        assert app2.current_mode == "berattelse"
        assert _editor_text(app2) == "Ett bra år.\n[red]Rad två[/]"
        assert "Ett bra år." in screen_text(app2)
    store2.close()


async def test_narrative_escape_restores_and_quit_asks(store):
    store.set_field("year", 2019, "narrative", "Sparad text", period="helar")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _open_narrative(pilot)
        await pilot.press("end", "ctrl+e", *" och mer")
        await pilot.pause()
        assert _editor_text(app) == "Sparad text och mer"
        await pilot.press("escape")  # unsaved text: Esc asks (keep / discard / save), as quitting does
        await settle(pilot)
        assert "Osparad text i Verksamhetsberättelse" in screen_text(app)
        await pilot.press("escape")  # keep writing: nothing lost
        await settle(pilot)
        assert _editor_text(app) == "Sparad text och mer"
        await pilot.press("escape", "k")  # discard
        await settle(pilot)
        assert _editor_text(app) == "Sparad text"
        assert not app.screen.query_one(NoteField).dirty
        await pilot.press("x")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert "Osparad ändring i: Verksamhetsberättelse" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and _editor_text(app) == "xSparad text"
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
    assert store.load_year(2019).narrative["helar"] == "xSparad text"


async def test_narrative_saved_when_leaving_the_screen(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _open_narrative(pilot)
        await pilot.press("ctrl+e", *" Slut.")
        await pilot.press("f2")  # another screen: the text is saved
        await settle(pilot)
        assert " Slut." in store.load_year(2019).narrative["helar"]
        assert "Verksamhetsberättelse sparad" in _notifications(app)


async def test_narrative_shows_control_characters_literally(store):
    store.set_field("year", 2019, "narrative", "a\x1b[31mröd[/b]", period="helar")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        assert _editor_text(app) == "a\x1b[31mröd[/b]"  # the stored text, unchanged
        assert "a␛[31mröd[/b]" in screen_text(app)  # shown visibly, never interpreted
        assert not app.screen.query_one(NoteField).dirty


async def test_export_md_and_xlsx_and_bad_path(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert "Exportera rapporten" in screen_text(app)
        assert app.screen.query_one("#export-path").value == "./rapport-2019-helar.md"
        await pilot.press("tab", "enter")  # Enter in the path field writes
        await settle(pilot, 0.2)
        md = (tmp_path / "rapport-2019-helar.md").read_text(encoding="utf-8")
        assert "Måluppfyllelse" in md
        assert "rapport-2019-helar.md" in _notifications(app)
        # xlsx: choose the format in the list, the default path follows the format
        await pilot.press("ctrl+e")
        await settle(pilot)
        await pilot.press("enter", "down", "down", "down", "enter")  # md, html, docx, xlsx: the registry's order
        await settle(pilot)
        # the folder of the last export is remembered
        assert app.screen.query_one("#export-path").value == f"{tmp_path.resolve()}/rapport-2019-helar.xlsx"
        await pilot.press("tab", "enter")
        await settle(pilot, 0.2)
        import openpyxl

        wb = openpyxl.load_workbook(tmp_path / "rapport-2019-helar.xlsx")
        assert wb.sheetnames
        # a folder that does not exist: one line in the dialog, nothing written, no crash
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("tab", "ctrl+u", *"saknas/rapport.md", "enter")
        await settle(pilot, 0.2)
        text = screen_text(app)
        assert "Katalogen saknas finns inte." in text
        assert app.screen.__class__.__name__ == "ExportScreen"
        assert not (tmp_path / "saknas").exists()
        # an unwritable folder
        ro = tmp_path / "ro"
        ro.mkdir()
        ro.chmod(0o500)
        try:
            await pilot.press("ctrl+u", *"ro/rapport.md", "enter")
            await settle(pilot, 0.2)
            import os

            if os.geteuid() != 0:
                assert "åtkomst nekad" in screen_text(app)
        finally:
            ro.chmod(0o700)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "OverviewScreen"


async def test_export_csv_folder_and_json(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter", "down", "down", "down", "down", "enter")  # csv
        await settle(pilot)
        assert app.screen.query_one("#export-path").value == "./rapport-2019-helar"
        row = app.screen.query_one("#export-path").parent  # the mark stays, the label names a folder
        assert [str(label.content) for label in row.query(Label)] == ["▶", "Katalog"]
        await pilot.press("tab", "enter")
        await settle(pilot, 0.2)
        written = list((tmp_path / "rapport-2019-helar").iterdir())
        assert written and all(p.suffix == ".csv" for p in written)
        await pilot.press("e")
        await settle(pilot)
        await pilot.press("enter", "down", "down", "down", "down", "down", "down", "enter")  # json
        await pilot.press("tab", "enter")
        await settle(pilot, 0.2)
        data = json.loads((tmp_path / "rapport-2019-helar.json").read_text(encoding="utf-8"))
        assert data["schema"] == "sydnarke-report/1"


async def test_import_preview_then_import(store, tmp_path):
    f = tmp_path / "drift.csv"
    f.write_text(CSV, encoding="utf-8")
    before = store.data_version()
    audit_before = len(store.audit())
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert app.focused.id == "import-path"
        await pilot.press(*str(f), "enter")  # Enter: preview
        await settle(pilot, 0.2)
        result = app.screen.query_one("#import-result").render()
        text = str(result)
        assert "Personalkostnader" in text and "10 000" in text
        assert "Inget är sparat ännu" in text
        assert store.data_version() == before and len(store.audit()) == audit_before
        assert _line(store.load_year(2019), "personal").value("helar").outcome == 10_381_700
        await pilot.press("ctrl+s")  # Importera
        await settle(pilot, 0.2)
        assert _line(store.load_year(2019), "personal").value("helar").outcome == 10_000_000
        assert app.current_mode == "drift" and app.screen.__class__.__name__ == "OperatingScreen"
        await settle(pilot, 0.1)
        assert "10 000" in screen_text(app)
        assert "drift.csv" in _notifications(app)
        rows = store.audit()
        assert any(r.action == "import" and "drift.csv" in (r.new or "") for r in rows)


async def test_import_bad_file_changes_nothing(store, tmp_path):
    bad = tmp_path / "fel.csv"
    bad.write_text("Slagtext;Budget;Utfall\nPersonalkostnader;elva;tio\n", encoding="utf-8")
    before = store.data_version()
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        await pilot.press(*str(bad), "enter")
        await settle(pilot, 0.2)
        err = str(app.screen.query_one("#dialog-error").render())
        assert err.startswith("⚠ ") and "fel.csv" in err and "\n" not in err.strip()
        await pilot.press("ctrl+s")
        await settle(pilot, 0.2)
        assert app.screen.__class__.__name__ == "ImportScreen"
        # a file that does not exist
        await pilot.press("ctrl+u", *str(tmp_path / "finns-inte.csv"), "enter")
        await settle(pilot, 0.2)
        assert "kan inte läsa filen" in str(app.screen.query_one("#dialog-error").render())
        await pilot.press("escape")
        await settle(pilot)
    assert store.data_version() == before


async def test_new_year_creates_and_switches(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        assert "Skapa 2020 från 2019?" in screen_text(app)
        # validation: not four digits, an existing year
        await pilot.press("ctrl+u", *"20x", "enter")
        await pilot.pause()
        assert "fyra siffror" in screen_text(app)
        await pilot.press("ctrl+u", *"2019", "enter")
        await pilot.pause()
        assert "Året 2019 finns redan." in screen_text(app)
        await pilot.press("ctrl+u", *"2020")
        await pilot.pause()
        assert "Skapa 2020 från 2019?" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot, 0.2)
        assert store.years() == [2019, 2020]
        assert app.session.year_no == 2020 and app.session.model.year == 2020
        hme = _ind(store.load_year(2020), "Värde medarbetarundersökningen")
        assert hme.baseline == Decimal(59)
        assert "· 2020 ·" in screen_text(app)
        # the baseline is in the indicator form and panel; the previous year column in Drift
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert "Utfall 2019" in screen_text(app)
        # At T1 the budget-to-date columns come first; the previous year's column may have given way
        # (the note under the table names it): → brings it into view, whole.
        for _ in range(8):
            if "10 381,7" in screen_text(app) or "10 382" in screen_text(app):
                break
            await pilot.press("right")
            await settle(pilot)
        assert "10 381,7" in screen_text(app) or "10 382" in screen_text(app)


async def test_baseline_and_contribution_fields(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("down", "enter")  # the first indicator
        await settle(pilot)
        await tab_to(pilot, "baseline")
        await pilot.press("7", "4", "enter")
        await settle(pilot)
        ind = store.load_year(2019).goals[0].indicators[0]
        assert ind.baseline == Decimal(74)
        assert "Föreg. år    74" in screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("down", "enter")  # driftbidrag från kommuner
        await settle(pilot)
        await tab_to(pilot, "contribution")
        assert app.focused.value == "Ja"
        await pilot.press("ctrl+e", "ctrl+u", *"nej", "enter")
        await settle(pilot)
        assert not store.load_year(2019).operating[1].is_contribution
        await pilot.press("ctrl+e", "ctrl+u", *"kanske")
        await pilot.pause()
        assert "varken Ja eller Nej" in screen_text(app)


def test_unknown_keymap_id_and_two_bindings_on_one_key_are_errors(tmp_path, capsys):
    from sydnarke_tui.cli import main

    cfg = tmp_path / "c.toml"
    cfg.write_text('[keymap]\nundo = "ctrl+x"\n"no.such" = "x"\n', encoding="utf-8")
    assert main(["app", "--config", str(cfg), "--db", str(tmp_path / "k.db")]) == 2
    err = capsys.readouterr().err
    assert "okänt id 'no.such'" in err and "undo" not in err and len(err.strip().splitlines()) == 1
    cfg.write_text('[keymap]\nundo = "ctrl+e"\n', encoding="utf-8")  # ctrl+e is also export's
    assert main(["app", "--config", str(cfg), "--db", str(tmp_path / "k.db")]) == 2
    err = capsys.readouterr().err
    assert "'ctrl+e' är bunden till både" in err and "'undo'" in err and "'export'" in err


async def test_keymap_remaps_and_palette(store):
    app = make_app(store, keymap={"undo": "ctrl+b", "export": "ctrl+x"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Bedömning" in screen_text(app)
        names = [c.title for c in app.get_system_commands(app.screen)]
        for n in ("Exportera rapporten", "Importera fil", "Nytt år", "Gå till Verksamhetsberättelse"):
            assert n in names
        await pilot.press("f1")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "HelpScreen"



async def test_import_path_completes_with_tab_and_an_old_error_clears(store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drift-2019.csv").write_text("Rad;Budget\n", encoding="utf-8")
    (tmp_path / "underlag").mkdir()
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        path = app.screen.query_one("#import-path")
        await pilot.press("enter")  # no file given: an error
        await settle(pilot)
        assert "Ange filen att importera." in screen_text(app)
        await pilot.press(*"dr", "tab")
        await settle(pilot)
        assert path.value == "drift-2019.csv" and app.focused is path
        assert "Ange filen att importera." not in screen_text(app)  # cleared by the edit
        await pilot.press("ctrl+u", *"un", "tab")
        await settle(pilot)
        assert path.value == "underlag/"
        await pilot.press("tab")  # nothing more to complete: Tab moves on
        await settle(pilot)
        assert app.focused is not path
