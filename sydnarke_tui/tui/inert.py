"""User text is inert on screen: no control character ever reaches the terminal.

Widgets show user text through ``text.safe``/``T``/``cell`` (tables,
panels), ``OrderedInput``/``OrderedTextArea`` (editors) and
``InertText.notify`` (toasts). As a last line of defence, every strip the
app writes passes ``guard_strips``: a control character left in a segment's
text (a path we missed, a library's own widget) is replaced by its visible
picture before Rich adds the styling escapes, and a character of uncertain
width (core.text.shown) by ⬚; the segment keeps the cells it was laid out in,
so nothing beside it moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.cells import cell_len, set_cell_size, split_graphemes
from rich.console import Console

from ..core.text import UNSURE, visible
from .textual_adapter import set_strip_segments, strip_unrendered_segments

_installed = False

if TYPE_CHECKING:
    from textual.app import App

    _App = App[Any]  # the app InertText is mixed into
else:
    _App = object


def _inert(text: str) -> str:
    """The segment's text made visible, each grapheme in the cells Rich measured it at (so nothing
    after it moves or is cut off: a ZWJ family is 2 cells to Rich, 5 characters made visible)."""
    shown = visible(text, keep_newlines=False)
    if shown == text:
        return text
    if cell_len(shown) == cell_len(text) and len(shown) == len(text):
        return shown
    spans, _ = split_graphemes(text)
    return "".join(_fitted(text[start:end], cells) for start, end, cells in spans)


def _fitted(grapheme: str, cells: int) -> str:
    shown = visible(grapheme, keep_newlines=False)
    if cell_len(shown) == cells:
        return shown
    first = shown[:1]
    if first != UNSURE and cell_len(first) == cells and visible(first, keep_newlines=False) == first:
        return first  # 'b' + a bidi override Rich counts in b's cell: the b
    return set_cell_size(UNSURE * cells, cells)


def guard_strips() -> None:
    """Wrap Strip.render once: segment text is made visible before it is styled."""
    global _installed
    if _installed:
        return
    from rich.segment import Segment
    from textual.strip import Strip

    original = Strip.render

    def render(self: Strip, console: Console) -> str:
        segments = strip_unrendered_segments(self)
        if segments:
            made = [text if control else _inert(text) for text, _, control in segments]
            if any(new is not old for new, (old, _, _) in zip(made, segments)):
                set_strip_segments(self, [Segment(new, style, control)
                                          for new, (_, style, control) in zip(made, segments)])
        return original(self, console)

    Strip.render = render  # type: ignore[method-assign]  # replacing Textual's method is the point
    _installed = True


def inert(value: Any) -> Any:
    """A str made visible; anything else (Text, Content) passed through."""
    return visible(value, keep_newlines=True) if isinstance(value, str) else value


class InertText(_App):
    """App mixin: toasts never carry raw control characters."""

    def notify(self, message: Any, *, title: str = "", **kwargs: Any) -> None:
        super().notify(inert(message), title=inert(title), **kwargs)
