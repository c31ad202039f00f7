"""The common part of the file dialogs (export, import, next year).

The work (writing a report, planning and saving an import, creating a year)
runs in worker threads through the session (each on its own connection); an
error is shown as one Swedish line in the dialog and nothing is saved.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from ...core.text import one_line
from ...session import Session
from ...session.paths import complete_path
from ..keys import OrderedInput
from .base import Host
from .dialogs import DialogScreen, R

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


class FileDialog(DialogScreen[R]):
    """Common parts: the session, an error line, Escape cancels."""

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    @property
    def session(self) -> Session:
        return self.host.session

    def failed(self, msg: str) -> None:
        self.show_busy(None)
        self.show_error(msg)

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
            inp.cursor_blink = self.host.cursor_blink


class PathInput(OrderedInput):
    """A file path: Tab completes it (a folder gets its '/'); with nothing to complete, Tab moves on."""

    BINDINGS = [Binding("tab", "complete", "Komplettera sökvägen", show=False)]

    def action_complete(self) -> None:
        text, names = complete_path(self.value, Path.cwd())
        if text != self.value:
            self.value = text
            self.cursor_position = len(text)
        elif len(names) > 1:
            shown = ", ".join(names[:8]) + (f" och {len(names) - 8} till" if len(names) > 8 else "")
            self.app.notify(one_line(f"Flera passar: {shown}"), markup=False, timeout=4)
        else:
            self.screen.focus_next()


def folder_prefix(session: Session) -> str:
    """The last folder a file was read from or written to, as the start of a typed path."""
    folder = session.last_folder
    return "" if folder is None else str(folder).rstrip("/") + "/"


def remember_folder(session: Session, path: Path) -> None:
    session.last_folder = Path(path).expanduser().resolve().parent


def dialog_row(label: str, widget: Widget, width: int = 8, label_id: str | None = None) -> Horizontal:
    """A label and its field on one line; focus marks the label (▶, reverse), visible without colour."""
    lab = Label(Text(label), classes="dialog-label", id=label_id)
    lab.styles.width = width
    return Horizontal(Label("▶", classes="dialog-mark"), lab, widget, classes="dialog-row")


def dialog_pair(label: str, widget: Widget) -> Horizontal:
    """A label and its field, several to a line (stacked in a narrow terminal)."""
    return Horizontal(Label("▶", classes="dialog-mark"), Label(Text(label), classes="dialog-label"), widget,
                      classes="dialog-pair")
