"""Column widths from a table's content: figures whole on one line, names wrapping at spaces only.

Shared by the Word report (fixed column widths) and the HTML/PDF report (which
tables need a landscape page). Widths are estimated from Arial's advance widths
(the default table font), padded to be on the safe side.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass

CELL_MARGIN_PT = 5.4  # Word's default left + right cell margins are 0.08 in each (5.76 pt); a little less is safe


# Advance widths of Arial / Liberation Sans in 1/1000 em (the metrics of the default table font); a character
# not listed takes a wide letter's width, and the sum is padded by SAFETY.
_ADVANCE: dict[str, int] = {}
for _chars, _w in (("ijl", 222), ("ft", 278), ("r", 333), ("sckvxyz", 500), ("w", 722), ("m", 833),
                   ("abdeghnopquåäöü", 556), ("I", 278), ("J", 500), ("L", 556), ("EFPSTBKVXYZ", 667),
                   ("ACDHNRUÅÄ", 722), ("GOQÖ", 778), ("M", 833), ("W", 944), ("0123456789", 556),
                   (" \u00a0.,:;!'|", 278), ("-()[]/", 333), ("–+=≥≤<>±−", 584), ("%", 889), ("&@", 1015),
                   ("█▌▐▓░·│◄►", 600)):  # the chart bars are Courier New: 0.6 em
    for _ch in _chars:
        _ADVANCE[_ch] = _w
SAFETY = 1.06


def text_em(text: str) -> float:
    """The width of `text` in em, on the safe side (Arial-like metrics)."""
    return sum(_ADVANCE.get(ch, 722) for ch in text) * SAFETY / 1000


@functools.lru_cache(maxsize=16)
def font_em(family: str | None) -> Callable[[str], float]:
    """A width function for a font family: its real advance widths when the system has the font (fontconfig's
    match, read with fontTools: what LibreOffice and a browser will lay out with), else Arial's."""
    if not family or not shutil.which("fc-match"):
        return text_em
    try:
        path = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True,
                              timeout=10).stdout.strip()
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True, fontNumber=0)
        upm = font["head"].unitsPerEm
        cmap, hmtx = font.getBestCmap(), font["hmtx"].metrics
    except Exception:  # no such font file, or one fontTools cannot read: the Arial table errs on the safe side
        return text_em
    widths: dict[int, float] = {cp: hmtx[name][0] / upm for cp, name in cmap.items() if name in hmtx}
    fallback = max(widths.get(ord("M"), 0.83), 0.72)

    def em(text: str) -> float:
        return sum(widths.get(ord(ch), fallback) for ch in text) * SAFETY

    return em


@dataclass
class Measure:
    """A table column as the width computation sees it."""

    numeric: bool
    header: str
    cells: list[str]


BOLD = 1.08  # header and total rows are bold


def _needs(cols: list[Measure], body_pt: float, head_pt: float,
           em: Callable[[str], float] = text_em) -> tuple[list[float], list[float], list[float]]:
    """Per column: the fixed width of a figure column (its widest figure, its header's longest word), and a
    text column's least (its longest word) and wanted (its longest text on one line) widths; in pt."""
    fixed, want, least = [], [], []
    for c in cols:
        head_word = max((em(w) for w in c.header.split()), default=0) * head_pt * BOLD
        if c.numeric:
            widest = max((em(x) for x in c.cells), default=0) * body_pt * BOLD
            fixed.append(max(widest, head_word) + CELL_MARGIN_PT * 2)
            want.append(0.0)
            least.append(0.0)
        else:
            fixed.append(0.0)
            longest = max((em(w) for x in c.cells for w in x.split()), default=0) * body_pt * BOLD
            whole = max((em(x) for x in c.cells), default=0) * body_pt * BOLD
            least.append(max(longest, head_word) + CELL_MARGIN_PT * 2)
            want.append(max(whole, em(c.header) * head_pt * BOLD) + CELL_MARGIN_PT * 2)
    return fixed, want, least


def narrowest(cols: list[Measure], body_pt: float, head_pt: float,
              em: Callable[[str], float] = text_em) -> list[float]:
    """The narrowest widths that keep every figure and every word whole."""
    fixed, _, least = _needs(cols, body_pt, head_pt, em)
    return [f + m for f, m in zip(fixed, least)]


def column_widths(cols: list[Measure], available: float, body_pt: float, head_pt: float,
                  em: Callable[[str], float] = text_em) -> list[float] | None:
    """Widths in pt that fit `available`, or None when even the narrowest layout does not.

    A figure column is as wide as its widest figure (figures never wrap) and its header's longest word; a text
    column at least its longest word, and the space left goes to the text columns in proportion to their text."""
    fixed, want, least = _needs(cols, body_pt, head_pt, em)
    bold = BOLD
    room = available - sum(fixed)
    if room < sum(least):
        return None
    texts = [i for i, c in enumerate(cols) if not c.numeric]
    if not texts:  # figures only: spread the room evenly
        extra = room / len(cols)
        return [f + extra for f in fixed]
    if sum(want) <= room:  # every text on one line; headers of figures on fewer lines; the names take the rest
        widths = [fixed[i] + want[i] for i in range(len(cols))]
        slack = room - sum(want)
        for i, c in enumerate(cols):
            if c.numeric and slack > 0:
                grow = min(max(em(c.header) * head_pt * bold + CELL_MARGIN_PT * 2 - widths[i], 0), slack)
                widths[i] += grow
                slack -= grow
        widths[texts[0]] += slack
        return widths
    widths = list(fixed)
    free = room - sum(least)
    over = [max(want[i] - least[i], 0) for i in texts]
    total_over = sum(over) or 1
    for i, o in zip(texts, over):
        widths[i] = least[i] + free * o / total_over
    return widths
