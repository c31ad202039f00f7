"""A table with its filter line and a note line under it.

The note line shows, for the row under the cursor, the whole text of the
widest column (a name cut in the table is readable here), the cell being
edited and its error, and the filter's count.
"""

from __future__ import annotations

from typing import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input

from ...core.text import count_sv
from ..keys import OrderedInput
from ..text import safe
from ..widgets import LiveStatic
from .view import CellSource, LedgerTable


class FilterInput(OrderedInput):
    BINDINGS = [Binding("escape", "clear", "Rensa filter", id="table.filter_clear")]

    def action_clear(self) -> None:
        self.value = ""
        self.post_message(self.Submitted(self, ""))


class Ledger(Vertical):
    """LedgerTable + `/` filter line + note line; the table keeps the id given."""

    DEFAULT_CSS = """
    Ledger { height: 1fr; }
    Ledger > FilterInput, Ledger > FilterInput:focus { height: 1; border: none; padding: 0 1; display: none; }
    Ledger > FilterInput:focus { background: $boost; text-style: bold; }
    Ledger > FilterInput.-open { display: block; }
    Ledger > .ledger-note { height: auto; max-height: 2; color: $text-muted; }
    """

    def __init__(self, columns: Sequence[tuple[str, str, int | None]], *, id: str, classes: str = "",
                 note: bool = True, flex: str | None = None, cells: CellSource | None = None,
                 on_row: Callable[[], None] | None = None) -> None:
        super().__init__(id=f"{id}-box", classes=classes)
        self.table = LedgerTable(columns, id=id, flex=flex)
        if cells is not None:  # cells edited in place; a digit on another column goes to Utfall
            self.table.cell_source, self.table.default_column = cells, "outcome"
        self.table.on_note = self.show_note
        self.table.on_row = on_row  # the screen follows the cursor in the frame that moves it (no RowHighlighted)
        self._note = note

    def compose(self) -> ComposeResult:
        yield self.table
        yield FilterInput(placeholder="Filtrera: skriv text, Enter behåller, Esc rensar", id=f"{self.table.id}-filter")
        if self._note:
            yield LiveStatic("", classes="ledger-note", id=f"{self.table.id}-note")

    @on(LedgerTable.FilterWanted)
    def open_filter(self, event: LedgerTable.FilterWanted) -> None:
        event.stop()
        field = self.query_one(FilterInput)
        field.add_class("-open")
        with field.prevent(Input.Changed):
            field.value = self.table.filter_text
        field.focus()

    @on(Input.Changed, "FilterInput")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.table.set_filter(event.value)

    @on(Input.Submitted, "FilterInput")
    def _done(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one(FilterInput)
        if not event.value:
            self.table.set_filter("")
            field.remove_class("-open")
        self.table.focus()

    def show_note(self) -> None:
        if not self._note or not self.is_mounted:
            return
        table = self.table
        parts: list[tuple[str, str]] = []
        cell = table.cell_edit
        if cell is not None:
            parts.append((f"{cell.spec.label}: ", "bold"))
            parts.append((safe(cell.text), ""))
            if cell.error:
                parts.append((f"  ⚠ {cell.error}", "bold"))
            else:
                parts.append(("  Enter sparar och går ned · Tab höger · Esc ångrar", "italic"))
        else:
            key = table.current_key()
            if key is not None and table.columns:
                parts.append((safe(table.cell_text(key, table.name_column)).strip(), ""))
            hidden = table.hidden_columns
            if hidden:  # the header's ‹ › mark where; this says what
                parts.append((f"  ←/→ visar: {', '.join(safe(h) for h in hidden)}", "italic"))
        if table.filter_text:
            shown = count_sv(table.row_count, "rad", "rader").split(" ", 1)[0]
            parts.append((f"\nFilter »{safe(table.filter_text)}«: {shown} av "
                          f"{count_sv(table.total_count, 'rad', 'rader')} · n/N nästa/förra · Esc rensar", "italic"))
        note = Text()
        for text, style in parts:
            note.append(text, style=style)
        if self.query(".ledger-note"):
            self.query_one(".ledger-note", LiveStatic).show(note)
