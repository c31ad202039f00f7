"""The direct xlsx writer gives the same workbook as the openpyxl writer it replaced (tests/io/xlsx_reference.py):
every cell's value, type, number format, boldness, alignment and quote prefix, the column widths, the
frozen header, the print titles and filter ranges, on the demo year, a hostile one and a generated mid-size year
with verksamheter, forecasts, previous-year figures and varav rows."""

from __future__ import annotations

import io

import openpyxl
import pytest

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import InvestmentLine, Kind, LineValue, OperatingLine
from sydnarke_tui.io.export_xlsx import report_xlsx_bytes

from .xlsx_reference import reference_xlsx_bytes

LABELS = ["Konto {n}", "=SUMMA(A1) {n}", "-minus {n}", "+plus {n}", "@at {n}", "\ttab {n}", " blank först {n}",
          "styr\x1b[31m {n}", "å<ä>&ö \"{n}\"", "radbrytning\n{n}"]


def _mid_year(demo_year, n_operating: int = 400, n_investments: int = 100):
    """The demo year grown by `n_operating` operating and ~1,2 x `n_investments` investment lines (with varav
    rows), with every optional column in use."""
    y = demo_year
    next_id = max(ln.id for ln in y.operating) + 1
    sections = ["IT-drift", "Support", None, "Licenser"]
    for i, ln in enumerate(y.operating):
        ln.section = sections[i % 4]
    for n in range(n_operating):
        budget = 10_000 + (n * 7919) % 900_000
        kind = Kind.REVENUE if n % 9 == 0 else Kind.COST
        sign = -1 if kind is Kind.REVENUE else 1
        y.operating.append(OperatingLine(
            next_id + n, LABELS[n % len(LABELS)].format(n=n), kind, sign * budget,
            {"helar": LineValue(sign * (budget + (n * 104729) % 50_000 - 25_000)),
             "delar": LineValue(sign * budget // 2, forecast=sign * (budget + n))},
            previous_outcome=None if n % 5 == 0 else sign * (budget - 1000), section=sections[n % 4]))
    inv_id = max(ln.id for ln in y.investments) + 1
    members = [s.municipality for s in y.key.members]
    for n in range(n_investments):
        main = InvestmentLine(inv_id, LABELS[n % len(LABELS)].format(n=n), members[n % len(members)] if n % 4 else None,
                              100_000 + n * 37, {"helar": LineValue(90_000 + n * 41),
                                                 "delar": LineValue(40_000, forecast=95_000 + n)},
                              previous_outcome=50_000 + n if n % 3 else None)
        y.investments.append(main)
        inv_id += 1
        if n % 5 == 0:
            y.investments.append(InvestmentLine(inv_id, f"varav del {n}", main.municipality,
                                                values={"helar": LineValue(10_000 + n)}, parent_id=main.id))
            inv_id += 1
    return y


def _cells(data: bytes) -> dict:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    out = {"sheets": wb.sheetnames, "title": wb.properties.title, "creator": wb.properties.creator}
    for ws in wb.worksheets:
        out[ws.title] = {
            "freeze": ws.freeze_panes, "print_titles": ws.print_title_rows, "filter": ws.auto_filter.ref,
            "widths": {k: d.width for k, d in ws.column_dimensions.items()},
            "cells": [[(c.value, c.data_type, c.number_format, bool(c.font.bold), c.alignment.horizontal,
                        c.alignment.indent, bool(c.quotePrefix)) for c in row] for row in ws.iter_rows()],
        }
    return out


@pytest.mark.parametrize("case", ["demo", "hostile", "mid-helar", "mid-delar"])
def test_xlsx_same_workbook_as_the_openpyxl_writer(case, request):
    # hostile_year edits the demo_year fixture in place: ask for one of them only
    y = request.getfixturevalue("hostile_year" if case == "hostile" else "demo_year")
    if case.startswith("mid"):
        y = _mid_year(y)
    c = compute(y, y.find_period(case.split("-")[1]) if case.startswith("mid") else y.full_year_period)
    got, want = _cells(report_xlsx_bytes(c)), _cells(reference_xlsx_bytes(c))
    assert got.keys() == want.keys()
    for key in want:
        assert got[key] == want[key], key


def test_mid_year_has_every_optional_column(demo_year):
    """The generated year exercises what it claims to: verksamheter, forecasts, previous year, varav rows."""
    y = _mid_year(demo_year)
    ws = openpyxl.load_workbook(io.BytesIO(report_xlsx_bytes(compute(y, y.find_period("delar")))))
    drift = [c.value for c in ws["Drift"][1]]
    assert drift[0] == "Verksamhet" and "Prognos helår (kr)" in drift and any("Utfall 20" in str(v) for v in drift)
    assert any(r[2].value == "varav" for r in ws["Investeringar"].iter_rows())
    assert ws["Drift"].max_row > 400
