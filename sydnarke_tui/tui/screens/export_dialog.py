"""Export: the report of the shown year and period, in any format of io.exports' registry."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from ...core.compute import Computed
from ...core.text import one_line
from ...io.exports import format_choices
from ...session.workflows import check_export_path, writes_folder
from ..text import T
from .file_dialog import FileDialog, PathInput, dialog_row, error_line, folder_prefix, remember_folder


def default_export_path(year: int, period: str, fmt: str) -> str:
    return f"./rapport-{year}-{period}" + ("" if writes_folder(fmt) else f".{fmt}")


class ExportScreen(FileDialog[list[Path]]):
    """Write the report of the shown year and period to a file (a folder for csv)."""

    BINDINGS = [
        Binding("escape", "cancel", "Avbryt", id="export.cancel"),
        Binding("ctrl+s", "run", "Exportera", id="export.run"),
    ]

    def compose_dialog(self) -> ComposeResult:
        session = self.session
        self.year_no = session.shown_year.year  # opened only with a year shown (app.action_export)
        self.period_code = session.period_code
        self.fmt = "md"
        with Vertical(id="dialog"):
            yield Static(T(("Exportera rapporten ", "bold"), f"{self.year_no} · {session.period.name}",
                           "  (Enter = exportera, Esc = avbryt)"), markup=False)
            yield dialog_row("Format", Select([(Text(label), name) for name, label in format_choices()], value="md",
                                        allow_blank=False, compact=True, id="export-format"))
            yield dialog_row("Fil", PathInput(value=self._default("md"), compact=True, id="export-path",
                                              select_on_focus=False), label_id="export-path-label")
            yield Static(Text("En relativ sökväg utgår från katalogen där programmet startades.", style="italic"),
                         classes="dialog-hint", markup=False)
            yield Static("", id="dialog-error", markup=False)
            yield Static("", id="dialog-busy", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(Text("Exportera (Enter)"), id="run", compact=True)
                yield Button(Text("Avbryt (Esc)"), id="cancel", compact=True)

    def _default(self, fmt: str) -> str:
        name = default_export_path(self.year_no, self.period_code, fmt)
        prefix = folder_prefix(self.session)
        return prefix + name.removeprefix("./") if prefix else name

    def on_mount(self) -> None:
        self.query_one("#export-format", Select).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.show_error(None)  # an old error does not outlive the path it was about

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is Select.BLANK or event.value == self.fmt:
            return
        path = self.query_one("#export-path", Input)
        if path.value == self._default(self.fmt):
            path.value = self._default(str(event.value))
            path.cursor_position = len(path.value)
        self.fmt = str(event.value)
        folder = writes_folder(self.fmt)
        # the label of the path's row (dialog_row), not its focus mark
        self.query_one("#export-path-label", Label).update(Text("Katalog" if folder else "Fil"))
        self.show_error(None)

    def _validate(self, text: str) -> tuple[Path | None, str | None]:
        if not text.strip():
            return None, "Ange en fil att skriva till."
        p = Path(text.strip()).expanduser()
        return p, check_export_path(self.fmt, p)

    def action_run(self) -> None:
        p, err = self._validate(self.query_one("#export-path", Input).value)
        self.show_error(err)
        if p is None or err is not None or self.session.computed is None:
            return
        self.show_busy("Skriver…")
        self._write(self.session.computed, self.fmt, p)

    @work(thread=True, exclusive=True, group="export")
    def _write(self, computed: Computed, fmt: str, path: Path) -> None:
        try:
            written = self.session.export(fmt, path, computed=computed)
        except Exception as exc:  # noqa: BLE001 - FileFormatError, OSError, anything: one line
            self.app.call_from_thread(self.failed, error_line(exc))
            return
        self.app.call_from_thread(self._done, fmt, path, written)

    def _done(self, fmt: str, path: Path, written: list[Path]) -> None:
        remember_folder(self.session, path)  # a csv folder too: the place is where it was made
        where = f"{path}/ ({len(written)} filer)" if writes_folder(fmt) else str(path)
        self.notify(f"Rapporten är skriven: {one_line(where)}", title="Exporterat", markup=False, timeout=8)
        self.dismiss(written)
