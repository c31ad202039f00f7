"""Keys in the order typed, even when a burst arrives in one read (SSH, tmux, paste).

Three independent fixes:

* ``esc_is_esc`` (installed once per process by the app): Textual's terminal
  parser reads ESC and the next key in the same read as Alt+key: ESC 6 types
  `§`, ESC Backspace deletes a word, ESC Enter loses the Esc, and ESC before
  32 more characters becomes `^`. The app binds no Alt keys, and over SSH Esc
  and the next key often arrive together, so ESC + a key that starts no
  terminal sequence is Esc, then that key (textual/_xterm_parser.py). The
  same holds inside a sequence that turns out to be none (Esc, then `[` and
  more text): when Textual gives it up it types each Esc in it as `^`; here
  it stays Esc.

* ``OrderedEditing`` (a widget mixin, on every Input and TextArea we use):
  Textual 8.2 inserts printable characters in ``Input._on_key`` at once but
  runs the widget's own bindings (backspace, delete, ctrl+u, arrows, …) only
  after the key has bubbled up to the app, so characters from the same read
  overtake them (upstream Textualize/textual#6605, PR #6631). The mixin runs
  the widget's own non-priority bindings inline, in its key handler. When
  upstream fixes #6605 this mixin is the one place to delete;
  tests/tui/test_keys.py::test_upstream_6605_still_open fails to say so.

* ``KeyGate`` (an App mixin): a key that moves focus or opens a form or a
  dialog only takes effect after its handlers have run, but the app forwards
  the next key of the burst at once, to the widget focused *before* that.
  The gate holds each further key (and paste) until the previous one has
  settled (every message queue of the app and the current screen drained,
  no year being loaded), so a burst goes where the same keys typed slowly
  would go. Nothing is dropped: after a time limit the held key is released
  anyway. Keys that only edit the focused field or cell (characters,
  Backspace) and arrive together are applied together: one change, one
  recompute, one frame for a paste or a fast typist, not one per key.
"""

from __future__ import annotations

import asyncio
import unicodedata
from collections import deque
from collections.abc import Awaitable, Callable, Iterator
from functools import lru_cache
from time import monotonic
from typing import TYPE_CHECKING, Any, Self

from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Input, TextArea
from textual.widgets.text_area import Document

from .textual_adapter import app_keymap, own_bindings, pending_callbacks, pump_busy, queue_empty, queued_messages, \
    wrap_dispatch, wrap_key_parser, wrap_parser_tokens

if TYPE_CHECKING:
    from rich.text import Text
    from textual.app import SystemCommand

# How long one key may take to settle before the next is released anyway.
SETTLE_LIMIT = 2.0


ESC = "\x1b"
# After ESC these begin the terminal's own sequences (CSI, SS3; ESC Tab is Shift+Tab on the Linux console).
SEQUENCE_STARTS = "[O\t" + ESC


KeySteps = Callable[..., Iterator[events.Key]]  # XTermParser's sequence -> key events step


def _esc_then_key(original: KeySteps) -> KeySteps:
    def keys(self: Any, sequence: str, alt: bool = False) -> Iterator[events.Key]:
        if sequence == ESC and not alt:
            # Only a given-up sequence typed again asks for a lone ESC here (a pressed Esc is sent
            # directly); Textual then turns the Esc into `^`, which _reissued_esc_stays_esc undoes.
            self._sydnarke_reissued_esc = True
            yield events.Key("escape", ESC)
        elif alt:  # a character after an ESC that began no sequence: Textual would make it alt+<key>
            yield events.Key("escape", ESC)
            yield from original(self, sequence, False)
        elif len(sequence) == 2 and sequence[0] == ESC and sequence[1] not in SEQUENCE_STARTS:
            yield events.Key("escape", ESC)  # before Textual's table (ESC 6 = §, ESC Backspace = Ctrl+W) sees it
            yield from original(self, sequence[1], False)
        else:
            yield from original(self, sequence, alt)

    return keys


def _reissued_esc_stays_esc(parser: Any, callback: Any) -> Any:
    def on_token(token: Any) -> None:
        if getattr(parser, "_sydnarke_reissued_esc", False) and isinstance(token, events.Key):
            parser._sydnarke_reissued_esc = False
            if token.key == "circumflex_accent":  # the Esc keys() just gave, not a typed ^
                token = events.Key("escape", ESC)
        callback(token)

    return on_token


def esc_is_esc() -> None:
    """ESC + key in one read is Esc, then the key (see the module's docstring); idempotent."""
    wrap_key_parser(_esc_then_key)
    wrap_parser_tokens(_reissued_esc_stays_esc)


def typed_char(event: events.Key) -> str | None:
    """The character a key types, or None. A no-break (or other) space counts: str.isprintable()
    says no, so Textual drops it, but "1 417,5" typed or pasted unbracketed with one must keep it."""
    if event.is_printable:
        return event.character
    ch = event.character
    return ch if ch and len(ch) == 1 and unicodedata.category(ch) == "Zs" else None


class OrderedEditing:
    """Run the widget's own key bindings inline (workaround for textual#6605); take a burst at once."""

    def _inserts(self, key: str) -> bool:
        """Keys the widget's own _on_key inserts as text (not bindings)."""
        if isinstance(self, TextArea):
            return key == "enter" or (key == "tab" and self.tab_behavior == "indent")
        return False

    async def _on_key(self, event: events.Key) -> None:
        if event.is_printable or self._inserts(event.key):
            return  # the widget's own _on_key inserts it, in order
        ch = typed_char(event)
        if ch is not None:  # a space Textual drops
            event.stop()
            event.prevent_default()
            self._insert(ch)
            return
        if await self._own_binding(event.key):
            event.stop()
            event.prevent_default()

    def _insert(self, text: str) -> None:
        if isinstance(self, Input):
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
        elif isinstance(self, TextArea) and not self.read_only:
            self.replace(text, *self.selection, maintain_selection_offset=False)

    async def _own_binding(self, key: str) -> bool:
        """Run the widget's own non-priority binding of `key` (the keymap applied); True when one ran."""
        bindings = own_bindings(self)
        keymap = app_keymap(self.app)  # type: ignore[attr-defined]
        if keymap:
            bindings.apply_keymap(keymap)
        for binding in bindings.key_to_bindings.get(key, ()):
            if binding.priority:
                continue  # priority bindings already ran before the key got here
            if await self.app.run_action(binding.action, self):  # type: ignore[attr-defined]
                return True
        return False

    # A burst (KeyGate): keys that only edit the text, applied together with one Changed message.
    def burst_key(self, event: events.Key) -> bool:
        return typed_char(event) is not None or event.key == "backspace" or (
            event.key == "enter" and isinstance(self, TextArea))

    def _content(self) -> str:
        return self.value if isinstance(self, Input) else self.text  # type: ignore[attr-defined]

    async def apply_burst(self, keys: list[events.Key]) -> None:
        before = self._content()
        changed = Input.Changed if isinstance(self, Input) else TextArea.Changed
        # Characters in a row go in as one insert (each insert costs a redraw's setup); not where
        # Input refuses a whole insert that breaks a limit it would take character by character.
        joins = not isinstance(self, Input) or not (self.max_length or self.restrict or self.type != "text")
        typed: list[str] = []
        with self.prevent(changed):  # type: ignore[attr-defined]
            for event in keys:
                ch = "\n" if event.key == "enter" else typed_char(event)
                if ch is not None and joins:
                    typed.append(ch)
                    continue
                if ch is not None:
                    self._insert(ch)
                    continue
                if typed:
                    self._insert("".join(typed))
                    typed.clear()
                await self._own_binding(event.key)
            if typed:
                self._insert("".join(typed))
        if self._content() == before:
            return
        if isinstance(self, OrderedInput):
            self.show_cursor()
            checked = self.validate(self.value) if "changed" in self.validate_on else None
            self.post_message(Input.Changed(self, self.value, checked))
        elif isinstance(self, TextArea):
            self.post_message(TextArea.Changed(self))


class OrderedInput(OrderedEditing, Input):
    """Input for every form and dialog: keys in order, control characters shown visibly."""

    def show_cursor(self) -> None:
        """Scroll the cursor into view. Textual does not on an Input's first change (its
        _initial_value), so a burst or paste into a field empty from the start showed its head."""
        self.scroll_to_region(Region(self._cursor_offset, 0, 1, 1), force=True, animate=False)

    def _on_paste(self, event: events.Paste) -> None:
        self.call_after_refresh(self.show_cursor)  # after Input's own handler has inserted it

    @property
    def _value(self) -> Text:
        from rich.text import Text

        from ..core.text import visible

        if self.password:
            return Text("•" * len(self.value), no_wrap=True, overflow="ignore", end="")
        text = Text(visible(self.value, keep_newlines=False), no_wrap=True, overflow="ignore", end="")
        if self.highlighter is not None:
            text = self.highlighter(text)
        return text

    @property
    def _cursor_offset(self) -> int:
        from rich.cells import cell_len

        from ..core.text import visible

        return cell_len(visible(self.value[: self.cursor_position], keep_newlines=False))

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        # Input sets its virtual size to the text's width on every key, which asks for a layout
        # pass of the whole screen. Ours never size to their text (CSS width), so a repaint does:
        # the scroll limits read the virtual size itself.
        if layout and not self.styles.auto_dimensions and not recompose:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class OrderedTextArea(OrderedEditing, TextArea):
    """TextArea for multi-line text: keys in order, control characters shown visibly."""

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


# Message handlers running right now, in every message pump of the process.
_RUNNING = {"n": 0}
_counting = False


def _count_running_handlers() -> None:
    """Wrap MessagePump._dispatch_message once to count the handlers in progress."""
    global _counting
    if _counting:
        return
    Dispatch = Callable[[MessagePump, Message], Awaitable[Any]]

    def make(original: Dispatch) -> Dispatch:
        async def counted(self: MessagePump, message: Message) -> Any:
            _RUNNING["n"] += 1
            try:
                return await original(self, message)
            finally:
                _RUNNING["n"] -= 1

        return counted

    wrap_dispatch(make)
    _counting = True


class KeyGate:
    """App mixin: hold each key until the previous one has settled."""

    def _gate_state(self) -> dict[str, Any]:
        state = self.__dict__.get("_key_gate")
        if state is None:
            _count_running_handlers()
            # unsettled: a key was handled and nobody has yet waited for it to settle.
            # Waiting starts only when the next key arrives, so a key typed alone costs nothing.
            # applied: ids of keys still in the app's queue that a burst already applied.
            # burst: the field or cell the last keys went straight into; priority: the app's priority keys.
            state = {"unsettled": False, "held": deque(), "next": None, "task": None, "applied": set(),
                     "burst": None, "priority": None}
            self.__dict__["_key_gate"] = state
        return state

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await super().on_event(event)  # type: ignore[misc]
            return
        gate = self._gate_state()
        if id(event) in gate["applied"]:
            gate["applied"].discard(id(event))
            return
        joins = self._joins_burst(event)
        if event is gate["next"]:
            gate["next"] = None
        elif gate["held"] or gate["next"] is not None or (gate["unsettled"] and not joins and not self._idle_now()):
            gate["held"].append(event)
            self._start_settling()
            return
        gate["unsettled"] = True
        try:
            if not await self._apply_burst(event, joins):
                gate["burst"] = None
                await super().on_event(event)  # type: ignore[misc]
        finally:
            if gate["held"]:
                self._start_settling()

    def _burst_taker(self, event: events.Event) -> Any:
        """The focused field or cell when `event` only edits its text (characters, Backspace), else None.
        Never a key one of the app's priority bindings has (they run before any widget sees a key)."""
        target = self.focused  # type: ignore[attr-defined]
        takes = getattr(target, "burst_key", None)
        if not isinstance(event, events.Key) or takes is None or not takes(event):
            return None
        gate = self._gate_state()
        if gate["priority"] is None:
            keymap = app_keymap(self)
            gate["priority"] = {k.strip() for b in type(self).BINDINGS  # type: ignore[attr-defined]
                                if getattr(b, "priority", False)
                                for k in (keymap.get(b.id, b.key) if b.id else b.key).split(",")}
        return None if event.key in gate["priority"] else target

    def _joins_burst(self, event: events.Event) -> bool:
        """The previous key(s) went straight into the focused field as a burst, and this one
        only edits it too: it needs no waiting (such keys never move the focus)."""
        gate = self._gate_state()
        return gate["burst"] is not None and self._burst_taker(event) is gate["burst"]

    async def _apply_burst(self, event: events.Event, joins: bool = False) -> bool:
        """A key that only edits the focused field or cell, with the keys right behind it that do
        too (held, then still queued): applied at once, so the screen recomputes and draws once.
        A key alone goes Textual's way, unless it follows a burst (it must not overtake it)."""
        target = self._burst_taker(event)
        if target is None:
            return False
        gate = self._gate_state()
        run, held = [event], gate["held"]
        while held and self._burst_taker(held[0]) is target:
            run.append(held.popleft())
        if not held:
            for m in queued_messages(self):
                if not isinstance(m, events.Key) or m.is_forwarded or self._burst_taker(m) is not target:
                    break
                run.append(m)
                gate["applied"].add(id(m))
        if len(run) == 1 and not joins:
            return False
        gate["burst"] = target
        await target.apply_burst(run)
        return True

    def _start_settling(self) -> None:
        gate = self._gate_state()
        task = gate["task"]
        if gate["next"] is None and (task is None or task.done()):
            gate["task"] = asyncio.create_task(self._settle_then_release())

    async def _settle_then_release(self) -> None:
        gate = self._gate_state()
        try:
            deadline = monotonic() + SETTLE_LIMIT
            while monotonic() < deadline and not await self._quiet_round(deadline):
                pass
        finally:
            gate["unsettled"] = False
            if gate["held"]:
                event = gate["held"].popleft()
                gate["next"] = event
                self.post_message(event)  # type: ignore[attr-defined]

    def _idle_now(self) -> bool:
        """Has the previous key visibly finished? No handler running or queued anywhere.

        The count of running handlers also sees one that is still awaiting (e.g.
        mounting a form); the only one running now is the app's, handling this key.
        """
        if _RUNNING["n"] > 1 or self._settling():
            return False
        try:
            nodes = list(self.screen.walk_children(with_self=True))  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - no screen (starting or closing)
            return False
        if any(pump_busy(n) for n in nodes):
            return False
        return not pending_callbacks(self) and all(
            isinstance(m, (events.Key, events.Paste)) for m in queued_messages(self))

    def _settling(self) -> bool:
        """Work the next key must wait for besides the message queues (e.g. loading a year)."""
        try:
            return any(w.group == "load" and not w.is_finished for w in self.workers)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - no worker manager yet
            return False

    async def _quiet_round(self, deadline: float) -> bool:
        """One round through every queue; True when all were already empty."""
        try:
            screen = self.screen  # type: ignore[attr-defined]
            nodes = [self, *screen.walk_children(with_self=True)]
        except Exception:  # noqa: BLE001 - no screen yet (starting or closing)
            await asyncio.sleep(0.01)
            return False
        quiet = not self._settling() and all(queue_empty(n) for n in nodes)
        left = len(nodes)
        done = asyncio.Event()

        def tick() -> None:
            nonlocal left
            left -= 1
            if left <= 0:
                done.set()

        for node in nodes:
            if not node.call_later(tick):
                tick()
        try:
            await asyncio.wait_for(done.wait(), timeout=max(0.01, deadline - monotonic()))
        except asyncio.TimeoutError:
            return True
        if not quiet and self._settling():
            await asyncio.sleep(0.02)
        try:
            return quiet and self.screen is screen  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - the app closed meanwhile
            return True

    async def keys_settled(self, timeout: float = 10.0) -> None:
        """Until every key received so far has been handled (for tests)."""
        gate = self._gate_state()
        end = monotonic() + timeout
        await asyncio.sleep(0)
        while monotonic() < end and (gate["held"] or gate["next"] is not None
                                     or not queue_empty(self)):
            await asyncio.sleep(0.01)


def key_text(app: Any, binding: Any) -> str:
    """A binding's keys as the user has them (config.toml [keymap] applied): 'ctrl+z, f9'."""
    keymap = app_keymap(app)
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return ", ".join(k.strip().replace("question_mark", "?") for k in keys.split(","))


def binding_commands(app: Any, screen: Any) -> Iterator[SystemCommand]:
    """Palette entries for the screen's key bindings its PALETTE does not list, each with its keys."""
    from textual.app import SystemCommand
    from textual.binding import Binding

    listed = {action for action, _, _ in getattr(screen, "PALETTE", [])}
    title = getattr(screen, "TITLE_SV", "") or type(screen).__name__
    for b in getattr(type(screen), "BINDINGS", []):
        if isinstance(b, Binding) and b.action not in listed and b.description:
            yield SystemCommand(f"{title}: {b.description}", key_text(app, b),
                                lambda a=b.action, s=screen: s.run_action(a))
    for b in type(app).BINDINGS:
        if isinstance(b, Binding) and b.id in ("period.next",):
            yield SystemCommand(b.description + ": nästa", key_text(app, b), lambda a=b.action: app.run_action(a))
