"""The xlsx writer as it was on openpyxl (write-only cells styled one by one), kept as the reference
the direct writer (`sydnarke_tui.io.export_xlsx`) is compared against. Test code only: too slow to ship."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sydnarke_tui.core.compute import Computed
from sydnarke_tui.io.export_csv import DANGEROUS_START
from sydnarke_tui.io.export_xlsx import FORMATS, clean_text
from sydnarke_tui.io.tables import DataTable, report_tables

_BOLD = Font(bold=True)


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
        cell.data_type = "s"
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
    for col, w in enumerate(widths, start=1):
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
    if t.notes:
        ws.append([])
    for note in t.notes:
        cell = WriteOnlyCell(ws, value=clean_text(note))
        cell.data_type = "s"
        cell.quotePrefix = note[:1] in DANGEROUS_START
        ws.append([cell])


def reference_xlsx_bytes(c: Computed) -> bytes:
    wb = Workbook(write_only=True)
    y = c.year
    wb.properties.title = clean_text(f"{y.organisation} {c.period.name} {y.year}".strip())
    wb.properties.creator = "sydnarke-tui"
    for t in report_tables(c):
        _sheet(wb, t)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
