"""Shared widgets: form fields that post messages, diffing statics and panels (tables: tui/table).

User text is always passed as rich Text (never markup strings), so names such
as "[red]x" or "[/" are shown literally. Fields never call the app or the
database. Typed text goes straight to the session (`HoldsEdit.typed`), which
tells the screen on show what changed, in the same handler as the key: one
frame per key. A field holds no edit of its own: it reads the session's
(`HoldsEdit.edit`), the one list of edits. Enter, Esc and leaving a field
post Committed / Cancelled, and the screen saves or puts back through the
session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Protocol

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Input, Static

from ..core.numbers import no_break
from ..session.edits import Edit, FieldSpec
from .cells import Wrapped, wrap
from .keys import OrderedInput
from .palette import readable

if TYPE_CHECKING:
    from .notes import NoteField


def text_key(text: Text) -> tuple[str, tuple[tuple[int, int, str], ...]]:
    """What a Text shows (characters and styles): equal keys need no repaint."""
    return text.plain, tuple((s.start, s.end, str(s.style)) for s in text.spans)


class LiveStatic(Static):
    """A Static that only re-renders when its content actually changed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._key: Any = None

    def show(self, text: Text) -> None:
        key = text_key(text)
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
            # A figure with spaces in it (or its unit after it) could be broken by Textual's wrapping: laid out
            # by cells instead (tui/cells.py). Other text takes Textual's own path.
            shown = Wrapped(text) if no_break(text.plain) != text.plain else text
            self.update(shown, layout=not same_shape)


class MarkRow(Static):
    """One row that is always there, blank or holding a marker (the panels' ✱): showing or clearing
    it repaints the row, with no layout pass and no widget mounted in the middle of a keystroke."""

    DEFAULT_CSS = "MarkRow { height: 1; width: 1fr; }"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__("", markup=False, **kwargs)
        self._shown: tuple | None = None

    def mark(self, text: Text | None) -> None:
        key = None if text is None else text_key(text)
        if key != self._shown:
            self._shown = key
            self.update(text if text is not None else "", layout=False)


class KeyFooter(LiveStatic):
    """The keys of the focused widget, screen and app on one line (Textual's Footer, as one widget).

    Textual's Footer mounts a widget per key and restyles each on every screen
    switch: about a tenth of a second per first open. This draws the same keys
    as one Text, redrawn when the screen's bindings change.
    """

    DEFAULT_CSS = """
    KeyFooter { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; }
    KeyFooter > .key-footer--key { color: $footer-key-foreground; text-style: bold; }
    /* 16 colours: the terminal's own foreground (magenta is 4.4:1 on black, 3.1:1 on white). */
    KeyFooter:ansi > .key-footer--key { color: ansi_default; text-style: bold; }
    """
    COMPONENT_CLASSES = {"key-footer--key"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self.call_after_refresh(self.render_keys)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Any) -> None:
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self.render_keys)

    def on_resize(self) -> None:
        self.render_keys()

    def render_keys(self) -> None:
        if not self.is_attached:
            return
        key_style = readable(self.get_component_rich_style("key-footer--key"), self.rich_style)
        line = Text(no_wrap=True, overflow="ellipsis")
        palette = None
        seen: set[str] = set()
        for _, binding, enabled, _tip in self.screen.active_bindings.values():
            if binding.id == "palette":
                palette = binding
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            line.append(f" {self.app.get_key_display(binding)} ", key_style)
            line.append(binding.description, "italic" if not enabled else "")  # faint would be unreadable
            line.append(" ")
        if palette is not None:  # the palette key at the right edge, as Textual's Footer has it
            right = Text.assemble("▏", (f"{self.app.get_key_display(palette)} ", key_style),
                                  palette.description, " ")
            room = self.size.width - right.cell_len
            if room > 0:
                line.truncate(room, overflow="ellipsis", pad=True)
            line.append_text(right)
        self.show(line)


class EditSource(Protocol):
    def edit_of(self, spec: FieldSpec) -> Edit | None: ...

    def type(self, spec: FieldSpec, text: str) -> Edit | None: ...


class HoldsEdit:
    """A form field, the narrative editor or a table cell: shows the session's Edit of its field."""

    spec: FieldSpec | None

    def edit_source(self) -> EditSource | None:
        """The session (widgets reach it through their app)."""
        return getattr(getattr(self, "app", None), "session", None)

    @property
    def edit(self) -> Edit | None:
        """The session's edit of this field, once typing began (None before and after)."""
        source = self.edit_source() if self.spec is not None else None
        return None if source is None or self.spec is None else source.edit_of(self.spec)

    def typed(self, text: str) -> None:
        """The text as typed now: to the session (which tells the screen on show what changed), then
        this field's own marks. Called in the key's own handler, so the key is drawn in one frame."""
        source = self.edit_source()
        if self.spec is not None and source is not None and source.type(self.spec, text) is not None:
            self.show_state()

    def show_state(self) -> None:
        """Show the edit's state (error, dirty mark)."""

    @property
    def dirty(self) -> bool:
        return self.edit is not None and self.edit.dirty

    @property
    def invalid(self) -> bool:
        return self.edit is not None and not self.edit.valid

    def replay(self, keep: bool) -> None:
        """A save that waited for the database is over (saved: keep); a table cell replays the keys it held."""


class FieldMessage(Message):
    """Base of the messages a field posts: its spec and the session's Edit (None before the first key)
    as they were when posted (the narrative editor may edit another text by the time it is handled)."""

    def __init__(self, field: Field | NoteField, edit: Edit | None, text: str = "") -> None:
        super().__init__()
        self.field = field
        self.spec = field.spec
        self.edit = edit
        self.text = text


class Committed(FieldMessage):
    """Enter, Ctrl+S or leaving the field: save the edit."""


class Cancelled(FieldMessage):
    """Esc, or an invalid value left behind (`left`): back to the saved value."""

    def __init__(self, field: Field | NoteField, edit: Edit | None, left: bool = False) -> None:
        super().__init__(field, edit)
        self.left = left


class FieldInput(OrderedInput):
    BINDINGS = [Binding("escape", "revert", "Återställ fält", id="field.revert")]

    def action_revert(self) -> None:
        field = next((a for a in self.ancestors if isinstance(a, Field)), None)
        # Not dirty but invalid (a stored text the parser refuses, e.g. with control
        # characters): reverting changes nothing, so Esc leaves the form.
        if field is not None and field.dirty:
            field.revert()
        else:
            self.post_message(LeaveForm())


class LeaveForm(Message):
    """Esc on an unchanged field: back to the table."""


class FieldLabel(Static):
    """The field's mark (▶ when the field has focus) and name, in one widget: a keystroke makes
    Textual render every widget beside the rows it changed, so each one fewer per field counts."""

    DEFAULT_CSS = "FieldLabel { width: 17; height: 1; }"


class Field(HoldsEdit, Widget):
    """Label, input and an error line; hands each key's text to the session, posts Committed on Enter/blur.

    Three widgets (label, input, the error line under both) in a grid: the fewer widgets a form
    has, the less Textual renders for each key typed into it."""

    DEFAULT_CSS = """
    Field { layout: grid; grid-size: 2; grid-columns: 17 1fr; grid-rows: 1 auto; height: auto; }
    /* A rule on Field itself: Textual restyles a :focus-within subtree only from a
       node with its own :focus-within rule. */
    Field:focus-within { background-tint: $foreground 4%; }
    Field FieldInput { border: none; height: 1; padding: 0 1; width: 1fr; }
    Field FieldInput:focus { border: none; background: $boost; }
    /* -invalid sits on the error line, not on Field: a class on Field restyles its whole
       subtree, the Input too (a tenth of a burst's time). */
    Field > .field-error { column-span: 2; height: auto; color: $error; text-style: bold; display: none; }
    Field > .field-error.-invalid { display: block; }
    """

    def __init__(self, spec: FieldSpec, value: Any, *, cursor_blink: bool = False, **kwargs: Any) -> None:
        super().__init__(id=f"field-{spec.key}", **kwargs)
        self.spec: FieldSpec = spec
        self._initial = spec.fmt(value)
        self._cursor_blink = cursor_blink
        self._error_shown: str | None = None  # the message on screen, to skip no-op redraws
        self._label_shown: tuple[str, bool, bool] | None = None  # (name, focused, dirty) on screen
        self._setting = False

    def compose(self) -> ComposeResult:
        yield FieldLabel(self._label_text(False, False), classes="field-label", markup=False)
        inp = FieldInput(value=self._initial, placeholder=self.spec.placeholder, id=f"input-{self.spec.key}",
                         select_on_focus=False)
        inp.text_changed = self._text_changed  # at once, in the key's handler (no message hop, no 2nd frame)
        yield inp
        yield Static("", classes="field-error", markup=False)

    def _label_text(self, focused: bool, dirty: bool) -> Text:
        """The mark and the name. Focus: ▶ and the name reversed; changed, not saved: italic and
        underlined. Characters and attributes, seen in 16 colours and under NO_COLOR."""
        name = Text(self.spec.label, no_wrap=True, overflow="ellipsis")
        name.truncate(16, overflow="ellipsis")
        # On the name, not the padding after it (as a text-style on the label widget drew it).
        name.stylize(Style(bold=focused or dirty, reverse=focused, italic=dirty, underline=dirty))
        name.pad_right(16 - name.cell_len)
        return Text.assemble(("▶", "bold") if focused else " ", name, no_wrap=True)

    def _show_label(self) -> None:
        focused = self.has_focus_within
        shown = (self.spec.label, focused, self.dirty)
        if shown != self._label_shown:
            self._label_shown = shown
            self.query_one(FieldLabel).update(self._label_text(focused, shown[2]), layout=False)

    def on_descendant_focus(self) -> None:
        self._show_label()

    def on_descendant_blur(self) -> None:
        self._show_label()

    def on_mount(self) -> None:
        self.input.cursor_blink = self._cursor_blink

    @property
    def input(self) -> FieldInput:
        return self.query_one(FieldInput)

    @staticmethod
    def shape_of(spec: FieldSpec) -> tuple[str, str, str]:
        """What the field shows besides its value: fields of the same shape can take each other's specs."""
        return spec.key, spec.label, spec.placeholder

    @property
    def shape(self) -> tuple[str, str, str]:
        return self.shape_of(self.spec)

    def rebind(self, spec: FieldSpec, value: Any) -> None:
        """Show another row's value of the same shape (the cursor moved); only for a field without an edit."""
        assert self.edit is None and self.shape_of(spec) == self.shape
        self.spec = spec
        self._initial = spec.fmt(value)
        self.set_text(self._initial)
        # As a new field shows it: the cursor at the end, the text from its start.
        self.input.scroll_to(0, 0, animate=False, force=True, immediate=True)
        self.show_state()

    def set_text(self, text: str) -> None:
        # Filled in, not typed: nothing for the session.
        self._setting = True
        try:
            inp = self.input
            with self.prevent(Input.Changed):
                inp.value = text
            inp.cursor_position = len(text)
        finally:
            self._setting = False

    def show_state(self) -> None:
        """Error line and dirty mark from the edit (after the session parsed the text)."""
        msg = self.edit.error if self.edit is not None else None
        self._show_label()
        # Only touch the DOM when the message changes: an update per keystroke
        # costs a layout pass and often an extra frame.
        if msg == self._error_shown:
            return
        appearing = self._error_shown is None
        self._error_shown = msg
        line = self.query_one(".field-error", Static)
        line.set_class(msg is not None, "-invalid")
        text = Text("⚠ " + msg) if msg else Text("")
        # Another message of as many lines (each key into an invalid value changes it): a repaint,
        # not a layout pass of the whole screen for every key.
        width = line.content_size.width
        same_height = (msg is not None and not appearing and width > 0
                       and len(text.wrap(self.app.console, width)) == line.size.height)
        line.update(text, layout=not same_height)
        if msg is not None and appearing:  # the message under the field must be in view (the form may scroll)
            self.call_after_refresh(self.scroll_visible, animate=False)

    def _text_changed(self, text: str) -> None:
        if not self._setting:
            self.typed(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()  # the text went to the session already (_text_changed)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.invalid:
            self.app.bell()
        elif self.dirty:
            self.post_message(Committed(self, self.edit))

    def on_input_blurred(self, event: Input.Blurred) -> None:
        event.stop()
        if not self.is_attached or not self.dirty:
            return
        if self.invalid:
            self.post_message(Cancelled(self, self.edit, left=True))
        else:
            self.post_message(Committed(self, self.edit))

    def revert(self) -> None:
        if self.edit is not None:
            self.post_message(Cancelled(self, self.edit))

    def finished(self, value: Any) -> None:
        """The edit ended (saved, cancelled or theirs taken): show the value, normalised."""
        self.set_text(self.spec.fmt(value))
        self.show_state()

    def reload(self, value: Any) -> None:
        """The year was read again: an untouched field shows the new value; an edit keeps its text."""
        if self.edit is None:
            self.set_text(self.spec.fmt(value))


class LineRows(Widget):
    """Rows of text drawn by this one widget (Textual's Line API): a change refreshes only the
    rows that changed (a keystroke that changes one figure sends one row to the terminal).

    One widget, not one Static per row: Textual renders every widget inside the box around
    all that changed in a frame, and a keystroke changes the form, the table and the panels."""

    DEFAULT_CSS = "LineRows { height: auto; width: 1fr; }"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keys: list[Any] = []  # text_key of each line shown
        self._lines: list[Text] = []
        self._strips: dict[int, tuple[int, Style, Strip]] = {}  # row -> (width, base style, its strip)

    def get_content_height(self, _container: Any, _viewport: Any, _width: int) -> int:
        return len(self._lines)

    def show_lines(self, lines: list[Text]) -> None:
        keys = [text_key(line) for line in lines]
        if len(keys) != len(self._keys):
            self._keys, self._lines = keys, lines
            self._strips.clear()
            self.refresh(layout=True)
            return
        for i, key in enumerate(keys):
            if self._keys[i] != key:
                self._keys[i], self._lines[i] = key, lines[i]
                self._strips.pop(i, None)
                self.refresh(Region(0, i, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        width, style = self.size.width, self.rich_style
        cached = self._strips.get(y)
        if cached is not None and cached[0] == width and cached[1] == style:
            return cached[2]
        if y >= len(self._lines):
            return Strip.blank(width, style)
        line, console = self._lines[y], self.app.console
        # Text.render draws the spans only; the line's own style (a muted note) goes under them.
        base = style + console.get_style(line.style, default=Style.null()) if line.style else style
        segments = Segment.apply_style(line.render(console, end=""), base)
        strip = Strip(segments).crop_extend(0, width, style)
        self._strips[y] = (width, style, strip)
        return strip


class LinePanel(LineRows):
    """A panel of text wrapped to its width first (by cells: tui/cells.py), so each line is one row."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._text: Text | Callable[[int], Text] | None = None
        self._shown = Text()

    @property
    def plain(self) -> str:
        return self._shown.plain

    def show(self, text: Text | Callable[[int], Text]) -> None:
        """The text, or a function of the width that lays it out (rows of figures that fit the panel)."""
        self._text = text
        parent = self.parent
        width = self.scrollable_content_region.width or (parent.content_size.width if isinstance(parent, Widget)
                                                          else 0) or 28
        self._shown = text(width) if callable(text) else text
        lines = wrap(self._shown, width)  # by cells: a figure and its unit stay on one line
        while lines and not lines[-1].plain:
            lines.pop()
        self.show_lines(lines)

    def on_resize(self, event: events.Resize) -> None:
        if self._text is not None:
            self._strips.clear()
            self.show(self._text)
