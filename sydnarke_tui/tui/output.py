"""Fewer bytes to the terminal: a rendered line drops a reset that the same style follows,
and a partial update skips what the terminal already shows.

Rich and Textual write every segment as ``ESC[<codes>m text ESC[0m``, so a table
row of five cells in one style sends the same colour codes five times. Two
neighbours drawn in the same style make one run: ``ESC[Am x ESC[0m ESC[Am y ESC[0m``
becomes ``ESC[Am x y ESC[0m``; blanks (padding) whose style differs only in what
a blank does not show (the text colour, bold) join the run before them too.
Every character looks the same on the terminal (tests/tui/test_output.py checks
it with pyte). Only whole SGR sequences (``ESC[…m``) are looked at; anything else
(text, links, cursor moves) is copied as it is and ends a run.

A third, IdleFrames, drops updates that only move the cursor to where it is. A fourth
(render_touched_only) renders a partial update from the widgets that changed, not from
every widget in the box around them: fewer strips to render, the same cells on the terminal.

All four replace Textual's private writing code (Textual is pinned exactly in
pyproject.toml; tests/tui/test_writer.py compares bytes and cells with Textual's
own writer, tests/tui/test_output.py the narrowed render with Textual's own and with
a full render). An error in any of them is written once to the crash log, and Textual's
own code writes from then on. SYDNARKE_PLAIN_OUTPUT=1 leaves all four out.
"""

from __future__ import annotations

import re
import weakref
from typing import Any, Callable

from rich.console import Console

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_RESET = "\x1b[0m"
# Attributes a blank shows (a line, a swapped colour, a blink); with none, a blank shows only its background.
_ON_BLANKS = frozenset({"4", "5", "6", "7", "8", "9", "21", "51", "52", "53"})


def _tokens(line: str) -> list[tuple[bool, str]]:
    """(is an SGR, its codes or the text between)."""
    out: list[tuple[bool, str]] = []
    pos = 0
    for m in _SGR.finditer(line):
        if m.start() > pos:
            out.append((False, line[pos:m.start()]))
        out.append((True, m.group(1)))
        pos = m.end()
    if pos < len(line):
        out.append((False, line[pos:]))
    return out


def _background(codes: str) -> str | None:
    """The background an SGR sets ('' = the default), or None when it shows on blanks otherwise too."""
    parts, bg, i = codes.split(";"), "", 0
    while i < len(parts):
        p = parts[i]
        if p in ("38", "48"):
            n = 5 if parts[i + 1:i + 2] == ["2"] else 3
            if p == "48":
                bg = ";".join(parts[i:i + n])
            i += n
            continue
        if p in _ON_BLANKS:
            return None
        if p.isdigit() and (40 <= int(p) <= 49 or 100 <= int(p) <= 107):
            bg = p
        i += 1
    return bg


def _blanks_look_alike(toks: list[tuple[bool, str]], i: int, held: str) -> bool:
    """Token i is an SGR followed by blanks and a reset, and those blanks look the same in `held`."""
    if i + 2 >= len(toks) or toks[i + 1][0] or toks[i + 1][1].strip(" ") or toks[i + 2] not in ((True, ""), (True, "0")):
        return False
    bg = _background(toks[i][1])
    return bg is not None and bg == _background(held)


def merge_runs(line: str) -> str:
    """`line` with every ``reset + the style that was just reset`` removed, and blanks that look the
    same in the style before them written in it."""
    if "m\x1b[" not in line:
        return line
    toks = _tokens(line)
    out: list[str] = []
    # The one SGR set since the last reset ('' = none, None = several). A line starts reset: every
    # styled segment Rich renders ends with a reset, so every line written before this one did.
    style: str | None = ""
    held: str | None = None  # a reset not written yet, and the style it would have ended
    i = 0
    while i < len(toks):
        is_sgr, val = toks[i]
        i += 1
        if not is_sgr:
            if held is not None:
                out.append(_RESET)
                held, style = None, ""
            out.append(val)
        elif val in ("", "0"):
            if held is None:
                held, style = style or "", ""
        elif held and (val == held or _blanks_look_alike(toks, i - 1, held)):
            # The style again, or blanks that look the same in it: the reset is dropped, the style goes on.
            if val != held:
                out.append(toks[i][1])
                i += 1
            held, style = None, held
        else:
            if held is not None:
                out.append(_RESET)
                held, style = None, ""
            out.append(f"\x1b[{val}m")
            style = val if style == "" else None
    if held is not None:
        out.append(_RESET)
    return "".join(out)


_installed = False
_unmerged: Any = None  # Strip.render before merge_strip_runs wrapped it (tests render with it)
_reported: list[BaseException] = []


def report_once(error: BaseException) -> None:
    """The first error of the byte-saving code, in the crash log (the app keeps running, exit status 0)."""
    from .textual_adapter import log_first_error

    log_first_error(error, _reported)


def merge_strip_runs() -> None:
    """Wrap Strip.render once: every line the app writes goes out with its runs merged (cached as before)."""
    global _installed, _unmerged
    if _installed:
        return
    from textual.strip import Strip

    from .textual_adapter import set_strip_rendered, strip_rendered

    original = _unmerged = Strip.render

    def render(self: Strip, console: Console) -> str:
        done = strip_rendered(self)
        if done is not None:
            return done
        text = original(self, console)
        if not _reported:
            try:
                text = merge_runs(text)
            except Exception as error:  # noqa: BLE001 - the line as Textual wrote it
                report_once(error)
        set_strip_rendered(self, text)
        return text

    Strip.render = render  # type: ignore[method-assign]  # replacing Textual's method is the point
    _installed = True


# What each terminal (console) shows: row -> {(x, end): the text last written there}. A partial update
# skips a chop whose text is already there; a write over part of a known chop forgets that chop, and a
# full update (a new screen, a resize) forgets everything.
_shown: "weakref.WeakKeyDictionary[Any, dict[int, dict[tuple[int, int], str]]]" = weakref.WeakKeyDictionary()


def _keep(console: Any, y: int, x: int, end: int, text: str) -> bool:
    if not text:  # no cells: nothing to write, not even the cursor move
        return False
    row = _shown.setdefault(console, {}).setdefault(y, {})
    if row.get((x, end)) == text:
        return False
    for span in [s for s in row if s[0] < end and x < s[1]]:
        del row[span]
    row[(x, end)] = text
    return True


def _forget(console: Any) -> None:
    _shown.pop(console, None)


def skip_unchanged_chops() -> None:
    """Install _keep/_forget on Textual's updates once (see textual_adapter.filter_chop_writes)."""
    global _chops_installed
    if _chops_installed:
        return
    from .textual_adapter import filter_chop_writes

    filter_chop_writes(lambda *chop: _keep(*chop), _forget, report_once)  # _keep looked up when called
    _chops_installed = True


_chops_installed = False


def render_changed_widgets() -> None:
    """Install textual_adapter.render_touched_only once."""
    global _touched_installed
    if _touched_installed:
        return
    from .textual_adapter import render_touched_only

    render_touched_only(report_once)
    _touched_installed = True


_touched_installed = False


# ---------------------------------------------------------------- frames that change nothing
_MOVE_TO = re.compile(r"\x1b\[\d+;\d+H\Z")  # the cursor move Textual ends each update with
SYNC_START, SYNC_END = "\x1b[?2026h", "\x1b[?2026l"  # a synchronised update (terminals that have it)


class IdleFrames:
    """Wraps the terminal driver's write: an update that only puts the cursor where the last
    write left it is not sent (nor the synchronised-update brackets around it).

    Textual ends every update with a cursor move. A frame that changes no cell (a second layout
    pass after a line appeared, a scroll that moves nothing; with skip_unchanged_chops more of
    them) still sent it: bytes after the screen was done, every one a terminal wakeup over SSH.
    The cursor is already there: the write before ended with the same move, and nothing else
    writes in between (any other write, a bell too, makes the next move go out). An error
    here: written once to the crash log, and every write goes out as it is from then on."""

    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._at: str | None = None  # the move the last write ended with (the cursor is there)
        self._held_start = False  # SYNC_START not sent yet: sent with the next write that is sent
        self._broken = False

    def __call__(self, data: str) -> None:
        if self._broken:
            self._write(data)
            return
        try:
            self._take(data)
        except Exception as error:  # noqa: BLE001 - writes go out as they are from now on
            self._broken = True
            report_once(error)
            self._send_held_start()
            self._write(data)

    def _send_held_start(self) -> None:
        if self._held_start:
            self._held_start = False
            self._write(SYNC_START)

    def _take(self, data: str) -> None:
        if data == SYNC_START:
            self._held_start = True
            return
        if data == SYNC_END and self._held_start:  # nothing was sent inside the brackets
            self._held_start = False
            return
        if data == self._at:  # only the move to where the cursor is
            return
        self._send_held_start()
        self._write(data)
        if data != SYNC_END:
            found = _MOVE_TO.search(data)
            self._at = found.group(0) if found else None


def skip_idle_frames(app: Any) -> None:
    """Install IdleFrames on the app's terminal driver (once it has one; headless tests have none)."""
    from .textual_adapter import wrap_driver_write

    wrap_driver_write(app, IdleFrames)
