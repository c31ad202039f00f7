"""A virtual table: only the rows on screen are formatted and drawn.

Rows are keys plus a function that formats a key's cells; cells are cached
per key until the screen says a row changed (`invalidate`), so
a table of 25 000 lines opens as fast as one of 20, and a keystroke repaints
the rows it changed. One column (the widest given) takes the width that is
left, so names get the room the terminal has. A figure is shown whole or not at all:
when the columns do not fit, the name column shrinks first (cut with …), then
whole columns give way (the screen's `drop` order first, never its `keep`
columns), a `‹`/`›` in the header points to where they are, and moving the
cell cursor onto one (←/→) brings it into view. A cell cursor (when the screen
gives cells to edit) lets Enter or a digit edit the cell in place.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Sequence

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ...session.edits import FieldSpec
from ..keys import typed_char
from .columns import NAME_MIN, fit_cell, fit_columns, gaps
from .editing import STARTS_NUMBER, CellEdit

Cells = list[Text]
# (row key, column key) -> (spec, its text now) for a cell that can be edited in place, else None.
CellSource = Callable[[str, str], "tuple[FieldSpec, str] | None"]


class LedgerTable(ScrollView, can_focus=True):
    """Rows by key, formatted lazily; a row cursor, an optional cell cursor, a filter."""

    COMPONENT_CLASSES = {"ledger--header", "ledger--cursor", "ledger--cursor-blurred", "ledger--cell",
                         "ledger--editing", "ledger--match"}
    DEFAULT_CSS = """
    LedgerTable { height: 1fr; overflow-x: hidden; overflow-y: auto; scrollbar-size-vertical: 1; }
    LedgerTable > .ledger--header { text-style: bold; background: $panel; }
    LedgerTable > .ledger--cursor { text-style: reverse; }
    LedgerTable > .ledger--cursor-blurred { text-style: underline; }
    LedgerTable > .ledger--cell { text-style: bold underline; }
    LedgerTable > .ledger--editing { text-style: bold; }
    """
    BINDINGS = [
        Binding("up,k", "move(-1)", "Upp", show=False, id="table.up"),
        Binding("down", "move(1)", "Ned", show=False, id="table.down"),
        Binding("left", "column(-1)", "Vänster", show=False, id="table.left"),
        Binding("right", "column(1)", "Höger", show=False, id="table.right"),
        Binding("pageup,ctrl+b", "page(-1)", "Sida upp", show=False, id="table.page_up"),
        Binding("pagedown,ctrl+d", "page(1)", "Sida ned", show=False, id="table.page_down"),
        Binding("home,g", "first", "Första raden", show=False, id="table.first"),
        Binding("end,G", "last", "Sista raden", show=False, id="table.last"),
        Binding("enter", "select", "Redigera", show=False, id="table.select"),
        Binding("slash", "filter", "Filtrera", id="table.filter"),
        Binding("f,ctrl+k", "form", "Formulär", show=False, id="table.form"),
    ]

    class _RowMessage(Message):
        def __init__(self, table: "LedgerTable", key: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key

        @property
        def control(self) -> "LedgerTable":
            return self.table

    class RowHighlighted(_RowMessage):
        """The cursor moved to another row (a table with `on_row` calls that instead)."""

    class RowSelected(_RowMessage):
        """Enter on a row (or a column) without a cell to edit, or `f`: the screen opens the form."""

    class FilterWanted(Message):
        """`/`: the Ledger around the table opens its filter line."""

    def __init__(self, columns: Sequence[tuple[str, str, int | None]], cursor_type: str = "row",
                 flex: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._sizes: tuple[Size, ...] = ()  # the sizes the last layout gave (_size_updated)
        self.flex = flex  # the column that takes the width left (default: the widest given)
        self.show_cursor = cursor_type != "none"
        self.can_focus = self.show_cursor
        self._spec = list(columns)
        self._all: list[str] = []  # every row key, in order
        self._keys: list[str] = []  # the rows shown (the filter's matches)
        self._pos: dict[str, int] = {}  # row key -> its index in _keys
        self._format: Callable[[str], Cells] = lambda key: []  # (not _render: Widget's own)
        self._search: Callable[[str], str] | None = None
        self._cache: dict[str, Cells] = {}
        self.cursor_row = 0
        self.cursor_column = 0
        self.filter_text = ""
        self.cell_source: CellSource | None = None  # set by screens with cells to edit
        self.default_column: str | None = None  # where a digit typed on another column goes
        self.cell_edit: CellEdit | None = None
        self.on_note: Callable[[], None] = lambda: None
        # Called when the cursor moved to another row, in the same frame, instead of posting RowHighlighted
        # (a message that bubbles through the Ledger and the screen to the app on every move).
        self.on_row: Callable[[], None] | None = None
        self.drop: tuple[str, ...] = ()  # columns that give way first on a narrow terminal, in this order
        self.keep: frozenset[str] = frozenset()  # columns that give way last (the figures a row is about)
        self.name_min = NAME_MIN  # the name column shrinks to this before a column gives way
        self._pinned: str | None = None  # a column the cursor brought into view: shown until the cursor needs another
        self._layouts: dict[tuple[int, str | None], list[tuple[int, int]]] = {}

    # ------------------------------------------------------------ rows
    @property
    def keys(self) -> list[str]:
        return self._keys

    @property
    def columns(self) -> list[str]:
        return [k for k, _, _ in self._spec]

    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def total_count(self) -> int:
        return len(self._all)

    @property
    def name_column(self) -> str:
        """The column that takes the width left (`flex`, else the widest); its whole text shows under the table."""
        if self.flex in self.columns:
            return self.flex
        given = [w or 10 for _, _, w in self._spec]
        return self._spec[given.index(max(given))][0] if given else ""

    def set_columns(self, columns: Sequence[tuple[str, str, int | None]]) -> None:
        columns = list(columns)
        if columns != self._spec:
            self._spec = columns
            self._cache.clear()
            self._layouts.clear()
            self.cursor_column = min(self.cursor_column, len(columns) - 1)
            self.refresh()
            self.on_note()

    def set_priority(self, drop: Sequence[str] = (), keep: Sequence[str] = (), name_min: int = NAME_MIN) -> None:
        """Which columns give way first on a narrow terminal (`drop`, in order), which last (`keep`), and
        how far the name column shrinks before any does (`name_min` cells)."""
        first, last = tuple(drop), frozenset(keep)
        if (first, last, name_min) != (self.drop, self.keep, self.name_min):
            self.drop, self.keep, self.name_min = first, last, name_min
            self._layouts.clear()
            self.refresh()
            self.on_note()

    def set_rows(self, keys: Sequence[str], render: Callable[[str], Cells],
                 search: Callable[[str], str] | None = None) -> None:
        """Show these rows; `render(key)` formats one row when it comes into view."""
        self._format = render
        self._search = search
        self._cache.clear()
        keys = list(keys)
        if keys != self._all:
            current = self.current_key()
            self._all = keys
            self._apply_filter(current)
        else:
            self.refresh()
            self.on_note()  # the row under the cursor may read differently now (a name saved)

    def sync(self, rows: Iterable[tuple[str, Cells]]) -> None:
        """Show rows formatted up front (small tables)."""
        formatted = dict(rows)
        self.set_rows(list(formatted), lambda key: formatted.get(key, []))
        self._cache.update(formatted)

    def invalidate(self, keys: Iterable[str] | None = None) -> None:
        """These rows (None: all) changed: format them again when drawn."""
        if keys is None:
            self._cache.clear()
            self.refresh()
            self.on_note()
            return
        for key in keys:
            if self._cache.pop(key, None) is not None:
                self._refresh_key(key)
                if key == self.current_key():
                    self.on_note()

    def cells(self, key: str) -> Cells:
        cells = self._cache.get(key)
        if cells is None:
            cells = self._cache[key] = self._format(key)
        return cells

    def cell_text(self, key: str, column: str) -> str:
        cells = self.cells(key)
        i = self.columns.index(column)
        return cells[i].plain if i < len(cells) else ""

    def _refresh_key(self, key: str) -> None:
        i = self._pos.get(key)
        if i is None:
            return
        if self.scroll_offset.y <= i < self.scroll_offset.y + self.size.height:
            self.refresh_line(i + 1)

    # ------------------------------------------------------------ filter
    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._apply_filter(self.current_key())

    def _apply_filter(self, keep: str | None) -> None:
        needle = self.filter_text.casefold().strip()
        if needle:
            text = self._search or (lambda key: " ".join(c.plain for c in self.cells(key)))
            self._keys = [k for k in self._all if needle in text(k).casefold()]
        else:
            self._keys = list(self._all)
        self._pos = {k: i for i, k in enumerate(self._keys)}
        self.virtual_size = Size(0, len(self._keys) + 1)
        row = self._pos[keep] if keep in self._pos else min(self.cursor_row, max(len(self._keys) - 1, 0))
        self.cursor_row = -1
        self.move_cursor(row=row)
        self.refresh()
        self.on_note()

    # ------------------------------------------------------------ cursor
    def current_key(self) -> str | None:
        if 0 <= self.cursor_row < len(self._keys):
            return self._keys[self.cursor_row]
        return None

    @property
    def current_column(self) -> str:
        return self._spec[self.cursor_column][0] if self._spec else ""

    def select_key(self, key: str) -> bool:
        if self.filter_text and key not in self._pos and key in self._all:
            self.set_filter("")  # Kontroll jumps to a row the filter hides
        if key in self._pos:
            self.move_cursor(row=self._pos[key])
            return True
        return False

    def select_column(self, column: str) -> None:
        if column in self.columns:
            self.cursor_column = self.columns.index(column)
            self._bring_into_view()
            self._refresh_key(self.current_key() or "")

    def _bring_into_view(self) -> None:
        """The cursor's column is shown: a column that had given way comes back (others give way instead)."""
        if not self.show_cursor or not self._spec:
            return
        width = self._width()
        if not width:
            return
        if self.cursor_column not in dict(self.column_layout(width)):
            self._pinned = self.current_column
            self.refresh()
            self.on_note()
        elif len(self.column_layout(width)) < len(self._spec):
            self.refresh_line(0)  # the header's ‹ › point away from the cursor's column

    def move_cursor(self, row: int | None = None, column: int | None = None) -> None:
        old = self.cursor_row
        if column is not None and self._spec:
            self.cursor_column = max(0, min(column, len(self._spec) - 1))
            self._bring_into_view()
        if row is not None:
            self.cursor_row = max(0, min(row, len(self._keys) - 1)) if self._keys else 0
        self._scroll_to_cursor()
        if 0 <= old < len(self._keys):
            self.refresh_line(old + 1)
        self.refresh_line(self.cursor_row + 1)
        if old != self.cursor_row:
            self.on_note()
            if self.on_row is not None:
                self.on_row()
            else:
                # Posted from the table's own queue: a message made inside the Ledger's or the
                # screen's handler would have that node as sender and stop bubbling there.
                self.call_later(self._announce)

    def _announce(self) -> None:
        self.post_message(self.RowHighlighted(self, self.current_key()))

    def _scroll_to_cursor(self) -> None:
        visible = max(self.scrollable_content_region.height - 1, 1)
        top = round(self.scroll_offset.y)
        if self.cursor_row < top:
            self.scroll_to(y=self.cursor_row, animate=False, immediate=True)
        elif self.cursor_row >= top + visible:
            self.scroll_to(y=self.cursor_row - visible + 1, animate=False, immediate=True)

    def _go(self, row: int | None = None, column: int | None = None) -> None:
        """Move, saving a cell being edited first (the move then waits for the save)."""
        if self.cell_edit is not None:
            delta_row = 0 if row is None else row - self.cursor_row
            delta_col = 0 if column is None else column - self.cursor_column
            self.cell_edit.commit((delta_row, delta_col))
            return
        self.move_cursor(row=row, column=column)

    def action_move(self, delta: int) -> None:
        self._go(row=self.cursor_row + delta)

    def action_column(self, delta: int) -> None:
        self._go(column=self.cursor_column + delta)

    def action_page(self, direction: int) -> None:
        self._go(row=self.cursor_row + direction * max(self.scrollable_content_region.height - 2, 1))

    def action_first(self) -> None:
        self._go(row=0)

    def action_last(self) -> None:
        self._go(row=len(self._keys) - 1)

    def action_filter(self) -> None:
        self.post_message(self.FilterWanted())

    def action_form(self) -> None:
        if self.cell_edit is None:
            self.post_message(self.RowSelected(self, self.current_key()))

    def action_select(self) -> None:
        if not self.start_edit(None):
            self.post_message(self.RowSelected(self, self.current_key()))

    # ------------------------------------------------------------ editing in place
    def _editable(self, column: str) -> tuple[FieldSpec, str] | None:
        key = self.current_key()
        if key is None or self.cell_source is None:
            return None
        return self.cell_source(key, column)

    def start_edit(self, first: str | None) -> bool:
        """Enter (first=None) or a typed character: edit the cell under the cursor."""
        found = self._editable(self.current_column)
        if found is None and first is not None and self.default_column:
            found = self._editable(self.default_column)
            if found is not None:
                self.select_column(self.default_column)
        if found is None:
            return False
        spec, text = found
        self.cell_edit = CellEdit(self, self.current_key() or "", self.current_column, spec, text)
        self.edit_changed()
        if first is not None:
            self.cell_edit.type(first)
        return True

    def edit_changed(self) -> None:
        if self.cell_edit is not None:
            self._refresh_key(self.cell_edit.row_key)
        self.on_note()

    def edit_ended(self, cell: CellEdit, move: tuple[int, int] | None = None) -> None:
        if cell is not self.cell_edit:
            return
        move = move or cell.move_after
        self.cell_edit = None
        self._refresh_key(cell.row_key)
        self.on_note()
        if move:
            self.move_cursor(row=self.cursor_row + move[0], column=self.cursor_column + move[1])

    def burst_key(self, event: events.Key) -> bool:
        """A key a burst may apply at once (tui/keys.py KeyGate): one that edits the cell being edited."""
        cell = self.cell_edit
        return cell is not None and cell.takes(event.key, event.character, typed_char(event) is not None)

    async def apply_burst(self, keys: list[events.Key]) -> None:
        if self.cell_edit is not None:
            self.cell_edit.burst([(k.key, k.character, typed_char(k) is not None) for k in keys])

    async def _on_key(self, event: events.Key) -> None:
        ch = event.character
        printable = typed_char(event) is not None
        if self.cell_edit is not None:
            if self.cell_edit.key(event.key, ch, printable):
                event.stop()
                event.prevent_default()
            return
        handled = False
        if ch and ch in STARTS_NUMBER:
            handled = self.start_edit(ch)
        elif self.filter_text and event.key in ("n", "N"):
            self.move_cursor(row=(self.cursor_row + (1 if event.key == "n" else -1)) % max(len(self._keys), 1))
            handled = True
        elif self.filter_text and event.key == "escape":
            self.set_filter("")
            handled = True
        if handled:
            event.stop()
            event.prevent_default()

    def on_blur(self, event: events.Blur) -> None:
        # Leaving the table (another screen, a dialog, a click elsewhere) saves the cell, as a form field does.
        if self.cell_edit is not None:
            if self.cell_edit.invalid:
                self.cell_edit.revert()
            else:
                self.cell_edit.commit(None)
        self.refresh_line(self.cursor_row + 1)

    def on_focus(self, event: events.Focus) -> None:
        self.refresh_line(self.cursor_row + 1)

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        """Textual's ScrollView compares the size it is given for its container with the one it keeps
        (its own size less its gutter), which differ whenever the table has a scrollbar: so every
        layout pass of the screen (an error line showing under a form field) redrew the scrollbar,
        a frame after the screen was done. Only a real change of the sizes goes on to Textual's code."""
        sizes = (size, virtual_size, container_size, self.virtual_size)
        if sizes == self._sizes:
            return False
        self._sizes = sizes
        return super()._size_updated(size, virtual_size, container_size, layout)

    def on_resize(self, event: events.Resize) -> None:
        # The table gives a row to the note under it when the selected name takes two lines: the
        # cursor row stays in view; the columns that gave way may be others now.
        self._scroll_to_cursor()
        self._bring_into_view()
        self.on_note()

    # ------------------------------------------------------------ drawing
    def _width(self) -> int:
        return self.scrollable_content_region.width or self.size.width

    def column_layout(self, width: int) -> list[tuple[int, int]]:
        """(column index, cells) of the columns shown at `width`, in order; each shown whole.

        Given widths; the name column (the widest, or `flex`) takes what is left: at most twice its
        given width (on a wide terminal the figures stay near their names; a longer name is under the
        table), at least `name_min`. When that is too wide, whole columns give way: `drop` in order, then
        the others from the right, `keep` last, never the one the cursor brought into view. A hidden
        column at the right end costs one cell for its marker.
        """
        key = (width, self._pinned)
        found = self._layouts.get(key)
        if found is None:
            found = self._layouts[key] = self._fit(width)
        return found

    def _fit(self, width: int) -> list[tuple[int, int]]:
        cols = self.columns
        return fit_columns([w or 10 for _, _, w in self._spec], cols.index(self.name_column) if cols else 0,
                           [cols.index(k) for k in dict.fromkeys(self.drop) if k in cols],
                           {i for i, k in enumerate(cols) if k in self.keep},
                           cols.index(self._pinned) if self._pinned in cols else None, self.name_min, width)

    def widths(self, width: int) -> list[int]:
        """Each column's cells at `width` (0: it gave way)."""
        shown = dict(self.column_layout(width))
        return [shown.get(i, 0) for i in range(len(self._spec))]

    @property
    def hidden_columns(self) -> list[str]:
        """Labels of the columns that gave way at the table's width (the note line names them)."""
        width = self._width()
        if not width:
            return []
        shown = dict(self.column_layout(width))
        return [label for i, (_, label, _) in enumerate(self._spec) if i not in shown]

    def render_line(self, y: int) -> Strip:
        width = self._width()
        base = self.rich_style
        if y == 0:
            return self._header(width, base)
        index = round(self.scroll_offset.y) + y - 1
        if not 0 <= index < len(self._keys):
            return Strip.blank(width, base)
        key = self._keys[index]
        line = self._line(key, index, width)
        # Measured, not told: a row narrower than the table (names capped on a wide terminal) is padded
        # here; a Strip told `width` while shorter left the old screen's cells beside it.
        return Strip(list(line.render(self.app.console))).adjust_cell_length(width, base).apply_style(base)

    def _header(self, width: int, base: Style) -> Strip:
        style = self.get_component_rich_style("ledger--header")
        # A column of right-aligned figures gets a right-aligned heading. Decided by the rows on screen
        # now, never by the order rows happened to be drawn in (a heading drawn before its rows stayed
        # left-aligned until the next full repaint: a fresh start and a resize showed it differently).
        top = round(self.scroll_offset.y)
        right = {k for key in self._keys[top:top + max(self.size.height - 1, 1)]
                 for (k, _, _), c in zip(self._spec, self.cells(key)) if c.justify == "right"}
        line = Text(style=style, no_wrap=True)
        shown = self.column_layout(width)
        for (i, w), gap in zip(shown, gaps(shown, len(self._spec), self.cursor_column if self.show_cursor else -1)):
            key, label, _ = self._spec[i]
            line.append(fit_cell(Text(label), w, key in right))
            line.append(gap, "bold" if gap.strip() else "")
        line.pad_right(max(width - line.cell_len, 0))
        return Strip(list(line.render(self.app.console))).adjust_cell_length(width, base).apply_style(base)

    def _line(self, key: str, index: int, width: int) -> Text:
        cells = self.cells(key)
        current = index == self.cursor_row and self.show_cursor
        editing = self.cell_edit if current and self.cell_edit is not None else None
        show_cell = current and self.cell_source is not None and self.has_focus
        line = Text(no_wrap=True)
        shown = self.column_layout(width)
        for n, (i, w) in enumerate(shown):
            col = self._spec[i][0]
            cell = cells[i] if i < len(cells) else Text()
            right = cell.justify == "right"
            if editing is not None and editing.column == col:
                cell = Text(editing.text + "▏", style=self.get_component_rich_style("ledger--editing"))
            part = fit_cell(cell, w, right)
            if show_cell and i == self.cursor_column:
                part.stylize(self.get_component_rich_style("ledger--cell"))
            line.append(part)
            if n < len(shown) - 1:
                line.append(" ")
        if current:
            line.pad_right(max(width - line.cell_len, 0))
            cursor = "ledger--cursor" if self.has_focus else "ledger--cursor-blurred"
            line.stylize_before(self.get_component_rich_style(cursor))
        return line
