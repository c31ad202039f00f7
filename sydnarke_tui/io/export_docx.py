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
import re
import secrets
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

from ..core.charts import FULFILMENT_CAP, PATTERN, scaled
from ..core.compute import Computed
from ..core.model import STATUS_SV, Status
from ..core.numbers import format_amount, format_pct
from ..core.text import printable
from ..core.text import xml_escape as _xml  # xml.sax.saxutils would import urllib (20 ms)
from .report_doc import VARAV_INDENT, Bullets, Chart, Heading, Paragraph, Table, report_document

TABLE_STYLE = "Rapporttabell"
CELL_STYLES = {  # name -> (bold, italic, right-aligned, left indent in pt)
    "Tabellrubrik": (True, False, False, 0),
    "Tabelltext": (False, False, False, 0),
    "Tabelltal": (False, False, True, 0),
    "Tabellsumma": (True, False, False, 0),
    "Tabellvarav": (False, True, False, 12),
    "Nämndmål": (True, False, False, 0),
}


# what `_text` changes: tabs, line breaks and the control characters `printable` escapes
_NOT_PLAIN = re.compile(r"[\x00-\x1f\x7f-\x9f]")


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


def _table(doc, t: Table, deferred: dict[str, str] | None = None) -> None:
    """The table; its body rows parsed into the document, or (`deferred` given) a marker row in their place
    and the rows' markup in `deferred` under the marker, to be spliced into the saved XML (`_splice`)."""
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
    if t.rows:
        widths = [cell._tc.tcPr.find(qn("w:tcW")) if cell._tc.tcPr is not None else None for cell in head.cells]
        tc_pr = ["" if w is None else
                 f'<w:tcPr><w:tcW w:type="{w.get(qn("w:type"))}" w:w="{w.get(qn("w:w"))}"/></w:tcPr>' for w in widths]
        style_ids = {name: doc.styles[name].style_id for name in CELL_STYLES}
        rows = _rows_xml(t, tc_pr, style_ids)
        if deferred is not None:
            marker = f"sydnarke-rows-{len(deferred)}-{secrets.token_hex(8)}"
            deferred[marker] = rows
            rows = f"<w:tr><w:tc><w:p><w:r><w:t>{marker}</w:t></w:r></w:p></w:tc></w:tr>"
        table._tbl.extend(list(parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>")))


def _rows_xml(t: Table, tc_pr: list[str], style_ids: dict[str, str]) -> str:
    """The body rows as WordprocessingML, the markup python-docx's add_row/add_run would give, built as text:
    python-docx looks a style up by name once per cell (a scan of every style), minutes on a large year.

    `_text` is applied to the whole markup at once (the markup itself has no tabs, line breaks or control
    characters, and escaping commutes with it), and neither it nor escaping runs when no cell needs them."""
    raw = "".join(text for r in t.rows for text in r.cells)
    esc = _xml if ("&" in raw or "<" in raw or ">" in raw) else str
    clean_all = _text if _NOT_PLAIN.search(raw) else str
    prefixes: dict[str, list[str]] = {}
    out = []
    for r in t.rows:
        pre = prefixes.get(r.style)
        if pre is None:
            pre = prefixes[r.style] = [
                f'<w:tc>{tc_pr[i]}<w:p><w:pPr>'
                f'<w:pStyle w:val="{_xml(style_ids[_cell_style(r.style, col.numeric, i)], attr=True)}"/>'
                + ('<w:jc w:val="right"/>' if r.style == "total" and col.numeric else "") + "</w:pPr>"
                for i, col in enumerate(t.columns)]
        cells = []
        for p, text in zip(pre, r.cells):
            text = text.lstrip(VARAV_INDENT)
            if not text:
                cells.append(f"{p}<w:r/></w:p></w:tc>")
                continue
            sp = ""
            if (text[0].isspace() or text[-1].isspace()) and (clean := _text(text)) != clean.strip():
                sp = ' xml:space="preserve"'
            cells.append(f"{p}<w:r><w:t{sp}>{esc(text)}</w:t></w:r></w:p></w:tc>")
        out.append(f"<w:tr>{''.join(cells)}</w:tr>")
    return clean_all("".join(out))


BAR_FONT = "Courier New"  # monospaced, and has the WGL4 blocks █ ▌ ▐ ▓ ░ the bars are drawn with
BAR_CELLS = 14  # characters on each side of a deviation bar's axis (half-character steps)
STRIP_CELLS = 15  # characters for 0–150 % fulfilment
BETTER, WORSE = RGBColor(0x2E, 0x7D, 0x32), RGBColor(0xC6, 0x28, 0x28)
STATUS_RGB = {Status.ACHIEVED: BETTER, Status.PARTLY: RGBColor(0xB2, 0x6A, 0x00),
              Status.NOT_ACHIEVED: WORSE, Status.NOT_MEASURED: RGBColor(0x66, 0x66, 0x66)}


def _put(cell, style_id: str, text: str, right: bool = False, colour: RGBColor | None = None,
         font: str | None = None) -> None:
    """A cell's text in a paragraph style given by id (python-docx's lookup by name scans every style)."""
    p = cell.paragraphs[0]
    p._p.get_or_add_pPr().style = style_id
    if right:
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if text:
        run = p.add_run(text)
        if font:
            run.font.name = font
        if colour is not None:
            run.font.color.rgb = colour


def _chart_table(doc, titles: list[str], numeric: set[int]):
    table = doc.add_table(rows=1, cols=len(titles))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _repeat_header(table.rows[0])
    head = doc.styles["Tabellrubrik"].style_id
    for i, (cell, title) in enumerate(zip(table.rows[0].cells, titles)):
        _put(cell, head, _text(title), right=i in numeric)
    return table


def add_chart(doc, ch: Chart) -> None:
    """A chart as a table of text bars: what python-docx does well with no image library. Colour is
    never the only signal: a deviation's side and sign, a status's pattern (█ ▓ ░ ·) and word."""
    doc.add_heading(_text(ch.title), level=3)
    text, num = doc.styles["Tabelltext"].style_id, doc.styles["Tabelltal"].style_id
    if ch.kind == "fulfilment":
        table = _chart_table(doc, ["Indikator", "Måluppfyllelse (0–150 %)", "Andel", "Status"], {2})
        target = scaled(100, FULFILMENT_CAP, STRIP_CELLS)
        for x in ch.fulfilment:
            drawn = 0 if x.pct is None else min(max(x.pct, 0), FULFILMENT_CAP)
            n = scaled(drawn, FULFILMENT_CAP, STRIP_CELLS)
            bar = PATTERN[x.status] * n + ("" if n >= target else " " * (target - 1 - n) + "│")
            cells = table.add_row().cells
            _put(cells[0], text, _text(x.name))
            _put(cells[1], text, bar, colour=STATUS_RGB[x.status], font=BAR_FONT)
            _put(cells[2], num, format_pct(x.pct))
            _put(cells[3], text, STATUS_SV[x.status])
    else:
        table = _chart_table(doc, ["Rad", "◄ Sämre än budget", "Bättre än budget ►", f"Avvikelse ({ch.unit})"], {1, 3})
        max_abs = max((abs(x.deviation) for x in ch.deviation if x.deviation is not None), default=0)
        for x in ch.deviation:
            n = scaled(x.deviation or 0, max_abs, 2 * BAR_CELLS)
            full, half = divmod(abs(n), 2)
            cells = table.add_row().cells
            _put(cells[0], text, _text(x.label))
            _put(cells[1], text, ("▐" if half else "") + "█" * full if n < 0 else "", True, WORSE, BAR_FONT)
            _put(cells[2], text, "█" * full + ("▌" if half else "") if n > 0 else "", False, BETTER, BAR_FONT)
            _put(cells[3], num, "–" if x.deviation is None else format_amount(x.deviation, ch.unit))
    if ch.note:
        doc.add_paragraph(_text(ch.note), style="Normal")


def report_docx(c: Computed, unit: str = "tkr", template: str | Path | None = None,
                _deferred: dict[str, str] | None = None):
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
            _table(doc, b, _deferred)
        elif isinstance(b, Chart):
            add_chart(doc, b)
    return doc


def _splice(docx: bytes, deferred: dict[str, str]) -> bytes:
    """The package with each marker row of word/document.xml replaced by the table rows it stands for."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED,
                                                                    compresslevel=1) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "word/document.xml":
                xml = data.decode("utf-8")
                parts, pos = [], 0
                for marker, rows in deferred.items():
                    at = xml.index(marker, pos)
                    start, end = xml.rindex("<w:tr>", pos, at), xml.index("</w:tr>", at) + len("</w:tr>")
                    parts += [xml[pos:start], rows]
                    pos = end
                data = ("".join(parts) + xml[pos:]).encode("utf-8")
            zout.writestr(info.filename, data)
    return out.getvalue()


def report_docx_bytes(c: Computed, unit: str = "tkr") -> bytes:
    """The .docx file; the large tables' rows are written as text into the saved package (python-docx
    would parse them into elements and serialise them again: most of the time on a large year)."""
    deferred: dict[str, str] = {}
    buf = io.BytesIO()
    report_docx(c, unit, _deferred=deferred).save(buf)
    return _splice(buf.getvalue(), deferred) if deferred else buf.getvalue()
