"""Editing a table cell in place, as in a spreadsheet.

A `CellEdit` stands where a form `Field` would: it hands typed text to the
session (which recalculates live) and posts the same Committed / Cancelled
messages, so the screen saves and asks about conflicts exactly as for the form. The table draws the
text being typed in the cell; keys are taken in the table's own key handler,
so a burst typed over SSH applies in order (no bindings involved).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events

from ...session.edits import FieldSpec
from ..widgets import Cancelled, Committed, HoldsEdit

if TYPE_CHECKING:
    from .view import LedgerTable

# Keys that start an edit on a number cell (the key is the first character typed).
STARTS_NUMBER = set("0123456789-+,.−")
# Keys that save the cell and move: (rows, columns).
MOVES = {"enter": (1, 0), "down": (1, 0), "up": (-1, 0), "tab": (0, 1), "shift+tab": (0, -1)}
EDITING_KEYS = {"escape", "backspace", "ctrl+u", "ctrl+w"}  # the cell's own besides MOVES and text


class CellEdit(HoldsEdit):
    """The cell being edited: its spec, the text typed so far and the session's Edit."""

    def __init__(self, table: "LedgerTable", row_key: str, column: str, spec: FieldSpec, text: str) -> None:
        self.table = table
        self.row_key = row_key
        self.column = column
        self.spec: FieldSpec = spec
        self.text = text
        self.move_after: tuple[int, int] | None = None  # (rows, columns) once the save went through
        self.held: list[tuple[str, str | None]] = []  # keys typed while the save waits for the database

    def edit_source(self) -> Any:
        return getattr(self.table.app, "session", None)

    @property
    def error(self) -> str | None:
        return self.edit.error if self.edit is not None else None

    # The screen's side (as for a form Field)
    def show_state(self) -> None:
        self.table.edit_changed()

    def finished(self, value: Any) -> None:
        """Saved, cancelled or theirs taken: the cell shows the stored value again."""
        self.text = self.spec.fmt(value)
        self.table.edit_ended(self)

    def reload(self, value: Any) -> None:
        if self.edit is None:
            self.text = self.spec.fmt(value)
            self.table.edit_changed()

    def revert(self) -> None:
        if self.edit is not None:
            self.table.post_message(Cancelled(self, self.edit))  # type: ignore[arg-type]
        else:
            self.table.edit_ended(self)

    # The keys
    def type(self, text: str) -> None:
        self.move_after = None  # a failed save left a move pending: typing again forgets it
        self.text = text
        self.table.edit_changed()
        self.typed(text)

    def commit(self, move: tuple[int, int] | None) -> bool:
        """Save (Enter, Tab, an arrow, leaving): the move happens once the save went through."""
        if self.edit is None:
            self.table.edit_ended(self, move)
            return True
        if not self.dirty:  # typed back to the saved value: the session drops the edit, then the move
            self.move_after = move
            self.table.post_message(Cancelled(self, self.edit))  # type: ignore[arg-type]
            return True
        if self.invalid:
            self.table.app.bell()
            return False
        if move is not None or self.move_after is None:  # leaving the table keeps Enter's pending move
            self.move_after = move
        self.table.post_message(Committed(self, self.edit))  # type: ignore[arg-type]
        return True

    def takes(self, key: str, character: str | None, printable: bool) -> bool:
        """Keys that only change the text (a burst of them is applied at once); none while a save
        waits for the database (`key` holds them until it is over)."""
        if self.edit is not None and self.edit.job is not None:
            return False
        return key == "backspace" or bool(printable and character)

    def burst(self, keys: list[tuple[str, str | None, bool]]) -> None:
        """Several such keys from one read: the text they leave, typed at once (one recompute)."""
        text = self.text
        for key, character, _ in keys:
            text = text[:-1] if key == "backspace" else text + (character or "")
        self.type(text)

    def replay(self, keep: bool) -> None:
        """The save that waited is over: the held keys follow its move, in order (or are dropped with it)."""
        held, self.held = self.held, []
        if not keep:
            self.move_after = None
        elif self.table.has_focus:  # (not after leaving the table: they were typed for it)
            for key, character in held:
                self.table.app.post_message(events.Key(key, character))

    def key(self, key: str, character: str | None, printable: bool) -> bool:
        """One key while editing; True when it was the cell's."""
        if key not in MOVES and key not in EDITING_KEYS and not (printable and character):
            return False
        if self.edit is not None and self.edit.job is not None and key != "escape":
            self.held.append((key, character))  # after the waiting save and its move, as typed
        elif key in MOVES:
            self.commit(MOVES[key])
        elif key == "escape":
            self.revert()
        elif key == "backspace":
            self.type(self.text[:-1])
        elif key in ("ctrl+u", "ctrl+w"):
            self.type("")
        else:
            self.type(self.text + (character or ""))
        return True
