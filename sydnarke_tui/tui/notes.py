"""The multi-line text field (the year's narrative, a goal's analysis) and its editor.

Its own module: TextArea and its document classes cost about 5 ms to import, and no screen shown at
start has one; the screen that does (narrative) imports this module.

The text is shown literally: the TextArea never interprets markup, and stored control characters are
shown as their pictures (core.text.visible).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static, TextArea
from textual.widgets.text_area import Document

from .keys import OrderedEditing
from .widgets import Cancelled, Committed, HoldsEdit

if TYPE_CHECKING:
    from ..session.edits import FieldSpec


class OrderedTextArea(OrderedEditing, TextArea):
    """TextArea for multi-line text: keys in order, control characters shown visibly."""

    def _inserts(self, key: str) -> bool:
        return key == "enter" or (key == "tab" and self.tab_behavior == "indent")

    def _insert(self, text: str) -> None:
        if not self.read_only:
            self.replace(text, *self.selection, maintain_selection_offset=False)

    def _content(self) -> str:
        return self.text

    def _post_changed(self) -> None:
        self.post_message(TextArea.Changed(self))

    def _set_document(self, text: str, language: str | None) -> None:
        super()._set_document(text, language)
        if type(self.document) is Document:  # plain text (ours never highlight a language)
            self.document.__class__ = ShownDocument
            self.wrapped_document.wrap(0)  # just made, unwrapped: measured again as shown (wrapped to width later)


class ShownDocument(Document):
    """A text area's document whose lines are measured and drawn as shown (core.text.visible: a
    control character as its picture, a character of uncertain width as ⬚), one character for one,
    so every location is the same in both. The text itself (saved, copied, cut) stays as typed.

    Showing only the drawn line (get_line) was not enough: the area measured the cursor, the wrap and
    the scroll width on the typed text, and after a ZWJ emoji (2 cells to Rich, 5 characters shown)
    the cursor sat cells left of where it was drawn."""

    @property
    def lines(self) -> list[str]:
        return [_shown_line(line) for line in self._lines]

    def get_line(self, index: int) -> str:
        return _shown_line(super().get_line(index))

    def __getitem__(self, line_index: Any) -> Any:
        got = super().__getitem__(line_index)
        return _shown_line(got) if isinstance(got, str) else [_shown_line(line) for line in got]


@lru_cache(maxsize=4096)
def _shown_line(line: str) -> str:
    from ..core.text import visible

    return visible(line)


class NoteEditor(OrderedTextArea):
    """The TextArea of a NoteField: tells the field when it loses focus."""

    def on_blur(self, event: events.Blur) -> None:
        field = next((a for a in self.ancestors if isinstance(a, NoteField)), None)
        if field is not None:
            field.editor_blurred()


class NoteField(HoldsEdit, Vertical):
    """A multi-line text field (narrative, goal analysis) with the same messages as Field.

    The text is shown literally: the TextArea never interprets markup, and
    stored control characters are shown as \\xNN.
    """

    DEFAULT_CSS = """
    NoteField { height: 1fr; }
    NoteField > .note-head { height: auto; text-style: bold; }
    NoteField > .note-head.-dirty { text-style: bold italic underline; }  /* on the leaves: see Field */
    NoteField > NoteEditor { height: 1fr; border: none; padding: 0 1; }
    NoteField > NoteEditor:focus { border: none; background: $boost; }
    NoteField > .note-status { height: 1; color: $text-muted; }
    NoteField > .note-status.-invalid { color: $error; text-style: bold; }
    """

    def __init__(self, *, cursor_blink: bool = False, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec: FieldSpec | None = None
        self.head: Text = Text()
        self._cursor_blink = cursor_blink
        self._loaded = ""

    def compose(self) -> ComposeResult:
        yield Static("", classes="note-head", markup=False)
        yield NoteEditor("", id="note-editor", soft_wrap=True, tab_behavior="focus")
        yield Static("", classes="note-status", markup=False)

    def on_mount(self) -> None:
        self.editor.cursor_blink = self._cursor_blink
        self.editor.disabled = self.spec is None
        self.show_state()

    @property
    def editor(self) -> NoteEditor:
        return self.query_one(NoteEditor)

    def bind(self, spec: FieldSpec | None, value: Any, head: Text) -> None:
        """Edit another text (the selection changed); a pending edit is saved first."""
        if self.dirty:
            self.post_message(Committed(self, self.edit))
        self.spec = spec
        self.set_head(head)
        self.editor.disabled = spec is None
        edit = self.edit  # one still open for this text (its save waits for the database): its text
        self.set_text("" if spec is None else edit.text if edit is not None else spec.fmt(value))
        self.show_state()

    def set_head(self, head: Text) -> None:
        self.head = head
        self.query_one(".note-head", Static).update(head)

    def set_text(self, text: str) -> None:
        self._loaded = text
        if self.editor.text != text:
            self.editor.load_text(text)

    def show_state(self) -> None:
        error = self.edit.error if self.edit is not None else None
        self.query_one(".note-head", Static).set_class(self.dirty, "-dirty")
        status = self.query_one(".note-status", Static)
        status.set_class(error is not None, "-invalid")
        if error:
            msg = Text("⚠ " + error)
        elif self.spec is None:
            msg = Text("Välj en rad i listan.")
        elif self.dirty:
            msg = Text("✎ Osparad · ^S sparar · Esc återställer")
        else:
            msg = Text("Sparad · ^S sparar · Esc återställer")
        status.update(msg)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        text = self.editor.text
        if self.edit is None and text == self._loaded:  # load_text, not the user
            return
        self.typed(text)

    def editor_blurred(self) -> None:
        if self.is_attached and self.dirty:
            self.post_message(Committed(self, self.edit))

    def commit(self) -> None:
        if self.dirty:
            self.post_message(Committed(self, self.edit))

    def revert(self) -> None:
        if self.edit is not None:
            self.post_message(Cancelled(self, self.edit))

    def finished(self, value: Any) -> None:
        if self.spec is not None:
            self.set_text(self.spec.fmt(value))
        self.show_state()

    def reload(self, value: Any) -> None:
        if self.edit is None and self.spec is not None:
            self.set_text(self.spec.fmt(value))
        self.show_state()
