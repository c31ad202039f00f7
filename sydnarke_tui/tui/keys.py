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
  it stays Esc. Inside a bracketed paste an ESC is no key at all: Textual ends
  collecting the paste there and types what follows as keys, ahead of the
  paste (text out of order, an Esc that resets the field). ``PasteEscapes``
  hands the parser each pasted ESC as ␛, so the whole paste arrives as one
  text, in order, with nothing lost and no control character in it.

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
  After any key that is not a plain edit of the focused field (so one that
  may move the focus or open a screen: Enter, Tab, F-keys, Esc, a cursor
  move that builds a form …), and after a bracketed paste (the widget inserts
  it from its own queue: an Enter in the same read went ahead of it and was
  lost), the gate holds the keys that follow until that work is done: rounds through the app and the screen (public
  call_later / call_after_refresh) until two in a row change neither the
  screen, the focus, the widgets shown nor a year being loaded (while one
  is, the keys wait for it: the screen a key opened has no table yet). So a burst
  goes where the same keys typed slowly would go, nothing is dropped, and no
  private message queue is read. Keys that only edit the focused field or
  cell (characters, Backspace) are never held behind each other: those of one
  read are applied together (one change, one recompute, one frame for a
  paste or a fast typist), by a callback queued behind them.
"""

from __future__ import annotations

import asyncio
import contextlib
import unicodedata
from collections import deque
from time import monotonic
from typing import Any, Callable

from textual import events
from textual.widgets import Input

from .textual_adapter import (app_keymap, log_first_error, own_bindings, wrap_key_parser, wrap_parser_feed,
                              wrap_parser_tokens)

# Settling (KeyGate): a round waits for the app and the screen; at most this long, for a screen that
# closed meanwhile. Rounds end once two change nothing; MAX_ROUNDS only guards against a screen that
# keeps changing on its own (it never happens with ours), so no key is held for ever.
ROUND_LIMIT = 1.0
MAX_ROUNDS = 200
# While a year is being read (the app's `reading_year`) the screen a key opened has nothing to take
# the next keys yet: they wait for the read, polled this often, at most READ_HOLD_S, outside the rounds.
READ_POLL_S = 0.01
READ_HOLD_S = 10.0


ESC = "\x1b"
# After ESC these begin the terminal's own sequences (CSI, SS3; ESC Tab is Shift+Tab on the Linux console).
SEQUENCE_STARTS = "[O\t" + ESC


def _esc_then_key(original):
    def keys(self, sequence: str, alt: bool = False):
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


PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # a bracketed paste, as the terminal marks it
ESC_SHOWN = "\u241b"  # ␛: an ESC inside a paste, as text


class PasteEscapes:
    """The terminal's input for one parser, with each ESC inside a bracketed paste (not its end
    marker) turned into ␛; everything else goes through as read, at once. Only a tail that may begin
    the paste's end marker waits for the next read (the terminal sends the rest of the paste)."""

    def __init__(self) -> None:
        self.in_paste = False
        self.held = ""  # inside a paste: the end of the last read, maybe the start of PASTE_END
        self.seen = ""  # outside: the last characters read, for a start marker split across reads
        self.broken = False  # after an error: every read goes as it came (_paste_escapes)

    def take(self, data: str) -> str:
        text, self.held = self.held + data, ""
        out: list[str] = []
        i = 0
        while i < len(text):
            if not self.in_paste:
                probe = self.seen + text[i:]
                found = probe.find(PASTE_START)
                if found < 0:
                    out.append(text[i:])
                    self.seen = probe[-(len(PASTE_START) - 1):]
                    break
                start_ends = i + found + len(PASTE_START) - len(self.seen)
                out.append(text[i:start_ends])
                i, self.in_paste, self.seen = start_ends, True, ""
                continue
            esc = text.find(ESC, i)
            if esc < 0:
                out.append(text[i:])
                break
            out.append(text[i:esc])
            rest = text[esc:]
            if rest.startswith(PASTE_END):
                out.append(PASTE_END)
                i, self.in_paste = esc + len(PASTE_END), False
            elif PASTE_END.startswith(rest):
                self.held = rest
                break
            else:
                out.append(ESC_SHOWN)
                i = esc + 1
        return "".join(out)


_paste_errors: list[BaseException] = []  # PasteEscapes' first error goes to the crash log


def _paste_escapes(parser: Any, data: str) -> str:
    state = parser.__dict__.setdefault("_sydnarke_paste", PasteEscapes())
    if state.broken:
        return data
    held = state.held
    try:
        return state.take(data)
    except Exception as error:  # noqa: BLE001 - this read and all after it go to Textual as they came
        log_first_error(error, _paste_errors)
        state.broken = True
        return held + data


def esc_is_esc() -> None:
    """ESC + key in one read is Esc, then the key; an ESC inside a paste is text (see the module's
    docstring); idempotent."""
    wrap_key_parser(_esc_then_key)
    wrap_parser_tokens(_reissued_esc_stays_esc)
    wrap_parser_feed(_paste_escapes)


def typed_char(event: events.Key) -> str | None:
    """The character a key types, or None. A no-break (or other) space counts: str.isprintable()
    says no, so Textual drops it, but "1 417,5" typed or pasted unbracketed with one must keep it."""
    if event.is_printable:
        return event.character
    ch = event.character
    return ch if ch and len(ch) == 1 and unicodedata.category(ch) == "Zs" else None


class OrderedEditing:
    """Run the widget's own key bindings inline (workaround for textual#6605); take a burst at once."""

    # Told of the text on each change, in the same handler (a form Field: the session draws the key in
    # that frame); a burst tells it once, at its end. Without it the widget posts Changed as Textual's do.
    text_changed: Callable[[str], None] | None = None
    _bursting = False

    def _inserts(self, key: str) -> bool:
        """Keys the widget's own _on_key inserts as text (not bindings)."""
        return False

    # Each editor's own: OrderedInput below, OrderedTextArea in tui/notes.py (TextArea is not imported
    # before a screen with one opens: 5 ms of the start).
    def _insert(self, text: str) -> None:
        raise NotImplementedError

    def _content(self) -> str:
        raise NotImplementedError

    def _post_changed(self) -> None:
        """The text changed in a burst: the widget's own Changed message, as typing would post."""
        raise NotImplementedError

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
            event.key == "enter" and self._inserts("enter"))  # a multi-line editor's new line (tui/notes.py)

    async def apply_burst(self, keys: list[events.Key]) -> None:
        before = self._content()
        changed = self.Changed  # type: ignore[attr-defined] # Input's or TextArea's
        # Characters in a row go in as one insert (each insert costs a redraw's setup); not where
        # Input refuses a whole insert that breaks a limit it would take character by character.
        joins = not isinstance(self, Input) or not (self.max_length or self.restrict or self.type != "text")
        typed: list[str] = []
        self._bursting = True
        try:
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
        finally:
            self._bursting = False
        if self._content() == before:
            return
        if isinstance(self, OrderedInput):
            self.show_cursor()
        if self.text_changed is not None:
            self.text_changed(self._content())
        else:
            self._post_changed()


class OrderedInput(OrderedEditing, Input):
    """Input for every form and dialog: keys in order, control characters shown visibly."""

    def _insert(self, text: str) -> None:
        if self.selection.is_empty:
            self.insert_text_at_cursor(text)
        else:
            self.replace(text, *self.selection)

    def _content(self) -> str:
        return self.value

    def _post_changed(self) -> None:
        checked = self.validate(self.value) if "changed" in self.validate_on else None
        self.post_message(Input.Changed(self, self.value, checked))

    def watch_value(self, value: str) -> None:
        # (Textual's own _watch_value runs first and posts Changed.)
        if self.text_changed is not None and not self._bursting:
            self.text_changed(value)

    def show_cursor(self) -> None:
        """Scroll the cursor into view. Textual does not on an Input's first change (its
        _initial_value), so a burst or paste into a field empty from the start showed its head."""
        from textual.geometry import Region

        self.scroll_to_region(Region(self._cursor_offset, 0, 1, 1), force=True, animate=False)

    def _on_paste(self, event: events.Paste) -> None:
        self.call_after_refresh(self.show_cursor)  # after Input's own handler has inserted it

    @property
    def _value(self) -> Any:
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

    def refresh(self, *regions, repaint: bool = True, layout: bool = False, recompose: bool = False):
        # Input sets its virtual size to the text's width on every key, which asks for a layout
        # pass of the whole screen. Ours never size to their text (CSS width), so a repaint does:
        # the scroll limits read the virtual size itself.
        if layout and not self.styles.auto_dimensions and not recompose:
            layout = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class _Gate:
    """KeyGate's state."""

    def __init__(self) -> None:
        self.held: deque[events.Event] = deque()  # keys waiting for the last one that moved things to settle
        self.passing: set[int] = set()  # ids of held keys posted again, to be let through
        self.settling: asyncio.Task[None] | None = None  # waiting for such a key's work to be done
        self.burst: list[events.Key] = []  # text keys for `taker`, applied together by one callback
        self.taker: Any = None
        self.priority: set[str] | None = None  # the app's priority keys


class KeyGate:
    """App mixin: after a key that may move the focus or open a screen, hold the next keys until its
    work is done; keys that only edit the focused field or cell go in together, never waiting."""

    def _gate(self) -> _Gate:
        gate = self.__dict__.get("_key_gate")
        if gate is None:
            gate = self.__dict__["_key_gate"] = _Gate()
        return gate

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, (events.Key, events.Paste)) or event.is_forwarded:
            await super().on_event(event)  # type: ignore[misc]
            return
        gate = self._gate()
        if id(event) in gate.passing:
            gate.passing.discard(id(event))
        elif gate.held or self._unsettled():
            gate.held.append(event)
            return
        taker = self._burst_taker(event)
        if taker is not None:
            if taker is not gate.taker:
                await self._flush_burst()
            if not gate.burst:
                # The keys of the same read are in the app's queue already: this callback comes after
                # them, so they all go in as one edit (one recompute, one frame).
                self.call_later(self._flush_burst)  # type: ignore[attr-defined]
            gate.taker = taker
            gate.burst.append(event)  # type: ignore[arg-type]
            return
        await self._flush_burst()  # the text typed before this key goes first
        await super().on_event(event)  # type: ignore[misc]
        gate.settling = asyncio.create_task(self._settle())

    async def _flush_burst(self) -> None:
        gate = self._gate()
        keys, taker = gate.burst, gate.taker
        gate.burst, gate.taker = [], None
        if keys and getattr(taker, "is_attached", True):
            await taker.apply_burst(keys)

    def _unsettled(self) -> bool:
        task = self._gate().settling
        return task is not None and not task.done()

    def _burst_taker(self, event: events.Event) -> Any:
        """The focused field or cell when `event` only edits its text (characters, Backspace), else None.
        Never a key one of the app's priority bindings has (they run before any widget sees a key)."""
        target = self.focused  # type: ignore[attr-defined]
        takes = getattr(target, "burst_key", None)
        if not isinstance(event, events.Key) or takes is None or not takes(event):
            return None
        gate = self._gate()
        if gate.priority is None:
            keymap = app_keymap(self)
            gate.priority = {k.strip() for b in type(self).BINDINGS  # type: ignore[attr-defined]
                             if getattr(b, "priority", False)
                             for k in (keymap.get(b.id, b.key) if b.id else b.key).split(",")}
        return None if event.key in gate.priority else target

    def _where(self) -> tuple[Any, ...]:
        """What a key that moves things changes: the screen, the focus, the widgets shown, a year loading."""
        try:
            screen = self.screen  # type: ignore[attr-defined]
            nodes = sum(1 for _ in screen.walk_children())
        except Exception:  # noqa: BLE001 - no screen (starting or closing)
            return (None,)
        return screen, len(self.screen_stack), self.focused, nodes, self._reading()  # type: ignore[attr-defined]

    def _reading(self) -> bool:
        """A year is being read, or about to be: the app's `reading_year` says (its load workers too)."""
        return bool(getattr(self, "reading_year", False))

    async def _round(self) -> None:
        """Until the app and the screen have handled what was sent to them before now (the screen after
        its next refresh). A screen that never answers (closed meanwhile) ends the round after ROUND_LIMIT."""
        done = [asyncio.Event(), asyncio.Event()]
        try:
            screen = self.screen  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 - closing
            return
        if not self.call_later(done[0].set):  # type: ignore[attr-defined]
            done[0].set()
        if not screen.call_after_refresh(done[1].set):
            done[1].set()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(asyncio.gather(done[0].wait(), done[1].wait()), ROUND_LIMIT)

    async def _settle(self) -> None:
        """After a key that may have moved the focus or opened a screen: rounds through the app and the
        screen until two in a row changed nothing (focus, screen, widgets, a year loading), then the
        held keys go on, in order. (A focus set by a handler reaches the app one round later.)"""
        gate = self._gate()
        try:
            quiet, where, rounds = 0, self._where(), 0
            reading_until = monotonic() + READ_HOLD_S
            while rounds < MAX_ROUNDS:
                await self._round()
                now = self._where()
                if now[-1] and monotonic() < reading_until:  # a year being read: no round counts until it is
                    while self._reading() and monotonic() < reading_until:
                        await asyncio.sleep(READ_POLL_S)
                    quiet, where = 0, self._where()
                    continue
                rounds += 1
                quiet = quiet + 1 if now == where and not now[-1] else 0
                where = now
                if quiet >= 2:
                    break
        finally:
            gate.settling = None
            self._release()

    def _release(self) -> None:
        """The held keys that only edit the focused field, and the first key after them, go on together."""
        gate = self._gate()
        while gate.held:
            event = gate.held.popleft()
            gate.passing.add(id(event))
            self.post_message(event)  # type: ignore[attr-defined]
            if self._burst_taker(event) is None:
                break

    async def keys_settled(self, timeout: float = 10.0) -> None:
        """Until every key received so far has been handled (for tests)."""
        gate = self._gate()
        end = monotonic() + timeout
        await asyncio.sleep(0)
        while monotonic() < end and (gate.held or gate.passing or gate.burst or self._unsettled()):
            await asyncio.sleep(0.01)


def key_text(app: Any, binding: Any) -> str:
    """A binding's keys as the user has them (config.toml [keymap] applied): 'ctrl+z, f9'."""
    keymap = app_keymap(app)
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return ", ".join(k.strip().replace("question_mark", "?") for k in keys.split(","))


def binding_commands(app: Any, screen: Any):
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
