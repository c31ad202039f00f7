"""The report as a Word document (python-docx), as the nämnd receives it: A4, ready to send.

It renders the same blocks as md and html (`report_document`): a title page
(title, nämnd, date, the optional decision block), a table of contents, the
chapters 1 Verksamheter / 1.1 Måluppfyllelse / 1.2 Verksamhetsberättelse /
1.3 Ekonomi, and the checker's findings only when asked for.

Layout (docx_layout): A4 portrait with the margins and fonts of an ordinary
Swedish municipal document (Times New Roman body, Arial headings and tables);
a table too wide for the text column gets a landscape section of its own.
Column widths come from the content (names wide, figures narrow and
right-aligned); figure cells never wrap (no-break spaces and `noWrap`); header
rows repeat; rows never split across pages; headings keep with what follows.
The footer says "Sida X av Y" (PAGE and NUMPAGES fields).

Every paragraph and table uses a named style, so a municipality's template
(`ReportOptions.template`) restyles the whole report and keeps its own page
size and margins: Title, Subtitle, Heading 1–3, Normal, List Bullet, Footer,
TOC 1–3, and the report's own "Rapporttabell" (table), "Tabellrubrik",
"Tabelltext", "Tabelltal", "Tabellsumma", "Tabellvarav", "Nämndmål" and
"Diagramrubrik" (cell and caption paragraphs). Control characters never
reach the XML (shown as visible escapes).
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt, RGBColor

from ..core.charts import FULFILMENT_CAP, scaled
from ..core import glossary as G
from ..core.compute import Computed
from ..core.concepts import INDICATOR_STATUS
from ..core.numbers import format_amount, format_pct, no_break
from ..core.text import printable
from ..core.text import xml_escape as _xml  # xml.sax.saxutils would import urllib (20 ms)
from . import docx_layout as L
from . import table_fit as F
from .report_blocks import Block, Bullets, Chart, Heading, Paragraph, ReportOptions, Table, TitlePage
from .report_doc import VARAV_INDENT, report_document

if TYPE_CHECKING:
    from docx.document import Document as DocxDocument
    from docx.styles.style import CharacterStyle
    from docx.table import Table as DocxTable, _Cell, _Row

# writes a heading (text, level), bookmarked for the table of contents
HeadingWriter = Callable[[str, int], None]

TABLE_STYLE = "Rapporttabell"
CHART_TITLE = "Diagramrubrik"
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


def _ensure_styles(doc: DocxDocument, own_layout: bool = True) -> None:
    """The report's named styles; a template's own styles of the same name win. `own_layout`: no template, so
    the municipal default fonts apply (docx_layout.municipal_styles)."""
    styles = doc.styles
    names = {s.name for s in styles}
    if TABLE_STYLE not in names:  # rules between rows, none between columns: a statement, not a grid
        st = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
        st.element.append(parse_xml(
            f'<w:tblPr {nsdecls("w")}><w:tblBorders>'
            '<w:top w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
            '<w:bottom w:val="single" w:sz="8" w:space="0" w:color="000000"/>'
            '<w:insideH w:val="single" w:sz="4" w:space="0" w:color="999999"/>'
            '</w:tblBorders></w:tblPr>'))
    for name, (bold, italic, right, indent) in CELL_STYLES.items():
        if name in names:
            continue  # the template's own wins
        st = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles["Normal"]
        st.font.bold = bold
        st.font.italic = italic
        st.font.size = Pt(9)
        if own_layout:
            L.set_font(st, L.TABLE_FONT)
        pf = st.paragraph_format
        pf.space_before = pf.space_after = Pt(0)
        if right:
            pf.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if indent:
            pf.left_indent = Pt(indent)
    if CHART_TITLE not in names:  # a chart's title: bold, kept with its chart, not in the contents
        st = styles.add_style(CHART_TITLE, WD_STYLE_TYPE.PARAGRAPH)
        st.base_style = styles["Normal"]
        st.font.bold = True
        if own_layout:
            L.set_font(st, L.HEADING_FONT, 10)
        st.paragraph_format.space_before = Pt(9)
        st.paragraph_format.keep_with_next = True
    for level in (1, 2, 3):
        if f"TOC {level}" not in names:
            st = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
            st.base_style = styles["Normal"]
    if own_layout:
        L.municipal_styles(styles)
    for level in (1, 2, 3):
        styles[f"Heading {level}"].paragraph_format.keep_with_next = True
    _swedish(styles["Normal"])


def _swedish(style: CharacterStyle) -> None:
    """Proofing language sv-SE on the base style."""
    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "sv-SE")


def _repeat_header(row: _Row) -> None:
    """The header row: repeated on every page, never split."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
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


def _measures(columns: list[tuple[str, bool]], rows: list[list[str]]) -> list[F.Measure]:
    return [F.Measure(numeric, title, [r[i] for r in rows]) for i, (title, numeric) in enumerate(columns)]


def _widths(doc: DocxDocument, measures: list[F.Measure]) -> list[float] | None:
    """Column widths in pt for the current section's text column, in the table styles' font sizes."""
    st = doc.styles
    return F.column_widths(measures, L.text_width_pt(doc.sections[-1]), L.style_size(st["Tabelltal"]),
                           L.style_size(st["Tabellrubrik"]), _table_em(doc))


def _table_em(doc: DocxDocument) -> Callable[[str], float]:
    """The width function of the tables' font (a template's may be wider than Arial)."""
    return F.font_em(L.font_name(doc.styles["Tabelltal"]))


def _place(doc: DocxDocument, measures: list[F.Measure]) -> tuple[list[float], L.PageLook | None]:
    """Widths for a table in the current portrait section, or a landscape section when it needs one (then the
    portrait page to return to). Wider still: the narrowest layout, scaled to the page."""
    widths = _widths(doc, measures)
    if widths is not None:
        return widths, None
    back = L.page_of(doc.sections[-1])
    L.landscape_section(doc)
    widths = _widths(doc, measures)
    if widths is None:
        avail = L.text_width_pt(doc.sections[-1])
        least = F.narrowest(measures, L.style_size(doc.styles["Tabelltal"]), L.style_size(doc.styles["Tabellrubrik"]),
                            _table_em(doc))
        widths = [w * avail / sum(least) for w in least]
    return widths, back


def _set_widths(table: DocxTable, widths: list[float]) -> None:
    """Fixed column widths (grid and header cells; the body rows copy the header's)."""
    table.autofit = False
    for col, w in zip(table.columns, widths):
        col.width = Pt(round(w, 1))
    for cell, w in zip(table.rows[0].cells, widths):
        cell.width = Pt(round(w, 1))


def _table(doc: DocxDocument, t: Table, deferred: dict[str, str] | None, heading: HeadingWriter,
           lead: tuple[tuple[str, int], ...] = ()) -> None:
    """The table (with its caption, in a landscape section when it needs one); its body rows parsed into the
    document, or (`deferred` given) a marker row in their place and the rows' markup in `deferred` under the
    marker, to be spliced into the saved XML (`_splice`). `heading(text, level)` writes a heading (bookmarked for
    the contents); `lead`: the headings just before the table, (text, level), written after the section break a
    landscape table starts with."""
    widths, back = _place(doc, _measures([(c.title, c.numeric) for c in t.columns], [r.cells for r in t.rows]))
    for text, level in lead:
        heading(text, level)
    if t.caption:
        heading(t.caption, 3)
    table = doc.add_table(rows=1, cols=len(t.columns))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _set_widths(table, widths)
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
        _body_rows(doc, table, t, deferred)
    if back is not None:
        L.portrait_section(doc, back)


def _body_rows(doc: DocxDocument, table: DocxTable, t: Table, deferred: dict[str, str] | None) -> None:
    """The body rows: each row unsplittable, each cell as wide as its header cell, figure cells never wrapping."""
    head = table.rows[0]
    widths_el = [cell._tc.tcPr.find(qn("w:tcW")) if cell._tc.tcPr is not None else None for cell in head.cells]
    tc_pr = ["" if w is None else
             f'<w:tcPr><w:tcW w:type="{w.get(qn("w:type"))}" w:w="{w.get(qn("w:w"))}"/>'
             + ("<w:noWrap/>" if col.numeric else "") + "</w:tcPr>" for w, col in zip(widths_el, t.columns)]
    style_ids = {name: doc.styles[name].style_id for name in CELL_STYLES}
    rows = _rows_xml(t, tc_pr, style_ids)
    if deferred is not None:
        marker = f"sydnarke-rows-{len(deferred)}-{secrets.token_hex(8)}"
        deferred[marker] = rows
        rows = f"<w:tr><w:tc><w:p><w:r><w:t>{marker}</w:t></w:r></w:p></w:tc></w:tr>"
    table._tbl.extend(list(parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>")))


def _figure(text: str) -> str:
    """A figure cell's text with no-break spaces ('12 240 634', '≥ 80 %', '159 tkr'): it never wraps."""
    return text.replace(" ", "\u00a0")


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
        for p, text, col in zip(pre, r.cells, t.columns):
            text = _figure(text) if col.numeric else text.lstrip(VARAV_INDENT)
            if not text:
                cells.append(f"{p}<w:r/></w:p></w:tc>")
                continue
            sp = ""
            if (text[0].isspace() or text[-1].isspace()) and (clean := _text(text)) != clean.strip():
                sp = ' xml:space="preserve"'
            cells.append(f"{p}<w:r><w:t{sp}>{esc(text)}</w:t></w:r></w:p></w:tc>")
        out.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{''.join(cells)}</w:tr>")
    return clean_all("".join(out))


BAR_FONT = "Courier New"  # monospaced, and has the WGL4 blocks █ ▌ ▐ ▓ ░ the bars are drawn with
BAR_CELLS = 14  # characters on each side of a deviation bar's axis (half-character steps)
STRIP_CELLS = 15  # characters for 0–150 % fulfilment
BETTER, WORSE = RGBColor(0x2E, 0x7D, 0x32), RGBColor(0xC6, 0x28, 0x28)


def _put(cell: _Cell, style_id: str, text: str, right: bool = False, colour: RGBColor | None = None,
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


def _chart_table(doc: DocxDocument, titles: list[str], numeric: set[int]) -> DocxTable:
    table: DocxTable = doc.add_table(rows=1, cols=len(titles))
    table.style = doc.styles[TABLE_STYLE]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    _repeat_header(table.rows[0])
    head = doc.styles["Tabellrubrik"].style_id
    for i, (cell, title) in enumerate(zip(table.rows[0].cells, titles)):
        _put(cell, head, _text(title), right=i in numeric)
    return table


def add_chart(doc: DocxDocument, ch: Chart) -> None:
    """A chart as a table of text bars: what python-docx does well with no image library. Colour is
    never the only signal: a deviation's side and sign, a status's pattern (█ ▓ ░ ·) and word."""
    doc.add_paragraph(_text(ch.title), style=CHART_TITLE)
    text, num = doc.styles["Tabelltext"].style_id, doc.styles["Tabelltal"].style_id
    if ch.kind == "fulfilment":
        table = _chart_table(doc, ["Indikator", "Måluppfyllelse (0–150 %)", "Andel", "Status"], {2})
        target = scaled(100, FULFILMENT_CAP, STRIP_CELLS)
        for x in ch.fulfilment:
            drawn = 0 if x.pct is None else min(max(x.pct, 0), FULFILMENT_CAP)
            n = scaled(drawn, FULFILMENT_CAP, STRIP_CELLS)
            status = INDICATOR_STATUS[x.status]
            bar = status.glyph * n + ("" if n >= target else " " * (target - 1 - n) + "│")
            cells = table.add_row().cells
            _put(cells[0], text, _text(x.name))
            _put(cells[1], text, bar, colour=RGBColor.from_string(status.docx_rgb), font=BAR_FONT)
            _put(cells[2], num, format_pct(x.pct))
            _put(cells[3], text, status.label)
    else:
        table = _chart_table(doc, ["Rad", "◄ Sämre än budget", "Bättre än budget ►", f"Avvikelse ({ch.unit})"], {1, 3})
        max_abs = max((abs(d.deviation) for d in ch.deviation if d.deviation is not None), default=0)
        for d in ch.deviation:
            n = scaled(d.deviation or 0, max_abs, 2 * BAR_CELLS)
            full, half = divmod(abs(n), 2)
            cells = table.add_row().cells
            _put(cells[0], text, _text(d.label))
            _put(cells[1], text, ("▐" if half else "") + "█" * full if n < 0 else "", True, WORSE, BAR_FONT)
            _put(cells[2], text, "█" * full + ("▌" if half else "") if n > 0 else "", False, BETTER, BAR_FONT)
            _put(cells[3], num, "–" if d.deviation is None else format_amount(d.deviation, ch.unit))
    numeric = {2} if ch.kind == "fulfilment" else {3}
    texts = [[c.text for c in r.cells] for r in table.rows]
    widths = _widths(doc, _measures([(x, i in numeric) for i, x in enumerate(texts[0])], texts[1:]))
    if widths is not None:  # else the word processor's own widths (a chart never needs a landscape page)
        _set_widths(table, widths)
        for n, r in enumerate(table.rows):
            if n + 1 < len(table.rows):  # a chart is read whole: each row kept with the next, so it never splits
                for cell in r.cells:
                    cell.paragraphs[0].paragraph_format.keep_with_next = True
            if n == 0:
                continue
            r._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
            for cell, w in zip(r.cells, widths):
                cell.width = Pt(round(w, 1))
    if ch.note:
        doc.add_paragraph(_text(ch.note), style="Normal")


def _open(template: str | Path | None) -> DocxDocument:
    """A new document, or the municipality's template with its body emptied (its styles, page, header and
    footer stay)."""
    if not template:
        doc = Document()
        L.page_setup(doc.sections[0])
        return doc
    doc = L.open_template(template)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def _title_page(doc: DocxDocument, tp: TitlePage, contents: list[tuple[int, str, str]]) -> None:
    """Title, nämnd, date and the decision block; then the table of contents on a page of its own."""
    for _ in range(6):
        doc.add_paragraph(style="Normal")
    doc.add_paragraph(_text(tp.title), style="Title")
    if tp.organisation:
        doc.add_paragraph(_text(tp.organisation), style="Subtitle")
    doc.add_paragraph(_text(tp.date), style="Normal")
    if tp.decision:
        doc.add_paragraph(_text(tp.decision), style="Normal")
    doc.add_page_break()
    head = doc.add_paragraph(_text(G.CONTENTS), style="TOC Heading" if "TOC Heading" in doc.styles else "Normal")
    head.runs[0].bold = True
    for level, text, mark in contents:
        L.toc_entry(doc, level, _text(text), mark)
    L.update_fields_on_open(doc)
    doc.add_page_break()


def _contents(blocks: list[Block]) -> list[tuple[int, str, str]]:
    """(level, text, bookmark) of every heading the document will have: the chapters and the tables' captions."""
    out: list[tuple[int, str]] = []
    for b in blocks:
        if isinstance(b, Heading):
            out.append((min(b.level, 3), b.text))
        elif isinstance(b, Table) and b.caption:
            out.append((3, b.caption))
    return [(level, text, f"Rubrik{i + 1:04d}") for i, (level, text) in enumerate(out)]


def report_docx(c: Computed, unit: str = "tkr", template: str | Path | None = None,
                _deferred: dict[str, str] | None = None, options: ReportOptions | None = None) -> DocxDocument:
    """The report as a python-docx Document (from the template when given, so its styles and page apply)."""
    options = options or ReportOptions()
    template = template or options.template
    doc = _open(template)
    _ensure_styles(doc, own_layout=not template)
    y = c.year
    props = doc.core_properties
    blocks = report_document(c, unit=unit, options=options)
    tp = next(b for b in blocks if isinstance(b, TitlePage))
    props.title = _text(f"{tp.title} {y.organisation}".strip())
    props.author = _text(y.organisation or "sydnarke-tui")
    props.language = "sv-SE"
    footer = doc.sections[0].footer
    if not any(p.text.strip() for p in footer.paragraphs) and not footer.tables:
        L.page_footer(doc.sections[0])
    contents = _contents(blocks)
    marks = iter(contents)

    def heading(text: str, level: int) -> None:
        p = doc.add_heading(_text(text), level=level)
        _, _, mark = next(marks)
        L.bookmark(p, mark, int(mark[6:]))

    for i, b in enumerate(blocks):
        if isinstance(b, TitlePage):
            _title_page(doc, b, contents)
        elif isinstance(b, Heading):
            if not isinstance(blocks[i + 1] if i + 1 < len(blocks) else None, Table):
                heading(b.text, min(b.level, 3))  # else the table writes it, on its page (_table's lead)
        elif isinstance(b, Paragraph):
            p = doc.add_paragraph(_text(no_break(b.text)), style="Normal")
            if isinstance(blocks[i - 1], (Table, Chart)):
                p.paragraph_format.space_before = Pt(9)  # air between a table and the text under it
        elif isinstance(b, Bullets):
            for item in b.items:
                doc.add_paragraph(_text(no_break(item)), style="List Bullet")
        elif isinstance(b, Table):
            prev = blocks[i - 1]
            _table(doc, b, _deferred, heading, ((prev.text, min(prev.level, 3)),) if isinstance(prev, Heading) else ())
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


def report_docx_bytes(c: Computed, unit: str = "tkr", options: ReportOptions | None = None) -> bytes:
    """The .docx file; the large tables' rows are written as text into the saved package (python-docx
    would parse them into elements and serialise them again: most of the time on a large year)."""
    deferred: dict[str, str] = {}
    buf = io.BytesIO()
    report_docx(c, unit, _deferred=deferred, options=options).save(buf)
    return _splice(buf.getvalue(), deferred) if deferred else buf.getvalue()
