from __future__ import annotations

import copy
from decimal import Decimal

import openpyxl
import pytest

from sydnarke_tui.core.checks import check
from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import Kind, PrintedValue, Year
from sydnarke_tui.io.errors import FileFormatError
from sydnarke_tui.io.import_table import plan_table_import, sniff_delimiter
from sydnarke_tui.io.toml_io import dump_year_toml

# The printed 2019 operating table, in the costs-negative convention
# (revenues positive, costs negative, deviation = outcome - budget), with a
# title row above the header and last year's outcome column.
PRINTED_COSTS_NEGATIVE = """\
DRIFTREDOVISNING;;;;
SLAGTEXT;BUDGET 2019;UTFALL 2019;AVVIKELSE;UTFALL 2018
ÖVRIGA AVG O. ERSÄTTNIN;0;245;245;100
DRIFTBIDRAG FR KOMMUNER;31 207;31 207;0;30 500
TOTALT INTÄKTER;31 207;31 452;245;30 600
PERSONALKOSTNADER;-11 799;-10 382;1 417;-11 000
UTRUSTNING OCH DATAKOMMUNIKATION;-2 580;-1 599;784;
DATABEHANDLING, LICENSER;-5 250;-6 967;\u22121 717;
TJÄNSTER;-950;-2 457;-1 507;
RESOR, KURSER, TELE, HYRA;-892;-862;30;
KAPITALKOSTNADER;-9 736;-9 027;709;
TOTALT KOSTNADER;-31 207;-31 293;-86;
NETTORESULTAT;0;159;159;
"""

PRINTED_DEVIATIONS = [245, 0, 1417, 784, -1717, -1507, 30, 709]


def _write(tmp_path, name, text, encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def _empty_year():
    return Year(2019, "Test")


def test_costs_negative_printed_table_keeps_printed_deviations(tmp_path):
    p = _write(tmp_path, "drift.csv", PRINTED_COSTS_NEGATIVE)
    plan = plan_table_import(_empty_year(), p, "helar", signs="costs-negative")
    y = plan.year
    assert [ln.kind for ln in y.operating] == [Kind.REVENUE] * 2 + [Kind.COST] * 6
    assert [ln.id for ln in y.operating] == list(range(1, 9))
    pers = y.operating[2]
    assert pers.label == "PERSONALKOSTNADER"
    assert pers.budget == 11_799_000 and pers.values["helar"].outcome == 10_382_000  # ledger signs
    assert y.operating[1].budget == -31_207_000
    assert pers.previous_outcome == 11_000_000 and y.operating[0].previous_outcome == -100_000
    printed = y.printed["helar"]
    assert [printed[f"operating/line/{i}/deviation"].value for i in range(1, 9)] == PRINTED_DEVIATIONS
    assert printed["operating/total/net/outcome"] == PrintedValue(Decimal(-159), "tkr")
    assert printed["operating/total/cost/budget"] == PrintedValue(Decimal(31207), "tkr")
    assert printed["operating/total/revenue/deviation"] == PrintedValue(Decimal(245), "tkr")
    c = compute(y, y.full_year_period)
    computed_tkr = [f.deviation // 1000 for _, f in c.operating.lines]
    assert computed_tkr == [245, 0, 1417, 981, -1717, -1507, 30, 709]  # only utrustning differs from print
    errors = [f for f in check(c) if f.path == "operating/line/4/deviation"]
    assert errors and errors[0].message == "Tryckt 784 tkr men beräknat 981 tkr."
    assert any("Ny rad: Driftredovisning › TJÄNSTER (kostnad)" == ch for ch in plan.changes)
    assert not plan.warnings


def test_costs_negative_into_demo_matches_by_name(demo_year, tmp_path):
    labels = [ln.label for ln in demo_year.operating]
    body = PRINTED_COSTS_NEGATIVE.splitlines()
    rows = [ln for ln in body[2:] if not ln.startswith(("TOTALT", "NETTO"))]
    text = "Slagtext;Budget 2019;Utfall 2019;Avvikelse\n" + "\n".join(
        f"  {lab.upper()}  ;" + ";".join(r.split(";")[1:4]) for lab, r in zip(labels, rows))
    before = dump_year_toml(demo_year)
    plan = plan_table_import(demo_year, _write(tmp_path, "d.csv", text), "helar", signs="costs-negative")
    assert dump_year_toml(demo_year) == before  # the input year is untouched
    assert len(plan.year.operating) == 8  # all matched, case- and space-insensitive
    # the exact stored kronor round to the printed tkr: kept, and said so
    assert plan.year.operating[2].values["helar"].outcome == 10_381_700
    assert any("10 381 700" in w and "behålls" in w for w in plan.warnings)
    assert plan.year.operating[2].values["helar"].comment.startswith("Vakanserna")  # kept
    assert not any("Personalkostnader › utfall" in ch for ch in plan.changes)
    printed = plan.year.printed["helar"]
    assert [printed[f"operating/line/{i}/deviation"].value for i in range(1, 9)] == PRINTED_DEVIATIONS


def test_ledger_table_with_kind_inferred_and_english_headers(tmp_path):
    text = "Line,Budget,Outcome,Forecast,Deviation\nFees,0,-245,-300,300\nStaff,\"11 799\",\"10 381,7\",,1417\nTotal,,,,\n"
    plan = plan_table_import(_empty_year(), _write(tmp_path, "e.csv", text), "delar")
    fees, staff = plan.year.operating
    assert fees.kind is Kind.REVENUE and staff.kind is Kind.COST
    assert fees.values["delar"].forecast == -300_000
    assert staff.values["delar"].outcome == 10_381_700
    assert staff.values["delar"].forecast is None


def test_kind_and_section_columns_and_units(tmp_path):
    text = ("Avsnitt\tRad\tTyp\tKommun\tBudget (kr)\tUtfall (kr)\n"
            "drift\tAvgifter\tintäkt\t\t0\t0\n"
            "drift\tLöner\tkostnad\t\t100\t90\n"
            "investeringar\tDatorer\t\tLaxå\t500\t700\n"
            "investeringar\tvarav skärmar\t\t\t\t200\n"
            "investeringar\tNätet\t\tGemensamt\t1000\t1100\n"
            "investeringar\tTotalt\t\t\t1500\t1800\n")
    assert sniff_delimiter(text) == "\t"
    plan = plan_table_import(_empty_year(), _write(tmp_path, "t.tsv", text), "helar")
    y = plan.year
    assert [ln.label for ln in y.operating] == ["Avgifter", "Löner"]
    assert y.operating[0].kind is Kind.REVENUE  # from the Typ column, though all zero
    assert y.operating[1].budget == 100  # "(kr)" in the header wins over the tkr default
    labels = [(ln.label, ln.municipality, ln.parent_id) for ln in y.investments]
    assert labels == [("Datorer", "Laxå", None), ("skärmar", "Laxå", 1), ("Nätet", None, None)]
    c = compute(y, y.full_year_period)
    assert c.investments.total.outcome == 1800  # varav not added
    assert y.printed["helar"]["investments/total/outcome"] == PrintedValue(Decimal(1800), "kr")


def test_investments_auto_detected_from_title(tmp_path, demo_year):
    text = ("INVESTERINGSREDOVISNING\n"
            "PROJEKT;BUDGET 2019;UTFALL 2019;AVVIKELSE\n"
            "IT invest Lekeberg;1 500;3 901;-2 401\n"
            "varav Sydnet 2.0;;1 301;\n"
            "IT-invest. gemensamt;3 000;3 059;-59\n"
            "TOTALT INVESTERAT 2018;8 700;13 595;-5 936\n")
    plan = plan_table_import(demo_year, _write(tmp_path, "inv.csv", text), "helar")
    y = plan.year
    assert len(y.investments) == len(demo_year.investments)  # everything matched
    assert y.investments[0].values["helar"].outcome == 3_901_400  # exact value kept: rounds to 3 901
    assert y.printed["helar"]["investments/total/deviation"] == PrintedValue(Decimal(-5936), "tkr")
    assert y.printed["helar"]["investments/line/1/deviation"] == PrintedValue(Decimal(-2401), "tkr")


def test_cp1252_and_bom_and_comma_decimals(tmp_path):
    text = "Slagtext;Budget;Utfall\nLöner;1 417,5;\u2013 1 717\n"  # cp1252 has the en dash, not U+2212
    y1 = plan_table_import(_empty_year(), _write(tmp_path, "a.csv", text, "cp1252"), "helar").year
    utf = text.replace("\u2013 ", "\u2212")
    y2 = plan_table_import(_empty_year(), _write(tmp_path, "b.csv", "\ufeff" + utf, "utf-8"), "helar").year
    assert y1.operating[0].label == y2.operating[0].label == "Löner"
    assert y1.operating[0].budget == 1_417_500 and y1.operating[0].values["helar"].outcome == -1_717_000


def test_new_lines_get_ids_above_max(demo_year, tmp_path):
    demo_year.operating[3].id = 40
    plan = plan_table_import(demo_year, _write(tmp_path, "n.csv", "Rad;Budget\nNy rad;5\n"), "helar")
    assert plan.year.operating[-1].id == 41 and plan.year.operating[-1].budget == 5000


def test_xlsx_import_with_title_row(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Drift"
    ws.append(["Driftredovisning 2019"])
    ws.append(["Slagtext", "Budget 2019", "Utfall 2019", "Utfall 2018", "Kommentar"])
    ws.append(["Avgifter", 0, -245, -100, "x"])
    ws.append(["Löner", 11799, 10381.7, None, None])
    ws.append(["Nettoresultat", 11799, "10 136,7", None, None])
    p = tmp_path / "d.xlsx"
    wb.save(p)
    plan = plan_table_import(_empty_year(), p, "helar")
    a, b = plan.year.operating
    assert a.kind is Kind.REVENUE and a.values["helar"].outcome == -245_000 and a.previous_outcome == -100_000
    assert b.values["helar"].outcome == 10_381_700
    assert plan.year.printed["helar"]["operating/total/net/outcome"].value == Decimal("10136.7")
    assert any("Kommentar" in w for w in plan.warnings)


# ------------------------------------------------------------ bad files


@pytest.mark.parametrize("content", ["", "   \n\n", "\ufeff"])
def test_empty_file(tmp_path, content):
    with pytest.raises(FileFormatError, match=r"^tom\.csv: filen är tom"):
        plan_table_import(_empty_year(), _write(tmp_path, "tom.csv", content), "helar")


def test_wrong_header(tmp_path):
    with pytest.raises(FileFormatError, match="hittar ingen rubrikrad: väntade kolumner som Slagtext"):
        plan_table_import(_empty_year(), _write(tmp_path, "x.csv", "Namn;Ålder\nAnna;3\n"), "helar")


def test_non_number_names_line_and_column(tmp_path, demo_year):
    text = "Titel\nSlagtext;Budget;Utfall\nLöner;100;90\nResor;tio;5\n"
    before = dump_year_toml(demo_year)
    with pytest.raises(FileFormatError) as e:
        plan_table_import(demo_year, _write(tmp_path, "x.csv", text), "helar")
    msg = str(e.value)
    assert msg.startswith("x.csv, rad 4: kolumnen 'Budget': 'tio' är inte ett belopp")
    assert "\n" not in msg
    assert dump_year_toml(demo_year) == before


def test_xlsx_non_number_names_row(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["Rad", "Budget"])
    wb.active.append(["Löner", "ett"])
    p = tmp_path / "x.xlsx"
    wb.save(p)
    with pytest.raises(FileFormatError, match=r"x\.xlsx \[Sheet\], rad 2: kolumnen 'Budget'"):
        plan_table_import(_empty_year(), p, "helar")


def test_other_bad_inputs(tmp_path):
    ok = _write(tmp_path, "ok.csv", "Rad;Budget\nLöner;1\n")
    with pytest.raises(FileFormatError, match="okänd enhet"):
        plan_table_import(_empty_year(), ok, "helar", unit="mkr!")
    with pytest.raises(FileFormatError, match="okänd teckenkonvention"):
        plan_table_import(_empty_year(), ok, "helar", signs="x")
    with pytest.raises(FileFormatError, match="okänd period 'q3'"):
        plan_table_import(_empty_year(), ok, "q3")
    dup = _write(tmp_path, "dup.csv", "Rad;Budget\nLöner;1\nlöner ;2\n")
    with pytest.raises(FileFormatError, match=r"rad 3: raden 'löner' finns redan på rad 2"):
        plan_table_import(_empty_year(), dup, "helar")
    kind = _write(tmp_path, "k.csv", "Rad;Typ;Budget\nLöner;lön;1\n")
    with pytest.raises(FileFormatError, match=r"rad 2: kolumnen 'Typ': 'lön' är ingen typ"):
        plan_table_import(_empty_year(), kind, "helar")
    nolabel = _write(tmp_path, "nl.csv", "Rad;Budget\n;5\n")
    with pytest.raises(FileFormatError, match=r"rad 2: raden har belopp men ingen benämning"):
        plan_table_import(_empty_year(), nolabel, "helar")
    varav = _write(tmp_path, "v.csv", "Projekt;Budget;Utfall\nvarav x;;5\n")
    with pytest.raises(FileFormatError, match="står inte under någon investeringsrad"):
        plan_table_import(_empty_year(), varav, "helar", section="investments")
    with pytest.raises(FileFormatError, match="kan inte läsas som Excel-fil"):
        plan_table_import(_empty_year(), _write(tmp_path, "trasig.xlsx", "inte en zip"), "helar")
    with pytest.raises(FileFormatError, match="kan inte läsa filen"):
        plan_table_import(_empty_year(), tmp_path / "saknas.csv", "helar")


def test_plan_does_not_touch_input(demo_year, tmp_path):
    snapshot = copy.deepcopy(demo_year)
    plan_table_import(demo_year, _write(tmp_path, "d.csv", PRINTED_COSTS_NEGATIVE), "helar", signs="costs-negative")
    assert demo_year == snapshot


def test_columns_for_another_year(tmp_path):
    p = _write(tmp_path, "x.csv", "Slagtext;Budget 2020;Utfall 2020\nLöner;1;2\n")
    with pytest.raises(FileFormatError, match="kolumnerna gäller år 2020, men importen gäller 2019"):
        plan_table_import(_empty_year(), p, "helar")


def test_a_blank_label_header_is_read(tmp_path):
    """Printed statements often leave the header cell of the label column empty (issue 18)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Driftredovisning 2019"])
    ws.append([None, "Budget 2019", "Utfall 2019", "Avvikelse"])
    ws.append(["Avgifter", 0, -245, 245])
    ws.append(["Löner", 11799, 10381.7, 1417.3])
    p = tmp_path / "d.xlsx"
    wb.save(p)
    plan = plan_table_import(_empty_year(), p, "helar")
    a, b = plan.year.operating
    assert (a.label, a.values["helar"].outcome) == ("Avgifter", -245_000)
    assert (b.label, b.budget) == ("Löner", 11_799_000)
    assert any("kolumn 1 på rubrikraden (rad 2) saknar rubrik" in w for w in plan.warnings)
    csv_ = _write(tmp_path, "d.csv", ";;Budget;Utfall\n1;Avgifter;0;-245\n2;Löner;11 799;10 381,7\n")
    c, d = plan_table_import(_empty_year(), csv_, "helar").year.operating  # the number column is not it
    assert (c.label, d.label) == ("Avgifter", "Löner")
    with pytest.raises(FileFormatError, match="hittar ingen rubrikrad"):  # no text column: still refused
        plan_table_import(_empty_year(), _write(tmp_path, "e.csv", ";Budget;Utfall\n1;0;-245\n"), "helar")


def test_a_bom_before_a_windows_1252_body(tmp_path):
    p = tmp_path / "d.csv"
    p.write_bytes(b"\xef\xbb\xbfSlagtext;Budget;Utfall\nL\xf6ner;100;90\n")
    (line,) = plan_table_import(_empty_year(), p, "helar").year.operating
    assert line.label == "Löner" and line.budget == 100_000
