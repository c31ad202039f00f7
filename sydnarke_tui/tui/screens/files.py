"""Files in and out and the year's work: export, import and next year (modal dialogs).

The work (writing a report, planning and saving an import, creating a year)
runs in worker threads; an error is shown as one Swedish line in the dialog
and nothing is saved.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from ...core.text import one_line
from ..keys import OrderedInput
from ..widgets import T

if TYPE_CHECKING:
    from ..app import SydnarkeApp

EXPORT_FORMATS: list[tuple[str, str]] = [
    ("md", "md – Markdown"),
    ("html", "html – webbsida"),
    ("xlsx", "xlsx – Excel"),
    ("csv", "csv – en fil per tabell (katalog)"),
    ("toml", "toml – årets data"),
    ("json", "json – maskinläsbar"),
]

_OS_SV = {
    "Permission denied": "åtkomst nekad",
    "Read-only file system": "skrivskyddat filsystem",
    "No space left on device": "disken är full",
    "Is a directory": "är en katalog",
    "Not a directory": "är inte en katalog",
    "No such file or directory": "filen eller katalogen finns inte",
    "File exists": "finns redan",
}


def error_line(exc: BaseException) -> str:
    """Any error as one Swedish line (operating-system texts translated)."""
    msg = str(exc) or type(exc).__name__
    if isinstance(exc, OSError) and exc.strerror:
        msg = f"{exc.filename + ': ' if exc.filename else ''}{exc.strerror}"
    for en, sv in _OS_SV.items():
        msg = msg.replace(en, sv)
    return one_line(msg)


def default_export_path(year: int, period: str, fmt: str) -> str:
    return f"./rapport-{year}-{period}" + ("" if fmt == "csv" else f".{fmt}")


class _Dialog(ModalScreen):
    """Common parts: the app, an error line, Escape cancels."""

    @property
    def sapp(self) -> "SydnarkeApp":
        return self.app  # type: ignore[return-value]

    def show_error(self, msg: str | None) -> None:
        self.query_one("#dialog-error", Static).update(Text("⚠ " + msg) if msg else Text(""))

    def show_busy(self, msg: str | None) -> None:
        self.query_one("#dialog-busy", Static).update(Text(msg or "", style="italic"))
        for b in self.query(Button):
            if b.id != "cancel":
                b.disabled = bool(msg)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_run(self) -> None:  # pragma: no cover - every dialog defines it
        raise NotImplementedError

    # Enter in a field runs the dialog; a button runs its action or cancels.
    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_run()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "run":
            self.action_run()
        else:
            self.dismiss(None)

    def on_mount(self) -> None:
        for inp in self.query(Input):
            inp.cursor_blink = getattr(self.app, "cursor_blink", False)


def _row(label: str, widget, width: int = 9) -> Horizontal:
    lab = Label(Text(label), classes="dialog-label")
    lab.styles.width = width
    return Horizontal(lab, widget, classes="dialog-row")


# ---------------------------------------------------------------- export


class ExportScreen(_Dialog):
    """Write the report of the shown year and period to a file (a folder for csv)."""

    BINDINGS = [
        Binding("escape", "cancel", "Avbryt", id="export.cancel"),
        Binding("ctrl+s", "run", "Exportera", id="export.run"),
    ]

    def compose(self) -> ComposeResult:
        app = self.sapp
        self.year_no = app.model.year
        self.period_code = app.period_code
        self.fmt = "md"
        with Vertical(id="dialog"):
            yield Static(T(("Exportera rapporten ", "bold"), f"{app.model.year} · {app.period.name}",
                           "  (Enter = exportera, Esc = avbryt)"), markup=False)
            yield _row("Format", Select([(Text(label), f) for f, label in EXPORT_FORMATS], value="md",
                                        allow_blank=False, compact=True, id="export-format"))
            yield _row("Fil", OrderedInput(value=default_export_path(self.year_no, self.period_code, "md"),
                                    compact=True, id="export-path", select_on_focus=False))
            yield Static(Text("En relativ sökväg utgår från katalogen där programmet startades.", style="dim"),
                         classes="dialog-hint", markup=False)
            yield Static("", id="dialog-error", markup=False)
            yield Static("", id="dialog-busy", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(Text("Exportera (Enter)"), id="run", compact=True)
                yield Button(Text("Avbryt (Esc)"), id="cancel", compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#export-format", Select).focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.BLANK or event.value == self.fmt:
            return
        path = self.query_one("#export-path", Input)
        if path.value == default_export_path(self.year_no, self.period_code, self.fmt):
            path.value = default_export_path(self.year_no, self.period_code, str(event.value))
            path.cursor_position = len(path.value)
        self.fmt = str(event.value)
        self.query_one("#export-path").parent.query_one(Label).update(Text("Katalog" if self.fmt == "csv" else "Fil"))
        self.show_error(None)

    def _validate(self, text: str) -> tuple[Path | None, str | None]:
        if not text.strip():
            return None, "Ange en fil att skriva till."
        p = Path(text.strip()).expanduser()
        parent = p.parent if str(p.parent) else Path(".")
        if not parent.is_dir():
            return None, f"Katalogen {one_line(str(parent))} finns inte."
        if self.fmt != "csv" and p.is_dir():
            return None, f"{one_line(str(p))} är en katalog; ange ett filnamn."
        if self.fmt == "csv" and p.exists() and not p.is_dir():
            return None, f"{one_line(str(p))} är en fil; csv skrivs till en katalog."
        if not os.access(parent, os.W_OK) or (p.exists() and not os.access(p, os.W_OK)):
            return None, f"Kan inte skriva {one_line(str(p))}: åtkomst nekad."
        return p, None

    def action_run(self) -> None:
        p, err = self._validate(self.query_one("#export-path", Input).value)
        self.show_error(err)
        if p is None or self.sapp.computed is None:
            return
        self.show_busy("Skriver…")
        self._write(self.sapp.computed, self.fmt, p, self.sapp.display_unit)

    @work(thread=True, exclusive=True, group="export")
    def _write(self, computed: Any, fmt: str, path: Path, unit: str) -> None:
        from ...io.exports import write_report

        try:
            written = write_report(computed, fmt, path, unit=unit)
        except Exception as exc:  # noqa: BLE001 - FileFormatError, OSError, anything: one line
            self.app.call_from_thread(self._failed, error_line(exc))
            return
        self.app.call_from_thread(self._done, fmt, path, written)

    def _failed(self, msg: str) -> None:
        self.show_busy(None)
        self.show_error(msg)

    def _done(self, fmt: str, path: Path, written: list[Path]) -> None:
        where = f"{path}/ ({len(written)} filer)" if fmt == "csv" else str(path)
        self.sapp.notify(f"Rapporten är skriven: {one_line(where)}", title="Exporterat", markup=False, timeout=8)
        self.dismiss(written)


# ---------------------------------------------------------------- import

UNITS = [("tkr", "tkr"), ("kr", "kr")]
SIGNS = [("ledger", "bokföring (intäkter −)"), ("costs-negative", "kostnader −")]
SECTIONS = [("auto", "automatiskt"), ("operating", "drift"), ("investments", "investeringar")]


class ImportScreen(_Dialog):
    """Plan an import (preview), then save it in one transaction."""

    BINDINGS = [
        Binding("escape", "cancel", "Avbryt", id="import.cancel"),
        Binding("ctrl+r", "preview", "Förhandsgranska", id="import.preview"),
        Binding("ctrl+s", "do_import", "Importera", id="import.run"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: Any = None
        self.base: Any = None
        self.planned_for: tuple | None = None

    def compose(self) -> ComposeResult:
        app = self.sapp
        self.year_no = app.model.year
        self.period_code = app.period_code
        unit = app.input_unit if app.input_unit in ("kr", "tkr") else "tkr"
        with Vertical(id="dialog", classes="tall"):
            yield Static(T(("Importera ", "bold"), "drift/investeringar (csv, xlsx, SIE 4) till ",
                           f"{app.model.year} · {app.period.name}"), markup=False)
            yield _row("Fil", OrderedInput(placeholder="sökväg till filen", compact=True, id="import-path",
                                    select_on_focus=False))
            with Horizontal(classes="dialog-row"):
                yield Label(Text("Enhet"), classes="dialog-label")
                yield Select([(Text(n), v) for v, n in UNITS], value=unit, allow_blank=False, compact=True,
                             id="import-unit")
                yield Label(Text(" Tecken"), classes="dialog-label")
                yield Select([(Text(n), v) for v, n in SIGNS], value="ledger", allow_blank=False, compact=True,
                             id="import-signs")
                yield Label(Text(" Avsnitt"), classes="dialog-label")
                yield Select([(Text(n), v) for v, n in SECTIONS], value="auto", allow_blank=False,
                             compact=True, id="import-section")
            with Horizontal(id="dialog-buttons"):
                yield Button(Text("Förhandsgranska (Enter)"), id="preview", compact=True)
                yield Button(Text("Importera (Ctrl+S)"), id="run", compact=True)
                yield Button(Text("Avbryt (Esc)"), id="cancel", compact=True)
            yield Static("", id="dialog-error", markup=False)
            yield Static("", id="dialog-busy", markup=False)
            with VerticalScroll(id="import-preview"):
                yield Static(Text("Förhandsgranska visar vad som skulle ändras; inget sparas förrän Importera.",
                                  style="dim"), id="import-result", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#import-path", Input).focus()

    def _params(self) -> tuple:
        path = self.query_one("#import-path", Input).value.strip()
        section = self.query_one("#import-section", Select).value
        return (path, self.query_one("#import-unit", Select).value, self.query_one("#import-signs", Select).value,
                None if section == "auto" else section)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.prevent_default()  # not the dialog's default (run): Enter previews here
        self.action_preview()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        event.prevent_default()
        if event.button.id == "preview":
            self.action_preview()
        elif event.button.id == "run":
            self.action_do_import()
        else:
            self.dismiss(None)

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()

    def action_preview(self) -> None:
        params = self._params()
        if not params[0]:
            self.show_error("Ange filen att importera.")
            return
        self.show_error(None)
        self.show_busy("Läser filen…")
        self._run(params, save=False)

    def action_do_import(self) -> None:
        params = self._params()
        if not params[0]:
            self.show_error("Ange filen att importera.")
            return
        self.show_error(None)
        self.show_busy("Importerar…")
        self._run(params, save=True)

    @work(thread=True, exclusive=True, group="import")
    def _run(self, params: tuple, save: bool) -> None:
        from ...io.imports import plan_import
        from ...store.db import ConflictError

        app = self.sapp
        path, unit, signs, section = params
        try:
            if self.plan is None or self.planned_for != params:
                base = app.store.load_year(self.year_no)  # the year as loaded when planning
                plan = plan_import(base, Path(path).expanduser(), self.period_code, app.config, unit=unit,
                                   signs=signs, section=section)
                app.call_from_thread(self._show_plan, params, base, plan)
            else:
                base, plan = self.base, self.plan
            if not save:
                app.call_from_thread(self.show_busy, None)
                return
            if not plan.changed:
                app.call_from_thread(self._failed, "Filen ger inga ändringar; inget sparat.")
                return
            written = app.store.replace_year(plan.year, base=base, action="import", source=Path(path).name)
        except ConflictError as exc:
            app.call_from_thread(self._failed, "Konflikt, inget sparat: " + error_line(exc))
            return
        except Exception as exc:  # noqa: BLE001 - FileFormatError, StoreError, OSError: one line
            app.call_from_thread(self._failed, error_line(exc))
            return
        app.call_from_thread(self._saved, Path(path).name, written)

    def _show_plan(self, params: tuple, base: Any, plan: Any) -> None:
        self.plan, self.base, self.planned_for = plan, base, params
        t = Text()
        t.append(f"Ändringar ({len(plan.changes)})\n", style="bold")
        for line in plan.changes or ["Inga ändringar."]:
            t.append(one_line(line) + "\n")
        if plan.reconciliation:
            t.append("\nAvstämning\n", style="bold")
            for line in plan.reconciliation:
                t.append(one_line(line) + "\n")
        if plan.warnings:
            t.append("\nObs\n", style="bold")
            for line in plan.warnings:
                t.append("• " + one_line(line) + "\n")
        t.append("\nInget är sparat ännu: Importera (Ctrl+S) sparar.", style="italic")
        self.query_one("#import-result", Static).update(t)

    def _failed(self, msg: str) -> None:
        self.show_busy(None)
        self.show_error(msg)

    def _saved(self, name: str, written: list[str]) -> None:
        app = self.sapp
        app.notify(f"Importerat {one_line(name)}: {len(written)} ändringar sparade.", title="Importerat",
                   markup=False, timeout=8)
        self.dismiss(written)
        app.reload_after_write()


# ---------------------------------------------------------------- next year


class NewYearScreen(_Dialog):
    """Create the next year from the shown one (io.rollover.next_year)."""

    BINDINGS = [Binding("escape", "cancel", "Avbryt", id="new_year.cancel")]

    def compose(self) -> ComposeResult:
        app = self.sapp
        self.from_year = app.model.year
        to = self.from_year + 1
        with Vertical(id="dialog"):
            yield Static(self._question(str(to)), id="new-year-question", markup=False)
            yield Static(Text("Mål, indikatorer, rader, budget och nyckel kopieras. Årets utfall blir "
                              "föregående års utfall; utfall, kommentarer och berättelse töms."), markup=False)
            yield _row("Nytt år", OrderedInput(value=str(to), compact=True, id="new-year-input", max_length=8))
            yield Static("", id="dialog-error", markup=False)
            yield Static("", id="dialog-busy", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(Text("Skapa (Enter)"), id="run", compact=True)
                yield Button(Text("Avbryt (Esc)"), id="cancel", compact=True)

    def _question(self, to: str) -> Text:
        return T((f"Skapa {to or '…'} från {self.from_year}?", "bold"))

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#new-year-input", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.query_one("#new-year-question", Static).update(self._question(event.value.strip()))
        self.show_error(None)

    def validate(self, text: str) -> tuple[int | None, str | None]:
        s = text.strip()
        if not re.fullmatch(r"\d{4}", s):
            return None, f"'{one_line(s)}': ange ett årtal med fyra siffror, t.ex. {self.from_year + 1}."
        to = int(s)
        if to in self.sapp.store.years():
            return None, f"Året {to} finns redan."
        if to <= self.from_year:
            return None, f"Det nya året måste vara senare än {self.from_year}."
        return to, None

    def action_run(self) -> None:
        to, err = self.validate(self.query_one("#new-year-input", Input).value)
        self.show_error(err)
        if to is None:
            return
        self.show_busy(f"Skapar {to}…")
        self._create(self.from_year, to)

    @work(thread=True, exclusive=True, group="new-year")
    def _create(self, from_year: int, to: int) -> None:
        from ...core.model import Key, KeyShare
        from ...io.rollover import next_year

        app = self.sapp
        cfg = app.config
        try:
            new = next_year(app.store.load_year(from_year), to)
            default_key = getattr(cfg, "default_key", None)
            if not new.key.members and default_key:  # as the CLI: the configured key
                new.key = Key("shares", [KeyShare(m, default_key.get(m)) for m in getattr(cfg, "members", [])])
            new.organisation = new.organisation or app.organisation
            app.store.insert_year(new, action="new-year", source=str(from_year))
        except Exception as exc:  # noqa: BLE001 - StoreError, FileFormatError: one line
            app.call_from_thread(self._failed, error_line(exc))
            return
        app.call_from_thread(self._created, from_year, to)

    def _failed(self, msg: str) -> None:
        self.show_busy(None)
        self.show_error(msg)

    def _created(self, from_year: int, to: int) -> None:
        app = self.sapp
        self.dismiss(to)
        app.reload_after_write(year=to)
        app.notify(f"Året {to} är skapat från {from_year} och visas nu.", title="Nytt år", markup=False, timeout=8)
