"""The report as one self-contained, printable HTML file (A4, embedded CSS).

Printing: a heading is kept on the page of what follows it (the heading and
the first block after it share a `div.keep` that does not break inside, and
headings avoid a break after them), table headers repeat on every page, and
paragraphs keep at least two lines together.
"""

from __future__ import annotations

import re
from html import escape

from ..core.text import printable
from pathlib import Path

from ..core.compute import Computed
from .chart_svg import chart_svg
from .report_doc import Bullets, Chart, Heading, Paragraph, Table, report_document

CSS = """
@page { size: A4; margin: 20mm 18mm 20mm 18mm; }
html { font-family: "Calibri", "Carlito", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #000; }
body { max-width: 180mm; margin: 0 auto; padding: 8mm 0; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 6mm; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; border-bottom: 1px solid #444; page-break-after: avoid; break-after: avoid; }
h3, caption { font-size: 11.5pt; font-weight: bold; margin: 5mm 0 2mm; text-align: left; page-break-after: avoid; }
p { margin: 0 0 2.5mm; orphans: 2; widows: 2; }
h1, h2, h3, caption { break-after: avoid-page; page-break-after: avoid; }
div.keep { break-inside: avoid-page; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 5mm; page-break-inside: auto; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; break-inside: avoid; }
tfoot { display: table-footer-group; }
th, td { border-bottom: 0.5pt solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { border-bottom: 1pt solid #000; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 1pt solid #000; }
tr.goal td { font-weight: bold; background: #eee; }
tr.varav td { font-style: italic; color: #333; }
tr.varav td:first-child { padding-left: 6mm; }
figure.chart { margin: 2mm 0 6mm; break-inside: avoid-page; page-break-inside: avoid; }
figure.chart svg { display: block; width: 170mm; max-width: 100%; height: auto; }
figure.chart figcaption { font-size: 9pt; font-style: italic; }
@media print {
  body { max-width: none; padding: 0; }
  figure.chart svg { width: 170mm; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.goal td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what printable() changes


def _escape_cell(text: str) -> str:
    return escape(text, quote=True)


def _e(text: str) -> str:
    return escape(printable(str(text)), quote=True)


def _table(t: Table) -> list[str]:
    out = ["<table>"]
    if t.caption:
        out.append(f"<caption>{_e(t.caption)}</caption>")
    out.append("<thead><tr>" + "".join(
        f'<th class="num">{_e(c.title)}</th>' if c.numeric else f"<th>{_e(c.title)}</th>" for c in t.columns
    ) + "</tr></thead>")
    out.append("<tbody>")
    opens = ['<td class="num">' if col.numeric else "<td>" for col in t.columns]
    raw = "".join(text for r in t.rows for text in r.cells)  # escaping runs only when some cell needs it
    esc = _escape_cell if any(ch in raw for ch in "&<>\"'") else str
    body = []
    for r in t.rows:
        cls = f' class="{r.style}"' if r.style else ""
        cells = []
        for col, td, text in zip(t.columns, opens, r.cells):
            if r.style == "varav" and not col.numeric:
                text = text.lstrip("\u2003")
            cells.append(f"{td}{esc(text)}</td>")
        body.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    # printable() once over the rows: the markup has no control characters and escaping commutes with it
    if body:
        rows = "\n".join(body)
        out.append(printable(rows) if _CONTROL.search(raw) else rows)
    out.append("</tbody></table>")
    return out


KEEP_TABLE_ROWS = 15  # a heading is kept with a table this short; a longer one breaks under it


def _block(b) -> list[str]:
    if isinstance(b, Heading):
        return [f"<h{b.level}>{_e(b.text)}</h{b.level}>"]
    if isinstance(b, Paragraph):
        return [f"<p>{_e(b.text)}</p>"]
    if isinstance(b, Bullets):
        return ["<ul>" + "".join(f"<li>{_e(x)}</li>" for x in b.items) + "</ul>"]
    if isinstance(b, Chart):
        caption = f"<figcaption>{_e(b.note)}</figcaption>" if b.note else ""
        return [f'<figure class="chart">{chart_svg(b)}{caption}</figure>']
    return _table(b)


def _body(blocks: list) -> list[str]:
    """The blocks, each run of headings wrapped with the block after it so a page never ends on a heading."""
    body: list[str] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and isinstance(blocks[j], Heading):
            j += 1
        if j == i:
            body.extend(_block(blocks[i]))
            i += 1
            continue
        nxt = blocks[j] if j < len(blocks) else None
        keep = nxt is not None and not (isinstance(nxt, Table) and len(nxt.rows) > KEEP_TABLE_ROWS)
        group = [line for b in blocks[i:j] for line in _block(b)]
        if keep:
            body.append('<div class="keep">')
            body.extend(group + _block(nxt))
            body.append("</div>")
            i = j + 1
        else:
            body.extend(group)
            i = j
    return body


def report_html(c: Computed, unit: str = "tkr") -> str:
    """One HTML document with embedded CSS; no external resources, no scripts."""
    blocks = report_document(c, unit=unit)
    title = next((b.text for b in blocks if isinstance(b, Heading)), "Rapport")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(_body(blocks)) + "\n</body>\n</html>\n"
    )


def write_html(c: Computed, path: str | Path, unit: str = "tkr") -> None:
    Path(path).write_text(report_html(c, unit), encoding="utf-8")
