"""The report as one self-contained, printable HTML file (A4, embedded CSS)."""

from __future__ import annotations

from html import escape

from ..core.text import printable
from pathlib import Path

from ..core.compute import Computed
from .report_doc import Bullets, Heading, Paragraph, Table, report_document

CSS = """
@page { size: A4; margin: 20mm 18mm 20mm 18mm; }
html { font-family: "Calibri", "Carlito", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #000; }
body { max-width: 180mm; margin: 0 auto; padding: 8mm 0; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 6mm; }
h2 { font-size: 14pt; margin: 8mm 0 3mm; border-bottom: 1px solid #444; page-break-after: avoid; break-after: avoid; }
h3, caption { font-size: 11.5pt; font-weight: bold; margin: 5mm 0 2mm; text-align: left; page-break-after: avoid; }
p { margin: 0 0 2.5mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 5mm; page-break-inside: auto; }
tr { page-break-inside: avoid; break-inside: avoid; }
thead { display: table-header-group; }
th, td { border-bottom: 0.5pt solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { border-bottom: 1pt solid #000; font-weight: bold; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: bold; border-top: 1pt solid #000; }
tr.goal td { font-weight: bold; background: #eee; }
tr.varav td { font-style: italic; color: #333; }
tr.varav td:first-child { padding-left: 6mm; }
@media print {
  body { max-width: none; padding: 0; }
  tr.goal td { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


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
    for r in t.rows:
        cls = f' class="{r.style}"' if r.style else ""
        cells = []
        for col, text in zip(t.columns, r.cells):
            if r.style == "varav" and not col.numeric:
                text = text.lstrip("\u2003")
            cells.append(f'<td class="num">{_e(text)}</td>' if col.numeric else f"<td>{_e(text)}</td>")
        out.append(f"<tr{cls}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return out


def report_html(c: Computed, unit: str = "tkr") -> str:
    """One HTML document with embedded CSS; no external resources, no scripts."""
    blocks = report_document(c, unit=unit)
    title = next((b.text for b in blocks if isinstance(b, Heading)), "Rapport")
    body: list[str] = []
    for b in blocks:
        if isinstance(b, Heading):
            body.append(f"<h{b.level}>{_e(b.text)}</h{b.level}>")
        elif isinstance(b, Paragraph):
            body.append(f"<p>{_e(b.text)}</p>")
        elif isinstance(b, Bullets):
            body.append("<ul>" + "".join(f"<li>{_e(x)}</li>" for x in b.items) + "</ul>")
        elif isinstance(b, Table):
            body.extend(_table(b))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="sv">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_e(title)}</title>\n"
        f"<style>{CSS}</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def write_html(c: Computed, path: str | Path, unit: str = "tkr") -> None:
    Path(path).write_text(report_html(c, unit), encoding="utf-8")
