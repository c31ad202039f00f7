"""The report as an Excel workbook, written with XlsxWriter: one sheet per table.

Sheets Mål, Drift, Investeringar, Fördelning, Kontroll. Numbers are stored
as numbers: amounts as whole kronor (int, exact, ledger signs) with the
number format `#,##0` (Excel stores formats locale-independently; Swedish
Excel shows `31 207 000`, negatives with a minus); percentages as ints with
`0" %"`; key shares with `0.000" %"` (27,512 %); indicator values with
`General`. The header row is bold, frozen and repeated on printed pages,
total rows bold, varav rows indented, columns sized to their content.

Clean text: control characters never reach the XML (cells, sheet names,
document properties: shown as visible escapes); text cells are written with
`write_string`, never as formulas, and those starting with = + - @, a tab or
CR are marked quote-prefixed (Excel's own "text, not formula" flag) so a
re-save as CSV stays harmless. Numbers, negative ones too, stay numbers.

Why XlsxWriter, not openpyxl: openpyxl's per-cell objects and style
interning cost ~25 µs a cell (3–4 s for the 10× large year). XlsxWriter in
constant_memory mode streams each row out as it is finished and shares the
handful of formats here, created once per workbook.
"""

from __future__ import annotations

import io
from pathlib import Path

import xlsxwriter

from ..core.compute import Computed
from ..core.text import printable
from .export_csv import DANGEROUS_START
from .tables import DataTable, report_tables

FORMATS = {"kr": "#,##0", "pct": '0" %"', "share": '0.000" %"', "value": "General", "text": "@"}
# Excel's default font (Calibri 11) has a 7 px widest digit: a width of N characters is 7N px
_DIGIT_PX = 7


def clean_text(text: str) -> str:
    """Control characters as visible escapes (tab and newline kept: legal in a cell)."""
    return printable(text)


class _Formats:
    """The workbook's cell formats, each created once: (number format, bold, horizontal, indent, quote)."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self.made: dict[tuple, object] = {}

    def get(self, num: str, bold: bool, horizontal: str | None, indent: int, quote: bool):
        key = (num, bold, horizontal, indent, quote)
        f = self.made.get(key)
        if f is None:
            props: dict = {"bold": bold, "quote_prefix": quote}
            if num != "General":
                props["num_format"] = num
            if horizontal:
                props["align"] = horizontal
            if indent:
                # ECMA-376 18.8.1: indent only applies to left, right or distributed;
                # XlsxWriter makes an indent without alignment "left", as Excel does
                props["indent"] = indent
            f = self.made[key] = self.wb.add_format(props)
        return f

    def column(self, kind: str, style: str, first: bool) -> tuple:
        """(format for a text value, for a text value to quote-prefix, for a number or empty) of one column."""
        bold = style == "total"
        indent = 2 if style == "varav" and first else 0
        text_align = None if kind == "text" else "right"
        number_align = "right"
        if indent:
            text_align = number_align = None
        return (self.get("General", bold, text_align, indent, False), self.get("General", bold, text_align, indent, True),
                self.get(FORMATS[kind], bold, number_align, indent, False))


def _width(v, kind: str) -> int:
    if v is None:
        return 0
    if kind == "kr":
        return len(f"{int(v):,}") + 1
    return len(str(v))


def _write_body(ws, t: DataTable, formats: _Formats, widths: list[int]) -> None:
    """The table's rows from row 2 on; widens `widths` to the content."""
    kinds = [kind for _, kind in t.columns]
    per_style: dict[str, list[tuple]] = {}
    write_string, write_number, write_blank = ws.write_string, ws.write_number, ws.write_blank
    for r, (row, style) in enumerate(zip(t.rows, t.styles), start=1):
        col_formats = per_style.get(style)
        if col_formats is None:
            col_formats = per_style[style] = [formats.column(k, style, i == 0) for i, k in enumerate(kinds)]
        extra = 2 if style == "varav" else 0
        for col, v in enumerate(row):
            if isinstance(v, str):
                text = clean_text(v)
                f_text, f_quote, _ = col_formats[col]
                if text:
                    write_string(r, col, text, f_quote if v[:1] in DANGEROUS_START else f_text)
                else:  # an empty cell, as openpyxl wrote "", not a zero-length string
                    write_blank(r, col, None, f_text)
                w = len(text)
            else:
                if v is None:
                    write_blank(r, col, None, col_formats[col][2])
                else:
                    write_number(r, col, v, col_formats[col][2])
                w = _width(v, kinds[col])
            if col == 0:
                w += extra
            if w > widths[col]:
                widths[col] = w


def _write_sheet(wb: xlsxwriter.Workbook, t: DataTable, formats: _Formats) -> None:
    ws = wb.add_worksheet(clean_text(t.title)[:31])
    for col, (title, kind) in enumerate(t.columns):
        ws.write_string(0, col, clean_text(title), formats.get("General", True, "left" if kind == "text" else "right",
                                                               0, False))
    widths = [len(title) for title, _ in t.columns]
    _write_body(ws, t, formats, widths)
    for col, w in enumerate(widths):
        ws.set_column_pixels(col, col, _DIGIT_PX * min(max(w + 2, 8), 80))
    ws.freeze_panes(1, 0)
    ws.repeat_rows(0)
    ws.autofilter(0, 0, max(1, len(t.rows) + 1) - 1, len(t.columns) - 1)


def report_xlsx_bytes(c: Computed) -> bytes:
    """The workbook as the bytes of an .xlsx file."""
    buf = io.BytesIO()
    # constant_memory: each row goes out as soon as the next one starts (rows are written in order)
    wb = xlsxwriter.Workbook(buf, {"constant_memory": True})
    y = c.year
    wb.set_properties({"title": clean_text(f"{y.organisation} {c.period.name} {y.year}".strip()),
                       "author": "sydnarke-tui"})
    formats = _Formats(wb)
    for t in report_tables(c):
        _write_sheet(wb, t, formats)
    wb.close()
    return buf.getvalue()


def write_xlsx(c: Computed, path: str | Path) -> Path:
    p = Path(path)
    p.write_bytes(report_xlsx_bytes(c))
    return p
