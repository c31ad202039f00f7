"""The only place that touches Textual internals; tests/tui/test_textual_adapter.py fails when they change.

Also the dispatch wrapper and queue probes behind tui/keys.py (the 6605
workaround) and tui/crash.py, and the segment filter of tui/inert.py.

Select has no public "composed" flag: set_options before its children exist fails. A Textual
widget's own binding (the Select list's Esc) is renamed in its class's merged bindings.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from rich.segment import Segment
from textual.strip import Strip

from textual.widgets import Select
from textual.widgets._select import SelectOverlay

def select_ready(select: Select) -> bool:
    """Select composed its label (set_options and value= work from then on)."""
    return bool(select.query("#label"))


# ---------------------------------------------------------------- message dispatch, keys, queues
# Used by tui/keys.py (keys in the order typed: Textual issue 6605) and
# tui/crash.py (an error in a handler does not end the app).

DISPATCH = "_dispatch_message"  # MessagePump's per-message coroutine
PUMP_INTERNALS = ("_message_queue", "_next_callbacks", "_bindings")
APP_INTERNALS = ("_keymap", "_handle_exception")


def wrap_dispatch(make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """Replace every message pump's dispatch with make(original) (process-wide)."""
    from textual.message_pump import MessagePump

    setattr(MessagePump, DISPATCH, make(getattr(MessagePump, DISPATCH)))


def running_app() -> Any:
    """The app whose message is being handled now; LookupError outside one."""
    from textual._context import active_app

    return active_app.get()


def app_keymap(app: Any) -> dict[str, str]:
    """The keymap the app applied with set_keymap ([keymap] in config.toml)."""
    return getattr(app, "_keymap", None) or {}


def own_bindings(widget: Any) -> Any:
    """A copy of the widget's own BindingsMap (its BINDINGS, before the keymap)."""
    return widget._bindings.copy()


def pump_busy(node: Any) -> bool:
    """Messages or callbacks waiting in the node's queue."""
    return bool(node._message_queue.qsize() or node._next_callbacks)


def pending_callbacks(node: Any) -> bool:
    return bool(node._next_callbacks)


def queued_messages(app: Any) -> list[Any]:
    return list(app._message_queue.values)


def queue_empty(app: Any) -> bool:
    return app._message_queue.empty()


# ---------------------------------------------------------------- strips (tui/inert.py)
STRIP_INTERNALS = ("_segments", "_render_cache")


def strip_unrendered_segments(strip: Strip) -> list[Segment] | None:
    """The strip's segments when it has not been rendered to text yet, else None."""
    return list(strip._segments) if strip._render_cache is None else None


def set_strip_segments(strip: Strip, segments: list[Segment]) -> None:
    strip._segments = segments


def name_binding(cls: type, action: str, description: str) -> None:
    """Give a Textual widget's own binding a Swedish name in the footer (before the widget is made)."""
    merged = cls._merged_bindings
    for key, bindings in merged.key_to_bindings.items():
        merged.key_to_bindings[key] = [dataclasses.replace(b, description=description) if b.action == action else b
                                       for b in bindings]


def name_select_list_keys() -> None:
    """The open list of a Select (y / p on Översikt): its Esc reads Swedish in the footer."""
    name_binding(SelectOverlay, "dismiss", "Stäng listan")


def strip_rendered(strip: Strip) -> str | None:
    """The strip's terminal text when it has been rendered, else None (tui/output.py)."""
    return strip._render_cache


def set_strip_rendered(strip: Strip, text: str) -> None:
    strip._render_cache = text


# ---------------------------------------------------------------- terminal updates (tui/output.py)
def filter_chop_writes(keep: Callable[[Any, int, int, int, str], bool], forget: Callable[[Any], None]) -> None:
    """Partial updates write a chop (a run of cells of one line) only when keep(console, y, x, end, text);
    a full or inline update, and a resize of the terminal, call forget(console) first. Otherwise
    Textual's own ChopsUpdate.render_segments (textual/_compositor.py), its one loop repeated here."""
    from rich.control import Control
    from textual._compositor import ChopsUpdate, InlineUpdate, LayoutUpdate

    def render_chops(self: ChopsUpdate, console: Any) -> str:
        sequences: list[str] = []
        append = sequences.append
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            wrote = False
            for end, (x, strip) in zip(self.chop_ends[y], self.chops[y].items()):
                if strip is None or x > x2 or end <= x1:
                    continue
                if not (x2 > x >= x1 and end <= x2):
                    end = min(end, x2)
                    strip = strip.crop(0, end - x)
                text = strip.render(console)
                if keep(console, y, x, end, text):
                    append(Control.move_to(x, y).segment.text)
                    append(text)
                    wrote = True
            if wrote and y != last_y:  # Textual's newline, only where the cursor is on this line (no scrolling)
                append("\n")
        return "".join(sequences)

    def forgetting(original: Callable[..., str]) -> Callable[..., str]:
        def render(self: Any, console: Any) -> str:
            forget(console)
            return original(self, console)
        return render

    from textual.app import App

    on_resize = App._on_resize

    async def resized(self: App, event: Any) -> None:  # the terminal may have redrawn or cleared itself
        forget(self.console)
        await on_resize(self, event)

    App._on_resize = resized  # type: ignore[method-assign]
    ChopsUpdate.render_segments = render_chops  # type: ignore[method-assign]
    LayoutUpdate.render_segments = forgetting(LayoutUpdate.render_segments)  # type: ignore[method-assign]
    InlineUpdate.render_segments = forgetting(InlineUpdate.render_segments)  # type: ignore[method-assign]
