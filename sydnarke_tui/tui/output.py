"""Fewer bytes to the terminal: a rendered line drops a reset that the same style follows.

Rich and Textual write every segment as ``ESC[<codes>m text ESC[0m``, so a table
row of five cells in one style sends the same colour codes five times. Two
neighbours drawn in the same style make one run: ``ESC[Am x ESC[0m ESC[Am y ESC[0m``
becomes ``ESC[Am x y ESC[0m``. The terminal's state at every character is the
same (tests/tui/test_output.py checks it with pyte); only whole SGR sequences
(``ESC[…m``) are looked at, anything else (text, links, cursor moves) is copied as
it is and ends a run.
"""

from __future__ import annotations

import re

_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_RESET = "\x1b[0m"


def merge_runs(line: str) -> str:
    """`line` with every ``reset + the style that was just reset`` removed."""
    if "m\x1b[" not in line:
        return line
    out: list[str] = []
    pos = 0
    # The one SGR set since the last reset ('' = none, None = several). A line starts reset: every
    # styled segment Rich renders ends with a reset, so every line written before this one did.
    style: str | None = ""
    held: str | None = None  # a reset not written yet, and the style it would have ended
    for m in _SGR.finditer(line):
        text = line[pos:m.start()]
        pos = m.end()
        if text:
            if held is not None:
                out.append(_RESET)
                held, style = None, ""
            out.append(text)
        codes = m.group(1)
        if codes in ("", "0"):
            if held is None:
                held, style = style or "", ""
            continue
        if held is not None:
            if codes == held:  # the same style again: the reset and this SGR cancel out
                held, style = None, codes
                continue
            out.append(_RESET)
            held, style = None, ""
        out.append(m.group(0))
        style = codes if style == "" else None
    tail = line[pos:]
    if held is not None:
        out.append(_RESET)
    out.append(tail)
    return "".join(out)


_installed = False


def merge_strip_runs() -> None:
    """Wrap Strip.render once: every line the app writes goes out with its runs merged (cached as before)."""
    global _installed
    if _installed:
        return
    from textual.strip import Strip

    from .textual_adapter import set_strip_rendered, strip_rendered

    original = Strip.render

    def render(self: Strip, console) -> str:
        done = strip_rendered(self)
        if done is not None:
            return done
        text = merge_runs(original(self, console))
        set_strip_rendered(self, text)
        return text

    Strip.render = render  # type: ignore[method-assign]
    _installed = True
