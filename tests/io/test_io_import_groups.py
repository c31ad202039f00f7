"""Operating statements grouped by verksamhet, and close line names (issue 9 item 2)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sydnarke_tui.core.compute import section_path
from sydnarke_tui.core.model import Kind, PrintedValue, Year
from sydnarke_tui.io.errors import FileFormatError
from sydnarke_tui.io.import_table import plan_table_import
from sydnarke_tui.io.imports import plan_import

GROUPS = {  # verksamhet -> [(line, 2017, 2018, budget 2019, outcome 2019)] in tkr, revenues +, costs -
    "Politisk verksamhet": [("Intäkter", 10, 12, 15, 14), ("Personalkostnader", -1200, -1250, -1300, -1280),
                            ("Övriga kostnader", -300, -310, -320, -335)],
    "Gator & vägar": [("Intäkter", 2100, 2200, 2300, 2411), ("Personalkostnader", -4000, -4100, -4200, -4188),
                      ("Övriga kostnader", -9000, -9100, -9200, -9630)],
    "IT-drift": [("Intäkter", 31000, 31100, 31207, 31452), ("Personalkostnader", -10000, -10100, -11799, -10382),
                 ("Övriga kostnader", -19000, -19100, -19408, -20911)],
}


def _n(v: int) -> str:
    s = f"{abs(v):,}".replace(",", " ")
    return ("-" if v < 0 else "") + s


def _sum(rows, i):
    return sum(r[i] for r in rows)


def grouped_csv(column: bool) -> str:
    """The statement as printed: a section column, or heading rows; a subtotal per verksamhet."""
    out = ["Driftredovisning per verksamhet, tkr", ""]
    head = "Utfall 2017;Utfall 2018;Budget 2019;Utfall 2019;Avvikelse"
    out.append(("Verksamhet;Slagtext;" if column else "Slagtext;") + head)
    for g, rows in GROUPS.items():
        if not column:
            out.append(f"{g};;;;;")
        for label, a, b, bud, utf in rows + [(f"Summa {g}", *(_sum(rows, i) for i in range(1, 5)))]:
            cells = [label, _n(a), _n(b), _n(bud), _n(utf), _n(utf - bud)]
            out.append(";".join(([g] if column else []) + cells))
    every = [r for rows in GROUPS.values() for r in rows]
    tot = [_sum(every, i) for i in range(1, 5)]
    out.append(";".join(([""] if column else []) + ["Nettoresultat", *map(_n, tot), _n(tot[3] - tot[2])]))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("column", [True, False], ids=["section-column", "heading-rows"])
def test_grouped_statement_imports(tmp_path, column):
    p = tmp_path / "drift.csv"
    p.write_text(grouped_csv(column), encoding="utf-8")
    plan = plan_import(Year(2019), p, "helar", unit="tkr", signs="costs-negative")
    y = plan.year
    assert len(y.operating) == 9
    assert [(ln.section, ln.label) for ln in y.operating[:3]] == [
        ("Politisk verksamhet", "Intäkter"), ("Politisk verksamhet", "Personalkostnader"),
        ("Politisk verksamhet", "Övriga kostnader")]
    it = [ln for ln in y.operating if ln.section == "IT-drift"]
    assert [ln.kind for ln in it] == [Kind.REVENUE, Kind.COST, Kind.COST]
    assert it[0].budget == -31_207_000 and it[0].values["helar"].outcome == -31_452_000
    assert it[1].previous_outcome == 10_100_000  # the 2018 column; 2017 is only listed
    assert any("Utfall 2017" in w for w in plan.warnings)
    printed = y.printed["helar"]
    # the subtotal of each verksamhet is its net, kept in ledger signs (printed -1 601 tkr: a net cost);
    # the deviation column is kept exactly as printed
    assert printed[section_path("Politisk verksamhet", "net", "outcome")] == PrintedValue(Decimal(1601), "tkr")
    assert printed[section_path("Gator & vägar", "net", "budget")] == PrintedValue(Decimal(11100), "tkr")
    assert printed[section_path("IT-drift", "net", "deviation")] == PrintedValue(Decimal(159), "tkr")
    assert "operating/total/net/outcome" in printed
    assert not any(ln.label.startswith("Summa") for ln in y.operating)
    assert plan.new_lines[0] == "Driftredovisning › Politisk verksamhet › Intäkter" and len(plan.new_lines) == 9


def test_old_section_column_still_means_drift_or_investments(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("Avsnitt;Rad;Budget (kr)\ndrift;Löner;100\ninvesteringar;Datorer;500\n", encoding="utf-8")
    y = plan_table_import(Year(2019), p, "helar").year
    assert [ln.label for ln in y.operating] == ["Löner"] and y.operating[0].section is None
    assert [ln.label for ln in y.investments] == ["Datorer"]


def test_table_keyword_and_old_section_keyword(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("Rad;Budget (kr)\nDatorer;500\n", encoding="utf-8")
    for kw in ({"table": "investments"}, {"section": "investments"}):
        assert [ln.label for ln in plan_import(Year(2019), p, "helar", **kw).year.investments] == ["Datorer"]


def test_close_names_match_with_a_warning_or_are_refused_when_strict(tmp_path, demo_year):
    p = tmp_path / "d.csv"
    p.write_text("Slagtext;Budget (kr)\nTjanster;2 500 000\nPERSONALKOSTNADER;11 799 000\nHelt ny rad;5\n",
                 encoding="utf-8")
    plan = plan_table_import(demo_year, p, "helar")
    labels = [ln.label for ln in plan.year.operating]
    assert "Tjanster" not in labels and "Helt ny rad" in labels
    assert any("'Tjanster' lästes som den befintliga raden 'Tjänster'" in w for w in plan.warnings)
    assert any("'PERSONALKOSTNADER' lästes som den befintliga raden 'Personalkostnader'" in w for w in plan.warnings)
    assert plan.new_lines == ["Driftredovisning › Helt ny rad"]
    with pytest.raises(FileFormatError, match="'Tjanster' liknar raden 'Tjänster'.*--strict"):
        plan_table_import(demo_year, p, "helar", strict=True)
    # two letters apart in a long name still match; a short different word does not
    p.write_text("Slagtext;Budget (kr)\nPersonalkostnadr;1\nIT;2\n", encoding="utf-8")
    plan = plan_table_import(demo_year, p, "helar")
    assert plan.new_lines == ["Driftredovisning › IT"]


def test_grouped_drift_exports_and_imports_back(tmp_path):
    from sydnarke_tui.core.compute import compute
    from sydnarke_tui.io.export_csv import write_csv_table

    p = tmp_path / "drift.csv"
    p.write_text(grouped_csv(True), encoding="utf-8")
    y = plan_import(Year(2019), p, "helar", unit="tkr", signs="costs-negative").year
    out = write_csv_table(compute(y, y.full_year_period), "drift", tmp_path / "ut.csv")
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("Verksamhet;Slagtext;Typ;")
    assert "Politisk verksamhet;Summa Politisk verksamhet;summa;1605000;1601000;4000" in text
    back = plan_import(Year(2019), out, "helar", unit="kr").year
    assert [(ln.section, ln.label, ln.kind, ln.budget, ln.values["helar"].outcome) for ln in back.operating] == \
        [(ln.section, ln.label, ln.kind, ln.budget, ln.values["helar"].outcome) for ln in y.operating]
    assert back.printed["helar"][section_path("IT-drift", "net", "outcome")] == PrintedValue(Decimal(-159000), "kr")


def test_one_row_per_verksamhet_is_a_flat_statement(tmp_path):
    p = tmp_path / "v.csv"
    p.write_text("Verksamhet;Budget 2019;Utfall 2019\nPolitisk verksamhet;-1 605;-1 601\nIT-drift;0;159\n"
                 "Totalt;-1 605;-1 442\n", encoding="utf-8")
    y = plan_import(Year(2019), p, "helar", unit="tkr", signs="costs-negative").year
    assert [(ln.label, ln.section, ln.kind) for ln in y.operating] == [
        ("Politisk verksamhet", None, Kind.COST), ("IT-drift", None, Kind.REVENUE)]
    assert y.printed["helar"]["operating/total/net/outcome"] == PrintedValue(Decimal(1442), "tkr")


def test_grouped_statement_end_to_end_through_the_cli(tmp_path, capsys):
    """init, import the printed statement, the groups are stored and the checker compares the subtotals."""
    from sydnarke_tui.cli import main
    from sydnarke_tui.store.db import Store

    db = str(tmp_path / "g.db")
    csv = tmp_path / "drift.csv"
    # the printed deviation of one subtotal 50 tkr off (as in a report with a typo): the checker names it
    lines = grouped_csv(True).splitlines()
    i = next(n for n, ln in enumerate(lines) if ln.startswith("IT-drift;Summa IT-drift"))
    cells = lines[i].split(";")
    cells[-1] = _n(int(cells[-1].replace(" ", "")) + 50)
    lines[i] = ";".join(cells)
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["--db", db, "init", "--year", "2019"]) == 0
    assert main(["--db", db, "import", str(csv), "--year", "2019", "--unit", "tkr", "--signs", "costs-negative"]) == 0
    s = Store.open(db)
    try:
        y = s.load_year(2019)
    finally:
        s.close()
    assert [ln.section for ln in y.operating[:3]] == ["Politisk verksamhet"] * 3
    assert {ln.section for ln in y.operating} == set(GROUPS)
    capsys.readouterr()
    assert main(["--db", db, "check", "--year", "2019"]) == 1
    out = capsys.readouterr().out
    assert "fel: Driftredovisning › IT-drift › Nettoresultat › avvikelse: Tryckt 209 tkr men beräknat 159 tkr." in out
