"""The docx writer's body rows as python-docx builds them cell by cell (looking each style up by name), kept as
the reference the faster writer (`sydnarke_tui.io.export_docx`, rows written as text) is compared against: the
same document apart from how the rows are made. Test code only: minutes on a large year."""

from __future__ import annotations

import io
from unittest import mock

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement

from sydnarke_tui.core.compute import Computed
from sydnarke_tui.io import export_docx
from sydnarke_tui.io.export_docx import _cell_style, _text
from sydnarke_tui.io.report_doc import VARAV_INDENT, Table


def _body_rows(doc, table, t: Table, deferred) -> None:
    for r in t.rows:
        row = table.add_row()
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for i, (cell, col, text) in enumerate(zip(row.cells, t.columns, r.cells)):
            if col.numeric:
                cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))
            p = cell.paragraphs[0]
            p.style = doc.styles[_cell_style(r.style, col.numeric, i)]
            if r.style == "total" and col.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.add_run(_text(text.replace(" ", "\u00a0") if col.numeric else text.lstrip(VARAV_INDENT)))


def reference_docx_bytes(c: Computed, unit: str = "tkr") -> bytes:
    with mock.patch.object(export_docx, "_body_rows", _body_rows):
        doc = export_docx.report_docx(c, unit)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
