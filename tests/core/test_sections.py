"""Operating statements grouped by verksamhet: subtotals in core, by path, checked like any figure."""

from decimal import Decimal

import pytest

from sydnarke_tui.core.checks import check, describe
from sydnarke_tui.core.compute import compute, section_path
from sydnarke_tui.core.model import Key, KeyShare, Kind, LineValue, OperatingLine, PrintedValue, Severity, Year
from sydnarke_tui.core.serial import SerialError, year_from_dict, year_to_dict
from sydnarke_tui.io.report_doc import report_document, Table
from sydnarke_tui.io.report_json import report_dict


def grouped_year() -> Year:
    """Two verksamheter (Intäkter, Personalkostnader, Övriga kostnader each) and one ungrouped line."""
    y = Year(2021, "Kommunen", key=Key("shares", [KeyShare("A", Decimal(50)), KeyShare("B", Decimal(50))]))

    def line(i, label, kind, budget, outcome, section, prev=None):
        return OperatingLine(i, label, kind, budget, {"helar": LineValue(outcome)}, section=section,
                             previous_outcome=prev)

    y.operating = [
        line(1, "Intäkter", Kind.REVENUE, -500_000, -520_000, "Politisk verksamhet", -480_000),
        line(2, "Personalkostnader", Kind.COST, 3_000_000, 3_100_000, "Politisk verksamhet", 2_900_000),
        line(3, "Intäkter", Kind.REVENUE, -1_000_000, -900_000, "Gator & vägar"),
        line(4, "Övriga kostnader", Kind.COST, 800_000, 750_000, "Politisk verksamhet"),
        line(5, "Personalkostnader", Kind.COST, 2_000_000, 2_050_000, "Gator & vägar"),
        line(6, "Övriga kostnader", Kind.COST, 4_000_000, 3_700_000, "Gator & vägar"),
        line(7, "Finansiella poster", Kind.COST, 100_000, 120_000, None),
    ]
    return y


def test_subtotals_per_verksamhet_in_order_of_first_appearance():
    c = compute(grouped_year(), grouped_year().full_year_period)
    pol, gator = c.operating.sections
    assert (pol.label, gator.label) == ("Politisk verksamhet", "Gator & vägar")
    assert (pol.revenue.budget, pol.revenue.outcome, pol.revenue.deviation) == (-500_000, -520_000, 20_000)
    assert (pol.cost.budget, pol.cost.outcome, pol.cost.deviation) == (3_800_000, 3_850_000, -50_000)
    assert (pol.net.budget, pol.net.outcome, pol.net.deviation) == (3_300_000, 3_330_000, -30_000)
    assert (gator.net.budget, gator.net.outcome, gator.net.deviation) == (5_000_000, 4_850_000, 150_000)
    assert pol.net.previous == -480_000 + 2_900_000 and gator.net.previous is None
    # the ungrouped line forms no group but counts in the statement's totals
    assert c.operating.net.outcome == 3_330_000 + 4_850_000 + 120_000
    assert c.operating.net.previous == pol.net.previous


def test_every_subtotal_is_addressable_by_path():
    c = compute(grouped_year(), grouped_year().full_year_period)
    f = c.figures
    assert f[section_path("Gator & vägar", "net", "deviation")] == 150_000
    assert f[section_path("Politisk verksamhet", "revenue", "outcome")] == -520_000
    assert f[section_path("Politisk verksamhet", "net", "previous")] == 2_420_000
    assert section_path("Gator & vägar", "net", "previous") not in f  # no line has one
    for sec in c.operating.sections:
        for total in ("revenue", "cost", "net"):
            for field in ("budget", "outcome", "deviation"):
                assert f[section_path(sec.label, total, field)] == getattr(sec.total(total), field)
    assert describe(section_path("Gator & vägar", "net", "deviation"), c) == \
        "Driftredovisning › Gator & vägar › Nettoresultat › avvikelse"


def test_flat_statement_has_no_sections(demo):
    c = compute(demo, demo.full_year_period)
    assert c.operating.sections == [] and not any(p.startswith("operating/section/") for p in c.figures)


def test_printed_subtotal_that_disagrees_is_an_error():
    y = grouped_year()
    y.printed["helar"] = {
        section_path("Gator & vägar", "net", "deviation"): PrintedValue(Decimal(140), "tkr"),  # computed 150
        section_path("Politisk verksamhet", "net", "outcome"): PrintedValue(Decimal(3330), "tkr"),  # agrees
    }
    findings = [f for f in check(compute(y, y.full_year_period)) if f.path.startswith("operating/section/")]
    (f,) = findings
    assert f.severity is Severity.ERROR and f.printed == 140_000 and f.computed == 150_000
    assert "Gator & vägar" in f.where and "140" in f.message


def test_printed_subtotal_off_by_line_rounding_is_rounding():
    y = grouped_year()
    y.operating[4].values["helar"] = LineValue(2_050_400)
    y.operating[5].values["helar"] = LineValue(3_700_400)  # lines 2 050 + 3 700 tkr; exact cost 5 750,8
    y.printed["helar"] = {section_path("Gator & vägar", "cost", "outcome"): PrintedValue(Decimal(5750), "tkr")}
    (f,) = [f for f in check(compute(y, y.full_year_period)) if f.path.startswith("operating/section/")]
    assert f.severity is Severity.ROUNDING


def test_section_with_a_slash_in_its_name():
    y = grouped_year()
    for ln in y.operating[:2]:
        ln.section = "Kultur/fritid"
    c = compute(y, y.full_year_period)
    path = section_path("Kultur/fritid", "cost", "budget")
    assert c.figures[path] == 3_000_000
    assert describe(path, c) == "Driftredovisning › Kultur/fritid › Totalt kostnader › budget"


def test_section_round_trips_through_the_serial_form():
    y = grouped_year()
    y.printed["helar"] = {section_path("Gator & vägar", "net", "deviation"): PrintedValue(Decimal(140), "tkr")}
    d = year_to_dict(y)
    assert d["operating"][0]["section"] == "Politisk verksamhet" and "section" not in d["operating"][6]
    again = year_from_dict(d)
    assert [ln.section for ln in again.operating] == [ln.section for ln in y.operating]
    assert again.printed == y.printed
    assert year_to_dict(again) == d


@pytest.mark.parametrize("value, word", [("  ", "tom verksamhet"), (12, "section"), (True, "section")])
def test_bad_section_is_refused_naming_the_key(value, word):
    d = year_to_dict(grouped_year())
    d["operating"][1]["section"] = value
    with pytest.raises(SerialError, match=word) as exc:
        year_from_dict(d)
    assert "operating[1]" in str(exc.value)


def test_json_report_has_sections_and_line_sections():
    y = grouped_year()
    d = report_dict(compute(y, y.full_year_period))
    op = d["operating"]
    assert [ln["section"] for ln in op["lines"]][-2:] == ["Gator & vägar", None]
    assert [s["label"] for s in op["sections"]] == ["Politisk verksamhet", "Gator & vägar"]
    gator = op["sections"][1]
    assert set(gator) == {"label", "revenue", "cost", "net"}
    assert gator["net"] == {"budget": 5_000_000, "outcome": 4_850_000, "deviation": 150_000, "previous_outcome": None}
    assert op["totals"]["net"]["previous_outcome"] == 2_420_000


def _table(blocks, caption) -> Table:
    return next(b for b in blocks if isinstance(b, Table) and b.caption.startswith(caption))


def test_report_document_groups_the_operating_table():
    y = grouped_year()
    t = _table(report_document(compute(y, y.full_year_period)), "Driftredovisning")
    labels = [r.cells[0].strip("\u2003") for r in t.rows]
    assert labels == ["Politisk verksamhet", "Intäkter", "Personalkostnader", "Övriga kostnader",
                      "Summa Politisk verksamhet", "Gator & vägar", "Intäkter", "Personalkostnader",
                      "Övriga kostnader", "Summa Gator & vägar", "Finansiella poster", "Totalt intäkter",
                      "Totalt kostnader", "Nettoresultat"]
    summa = t.rows[labels.index("Summa Gator & vägar")]
    assert summa.style == "total" and summa.cells[1:4] == ["5 000", "4 850", "150"]
    assert t.rows[0].style == "goal"  # the group heading
    assert t.rows[-1].cells[-1] == "2 420"  # previous year's net, from core


def test_report_document_flat_statement_is_unchanged(demo):
    t = _table(report_document(compute(demo, demo.full_year_period)), "Driftredovisning")
    labels = [r.cells[0] for r in t.rows]
    assert labels[2] == "Totalt intäkter" and labels[-1] == "Nettoresultat" and len(labels) == 11


def test_csv_xlsx_drift_table_carries_the_verksamhet_and_subtotals():
    from sydnarke_tui.io.tables import find_table, report_tables

    y = grouped_year()
    t = find_table(report_tables(compute(y, y.full_year_period)), "drift")
    assert t.columns[0] == ("Verksamhet", "text")
    summa = [r for r in t.rows if r[1] == "Summa Gator & vägar"]
    assert summa == [["Gator & vägar", "Summa Gator & vägar", "summa", 5_000_000, 4_850_000, 150_000, None]]
    assert t.rows[-1][-1] == 2_420_000  # previous year's net from core


def test_previous_year_totals_and_split_sums_are_figures(demo):
    demo.operating[2].previous_outcome = 10_000_000
    demo.operating[1].previous_outcome = -30_000_000
    demo.investments[0].previous_outcome = 2_000_000
    c = compute(demo, demo.full_year_period)
    f = c.figures
    assert c.operating.cost.previous == f["operating/total/cost/previous"] == 10_000_000
    assert c.operating.revenue.previous == f["operating/total/revenue/previous"] == -30_000_000
    assert f["operating/total/net/previous"] == -20_000_000
    assert c.investments.total.previous == f["investments/total/previous"] == 2_000_000
    assert "operating/total/cost/forecast" not in f  # no line has a forecast at full year
    assert f["split/sum/result"] == c.result_split_sum == 158_552
    assert f["split/sum/contribution"] == c.contribution_split_sum == 31_207_000
    inv = c.investment_split_sum
    assert f["split/sum/investments/own_outcome"] == inv.own_outcome == 3_901_400 + 1_945_300 + 3_179_200 + 1_510_000
    assert inv.outcome == c.investments.total.outcome and f["key/total_pct"] == 100
    assert f["split/investments/Laxå/own_outcome"] == 1_945_300
    assert describe("split/sum/result", c) == "Fördelning av resultat › Summa"
    assert describe("operating/total/net/previous", c) == "Driftredovisning › Nettoresultat › utfall föregående år"


def test_printed_previous_year_total_is_checked(demo):
    demo.operating[2].previous_outcome = 10_000_000
    demo.printed["helar"]["operating/total/cost/previous"] = PrintedValue(Decimal(10_001), "tkr")
    (f,) = [f for f in check(compute(demo, demo.full_year_period)) if f.path == "operating/total/cost/previous"]
    assert f.severity is Severity.ERROR and f.computed == 10_000_000
