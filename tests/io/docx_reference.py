"""The docx writer as it was (python-docx builds every body cell, looking its style up by name), kept as the
reference the faster writer (`sydnarke_tui.io.export_docx`) is compared against. Test code only: minutes on a
large year."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from sydnarke_tui.core.compute import Computed
from sydnarke_tui.io.export_docx import TABLE_STYLE, _cell_style, _ensure_styles, _repeat_header, _text, add_chart
from sydnarke_tui.io.report_doc import VARAV_INDENT, Bullets, Chart, Heading, Paragraph, Table, report_document


def _table(doc, t: Table) -> None:
    if t.caption:
        doc.add_heading(_text(t.caption), level=3)
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    head = table.rows[0]
    _repeat_header(head)
    for cell, col in zip(head.cells, t.columns):
        cell.text = ""
        p = cell.paragraphs[0]
        p.style = doc.styles["Tabellrubrik"]
        if col.numeric:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(_text(col.title))
    for r in t.rows:
        cells = table.add_row().cells
        for i, (cell, col, text) in enumerate(zip(cells, t.columns, r.cells)):
            p = cell.paragraphs[0]
            p.style = doc.styles[_cell_style(r.style, col.numeric, i)]
            if r.style == "total" and col.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.add_run(_text(text.lstrip(VARAV_INDENT)))


def reference_docx_bytes(c: Computed, unit: str = "tkr") -> bytes:
    doc = Document()
    _ensure_styles(doc)
    y = c.year
    props = doc.core_properties
    props.title = _text(f"{y.organisation} {c.period.name} {y.year}".strip())
    props.author = _text(y.organisation or "sydnarke-tui")
    props.language = "sv-SE"
    for b in report_document(c, unit=unit):
        if isinstance(b, Heading):
            doc.add_heading(_text(b.text), level=min(b.level, 3))
        elif isinstance(b, Paragraph):
            doc.add_paragraph(_text(b.text), style="Normal")
        elif isinstance(b, Bullets):
            for item in b.items:
                doc.add_paragraph(_text(item), style="List Bullet")
        elif isinstance(b, Table):
            _table(doc, b)
        elif isinstance(b, Chart):  # the charts are python-docx calls already: the same code
            add_chart(doc, b)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
