"""The report as an Excel workbook: one sheet per table.

Sheets Mål, Drift, Investeringar, Fördelning, Kontroll. Numbers are stored
as numbers: amounts as whole kronor (int, exact, ledger signs) with the
number format `#,##0` (Excel stores formats locale-independently; Swedish
Excel shows `31 207 000`, negatives with a minus); percentages as ints with
`0" %"`; key shares with `0.000" %"` (27,512 %); indicator values with
`General`. The header row is bold and frozen, total rows bold, varav rows
indented, columns sized to their content.
"""

from __future__ import annotations

from ..core.text import printable

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..core.compute import Computed
from .tables import report_tables

FORMATS = {"kr": "#,##0", "pct": '0" %"', "share": '0.000" %"', "value": "General", "text": "@"}


def _width(v, kind: str) -> int:
    if v is None:
        return 0
    if kind == "kr":
        return len(f"{int(v):,}") + 1
    return len(str(v))


def report_workbook(c: Computed) -> Workbook:
    wb = Workbook()
    wb.remove(wb.active)
    y = c.year
    wb.properties.title = f"{y.organisation} {c.period.name} {y.year}".strip()
    wb.properties.creator = "sydnarke-tui"
    bold = Font(bold=True)
    for t in report_tables(c):
        ws = wb.create_sheet(t.title)
        widths = [len(title) for title, _ in t.columns]
        for col, (title, kind) in enumerate(t.columns, start=1):
            cell = ws.cell(row=1, column=col, value=title)
            cell.font = bold
            cell.alignment = Alignment(horizontal="right" if kind != "text" else "left", wrap_text=False)
        for r, (row, style) in enumerate(zip(t.rows, t.styles), start=2):
            for col, ((_, kind), v) in enumerate(zip(t.columns, row), start=1):
                if isinstance(v, str):
                    v = printable(v)  # control characters are illegal in a worksheet
                cell = ws.cell(row=r, column=col, value=v)
                if isinstance(v, str):
                    cell.data_type = "s"  # never a formula, even when it starts with "="
                if kind != "text" or not isinstance(v, str):
                    if not isinstance(v, str):
                        cell.number_format = FORMATS[kind]
                    cell.alignment = Alignment(horizontal="right")
                if style == "total":
                    cell.font = bold
                if style == "varav" and col == 1:
                    cell.alignment = Alignment(indent=2)
                widths[col - 1] = max(widths[col - 1], _width(v, kind) + (2 if style == "varav" and col == 1 else 0))
        for col, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = min(max(w + 2, 8), 80)
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(t.columns))}{max(1, len(t.rows) + 1)}"
    return wb


def report_xlsx_bytes(c: Computed) -> bytes:
    buf = io.BytesIO()
    report_workbook(c).save(buf)
    return buf.getvalue()


def write_xlsx(c: Computed, path: str | Path) -> Path:
    p = Path(path)
    p.write_bytes(report_xlsx_bytes(c))
    return p
