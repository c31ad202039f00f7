"""The report's charts as inline SVG: no outside resources, sized in millimetres for A4.

Coordinates are integers in tenths of a millimetre (viewBox units), scaled
by core.charts like the terminal's bars. Colour is never the only signal:
a deviation's sign is its side of the axis and its number; a status has a
fill pattern (plain, hatched, dotted, none) and its word, so a black-and-white
printout reads too. No xmlns (inline SVG in HTML needs none): the document
names no address at all.
"""

from __future__ import annotations

from html import escape

from ..core.charts import FULFILMENT_CAP, fit_label, scaled
from ..core.concepts import INDICATOR_STATUS
from ..core.numbers import format_amount, format_pct
from ..core.text import printable
from .report_blocks import Chart

WIDTH = 1700  # 170 mm: the text width of A4 with 20 mm margins
ROW = 52
FONT = 31  # 3.1 mm, about 9 pt
HEAD = 70
BETTER, WORSE = "#2e7d32", "#c62828"


def _patterns() -> str:
    """The fill patterns the statuses name (core.concepts.INDICATOR_STATUS)."""
    return "<defs>" + "".join(info.svg_pattern for _, info in INDICATOR_STATUS.items()) + "</defs>"


def _e(text: str) -> str:
    return escape(printable(str(text)), quote=True)


def _mm(units: int) -> str:
    return f"{units // 10}.{units % 10}mm"


def _text(x: int, y: int, text: str, anchor: str = "start", weight: str = "") -> str:
    w = f' font-weight="{weight}"' if weight else ""
    return f'<text x="{x}" y="{y}" text-anchor="{anchor}"{w}>{_e(text)}</text>'


def _svg(kind: str, title: str, height: int, body: list[str]) -> str:
    tid = f"sydnarke-{kind}-title"
    return (f'<svg class="chart" role="img" aria-labelledby="{tid}" width="{_mm(WIDTH)}" height="{_mm(height)}" '
            f'viewBox="0 0 {WIDTH} {height}" font-family="Calibri, Carlito, Arial, sans-serif" font-size="{FONT}">'
            f'<title id="{tid}">{_e(title)}</title>' + "".join(body) + "</svg>")


def _cut(text: str, n: int) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= n else s[:n - 1] + "…"


def deviation_svg(ch: Chart) -> str:
    """One bar per line (or verksamhet) from a zero axis: right = better than budget, left = worse."""
    label_end, value_x = 560, WIDTH
    axis, half = 1080, 440
    items = ch.deviation
    max_abs = max((abs(x.deviation) for x in items if x.deviation is not None), default=0)
    body = [_text(0, 40, ch.title, weight="bold"),
            _text(axis - 12, 40, "◀ sämre än budget", "end"), _text(axis + 12, 40, "bättre än budget ▶")]
    y = HEAD
    for x in items:
        body.append(f"<g><title>{_e(x.label)}: {_e(_value(x.deviation, ch.unit))} {_e(ch.unit)}</title>")
        body.append(_text(0, y + 36, _cut(x.label, 34)))
        n = scaled(x.deviation or 0, max_abs, half)
        if n:
            left, fill = (axis, BETTER) if n > 0 else (axis + n, WORSE)
            body.append(f'<rect x="{left}" y="{y + 10}" width="{abs(n)}" height="{ROW - 20}" fill="{fill}"/>')
        body.append(_text(value_x, y + 36, _value(x.deviation, ch.unit), "end"))
        body.append("</g>")
        y += ROW
    body.append(f'<line x1="{axis}" y1="{HEAD - 4}" x2="{axis}" y2="{y + 4}" stroke="#000" stroke-width="3"/>')
    if all(x.deviation is None for x in items):
        body.append(_text(label_end, y + 36, "Inga utfall ännu."))
        y += ROW
    return _svg("deviation", ch.title, y + 10, body)


def _value(v: int | None, unit: str) -> str:
    return "–" if v is None else format_amount(v, unit)


def fulfilment_svg(ch: Chart) -> str:
    """Per indicator a bar 0–150 % (a tick at 100 %), filled by status, with its percentage and status word."""
    bar_x, bar_w = 800, 500
    target = bar_x + scaled(100, FULFILMENT_CAP, bar_w)
    body = [_patterns(), _text(0, 40, ch.title, weight="bold")]
    lx = bar_x
    for _, info in INDICATOR_STATUS.items():  # the legend: a swatch and the word
        body.append(f'<rect x="{lx}" y="{14}" width="30" height="30" fill="{info.svg_fill}" stroke="#000" '
                    'stroke-width="2"/>')
        body.append(_text(lx + 38, 40, info.label))
        lx += 225
    y = HEAD
    for x in ch.fulfilment:
        drawn = 0 if x.pct is None else min(max(x.pct, 0), FULFILMENT_CAP)
        status = INDICATOR_STATUS[x.status]
        body.append(f"<g><title>{_e(x.name)}: {_e(format_pct(x.pct))}, {_e(status.label)}</title>")
        body.append(_text(0, y + 36, fit_label(x.name, 44)))
        n = scaled(drawn, FULFILMENT_CAP, bar_w)
        if n:
            body.append(f'<rect x="{bar_x}" y="{y + 10}" width="{n}" height="{ROW - 20}" '
                        f'fill="{status.svg_fill}" stroke="#000" stroke-width="2"/>')
        body.append(_text(bar_x + bar_w + 130, y + 36, format_pct(x.pct), "end"))
        body.append(_text(bar_x + bar_w + 150, y + 36, status.label))
        body.append("</g>")
        y += ROW
    body.append(f'<line x1="{target}" y1="{HEAD - 4}" x2="{target}" y2="{y + 4}" stroke="#000" '
                f'stroke-width="3" stroke-dasharray="8 6"/>')
    body.append(_text(target, y + 36, "100 %", "middle"))
    return _svg("fulfilment", ch.title, y + ROW, body)


def chart_svg(ch: Chart) -> str:
    return fulfilment_svg(ch) if ch.kind == "fulfilment" else deviation_svg(ch)
