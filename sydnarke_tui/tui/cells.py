"""Text laid out by cells: lines break between words, never inside a figure.

Rich and Textual break lines at any whitespace, a no-break space included, so
a narrow panel showed `4 021 = 3` / `179 + 842`. Here a line breaks only at a
space that core.numbers.no_break leaves breakable: never inside a figure or
between a figure and its unit (`-159 tkr`, `113 %`), so a figure is shown
whole, on this line or the next.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from ..core.numbers import no_break

_WORD = re.compile(r"[^ ]+")


def _words(plain: str) -> list[tuple[int, int]]:
    """(start, end) of each unbreakable run: what core's no_break joins (a figure's groups, a figure and
    its unit) counts as one word; the characters shown stay as they are."""
    return [(m.start(), m.end()) for m in _WORD.finditer(no_break(plain))]


def _fold(line: Text, width: int) -> list[Text]:
    """A run wider than the line, cut at cell boundaries (a name; a figure this wide cannot be whole anyway)."""
    cuts, used = [], 0
    for i, ch in enumerate(line.plain):
        w = cell_len(ch)
        if used + w > width and used:
            cuts.append(i)
            used = 0
        used += w
    return list(line.divide(cuts))


def wrap(text: Text, width: int) -> list[Text]:
    """`text` as lines of at most `width` cells (its own newlines kept), broken only between words."""
    width = max(1, width)
    out: list[Text] = []
    for line in text.split("\n", allow_blank=True):
        if line.cell_len <= width:
            out.append(line)
            continue
        plain = line.plain
        start = end = None
        for a, b in _words(plain):
            if start is None:
                start, end = 0, b  # the first line keeps its indent
            elif cell_len(plain[start:b]) <= width:
                end = b
            else:
                out.extend(_fit(line[start:end], width))
                start, end = a, b
        if start is not None:
            out.extend(_fit(line[start:end], width))
    for t in out:
        t.no_wrap, t.overflow, t.end = True, "crop", "\n"
    return out


def _fit(line: Text, width: int) -> list[Text]:
    return [line] if line.cell_len <= width else _fold(line, width)


class Wrapped:
    """A Rich renderable: the text wrapped by `wrap` at whatever width it is drawn."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = wrap(self.text, options.max_width)
        for t in lines:
            t.justify = self.text.justify
        yield from lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(x) for x in self.text.plain.split("\n")), default=0)
        return Measurement(min(widest, 1), min(widest, options.max_width))


def _cut(name: str, width: int) -> str:
    if cell_len(name) <= width:
        return name
    out, used = "", 0
    for ch in name:
        if used + cell_len(ch) > width - 1:
            break
        out, used = out + ch, used + cell_len(ch)
    return out + "…"


def figure_rows(rows: list[tuple[str, list[str]]], joins: list[str], width: int) -> Text:
    """Rows of a name and figures joined by `joins` (e.g. " = ", " + "), the figures in aligned columns.

    On one line per row when the width allows; else the name and the first figure on one line and the
    rest right-aligned under it. The name is cut (…) before a figure is.
    """
    if not rows:
        return Text()
    widths = [max(cell_len(figs[i]) for _, figs in rows) for i in range(len(joins) + 1)]
    tail = sum(cell_len(j) for j in joins) + sum(widths[1:])
    names = max(cell_len(name) for name, _ in rows)
    one_line = names + 1 + widths[0] + tail <= width
    out = Text()
    for name, figs in rows:
        rest = "".join(j + f.rjust(w) for j, f, w in zip(joins, figs[1:], widths[1:]))
        if one_line:
            out.append(name + " " * (names - cell_len(name) + 1) + figs[0].rjust(widths[0]) + rest + "\n")
        else:
            nw = max(1, width - 1 - widths[0])
            first = _cut(name, nw)
            out.append(first + " " * (width - cell_len(first) - widths[0]) + figs[0].rjust(widths[0]) + "\n")
            if rest:
                rest = rest.strip()
                out.append(" " * max(0, width - cell_len(rest)) + rest + "\n")
    return out
