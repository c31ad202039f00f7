"""Import: plan an import (preview), then save it in one transaction (three-way against the planned base)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Select, Static

from ...core.concepts import STATEMENT
from ...core.text import count_sv, one_line
from ...session import ConflictError, PlannedImport
from ..text import T
from .file_dialog import FileDialog, PathInput, dialog_pair, dialog_row, error_line, folder_prefix, remember_folder

UNITS = [("tkr", "tkr"), ("kr", "kr")]
SIGNS = [("ledger", "bokföring (intäkter −)"), ("costs-negative", "kostnader −")]
SECTIONS = [("auto", "automatiskt"), *((s.value, info.slug) for s, info in STATEMENT.items())]
Params = tuple[str, str, str, str | None]  # the file, its unit, its signs and the table (None: from the file)


class ImportScreen(FileDialog[list[str]]):
    """Plan an import (preview), then save it in one transaction."""

    BINDINGS = [
        Binding("escape", "cancel", "Avbryt", id="import.cancel"),
        Binding("ctrl+r", "preview", "Förhandsgranska", id="import.preview"),
        Binding("ctrl+s", "do_import", "Importera", id="import.run"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.planned: PlannedImport | None = None
        self.planned_for: Params | None = None

    def compose_dialog(self) -> ComposeResult:
        session = self.session
        self.year_no = session.shown_year.year  # opened only with a year shown (app.action_import)
        self.period_code = session.period_code
        unit = session.config.input_unit if session.config.input_unit in ("kr", "tkr") else "tkr"
        with Vertical(id="dialog", classes="tall"):
            yield Static(T(("Importera ", "bold"), "drift/investeringar (csv, xlsx, SIE 4) till ",
                           f"{self.year_no} · {session.period.name}"), markup=False)
            yield dialog_row("Fil", PathInput(folder_prefix(session), placeholder="sökväg till filen (Tab kompletterar)",
                                              compact=True, id="import-path", select_on_focus=False))
            with Horizontal(classes="dialog-row", id="import-options"):
                yield dialog_pair("Enhet", Select([(Text(n), v) for v, n in UNITS], value=unit, allow_blank=False,
                                                  compact=True, id="import-unit"))
                yield dialog_pair("Tecken", Select([(Text(n), v) for v, n in SIGNS], value="ledger",
                                                   allow_blank=False, compact=True, id="import-signs"))
                # Tabell: drift or investeringar (not a verksamhet)
                yield dialog_pair("Tabell", Select([(Text(n), v) for v, n in SECTIONS], value="auto",
                                                   allow_blank=False, compact=True, id="import-section"))
            with Horizontal(id="dialog-buttons"):
                yield Button(Text("Förhandsgranska (Enter)"), id="preview", compact=True)
                yield Button(Text("Importera (Ctrl+S)"), id="run", compact=True)
                yield Button(Text("Avbryt (Esc)"), id="cancel", compact=True)
            yield Static("", id="dialog-error", markup=False)
            yield Static("", id="dialog-busy", markup=False)
            with VerticalScroll(id="import-preview"):
                yield Static(Text("Förhandsgranska visar vad som skulle ändras; inget sparas förrän Importera.",
                                  style="italic"), id="import-result", markup=False)

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    def _params(self) -> Params:
        path = self.query_one("#import-path", Input).value.strip()
        section = str(self.query_one("#import-section", Select).value)  # never blank (allow_blank=False)
        return (path, str(self.query_one("#import-unit", Select).value),
                str(self.query_one("#import-signs", Select).value), None if section == "auto" else section)

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

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_error(None)  # an old error does not outlive the path it was about

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
    def _run(self, params: Params, save: bool) -> None:
        path, unit, signs, table = params
        call = self.app.call_from_thread
        try:
            if self.planned is None or self.planned_for != params:
                planned = self.session.plan_import(Path(path).expanduser(), year=self.year_no,
                                                   period=self.period_code, unit=unit, signs=signs, table=table)
                call(self._show_plan, params, planned)
            else:
                planned = self.planned
            if not save:
                call(self.show_busy, None)
                return
            written = self.session.apply_import(planned)
        except ConflictError as exc:
            call(self.failed, "Konflikt, inget sparat: " + error_line(exc))
            return
        except Exception as exc:  # noqa: BLE001 - FileFormatError, StoreError, OSError: one line
            call(self.failed, error_line(exc))
            return
        call(self._saved, Path(path), written)

    def _show_plan(self, params: Params, planned: PlannedImport) -> None:
        self.planned, self.planned_for = planned, params
        plan = planned.plan
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

    def _saved(self, path: Path, written: list[str]) -> None:
        remember_folder(self.session, path)
        self.notify(f"Importerat {one_line(path.name)}: {count_sv(len(written), 'ändring', 'ändringar')} sparade.",
                    title="Importerat", markup=False, timeout=8)
        host = self.host
        self.dismiss(written)
        host.after_write()
