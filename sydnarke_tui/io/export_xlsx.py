"""The report as an Excel workbook: one sheet per table, written in openpyxl's write-only mode.

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
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..core.compute import Computed
from ..core.text import printable
from .export_csv import DANGEROUS_START
from .tables import DataTable, report_tables

FORMATS = {"kr": "#,##0", "pct": '0" %"', "share": '0.000" %"', "value": "General", "text": "@"}
_BOLD = Font(bold=True)


def clean_text(text: str) -> str:
    """Control characters as visible escapes (tab and newline kept: legal in a cell)."""
    return printable(text)


def _width(v, kind: str) -> int:
    if v is None:
        return 0
    if kind == "kr":
        return len(f"{int(v):,}") + 1
    return len(str(v))


def _cell(ws, v, kind: str, style: str, first: bool) -> WriteOnlyCell:
    if isinstance(v, str):
        raw = v
        v = clean_text(v)
    cell = WriteOnlyCell(ws, value=v)
    if isinstance(v, str):
        cell.data_type = "s"  # never a formula, even when it starts with "="
        if raw[:1] in DANGEROUS_START:
            cell.quotePrefix = True
    else:
        cell.number_format = FORMATS[kind]
    if kind != "text" or not isinstance(v, str):
        cell.alignment = Alignment(horizontal="right")
    if style == "total":
        cell.font = _BOLD
    if style == "varav" and first:
        cell.alignment = Alignment(indent=2)
    return cell


def _sheet(wb: Workbook, t: DataTable) -> None:
    ws = wb.create_sheet(clean_text(t.title)[:31])
    widths = [len(title) for title, _ in t.columns]
    for row, style in zip(t.rows, t.styles):
        for col, ((_, kind), v) in enumerate(zip(t.columns, row)):
            extra = 2 if style == "varav" and col == 0 else 0
            widths[col] = max(widths[col], _width(clean_text(v) if isinstance(v, str) else v, kind) + extra)
    for col, w in enumerate(widths, start=1):  # write-only: dimensions before the rows
        ws.column_dimensions[get_column_letter(col)].width = min(max(w + 2, 8), 80)
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(t.columns))}{max(1, len(t.rows) + 1)}"
    header = []
    for title, kind in t.columns:
        cell = WriteOnlyCell(ws, value=clean_text(title))
        cell.font = _BOLD
        cell.alignment = Alignment(horizontal="right" if kind != "text" else "left", wrap_text=False)
        header.append(cell)
    ws.append(header)
    for row, style in zip(t.rows, t.styles):
        ws.append([_cell(ws, v, kind, style, col == 0) for col, ((_, kind), v) in enumerate(zip(t.columns, row))])


def report_workbook(c: Computed) -> Workbook:
    """A write-only workbook (save it once)."""
    wb = Workbook(write_only=True)
    y = c.year
    wb.properties.title = clean_text(f"{y.organisation} {c.period.name} {y.year}".strip())
    wb.properties.creator = "sydnarke-tui"
    for t in report_tables(c):
        _sheet(wb, t)
    return wb


def report_xlsx_bytes(c: Computed) -> bytes:
    buf = io.BytesIO()
    report_workbook(c).save(buf)
    return buf.getvalue()


def write_xlsx(c: Computed, path: str | Path) -> Path:
    p = Path(path)
    p.write_bytes(report_xlsx_bytes(c))
    return p
