"""The report as a Word document (python-docx), as the nämnd receives it.

It renders the same blocks as md and html (`report_document`): headings,
the goal table with statuses, the narrative, the operating and investment
tables with their varav rows, the split and its sentence, the checker's
findings. Figures are already formatted the Swedish way (`31 207`,
`-1 717`, `77,03 %`).

Every paragraph and table uses a named style, so a municipality's template
(`template=`) restyles the whole report: Heading 1–3, Normal, List Bullet,
and the report's own "Rapporttabell" (table), "Tabellrubrik", "Tabelltext",
"Tabelltal", "Tabellsumma", "Tabellvarav" and "Nämndmål" (cell paragraphs).
Header rows repeat on every page; headings keep with what follows. Control
characters never reach the XML (shown as visible escapes).
"""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from ..core.compute import Computed
from ..core.text import printable
from .report_doc import VARAV_INDENT, Bullets, Heading, Paragraph, Table, report_document

TABLE_STYLE = "Rapporttabell"
CELL_STYLES = {  # name -> (bold, italic, right-aligned, left indent in pt)
    "Tabellrubrik": (True, False, False, 0),
    "Tabelltext": (False, False, False, 0),
    "Tabelltal": (False, False, True, 0),
    "Tabellsumma": (True, False, False, 0),
    "Tabellvarav": (False, True, False, 12),
    "Nämndmål": (True, False, False, 0),
}


def _text(s: str) -> str:
    """Safe for XML: control characters as visible escapes (tab and newline as spaces)."""
    return printable(str(s).replace("\t", " ").replace("\r", " ").replace("\n", " "))


def _ensure_styles(doc) -> None:
    styles = doc.styles
    names = {s.name for s in styles}
    if TABLE_STYLE not in names:
        st = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        if "Table Grid" in names:
            st.base_style = styles["Table Grid"]
    for name, (bold, italic, right, indent) in CELL_STYLES.items():
        if name in names:
            continue  # the template's own wins
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles["Normal"]
        st.font.bold = bold
        st.font.italic = italic
        st.font.size = Pt(9)
        pf = st.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        if right:
            pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if indent:
            pf.left_indent = Pt(indent)
    for level in (1, 2, 3):
        styles[f"Heading {level}"].paragraph_format.keep_with_next = True
    _swedish(styles["Normal"])


def _swedish(style) -> None:
    """Proofing language sv-SE on the base style."""
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "sv-SE")


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def _cell_style(row_style: str, numeric: bool, col: int) -> str:
    if row_style == "total":
        return "Tabellsumma"
    if row_style == "goal" and col == 0:
        return "Nämndmål"
    if row_style == "varav" and col == 0:
        return "Tabellvarav"
    return "Tabelltal" if numeric else "Tabelltext"


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


def report_docx(c: Computed, unit: str = "tkr", template: str | Path | None = None):
    """The report as a python-docx Document (from `template` when given, so its styles apply)."""
    doc = Document(str(template)) if template else Document()
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
    return doc


def report_docx_bytes(c: Computed, unit: str = "tkr") -> bytes:
    buf = io.BytesIO()
    report_docx(c, unit).save(buf)
    return buf.getvalue()
