"""The report as an Excel workbook: one sheet per table, the SpreadsheetML written directly.

Sheets Mål, Drift, Investeringar, Fördelning, Kontroll. Numbers are stored
as numbers: amounts as whole kronor (int, exact, ledger signs) with the
number format `#,##0` (Excel stores formats locale-independently; Swedish
Excel shows `31 207 000`, negatives with a minus); percentages as ints with
`0" %"`; key shares with `0.000" %"` (27,512 %); indicator values with
`General`. The header row is bold, frozen and repeated on printed pages,
total rows bold, varav rows indented, columns sized to their content.

Clean text: control characters never reach the XML (cells, sheet names,
document properties: shown as visible escapes); text cells are strings,
never formulas, and those starting with = + - @, a tab or CR are marked
quote-prefixed (Excel's own "text, not formula" flag) so a re-save as CSV
stays harmless. Numbers, negative ones too, stay numbers.

Why not openpyxl: its per-cell objects and style interning cost ~25 µs a
cell (3–4 s for the 10× large year); the handful of cell formats here are
interned once per workbook and each cell is one string. The package has the
same parts openpyxl's write-only mode writes (inline strings, shared cell
formats) and reads back with openpyxl and Excel alike.

Why not XlsxWriter: a full port, measured with bench/bench_reports.py, spent
~5 µs a cell inside the library (constant_memory or in_memory alike): the 10×
large year took 1,41 s end to end against 0,71 s here, over the 1 s target.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path

from ..core.compute import Computed
from ..core.text import printable
from ..core.text import xml_escape as _xml  # xml.sax.saxutils would import urllib (20 ms)
from .export_csv import DANGEROUS_START
from .tables import DataTable, report_tables

FORMATS = {"kr": "#,##0", "pct": '0" %"', "share": '0.000" %"', "value": "General", "text": "@"}
# numFmtId per kind: built-in ids where Excel has one (3 = #,##0, 0 = General), else custom (164+)
_NUMFMT_ID = {"kr": 3, "pct": 164, "share": 165, "value": 0, "text": 0}
_CUSTOM_NUMFMTS = ((164, FORMATS["pct"]), (165, FORMATS["share"]))

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def clean_text(text: str) -> str:
    """Control characters as visible escapes (tab and newline kept: legal in a cell)."""
    return printable(text)


def column_letter(n: int) -> str:
    """1 -> A, 27 -> AA."""
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


StyleKey = tuple[int, bool, str | None, int, bool]  # numFmtId, bold, horizontal, indent, quote


class _Styles:
    """The workbook's cell formats (cellXfs), interned: (numFmtId, bold, horizontal, indent, quote) -> index."""

    def __init__(self) -> None:
        self.keys: list[StyleKey] = [(0, False, None, 0, False)]
        self.index: dict[StyleKey, int] = {self.keys[0]: 0}

    def id(self, key: StyleKey) -> int:
        i = self.index.get(key)
        if i is None:
            i = self.index[key] = len(self.keys)
            self.keys.append(key)
        return i

    def xml(self) -> str:
        xfs = []
        for num, bold, horizontal, indent, quote in self.keys:
            attrs = f'numFmtId="{num}" fontId="{1 if bold else 0}" fillId="0" borderId="0" xfId="0"'
            attrs += ' applyNumberFormat="1"' if num else ""
            attrs += ' applyFont="1"' if bold else ""
            attrs += ' quotePrefix="1"' if quote else ""
            if horizontal or indent:
                al = (f' horizontal="{horizontal}"' if horizontal else "") + (f' indent="{indent}"' if indent else "")
                xfs.append(f'<xf {attrs} applyAlignment="1"><alignment{al}/></xf>')
            else:
                xfs.append(f"<xf {attrs}/>")
        numfmts = "".join(f'<numFmt numFmtId="{i}" formatCode="{_xml(code, attr=True)}"/>'
                          for i, code in _CUSTOM_NUMFMTS)
        font_end = '<sz val="11"/><name val="Calibri"/><family val="2"/><scheme val="minor"/></font>'
        return (f'{_XML}<styleSheet xmlns="{_NS}"><numFmts count="{len(_CUSTOM_NUMFMTS)}">{numfmts}</numFmts>'
                f'<fonts count="2"><font>{font_end}<font><b val="1"/>{font_end}'
                '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
                '<fill><patternFill patternType="gray125"/></fill></fills>'
                '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
                '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
                f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
                '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
                "</styleSheet>")


def _number_text(v: int | Decimal) -> str:
    if isinstance(v, Decimal):
        return format(v, "f")
    return str(int(v))


def _width(v: int | Decimal | None, kind: str) -> int:
    if v is None:
        return 0
    if kind == "kr":
        return len(f"{int(v):,}") + 1
    return len(str(v))


def _text_cell(ref: str, s: int, text: str) -> str:
    style = f' s="{s}"' if s else ""
    if not text:  # as openpyxl writes "": a text cell without a value
        return f'<c r="{ref}"{style} t="inlineStr"/>'
    sp = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{sp}>{_xml(text)}</t></is></c>'


def _cell_styles(styles: _Styles, kind: str, style: str, first: bool) -> tuple[int, int, int]:
    """(style for a text value, for a text value to quote-prefix, for a number or empty) of one column."""
    bold = style == "total"
    indent = 2 if style == "varav" and first else 0
    text_align = None if kind == "text" else "right"
    if indent:
        text_align = number_align = None
    else:
        number_align = "right"
    return (styles.id((0, bold, text_align, indent, False)), styles.id((0, bold, text_align, indent, True)),
            styles.id((_NUMFMT_ID[kind], bold, number_align, indent, False)))


def _sheet_rows(t: DataTable, styles: _Styles, letters: list[str], widths: list[int]) -> list[str]:
    """The <row> elements of the table's body (header excluded); widens `widths` to the content."""
    kinds = [kind for _, kind in t.columns]
    per_style: dict[str, list[tuple[int, int, int]]] = {}
    out = []
    for r, (row, style) in enumerate(zip(t.rows, t.styles), start=2):
        col_styles = per_style.get(style)
        if col_styles is None:
            col_styles = per_style[style] = [_cell_styles(styles, k, style, i == 0) for i, k in enumerate(kinds)]
        cells = []
        extra = 2 if style == "varav" else 0
        for col, v in enumerate(row):
            ref = f"{letters[col]}{r}"
            if isinstance(v, str):
                text = clean_text(v)
                s_text, s_quote, _ = col_styles[col]
                cells.append(_text_cell(ref, s_quote if v[:1] in DANGEROUS_START else s_text, text))
                w = len(text)
            else:
                s = col_styles[col][2]
                if v is None:
                    cells.append(f'<c r="{ref}" s="{s}"/>')
                else:
                    cells.append(f'<c r="{ref}" s="{s}" t="n"><v>{_number_text(v)}</v></c>')
                w = _width(v, kinds[col])
            w += extra if col == 0 else 0
            if w > widths[col]:
                widths[col] = w
        out.append(f'<row r="{r}">{"".join(cells)}</row>')
    return out


def _sheet_xml(t: DataTable, styles: _Styles) -> str:
    n = len(t.columns)
    letters = [column_letter(i) for i in range(1, n + 1)]
    widths = [len(title) for title, _ in t.columns]
    body = _sheet_rows(t, styles, letters, widths)
    last = len(t.rows) + 1
    for i, note in enumerate(t.notes):  # under the table after an empty row, outside the filter range
        r = last + 2 + i
        s = styles.id((0, False, None, 0, True)) if note[:1] in DANGEROUS_START else 0
        body.append(f'<row r="{r}">{_text_cell(f"A{r}", s, clean_text(note))}</row>')
    header = "".join(_text_cell(f"{letters[i]}1", styles.id((0, True, "left" if kind == "text" else "right", 0, False)),
                                clean_text(title)) for i, (title, kind) in enumerate(t.columns))
    cols = "".join(f'<col min="{i}" max="{i}" width="{min(max(w + 2, 8), 80)}" customWidth="1"/>'
                   for i, w in enumerate(widths, start=1))
    ref = f"A1:{letters[-1]}{max(1, len(t.rows) + 1)}"
    dim = f"A1:{letters[-1]}{last + 1 + len(t.notes)}" if t.notes else ref
    return (f'{_XML}<worksheet xmlns="{_NS}" xmlns:r="{_NS_R}">'
            '<sheetPr><outlinePr summaryBelow="1" summaryRight="1"/><pageSetUpPr/></sheetPr>'
            f'<dimension ref="{dim}"/>'
            '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
            'state="frozen"/><selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView></sheetViews>'
            f'<sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>{cols}</cols>'
            f'<sheetData><row r="1">{header}</row>{"".join(body)}</sheetData>'
            f'<autoFilter ref="{ref}"/>'
            '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')


def _workbook_xml(names: list[str], corners: list[tuple[str, int]]) -> str:
    """The workbook part; `corners` is each sheet's last (column letter, row) for the filter range."""
    sheets, defined = [], []
    for i, (name, (col, row)) in enumerate(zip(names, corners)):
        sheets.append(f'<sheet name="{_xml(name, attr=True)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>')
        quoted = _xml("'" + name.replace("'", "''") + "'")
        filt = f"{quoted}!$A$1:${col}${row}"
        defined.append(f'<definedName name="_xlnm._FilterDatabase" localSheetId="{i}" hidden="1">{filt}</definedName>')
        defined.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">{quoted}!$1:$1</definedName>')
    return (f'{_XML}<workbook xmlns="{_NS}" xmlns:r="{_NS_R}"><workbookPr/>'
            '<bookViews><workbookView activeTab="0"/></bookViews>'
            f'<sheets>{"".join(sheets)}</sheets><definedNames>{"".join(defined)}</definedNames>'
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


def _package_parts(n_sheets: int, title: str) -> dict[str, str]:
    """Content types, relationships and document properties of a workbook with `n_sheets` sheets."""
    ct = "application/vnd.openxmlformats-officedocument"
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                        f'ContentType="{ct}.spreadsheetml.worksheet+xml"/>' for i in range(1, n_sheets + 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_NS_R}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, n_sheets + 1))
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    dc = 'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
    return {
        "[Content_Types].xml": (
            f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.spreadsheetml.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{ct}.spreadsheetml.styles+xml"/>{overrides}'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            f'<Override PartName="/docProps/app.xml" ContentType="{ct}.extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            f'{_XML}<Relationships xmlns="{_NS_PKG}">'
            f'<Relationship Id="rId1" Type="{_NS_R}/officeDocument" Target="xl/workbook.xml"/>'
            f'<Relationship Id="rId2" Type="{_NS_PKG}/metadata/core-properties" Target="docProps/core.xml"/>'
            f'<Relationship Id="rId3" Type="{_NS_R}/extended-properties" Target="docProps/app.xml"/></Relationships>'),
        "docProps/core.xml": (
            f'{_XML}<cp:coreProperties '
            'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            f'{dc} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>sydnarke-tui</dc:creator>'
            f'<dc:title>{_xml(title)}</dc:title>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{now}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified></cp:coreProperties>'),
        "docProps/app.xml": (
            f'{_XML}<Properties xmlns="{_NS_R.rsplit("/", 1)[0]}/extended-properties">'
            "<Application>sydnarke-tui</Application></Properties>"),
        "xl/_rels/workbook.xml.rels": (
            f'{_XML}<Relationships xmlns="{_NS_PKG}">{rels}'
            f'<Relationship Id="rId{n_sheets + 1}" Type="{_NS_R}/styles" Target="styles.xml"/></Relationships>'),
    }


def report_xlsx_bytes(c: Computed) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    tables = report_tables(c)
    styles = _Styles()
    sheets = [_sheet_xml(t, styles) for t in tables]
    names = [clean_text(t.title)[:31] for t in tables]
    corners = [(column_letter(len(t.columns)), max(1, len(t.rows) + 1)) for t in tables]
    y = c.year
    parts = _package_parts(len(tables), clean_text(f"{y.organisation} {c.period.name} {y.year}".strip()))
    parts["xl/workbook.xml"] = _workbook_xml(names, corners)
    parts["xl/styles.xml"] = styles.xml()
    for i, xml in enumerate(sheets, start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    buf = io.BytesIO()
    # level 1: the sheets are large and repetitive; the default level costs ~3x the time for a few % of size
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in parts.items():
            z.writestr(name, text.encode("utf-8"))
    return buf.getvalue()


def write_xlsx(c: Computed, path: str | Path) -> Path:
    p = Path(path)
    p.write_bytes(report_xlsx_bytes(c))
    return p
