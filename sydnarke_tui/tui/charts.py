"""Charts on Översikt and Drift: deviation bars and fulfilment strips in Unicode blocks.

Drawn as rich Text (never markup) at whatever width the widget gets, from
the geometry in core.charts. Colours come from the theme's palette
(tui/palette.py: figures and words keep 4.5:1, bars are graphics) and are
never the only signal: a deviation's sign is its side of the axis and its
number, a status its pattern (█ ▓ ░ ·) and its word, so the charts read under
NO_COLOR too.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable
from typing import cast

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from ..core.charts import (
    AXIS,
    PATTERN,
    DeviationItem,
    FulfilmentItem,
    bar_glyphs,
    deviation_chart,
    fit_label,
    fulfilment_strip,
    item_of_line,
    largest_after_edit,
    largest_deviations,
)
from ..core.compute import Computed
from ..core.model import STATUS_SV, Status
from ..core.numbers import format_amount, format_decimal, format_pct
from ..core.overview import OVERVIEW_MAX_BARS, OVERVIEW_MAX_STRIPS, OverviewFigures
from ..session.edits import FieldSpec
from .palette import PLAIN, Palette, Themed
from .text import safe
from .widgets import LineRows

TARGET_TICK = "▕"  # the right edge of the cell where 100 % ends
SIDE_BY_SIDE = 124  # from this width Översikt shows its two charts next to each other
GAP = 3
MIN_BARS = 3  # Drift shows at least this many, scrolling the panel if need be
RANK_FROM = 500  # lines: from this many Drift ranks them all once drawn (fewer: a keystroke's pass is cheap)
RANKED = 64  # Drift ranks this many deviations at once (more than a panel shows)
VALUE_FIELDS = ("outcome", "forecast", "budget", "label")  # a keystroke here changes one line's bar only


def _line() -> Text:
    return Text(no_wrap=True, overflow="crop", end="\n")


def _pad(text: Text, width: int) -> Text:
    text.truncate(width, overflow="crop", pad=True)
    return text


def _cut(text: str, width: int) -> str:
    """A line's label cut at the end, as the Drift table cuts it."""
    s = " ".join(text.split())
    return s if len(s) <= width else (s[:max(0, width - 1)] + "…")[:width]


def _cut_title(title: str, width: int) -> Text:
    t = _line()
    t.append(_cut(safe(title), width), "bold")
    return t


def deviation_lines(items: list[DeviationItem], width: int, unit: str, title: str,
                    palette: Palette = PLAIN) -> list[Text]:
    """A title and one row per item: label, bar left or right of the axis, the deviation in `unit`."""
    if all(x.deviation is None for x in items):  # a new year, or a period without outcomes
        return [_pad(_cut_title(title, width), width), _pad(Text("inga utfall ännu", palette.muted, end="\n"), width)]
    better, worse = palette.bar_better, palette.bar_worse
    values = ["–" if x.deviation is None else format_amount(x.deviation, unit) for x in items]
    vw = max([cell_len(v) for v in values] + [1])
    avail = max(0, width - vw - 3)  # two spaces and the axis
    share = avail // 2 if width < 40 else avail * 2 // 5  # a narrow panel: names first
    lw = min(max([cell_len(x.label) for x in items] + [4]), max(6, share))
    if (avail - lw) // 2 < 3:
        lw = max(0, avail - 6)
    half = max(1, (avail - lw) // 2)
    lw = max(0, avail - 2 * half)  # what rounding left over goes to the label
    head = _cut_title(title, width)
    legend_l, legend_r = "◀ sämre", "bättre ▶"
    if half >= len(legend_r) and cell_len(title) < lw + half - len(legend_l):
        head.truncate(lw + 1 + half - len(legend_l), pad=True)
        head.append(legend_l, palette.worse)
        head.append(AXIS)
        head.append(legend_r, palette.better)
    out = [_pad(head, width)]
    chart = deviation_chart(items, half)
    for bar, value in zip(chart.bars, values):
        t = _line()
        t.append(_cut(safe(bar.item.label), lw).ljust(lw) + " ")
        g = bar_glyphs(bar.eighths, half)
        if g.reverse_at is None:
            t.append(g.left, worse)
        else:  # the outer cell filled from the right: its complement, reversed
            t.append(g.left[:g.reverse_at], worse)
            t.append(g.left[g.reverse_at], f"reverse {worse}".strip())
            t.append(g.left[g.reverse_at + 1:], worse)
        t.append(AXIS)
        t.append(g.right, better)
        neg = bar.item.deviation is not None and bar.item.deviation < 0
        t.append(" ")
        t.append(value.rjust(vw), palette.worse if neg else (palette.muted if bar.item.deviation is None else ""))
        out.append(_pad(t, width))
    return out


def fulfilment_lines(items: list[FulfilmentItem], width: int, palette: Palette = PLAIN,
                     title: str = "Måluppfyllelse per indikator") -> list[Text]:
    """A title with the pattern legend, and per indicator: name, strip, fulfilment, status."""
    sw = max(len(STATUS_SV[s]) for s in Status)
    pw = max([5] + [cell_len(format_pct(x.pct)) for x in items])  # "113 %"
    bw = min(20, max(5, width // 4))
    nw = max(0, width - bw - pw - sw - 3)
    if nw < 10:  # narrow: the strip gives way to the name
        bw = max(3, bw - (10 - nw))
        nw = max(0, width - bw - pw - sw - 3)
    nw = min(nw, max([cell_len(" ".join(x.name.split())) for x in items] + [10]))  # strips close to short names
    strip = fulfilment_strip(items, bw)
    head = _cut_title(title, width)
    legend = _line()
    for s in Status:
        legend.append(PATTERN[s], palette.bar(s))
        legend.append(" ")
        legend.append(STATUS_SV[s], palette.status(s))
        legend.append("  ")
    legend.append(f"{TARGET_TICK} 100 %")
    if cell_len(head.plain) + 2 + cell_len(legend.plain) <= width:
        head.append("  ")
        head.append_text(legend)
        out = [_pad(head, width)]
    else:
        out = [_pad(head, width), _pad(legend, width)]
    for bar in strip.bars:
        style = palette.status(bar.item.status)
        t = _line()
        t.append(fit_label(safe(bar.item.name), nw).ljust(nw) + " ")
        t.append(bar.pattern * bar.cells, palette.bar(bar.item.status))
        rest = bw - bar.cells
        if bar.cells < strip.target_cell:
            t.append(" " * (strip.target_cell - 1 - bar.cells))
            t.append(TARGET_TICK)
            rest = bw - strip.target_cell
        t.append(" " * rest + " ")
        pct = format_pct(bar.item.pct)
        t.append(" " * (pw - cell_len(pct)))
        t.append(pct, style)
        t.append(" ")
        t.append(STATUS_SV[bar.item.status], style)
        out.append(_pad(t, width))
    return out


def side_by_side(left: list[Text], right: list[Text], width: int) -> list[Text]:
    lw = (width - GAP) // 2
    rw = width - GAP - lw
    out = []
    for i in range(max(len(left), len(right))):
        a = left[i].copy() if i < len(left) else _line()
        b = right[i].copy() if i < len(right) else _line()
        row = _pad(a, lw)
        row.append(" " * GAP)
        row.append_text(_pad(b, rw))
        out.append(row)
    return out


class Ranking:
    """The chart's items by size of deviation, largest first, kept in order one changed item at a time
    (a keystroke on the 10× year: a bisect among 20 000 lines instead of a pass over them).

    Items are known by their `order` (DeviationItem.order: verksamheter, then lines); `devs[order]`
    is the item's deviation, None for no bar (no outcome, or a line counted in its verksamhet)."""

    def __init__(self, devs: list[int | None]) -> None:
        self._devs = list(devs)
        self._order = sorted((-abs(d), o) for o, d in enumerate(devs) if d is not None)

    @classmethod
    def of(cls, c: Computed) -> "Ranking":
        op = c.operating
        grouped = bool(op.sections)
        return cls([s.net.deviation for s in op.sections]
                   + [None if grouped and ln.section is not None else f.deviation for ln, f in op.lines])

    def update(self, order: int, deviation: int | None) -> None:
        old = self._devs[order]
        if old is not None:
            del self._order[bisect_left(self._order, (-abs(old), order))]
        self._devs[order] = deviation
        if deviation is not None:
            insort(self._order, (-abs(deviation), order))

    def top(self, n: int) -> list[int]:
        """The orders of the n largest (ties in statement order), as core.charts.largest ranks them."""
        return [o for _, o in self._order[:max(0, n)]]


def _item_at(c: Computed, order: int) -> DeviationItem:
    """The chart item at `order`, as core.charts.deviation_items makes it."""
    op = c.operating
    k = len(op.sections)
    if order < k:
        sec = op.sections[order]
        return DeviationItem(f"st:{sec.label}", sec.label, sec.net.deviation, order)
    ln, f = op.lines[order - k]
    return DeviationItem(f"l:{ln.id}", ln.label, f.deviation, order)


def _shape(items: list[DeviationItem]) -> tuple[int, bool]:
    """What decides the number of rows of a deviation chart (a change needs a layout pass)."""
    return len(items), any(x.deviation is not None for x in items)


class _Lines:
    """A Rich renderable whose lines are built for the width it is rendered at (cached per width)."""

    def __init__(self, build: Callable[[int], list[Text]]) -> None:
        self._build = build
        self._cache: dict[int, list[Text]] = {}

    def lines(self, width: int) -> list[Text]:
        if width not in self._cache:
            self._cache = {width: self._build(max(1, width))}
        return self._cache[width]

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.lines(options.max_width)


class ChartStatic(Static):
    """A Static showing a chart; re-rendered only when its figures (or its number of rows) change."""

    DEFAULT_CSS = "ChartStatic { height: auto; }"

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(*args, **kwargs)
        self._key: tuple | None = None
        self._rows: object = None
        self.renderable_lines: _Lines | None = None

    def _show(self, key: tuple, rows: object, build: Callable[[int], list[Text]]) -> None:
        if key == self._key:
            return
        self._key = key
        self.renderable_lines = _Lines(build)
        layout = rows != self._rows
        self._rows = rows
        self.update(self.renderable_lines, layout=layout)

    @property
    def plain(self) -> str:
        """The chart as text at the widget's width (for tests and screen readers' sake)."""
        if self.renderable_lines is None:
            return ""
        return "\n".join(t.plain.rstrip() for t in self.renderable_lines.lines(self.content_size.width or 80))


class YearCharts(ChartStatic):
    """Översikt: the fulfilment strip of every indicator and the deviation bar of every line (or verksamhet)."""

    def show(self, ov: OverviewFigures, unit: str) -> None:
        ful, dev = list(ov.fulfilment), list(ov.deviations)
        ful_title = "Måluppfyllelse per indikator"
        if ov.fulfilment_total > OVERVIEW_MAX_STRIPS:
            ful_title = (f"De {OVERVIEW_MAX_STRIPS} indikatorer av {format_decimal(ov.fulfilment_total)} som mest "
                         "behöver uppmärksamhet")
        title = "Avvikelse mot budget, " + unit
        if ov.by_section:
            title = "Avvikelse per verksamhet, " + unit
        if ov.deviations_total > OVERVIEW_MAX_BARS:
            title = f"De {OVERVIEW_MAX_BARS} största avvikelserna av {format_decimal(ov.deviations_total)}, {unit}"
        palette = cast(Themed, self.app).palette

        def build(width: int) -> list[Text]:
            if width >= SIDE_BY_SIDE:
                half = (width - GAP) // 2
                return side_by_side(fulfilment_lines(ful, half, palette, ful_title),
                                    deviation_lines(dev, width - GAP - half, unit, title, palette), width)
            return [*fulfilment_lines(ful, width, palette, ful_title), _line(),
                    *deviation_lines(dev, width, unit, title, palette)]

        self._show((tuple(ful), tuple(dev), unit, title, ful_title, palette), (len(ful), _shape(dev)), build)


class DeviationBars(LineRows):
    """Drift: the largest deviations, as many as the panel has room for (at least MIN_BARS).

    Each row is repainted only when its text changes (LineRows): a keystroke that
    moves one bar sends one row to the terminal, not the whole chart.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._computed: Computed | None = None
        self._unit = "tkr"
        self._key: tuple | None = None
        self._drawn_width = 0  # the width the bars were laid out for (0: not yet)
        self._top: list[DeviationItem] | None = None  # the bars shown, and how many were asked for
        self._n = 0
        self._pos: dict[int, int] | None = None  # line id -> position, for keystrokes
        self._ranking: Ranking | None = None  # every item in order, once a keystroke needed it
        # The largest deviations of one Computed, ranked once: the first show and each layout after it
        # (the panel's height settles over a few) ask again, and each asking read every line.
        self._ranked: tuple[Computed, int, list[DeviationItem]] | None = None  # (of, how many asked, ranked)

    @property
    def plain(self) -> str:
        return "\n".join(t.plain.rstrip() for t in self._lines)

    def on_mount(self) -> None:
        # Every layout and scroll ends with this signal (the signal drops a subscriber once it is removed).
        self.screen.screen_layout_refresh_signal.subscribe(self, self._laid_out)

    def _laid_out(self, _screen) -> None:
        """After each layout: the bars fit the room left. Most layouts (a keystroke's) change
        neither the room nor the width: nothing to do then."""
        if self._computed is not None and (self._fit() != self._n or self._width() != self._drawn_width):
            self.show(self._computed, self._unit, relaid=True)

    def _fit(self) -> int:
        """Rows the panel has left for bars once its other parts are shown (a title row deducted)."""
        parent = self.parent
        if not isinstance(parent, Widget) or not parent.size.height:
            return MIN_BARS
        others = sum(w.outer_size.height for w in parent.children if w is not self and w.display)
        return max(MIN_BARS, parent.size.height - others - 1)

    def _width(self) -> int:
        parent = self.parent
        return self.content_size.width or (parent.content_size.width if isinstance(parent, Widget) else 0) or 30

    def show(self, c: Computed, unit: str, edited: FieldSpec | None = None, *, relaid: bool = False) -> None:
        """The chart for `c`; `edited` (a keystroke in that field) lets it look at that line alone;
        `relaid`: the same figures at another size."""
        self._computed, self._unit = c, unit
        n = self._fit()
        items = self._after_edit(c, n, edited)
        if items is None and relaid and self._ranking is not None:
            items = [_item_at(c, o) for o in self._ranking.top(n)]  # the same figures, another number of bars
        elif items is None:
            items = self._largest(c, n)
            self._ranking = None
            if edited is None:  # new figures: ranked once the screen is drawn, so no keystroke waits for it
                self._pos = None  # lines may have been added, deleted or moved
                self.call_after_refresh(self._rank_all, c)
        self._top, self._n = items, n
        title = ("Avvikelse per verksamhet, " if c.operating.sections else "Största avvikelser, ") + unit
        width = self._width()
        palette = cast(Themed, self.app).palette
        key = (tuple(items), unit, title, width, palette)
        if key == self._key:
            return
        self._key, self._drawn_width = key, width
        self.show_lines(deviation_lines(items, width, unit, title, palette))

    def _largest(self, c: Computed, n: int) -> list[DeviationItem]:
        """`largest_deviations(c, n)`, ranked once per Computed (the first n of a longer ranking are the n)."""
        if self._ranked is None or self._ranked[0] is not c or self._ranked[1] < n:
            asked = max(n, RANKED)
            self._ranked = (c, asked, largest_deviations(c, asked))
        return self._ranked[2][:n]

    def _after_edit(self, c: Computed, n: int, spec: FieldSpec | None) -> list[DeviationItem] | None:
        """The largest after a keystroke in one line's value, from the one changed line; None: look at every line.

        From the bars shown while that can tell (the line grew, or was not among them); else from the
        ranking of every item, built once (one pass) and then kept in order per keystroke."""
        if spec is None or spec.entity != "operating" or spec.field not in VALUE_FIELDS or self._top is None:
            return None
        lines = c.operating.lines
        if self._pos is None or len(self._pos) != len(lines):
            self._pos = {ln.id: i for i, (ln, _) in enumerate(lines)}
        pos = self._pos.get(spec.entity_id)
        if pos is None or lines[pos][0].id != spec.entity_id:
            return None
        item = item_of_line(c, pos)
        if self._ranking is None:
            quick = largest_after_edit(self._top, n, item) if n == self._n else None
            if quick is not None:
                return quick
            self._ranking = Ranking.of(c)  # c has the new value already
        else:
            self._ranking.update(item.order, item.deviation)
        return [_item_at(c, o) for o in self._ranking.top(n)]

    def _rank_all(self, c: Computed) -> None:
        if self._ranking is None and self._computed is c and len(c.operating.lines) > RANK_FROM:
            self._ranking = Ranking.of(c)

    def on_resize(self, event) -> None:
        if self._computed is not None and self._width() != self._drawn_width:
            self.show(self._computed, self._unit, relaid=True)
