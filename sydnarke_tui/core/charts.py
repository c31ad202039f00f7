"""Chart geometry from computed figures (pure): deviation bars and fulfilment strips.

What the screens and reports draw, as exact integers, so that a terminal
(eighths of a character cell), an SVG (tenths of a millimetre) and a Word
table (half cells) all scale the same figures the same way:

    items = deviation_items(c)                 # per line, or per verksamhet when grouped
    chart = deviation_chart(items, cells=18)   # signed bar lengths in eighths, 18 cells each side
    strip = fulfilment_strip(fulfilment_items(c), cells=15)

Deviation = budget − compared (DESIGN §2.4): positive is better than budget
and is drawn right of the zero axis, negative left of it. The longest bar
fills the width; a non-zero deviation is never drawn as an empty bar.

A fulfilment strip is drawn with a pattern per status (█ ▓ ░ ·) as well as a
colour, so that status reads in monochrome (NO_COLOR, a black-and-white
printer); fulfilment is clamped to [0, cap] for drawing only.
"""

from __future__ import annotations

import heapq
from collections.abc import Mapping
from dataclasses import dataclass

from .compute import Computed
from .concepts import INDICATOR_STATUS, Status

EIGHTHS = 8
# index n: a cell filled n eighths from the left (n = 0..8)
LEFT_EIGHTHS = " ▏▎▍▌▋▊▉█"
FULL = "█"
AXIS = "│"

PATTERN: Mapping[Status, str] = INDICATOR_STATUS.view(lambda i: i.glyph)  # █ ▓ ░ ·
FULFILMENT_CAP = 150  # per cent: beyond this a bar is drawn full (the figure is still shown)


def scaled(value: int, max_abs: int, full: int) -> int:
    """`value` as a signed length of which `max_abs` is `full` units: half up, exact.

    Zero (or nothing to scale against) is 0; any other value at least one
    unit, so a small deviation is still visible; |result| never exceeds `full`.
    """
    if value == 0 or max_abs <= 0 or full <= 0:
        return 0
    mag = min(abs(value), max_abs)
    n = max(1, (2 * mag * full + max_abs) // (2 * max_abs))  # half up in integers
    return n if value > 0 else -n


# ------------------------------------------------------------------ deviation bars


@dataclass(frozen=True)
class DeviationItem:
    """A line's (or a verksamhet's) deviation, as a deviation chart draws it."""

    key: str  # "l:<line id>" or "st:<verksamhet>" (the Drift table's row keys)
    label: str
    deviation: int | None  # kronor; None: no outcome (or forecast) yet
    order: int = 0  # place in the statement: verksamheter first, then lines by position (ties go by it)


@dataclass(frozen=True)
class DeviationBar:
    """An item's bar in a deviation chart: its signed length in eighths of a cell."""

    item: DeviationItem
    eighths: int  # signed: > 0 right of the axis (better than budget), < 0 left


@dataclass(frozen=True)
class DeviationChart:
    """Deviation bars scaled together: the largest |deviation| fills `cells` on its side of the axis."""

    bars: list[DeviationBar]
    cells: int  # cells on each side of the axis
    max_abs: int  # the |deviation| that fills `cells`


def deviation_items(c: Computed) -> list[DeviationItem]:
    """The statement's lines in order; when it is grouped, each verksamhet's subtotal, then ungrouped lines."""
    op = c.operating
    k = len(op.sections)
    out = [DeviationItem(f"st:{s.label}", s.label, s.net.deviation, i) for i, s in enumerate(op.sections)]
    out += [DeviationItem(f"l:{ln.id}", ln.label, f.deviation, k + i) for i, (ln, f) in enumerate(op.lines)
            if not k or ln.section is None]
    return out


def _rank(x: DeviationItem) -> tuple[int, int]:
    return -abs(x.deviation or 0), x.order


def largest(items: list[DeviationItem], n: int) -> list[DeviationItem]:
    """The n items with the largest |deviation|, largest first (ties in statement order); none without one."""
    return sorted((x for x in items if x.deviation is not None), key=_rank)[:max(0, n)]


def largest_deviations(c: Computed, n: int) -> list[DeviationItem]:
    """`largest(deviation_items(c), n)` without an item per line."""
    op = c.operating
    if op.sections:
        return largest(deviation_items(c), n)
    rows = heapq.nlargest(max(0, n), (r for r in enumerate(op.lines) if r[1][1].deviation is not None),
                          key=lambda r: abs(r[1][1].deviation or 0))  # stable, like sorted()
    return [DeviationItem(f"l:{ln.id}", ln.label, f.deviation, i) for i, (ln, f) in rows]


def chart_deviations(c: Computed, n: int) -> tuple[list[DeviationItem], int]:
    """What a chart of at most n bars shows: every item, or the n largest when the statement has more;
    and how many items it has. A long flat statement gets no item per line (a 20 000-line year)."""
    op = c.operating
    if not op.sections and len(op.lines) > n:
        return largest_deviations(c, n), len(op.lines)
    items = deviation_items(c)
    return (largest(items, n) if len(items) > n else items), len(items)


def item_of_line(c: Computed, pos: int) -> DeviationItem:
    """The chart item the line at `pos` counts in now: itself, or its verksamhet's subtotal."""
    op = c.operating
    ln, f = op.lines[pos]
    if op.sections and ln.section is not None:
        i, sec = next((i, s) for i, s in enumerate(op.sections) if s.label == ln.section)
        return DeviationItem(f"st:{sec.label}", sec.label, sec.net.deviation, i)
    return DeviationItem(f"l:{ln.id}", ln.label, f.deviation, len(op.sections) + pos)


def largest_after_edit(previous: list[DeviationItem], n: int, edited: DeviationItem) -> list[DeviationItem] | None:
    """The n largest after one item changed, from the n largest before (Drift, on every keystroke):
    O(n) instead of a pass over every line. None when that cannot be known without the pass: the
    edited item was among them and shrank, so one left out may now belong."""
    old = next((x for x in previous if x.key == edited.key), None)
    if old is not None and len(previous) >= n and (edited.deviation is None or _rank(edited) > _rank(old)):
        return None
    rest = [x for x in previous if x.key != edited.key]
    if edited.deviation is not None:
        rest.append(edited)
    return sorted(rest, key=_rank)[:max(0, n)]


def deviation_chart(items: list[DeviationItem], cells: int) -> DeviationChart:
    """Bars for `items`, the largest |deviation| filling `cells` cells on its side of the axis."""
    cells = max(0, cells)
    max_abs = max((abs(x.deviation) for x in items if x.deviation is not None), default=0)
    bars = [DeviationBar(x, scaled(x.deviation or 0, max_abs, cells * EIGHTHS)) for x in items]
    return DeviationChart(bars, cells, max_abs)


@dataclass(frozen=True)
class BarGlyphs:
    """One bar as two strings of exactly `cells` characters, left and right of the axis.

    `reverse_at` is the index in `left` of the cell to draw in reverse video: a
    negative bar's outer cell is filled from the right, and Unicode only has
    left-filled eighths, so that cell is the complementary glyph reversed.
    """

    left: str
    right: str
    reverse_at: int | None = None


def bar_glyphs(eighths: int, cells: int) -> BarGlyphs:
    """The glyphs of a bar `eighths` long (signed) in a chart `cells` wide on each side."""
    n = min(abs(eighths), cells * EIGHTHS)
    full, part = divmod(n, EIGHTHS)
    bar = FULL * full
    blank = " " * cells
    if eighths > 0:
        right = bar + (LEFT_EIGHTHS[part] if part else "")
        return BarGlyphs(blank, right.ljust(cells))
    if eighths < 0:
        if not part:
            return BarGlyphs(bar.rjust(cells), blank)
        left = (LEFT_EIGHTHS[EIGHTHS - part] + bar).rjust(cells)
        return BarGlyphs(left, blank, cells - full - 1)
    return BarGlyphs(blank, blank)


# ------------------------------------------------------------------ fulfilment strips


@dataclass(frozen=True)
class FulfilmentItem:
    """An indicator's status and rounded fulfilment, as a fulfilment strip draws it."""

    indicator_id: int
    name: str
    goal: str
    status: Status
    pct: int | None  # rounded half up; None when undefined (no value, manual)


@dataclass(frozen=True)
class FulfilmentBar:
    """An indicator's bar in a fulfilment strip: whole cells of its status's pattern."""

    item: FulfilmentItem
    drawn_pct: int  # pct clamped to [0, cap]; 0 when undefined
    cells: int  # whole cells of `pattern`
    pattern: str  # the status's pattern character


@dataclass(frozen=True)
class FulfilmentStrip:
    """Fulfilment bars scaled together: `cap` per cent fills `cells`, the target tick at 100 %."""

    bars: list[FulfilmentBar]
    cells: int  # the strip's width
    cap: int
    target_cell: int  # cells that 100 % fills (where the target tick goes)


def fulfilment_items(c: Computed) -> list[FulfilmentItem]:
    """Every indicator of every goal, in order, with its status and rounded fulfilment."""
    return [FulfilmentItem(ind.id, ind.name, gr.goal.title, r.status, r.fulfilment_pct)
            for gr in c.assessment.goals for ind, r in gr.indicators]


def weakest(items: list[FulfilmentItem], n: int) -> list[FulfilmentItem]:
    """The n indicators that most need attention, in the year's order: by their status's `attention`
    (not achieved, then partly, lowest fulfilment first, then not measured, then achieved). A year with
    more indicators than a chart has rows shows these."""
    ranked = sorted(range(len(items)), key=lambda i: (
        INDICATOR_STATUS[items[i].status].attention, items[i].pct if items[i].pct is not None else 10**9, i))
    return [items[i] for i in sorted(ranked[:max(0, n)])]


def fulfilment_strip(items: list[FulfilmentItem], cells: int, cap: int = FULFILMENT_CAP) -> FulfilmentStrip:
    """Per indicator a bar of whole pattern cells, `cap` per cent filling `cells`."""
    cells, cap = max(0, cells), max(1, cap)
    bars = []
    for x in items:
        drawn = 0 if x.pct is None else min(max(x.pct, 0), cap)
        bars.append(FulfilmentBar(x, drawn, scaled(drawn, cap, cells), PATTERN[x.status]))
    return FulfilmentStrip(bars, cells, cap, scaled(min(100, cap), cap, cells))


def fit_label(text: str, width: int) -> str:
    """`text` in at most `width` characters on one line; a long one keeps its start and its end
    ("Öka andelen akuta…inom 30 min"), where names that differ only at the end tell themselves apart."""
    s = " ".join(str(text).split())
    if width <= 0:
        return ""
    if len(s) <= width:
        return s
    if width < 8:
        return s[:width - 1] + "…"
    tail = (width - 1) // 3
    head = width - 1 - tail
    return s[:head].rstrip() + "…" + s[len(s) - tail:].lstrip()
