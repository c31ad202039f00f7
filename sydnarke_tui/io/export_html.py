"""The report as one self-contained, printable HTML file (A4, embedded CSS).

Printing (headless Chromium, WeasyPrint for `--format pdf`): every figure is
whole — figure cells never wrap, header cells do; a table too wide for the
portrait text column (measured as the Word report measures it) goes on a
landscape page of its own (`@page wide`). Pages are numbered "Sida X av Y"
in the bottom margin where the renderer supports margin boxes. A heading is
kept on the page of what follows it (the heading and the first block after it
share a `div.keep` that does not break inside, and headings avoid a break
after them), table headers repeat on every page, rows never split, and
paragraphs keep at least two lines together. The title page is a page of its
own. On screen the tables fit the text column. With a municipality's Word
template (`ReportOptions.template`) its fonts and margins apply (template_css).
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

from ..core.compute import Computed
from ..core.numbers import no_break
from ..core.text import printable
from . import table_fit as F
from .chart_svg import chart_svg
from .report_blocks import Block, Bullets, Chart, Heading, Paragraph, ReportOptions, Table, TitlePage
from .report_doc import report_document

PAGE_MARGINS = "25mm 20mm 25mm 25mm"  # as the Word report: top, right, bottom, left
TEXT_WIDTH_PT = (210 - 45) / 25.4 * 72  # the portrait text column
TABLE_PT = 9

CSS = """
@page { size: A4; margin: %(margins)s;
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); font: 9pt %(head)s; } }
@page wide { size: A4 landscape; }
@page title { @bottom-right { content: none; } }
html { font-family: %(body)s; font-size: %(size)s; color: #000; }
body { max-width: 165mm; margin: 0 auto; padding: 8mm 4mm; line-height: 1.35; }
h1, h2, h3, h4, caption, .title, .subtitle { font-family: %(head)s; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 16pt; margin: 8mm 0 3mm; }
h3 { font-size: 13pt; margin: 6mm 0 2mm; }
h4, caption { font-size: 11pt; font-weight: bold; margin: 5mm 0 2mm; text-align: left; }
header.titlepage { margin: 40mm 0 20mm; }
header.titlepage h1 { font-size: 26pt; margin-bottom: 4mm; }
header.titlepage .subtitle { font-size: 16pt; margin: 0 0 8mm; }
p { margin: 0 0 2.5mm; orphans: 2; widows: 2; }
h1, h2, h3, h4, caption { break-after: avoid-page; page-break-after: avoid; }
div.keep { break-inside: avoid-page; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%%; margin: 2mm 0 5mm; page-break-inside: auto;
  font-family: %(head)s; font-size: 9pt; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; break-inside: avoid; }
tfoot { display: table-footer-group; }
th, td { border-bottom: 0.5pt solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left;
  overflow-wrap: normal; hyphens: manual; }
th { border-bottom: 1pt solid #000; font-weight: bold; vertical-align: bottom; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
th.num { text-align: right; }
tr.total td { font-weight: bold; border-top: 1pt solid #000; }
tr.goal td { font-weight: bold; background: #eee; }
tr.varav td { font-style: italic; color: #333; }
tr.varav td:first-child { padding-left: 6mm; }
figure.chart { margin: 2mm 0 6mm; break-inside: avoid-page; page-break-inside: avoid; }
figure.chart svg { display: block; width: 165mm; max-width: 100%%; height: auto; }
figure.chart figcaption { font-size: 9pt; font-style: italic; }
section.wide { page: wide; }
@media print {
  body { max-width: none; padding: 0; }
  header.titlepage { page: title; break-after: page; page-break-after: always; }
  figure.chart svg { width: 165mm; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tr.goal td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""
FONTS = {"body": '"Times New Roman", "Liberation Serif", serif', "size": "12pt",
         "head": 'Arial, "Liberation Sans", Helvetica, sans-serif', "margins": PAGE_MARGINS}


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # what printable() changes


def _escape_cell(text: str) -> str:
    return escape(text, quote=True)


def _e(text: str) -> str:
    return escape(printable(str(text)), quote=True)


def _wide(t: Table) -> bool:
    """A table that does not fit the portrait text column with every figure whole (as docx_layout measures)."""
    measures = [F.Measure(c.numeric, c.title, [r.cells[i] for r in t.rows]) for i, c in enumerate(t.columns)]
    return F.column_widths(measures, TEXT_WIDTH_PT, TABLE_PT, TABLE_PT) is None


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


def _block(b: Block) -> list[str]:
    if isinstance(b, TitlePage):
        lines = ['<header class="titlepage">', f"<h1>{_e(b.title)}</h1>"]
        if b.organisation:
            lines.append(f'<p class="subtitle">{_e(b.organisation)}</p>')
        lines.append(f"<p>{_e(b.date)}</p>")
        if b.decision:
            lines.append(f'<p class="decision">{_e(b.decision)}</p>')
        return lines + ["</header>"]
    if isinstance(b, Heading):  # the title is the page's h1; the chapters (1, 1.1, 1.1.1) follow under it
        n = min(b.level + 1, 6)
        return [f"<h{n}>{_e(b.text)}</h{n}>"]
    if isinstance(b, Paragraph):  # a figure and its unit never break across lines ('158 552 kr')
        return [f"<p>{_e(no_break(b.text))}</p>"]
    if isinstance(b, Bullets):
        return ["<ul>" + "".join(f"<li>{_e(no_break(x))}</li>" for x in b.items) + "</ul>"]
    if isinstance(b, Chart):
        caption = f"<figcaption>{_e(b.note)}</figcaption>" if b.note else ""
        return [f'<figure class="chart">{chart_svg(b)}{caption}</figure>']
    return _table(b)


def _body(blocks: list[Block]) -> list[str]:
    """The blocks, each run of headings wrapped with the block after it so a page never ends on a heading; a
    wide table, with the headings before it, in a section printed on a landscape page."""
    body: list[str] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and isinstance(blocks[j], Heading):
            j += 1
        nxt = blocks[j] if j < len(blocks) else None
        wide_table = nxt if isinstance(nxt, Table) and _wide(nxt) else None
        wide = wide_table is not None
        if wide:
            body.append('<section class="wide">')
        if j == i:
            body.extend(_block(blocks[i]))
            i += 1
        else:
            group = [line for b in blocks[i:j] for line in _block(b)]
            if nxt is not None and not (isinstance(nxt, Table) and len(nxt.rows) > KEEP_TABLE_ROWS):  # kept with it
                body.append('<div class="keep">')
                body.extend(group + _block(nxt))
                body.append("</div>")
                i = j + 1
            else:
                body.extend(group + (_block(wide_table) if wide_table is not None else []))
                i = j + 1 if wide else j
        if wide:
            body.append("</section>")
    return body


def report_html(c: Computed, unit: str = "tkr", options: ReportOptions | None = None) -> str:
    """One HTML document with embedded CSS; no external resources, no scripts."""
    options = options or ReportOptions()
    blocks = report_document(c, unit=unit, options=options)
    tp = next(b for b in blocks if isinstance(b, TitlePage))
    title = f"{tp.title} – {tp.organisation}" if tp.organisation else tp.title
    if options.template:
        from .docx_layout import template_look  # python-docx only when a template is given

        fonts = {**FONTS, **template_look(options.template)}
    else:
        fonts = FONTS
    return (
        "<!DOCTYPE html>\n"
        '<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n"
        f"<style>{CSS % fonts}</style>\n</head>\n<body>\n" + "\n".join(_body(blocks)) + "\n</body>\n</html>\n"
    )


def write_html(c: Computed, path: str | Path, unit: str = "tkr", options: ReportOptions | None = None) -> None:
    Path(path).write_text(report_html(c, unit, options), encoding="utf-8")
