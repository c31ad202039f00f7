from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import Year
from sydnarke_tui.io.errors import FileFormatError
from sydnarke_tui.io.export_csv import report_csv, write_csv_dir, write_csv_table
from sydnarke_tui.io.export_xlsx import report_xlsx_bytes, write_xlsx
from sydnarke_tui.io.import_table import plan_table_import


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_dir_one_file_per_table(demo_computed, tmp_path):
    paths = write_csv_dir(demo_computed, tmp_path / "ut")
    assert [p.name for p in paths] == ["mal.csv", "drift.csv", "investeringar.csv", "fordelning.csv", "kontroll.csv"]
    for p in paths:
        raw = p.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
        assert b"\r\n" in raw
    split = _rows((tmp_path / "ut" / "fordelning.csv").read_text(encoding="utf-8-sig"))
    assert split[0][0] == "Kommun"
    assert split[1] == ["Askersund", "27,512", "43621", "8585670", "3179200", "841675", "4020875"]
    assert split[-1][:3] == ["Summa", "100", "158552"]
    drift = _rows((tmp_path / "ut" / "drift.csv").read_text(encoding="utf-8-sig"))
    assert drift[0] == ["Slagtext", "Typ", "Budget 2019 (kr)", "Utfall 2019 (kr)", "Avvikelse (kr)"]
    assert ["Nettoresultat", "summa", "0", "-158552", "158552"] in drift
    mal = _rows((tmp_path / "ut" / "mal.csv").read_text(encoding="utf-8-sig"))
    sick = next(r for r in mal if r[2] == "Sjukfrånvaro")
    assert sick[5] == "3,58" and sick[7] == "149" and sick[8] == "uppnådd"
    eq = next(r for r in mal if r[2].startswith("Miljödiplomering"))
    assert eq[3] == "'=" and eq[4] == "Ja"  # a lone "=" would be a formula in Excel
    checks = _rows((tmp_path / "ut" / "kontroll.csv").read_text(encoding="utf-8-sig"))
    assert len(checks) == 5 and all(r[0] == "fel" for r in checks[1:])


def test_csv_single_table(demo_computed, tmp_path):
    text = report_csv(demo_computed, "Investeringar")
    assert not text.startswith("\ufeff")
    rows = _rows(text)
    assert rows[-1][:3] == ["Totalt investerat", "", "summa"]
    assert rows[-1][3:] == ["8700000", "13595200", "-4895200"]
    assert report_csv(demo_computed, "mål") == report_csv(demo_computed, "mal")
    p = write_csv_table(demo_computed, "drift", tmp_path / "d.csv")
    assert p.read_bytes().startswith(b"\xef\xbb\xbf")
    with pytest.raises(FileFormatError, match="Okänd tabell 'budget'"):
        report_csv(demo_computed, "budget")


def test_csv_formula_injection_is_defused(demo_year):
    demo_year.operating[0].label = "=HYPERLINK(\"http://x\")"
    rows = _rows(report_csv(compute(demo_year, demo_year.full_year_period), "drift"))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\")"


def test_drift_csv_reimports_to_the_same_figures(demo_year, demo_computed, tmp_path):
    p = write_csv_table(demo_computed, "drift", tmp_path / "drift.csv")
    blank = demo_year
    for ln in blank.operating:
        ln.values.clear()
        ln.budget = None
    blank.printed.clear()
    plan = plan_table_import(blank, p, "helar")  # units come from the "(kr)" headers
    got = compute(plan.year, plan.year.full_year_period)
    assert [f for _, f in got.operating.lines] == [f for _, f in demo_computed.operating.lines]
    assert got.surplus == 158552
    assert len(plan.year.operating) == 8  # matched by name, none added


def test_xlsx_sheets_types_and_layout(demo_computed, tmp_path):
    path = write_xlsx(demo_computed, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Mål", "Drift", "Investeringar", "Fördelning", "Kontroll"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws["A1"].font.bold
        assert ws.column_dimensions["A"].width >= 8
    drift = wb["Drift"]
    rows = list(drift.iter_rows(values_only=True))
    assert rows[0][:3] == ("Slagtext", "Typ", "Budget 2019 (kr)")
    data = {r[0]: r for r in rows[1:]}
    assert data["Databehandling, licenser"][2:] == (5250000, 6966948, -1716948)
    assert all(type(v) is int for v in data["Nettoresultat"][2:])
    assert drift["C2"].number_format == "#,##0"
    net_row = next(i for i, r in enumerate(rows, start=1) if r[0] == "Nettoresultat")
    assert drift.cell(row=net_row, column=1).font.bold
    split = wb["Fördelning"]
    assert split["B2"].value == pytest.approx(27.512) and split["B2"].number_format == '0.000" %"'
    assert split["C2"].value == 43621 and type(split["C2"].value) is int
    mal = wb["Mål"]
    eq_row = next(r for r in mal.iter_rows() if str(r[2].value).startswith("Miljödiplomering"))
    assert eq_row[3].value == "=" and eq_row[3].data_type == "s"  # text, not a formula
    assert eq_row[7].value == 100 and eq_row[7].number_format == '0" %"'
    assert wb["Kontroll"].max_row == 5
    assert report_xlsx_bytes(demo_computed)[:2] == b"PK"


def test_xlsx_hostile_text_stays_text(hostile_year, tmp_path):
    path = write_xlsx(compute(hostile_year, hostile_year.full_year_period), tmp_path / "h.xlsx")
    ws = openpyxl.load_workbook(path)["Mål"]
    assert ws["C2"].value == "<script>alert('x')</script>"
    assert ws["A2"].value == "[red]x[/red] mål"


def test_indicator_values_are_numbers_in_xlsx(demo_computed, tmp_path):
    ws = openpyxl.load_workbook(write_xlsx(demo_computed, tmp_path / "r.xlsx"))["Mål"]
    sick = next(r for r in ws.iter_rows() if r[2].value == "Sjukfrånvaro")
    assert Decimal(str(sick[5].value)) == Decimal("3.58")
    assert isinstance(sick[4].value, int)


def test_xlsx_export_reimports(demo_year, demo_computed, tmp_path):
    path = write_xlsx(demo_computed, tmp_path / "r.xlsx")
    blank = Year(2019, key=demo_year.key)
    drift = plan_table_import(blank, path, "helar")  # finds the Drift sheet (Mål has no label column)
    inv = plan_table_import(blank, path, "helar", section="investments")
    y = drift.year
    y.investments = inv.year.investments
    y.printed["helar"].update(inv.year.printed["helar"])
    got = compute(y, y.full_year_period)
    assert got.surplus == 158552
    assert [(ln.label, ln.municipality, ln.parent_id is None) for ln in y.investments] == [
        (ln.label, ln.municipality, ln.parent_id is None) for ln in demo_year.investments]
    assert got.investments.total == demo_computed.investments.total
    assert got.investments.varav_totals["Sydnet 2.0"].outcome == 4_655_000


def _t1(year: Year) -> Year:
    """Four months' outcome on every line, a full-year forecast on two (issue 11.4)."""
    from sydnarke_tui.core.model import LineValue

    for ln in year.operating:
        ln.values["t1"] = LineValue((ln.budget or 0) // 3)
    year.operating[3].values["t1"].forecast = 2_000_000
    year.operating[4].values["t1"].forecast = 6_000_000
    return year


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_interim_tables_say_their_basis_and_reimport(demo_year, tmp_path, fmt):
    c = compute(_t1(demo_year), demo_year.period("t1"))
    note = "Helårsprognos: prognos på 2 rader, budget på övriga 6"
    if fmt == "csv":
        path = write_csv_table(c, "drift", tmp_path / "drift.csv")
        rows = _rows(path.read_text(encoding="utf-8-sig"))
        assert rows[-2:] == [[""] * len(rows[0]), [note] + [""] * (len(rows[0]) - 1)]
    else:
        path = write_xlsx(c, tmp_path / "r.xlsx")
        ws = openpyxl.load_workbook(path)["Drift"]
        assert ws.cell(ws.max_row, 1).value == note and ws.auto_filter.ref.endswith(str(ws.max_row - 2))
    blank = Year(2019, key=demo_year.key)
    plan = plan_table_import(blank, path, "t1")
    got = compute(plan.year, plan.year.period("t1"))
    assert [f for _, f in got.operating.lines] == [f for _, f in c.operating.lines]
    assert got.basis == c.basis and got.surplus == c.surplus == 580_000 - 750_000
