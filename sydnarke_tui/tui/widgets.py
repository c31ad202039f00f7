"""Shared widgets: form fields with live parsing, diffing statics and tables.

User text is always passed as rich Text (never markup strings), so names such
as "[red]x" or "[/" are shown literally.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Input, Label, Static, TextArea

from ..core.model import FIELD_SV, GoalStatus, Status  # noqa: F401 - FIELD_SV re-exported for the screens
from ..core.numbers import ParseError
from .keys import OrderedInput, OrderedTextArea

if TYPE_CHECKING:
    from .app import SydnarkeApp

STATUS_STYLE = {
    Status.ACHIEVED: "green", Status.PARTLY: "yellow", Status.NOT_ACHIEVED: "red", Status.NOT_MEASURED: "dim",
    GoalStatus.ACHIEVED: "green", GoalStatus.PARTLY: "yellow", GoalStatus.NOT_ACHIEVED: "red",
    GoalStatus.NOT_ASSESSED: "dim",
}


PERIOD_SV = {"t1": "T1", "delar": "Delår", "helar": "Helår"}


def safe(text: Any) -> str:
    """User text made printable: control characters shown as \\xNN, never interpreted."""
    s = "" if text is None else str(text)
    if any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in s):
        s = "".join(c if c == "\n" or not (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) else f"\\x{ord(c):02x}"
                    for c in s)
    return s


def T(*parts: Any) -> Text:
    """Build a Text from (string, style) tuples or plain strings, all literal."""
    out = Text(no_wrap=False)
    for p in parts:
        if isinstance(p, tuple):
            out.append(safe(p[0]), style=p[1])
        elif isinstance(p, Text):
            out.append_text(p)
        else:
            out.append(safe(p))
    return out


def cell(value: Any, style: str = "", right: bool = False) -> Text:
    return Text(safe(value).replace("\n", " "), style=style, justify="right" if right else "left", no_wrap=True, overflow="ellipsis")


class LiveStatic(Static):
    """A Static that only re-renders when its content actually changed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._key: Any = None

    def show(self, text: Text) -> None:
        key = (text.plain, tuple((s.start, s.end, str(s.style)) for s in text.spans))
        if key != self._key:
            # No layout pass when the shape cannot change (same lines, none wrapping):
            # a layout pass reflows the whole screen.
            width = self.content_size.width
            old_lines = self._key[0].split("\n") if self._key else None
            new_lines = text.plain.split("\n")
            same_shape = (
                old_lines is not None and width > 0 and len(old_lines) == len(new_lines)
                # cells, not characters: a wide character (CJK, emoji) wraps sooner
                and all(cell_len(x) < width for x in old_lines) and all(cell_len(x) < width for x in new_lines)
            )
            self._key = key
            self.update(text, layout=not same_shape)


class SyncTable(DataTable):
    """A DataTable updated by diffing: only changed cells are written."""

    DEFAULT_CSS = "SyncTable { height: 1fr; }"

    def __init__(self, columns: list[tuple[str, str, int | None]], **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", False)
        super().__init__(**kwargs)
        self._columns = columns
        self._cells: dict[tuple[str, str], str] = {}
        self._keys: list[str] = []

    def on_mount(self) -> None:
        for key, label, width in self._columns:
            self.add_column(Text(label), key=key, width=width)

    def set_columns(self, columns: list[tuple[str, str, int | None]]) -> None:
        """Replace the columns (e.g. a previous-year column appears); rows are re-added by sync()."""
        if columns == self._columns:
            return
        self._columns = columns
        self.clear(columns=True)
        self._cells.clear()
        self._keys = []
        for key, label, width in columns:
            self.add_column(Text(label), key=key, width=width)

    def sync(self, rows: Iterable[tuple[str, list[Text]]]) -> None:
        rows = list(rows)
        keys = [k for k, _ in rows]
        if keys != self._keys:
            cur = self.current_key()
            self.clear()
            self._cells.clear()
            for k, cells in rows:
                self.add_row(*cells, key=k)
                for (ck, _, _), c in zip(self._columns, cells):
                    self._cells[(k, ck)] = c.plain + str(c.style)
            self._keys = keys
            if cur in keys:
                self.move_cursor(row=keys.index(cur), animate=False)
            return
        for k, cells in rows:
            self.set_cells(k, cells)

    def set_cells(self, row_key: str, cells: list[Text | None]) -> None:
        """Update changed cells and repaint only that row (DataTable.update_cell repaints the table)."""
        from textual.widgets.data_table import ColumnKey, RowKey

        rk = RowKey(row_key)
        if rk not in self._row_locations:
            return
        changed = False
        for (ck, _, _), c in zip(self._columns, cells):
            if c is None:
                continue
            sig = c.plain + str(c.style)
            if self._cells.get((row_key, ck)) != sig:
                self._cells[(row_key, ck)] = sig
                self._data[rk][ColumnKey(ck)] = c
                changed = True
        if changed:
            # Drop the render caches instead of bumping _update_count: that would also
            # invalidate the O(rows) order and offset caches (2 000 lines per keystroke).
            self._row_render_cache.clear()
            self._cell_render_cache.clear()
            self._row_renderable_cache.clear()
            self._line_cache.clear()
            self.refresh_row(self.get_row_index(row_key))

    def current_key(self) -> str | None:
        if not self._keys or self.cursor_row < 0 or self.cursor_row >= len(self._keys):
            return None
        return self._keys[self.cursor_row]

    def select_key(self, key: str) -> bool:
        if key in self._keys:
            self.move_cursor(row=self._keys.index(key), animate=False)
            return True
        return False


@dataclass
class FieldSpec:
    key: str
    label: str
    entity: str
    entity_id: int
    field: str
    parse: Callable[[str], Any]
    fmt: Callable[[Any], str]
    resolve: Callable[[Any], Any]  # model (Year) -> object holding the value, or None
    get: Callable[[Any], Any]
    set: Callable[[Any, Any], None]
    period: str | None = None
    versioned: bool = True
    placeholder: str = ""


class FieldInput(OrderedInput):
    BINDINGS = [Binding("escape", "revert", "Återställ fält", id="field.revert")]

    def action_revert(self) -> None:
        field = next((a for a in self.ancestors if isinstance(a, Field)), None)
        # Not dirty but invalid (a stored text the parser refuses, e.g. with control
        # characters): reverting changes nothing, so Esc leaves the form.
        if field is not None and field.dirty:
            field.revert()
        elif hasattr(self.screen, "focus_table"):
            self.screen.focus_table()


class Field(Vertical):
    """Label, input and an error line. Parses on every keystroke; commits on Enter/blur."""

    DEFAULT_CSS = """
    Field { height: auto; }
    Field > .field-row { height: 1; }
    Field .field-label { width: 16; height: 1; }
    Field:focus-within .field-label { text-style: bold reverse; }
    Field.-dirty .field-label { text-style: bold italic underline; }
    Field FieldInput { border: none; height: 1; padding: 0 1; width: 1fr; }
    Field FieldInput:focus { border: none; background: $boost; }
    Field > .field-error { height: auto; color: $error; text-style: bold; display: none; }
    Field.-invalid > .field-error { display: block; }
    """

    def __init__(self, spec: FieldSpec, **kwargs) -> None:
        super().__init__(id=f"field-{spec.key}", **kwargs)
        self.spec = spec
        obj = spec.resolve(self.app_model())
        self.saved = spec.get(obj) if obj is not None else None
        self.invalid = False
        self._error_shown: str | None = None  # the message on screen, to skip no-op redraws
        self._setting = False

    def app_model(self):
        from textual._context import active_app

        return active_app.get().model

    @property
    def sapp(self) -> "SydnarkeApp":
        return self.app  # type: ignore[return-value]

    def compose(self):
        with Horizontal(classes="field-row"):
            yield Label(Text(self.spec.label), classes="field-label")
            yield FieldInput(
                value=self.spec.fmt(self.saved), placeholder=self.spec.placeholder,
                id=f"input-{self.spec.key}", select_on_focus=False,
            )
        yield Static("", classes="field-error", markup=False)

    def on_mount(self) -> None:
        inp = self.query_one(FieldInput)
        inp.cursor_blink = self.sapp.cursor_blink

    @property
    def input(self) -> FieldInput:
        return self.query_one(FieldInput)

    def obj(self):
        return self.spec.resolve(self.sapp.model)

    @property
    def dirty(self) -> bool:
        return self.input.value != self.spec.fmt(self.saved)

    def set_text(self, text: str) -> None:
        self._setting = True
        try:
            inp = self.input
            inp.value = text
            inp.cursor_position = len(text)
        finally:
            self._setting = False

    def _show_error(self, msg: str | None) -> None:
        # Only touch the DOM when the message changes: an update per keystroke
        # costs a layout pass and often an extra frame.
        if msg == self._error_shown:
            return
        self._error_shown = msg
        self.invalid = msg is not None
        self.set_class(self.invalid, "-invalid")
        self.query_one(".field-error", Static).update(Text("⚠ " + msg) if msg else "")

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._setting:
            return
        self.apply_text(event.value)

    def apply_text(self, text: str) -> None:
        obj = self.obj()
        if obj is None:
            return
        try:
            value = self.spec.parse(text)
        except ParseError as exc:
            self._show_error(str(exc))
            self.sapp.field_live(self, valid=False)
            return
        self._show_error(None)
        self.spec.set(obj, value)
        self.set_class(self.dirty, "-dirty")
        self.sapp.field_live(self, valid=True)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.invalid:
            self.app.bell()
            return
        self.commit()

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        if self.sapp.suppress_blur_commit or not self.is_attached:
            return
        if self.invalid:
            if self.dirty:
                self.sapp.notify(
                    f"{self.spec.label}: ogiltigt värde sparades inte; det sparade värdet är kvar.",
                    severity="warning", markup=False,
                )
            self.revert()
            return
        self.commit()

    def commit(self) -> bool:
        if not self.dirty or self.invalid:
            return not self.invalid
        value = self.spec.parse(self.input.value)
        ok = self.sapp.commit_field(self, value)
        if ok:
            # Normalise the text to the saved form (e.g. "70 %" -> "70").
            self.set_text(self.spec.fmt(self.saved))
        self.set_class(self.dirty, "-dirty")
        return ok

    def revert(self) -> None:
        obj = self.obj()
        self._show_error(None)
        if obj is not None:
            self.spec.set(obj, self.saved)
        self.set_text(self.spec.fmt(self.saved))
        self.set_class(False, "-dirty")
        self.sapp.field_live(self, valid=True)

    def reload(self) -> None:
        """The model was reloaded: take the new saved value, keep a pending edit."""
        obj = self.obj()
        if obj is None:
            return
        new_saved = self.spec.get(obj)
        if not self.dirty:
            self.saved = new_saved
            self.set_text(self.spec.fmt(new_saved))
            return
        self.saved = new_saved
        if not self.invalid:
            try:
                self.spec.set(obj, self.spec.parse(self.input.value))
            except ParseError:
                pass


class LinePanel(Vertical):
    """A panel of one-line Statics: a change repaints only the lines that changed.

    The text is wrapped to the panel width first, so each line is one row; a
    keystroke that changes one figure sends one row to the terminal.
    """

    DEFAULT_CSS = """
    LinePanel { height: auto; }
    LinePanel > Static { height: 1; width: 1fr; }
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._text: Text | None = None
        self._keys: list = []
        self._rows: list[Static] = []

    @property
    def plain(self) -> str:
        return "" if self._text is None else self._text.plain

    def show(self, text: Text) -> None:
        self._text = text
        width = self.content_size.width or (self.parent.content_size.width if self.parent else 0) or 28
        lines: list[Text] = []
        for part in text.split("\n", allow_blank=True):
            wrapped = part.wrap(self.app.console, max(1, width), overflow="ellipsis") if part.plain else [part]
            lines.extend(wrapped)
        while lines and not lines[-1].plain:
            lines.pop()
        # Our own list of line widgets, not self.children: a removed widget stays
        # among the children until its removal completes, and a second show()
        # before then must not count it (it did: IndexError on wrapped text).
        rows = self._rows
        if len(rows) < len(lines):
            new = [Static("", markup=False) for _ in range(len(lines) - len(rows))]
            self.mount_all(new)
            rows.extend(new)
        elif len(rows) > len(lines):
            for w in rows[len(lines):]:
                w.remove()
            del rows[len(lines):]
        self._keys = (self._keys + [None] * len(lines))[: len(lines)]
        for i, (w, line) in enumerate(zip(rows, lines)):
            key = (line.plain, tuple((s.start, s.end, str(s.style)) for s in line.spans))
            if self._keys[i] != key:
                self._keys[i] = key
                line.no_wrap = True
                w.update(line, layout=False)

    def on_resize(self, event) -> None:
        if self._text is not None:
            self._keys = [None] * len(self._keys)
            self.show(self._text)


def note_parser(text: str) -> str:
    """Multi-line text: newlines and tabs allowed, other control characters refused."""
    if any((ord(c) < 32 and c not in "\n\t") or 0x7F <= ord(c) < 0xA0 for c in text):
        raise ParseError("Texten innehåller styrtecken; ta bort dem.")
    return text


class NoteEditor(OrderedTextArea):
    """The TextArea of a NoteField: tells the field when it loses focus."""

    def on_blur(self, event) -> None:
        field = next((a for a in self.ancestors if isinstance(a, NoteField)), None)
        if field is not None:
            field.editor_blurred()


class NoteField(Vertical):
    """A multi-line text field (narrative, goal analysis) with the Field protocol.

    Same contract as Field for the app (spec, saved, dirty, commit, revert,
    reload, set_text, obj), so commits, conflicts, undo of an unsaved edit and
    the unsaved-edit question on quit all work the same way. The text is shown
    literally: the TextArea never interprets markup, and stored control
    characters are shown as \\xNN.
    """

    DEFAULT_CSS = """
    NoteField { height: 1fr; }
    NoteField > .note-head { height: auto; text-style: bold; }
    NoteField.-dirty > .note-head { text-style: bold italic underline; }
    NoteField > NoteEditor { height: 1fr; border: none; padding: 0 1; }
    NoteField > NoteEditor:focus { border: none; background: $boost; }
    NoteField > .note-status { height: 1; color: $text-muted; }
    NoteField.-invalid > .note-status { color: $error; text-style: bold; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.spec: FieldSpec | None = None
        self.saved: Any = None
        self.invalid = False
        self.head: Text = Text()

    @property
    def sapp(self) -> "SydnarkeApp":
        return self.app  # type: ignore[return-value]

    def compose(self):
        yield Static("", classes="note-head", markup=False)
        yield NoteEditor("", id="note-editor", soft_wrap=True, tab_behavior="focus")
        yield Static("", classes="note-status", markup=False)

    def on_mount(self) -> None:
        self.editor.cursor_blink = self.sapp.cursor_blink
        self.editor.disabled = self.spec is None
        self._status()

    @property
    def editor(self) -> NoteEditor:
        return self.query_one(NoteEditor)

    def obj(self):
        return None if self.spec is None else self.spec.resolve(self.sapp.model)

    @property
    def dirty(self) -> bool:
        if self.spec is None or not self.is_mounted:
            return False
        return self.editor.text != self.spec.fmt(self.saved)

    def bind(self, spec: FieldSpec | None, head: Text) -> None:
        """Edit another text (the selection changed); a pending edit is saved first."""
        if self.dirty:
            self.commit()
        self.spec = spec
        self.head = head
        self.query_one(".note-head", Static).update(head)
        obj = self.obj()
        self.saved = spec.get(obj) if (spec is not None and obj is not None) else None
        self.invalid = False
        self.set_class(False, "-invalid")
        self.editor.disabled = spec is None
        self.set_text("" if spec is None else spec.fmt(self.saved))
        self._status()

    def set_text(self, text: str) -> None:
        if self.editor.text != text:
            self.editor.load_text(text)
        self.set_class(self.dirty, "-dirty")

    def _status(self, error: str | None = None) -> None:
        if error:
            msg = Text("⚠ " + error)
        elif self.spec is None:
            msg = Text("Välj en rad i listan.")
        elif self.dirty:
            msg = Text("✎ Osparad · ^S sparar · Esc återställer")
        else:
            msg = Text("Sparad · ^S sparar · Esc återställer")
        self.query_one(".note-status", Static).update(msg)

    def on_text_area_changed(self, event) -> None:
        event.stop()
        if self.spec is None:
            return
        self.invalid = False
        self.set_class(False, "-invalid")
        self.set_class(self.dirty, "-dirty")
        self.sapp.editing = self if self.dirty else None
        self._status()

    def editor_blurred(self) -> None:
        if self.sapp.suppress_blur_commit or not self.is_attached:
            return
        if self.dirty and not self.commit():
            self.sapp.notify(f"{self.spec.label}: texten sparades inte; den finns kvar i rutan.",
                             severity="warning", markup=False)

    def commit(self) -> bool:
        if not self.dirty:
            return True
        try:
            value = self.spec.parse(self.editor.text)
        except ParseError as exc:
            self.invalid = True
            self.set_class(True, "-invalid")
            self._status(str(exc))
            return False
        obj = self.obj()
        if obj is None:
            return False
        self.spec.set(obj, value)
        ok = self.sapp.commit_field(self, value)
        self.set_class(self.dirty, "-dirty")
        self._status()
        return ok

    def revert(self) -> None:
        if self.spec is None:
            return
        self.invalid = False
        self.set_class(False, "-invalid")
        obj = self.obj()
        if obj is not None:
            self.spec.set(obj, self.saved)
        self.set_text(self.spec.fmt(self.saved))
        if self.sapp.editing is self:
            self.sapp.editing = None
        self._status()

    def reload(self) -> None:
        """The model was reloaded: take the new saved text, keep a pending edit."""
        obj = self.obj()
        if obj is None:
            return
        new_saved = self.spec.get(obj)
        if not self.dirty:
            self.saved = new_saved
            self.set_text(self.spec.fmt(new_saved))
        else:
            self.saved = new_saved
        self._status()
