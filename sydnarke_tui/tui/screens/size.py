"""The smallest terminal the screens are laid out for, and the one-line message below it.

Below MIN_WIDTH × MIN_HEIGHT a screen shows only that message (every key still
works); from that size up the layouts fit (tui/app.tcss: -narrow, -short).
"""

from __future__ import annotations

from typing import Any, cast

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 60, 15


def too_small_text(size: Size) -> Text:
    return Text(f"Fönstret är {size.width} × {size.height}: sydnarke-tui behöver minst "
                f"{MIN_WIDTH} × {MIN_HEIGHT} tecken (Ctrl+Q avslutar).")


def is_too_small(size: Size) -> bool:
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


class SizeGuard:
    """A screen mixin: compose `too_small()` last; on resize the screen shows it alone when too small."""

    _focus_before: Widget | None = None  # focus when the terminal became too small, given back after

    def too_small(self) -> ComposeResult:
        yield Static("", classes="too-small", markup=False)

    def on_resize(self, event: events.Resize) -> None:
        screen = cast("Screen[Any]", self)  # the mixin's host
        small = is_too_small(event.size)
        was_small = screen.has_class("-too-small")
        for note in screen.query(".too-small").results(Static):
            note.update(too_small_text(event.size) if small else "")
        if small and not was_small:
            # Hidden widgets lose focus: give it back when the terminal is large enough again.
            self._focus_before = screen.focused
        screen.set_class(small, "-too-small")
        if was_small and not small:
            before = self._focus_before
            if before is not None and before.is_attached:
                screen.call_after_refresh(before.focus)
