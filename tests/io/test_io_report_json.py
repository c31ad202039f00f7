from __future__ import annotations

import json
import typing
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import LineValue
from sydnarke_tui.io.report_json import SCHEMA, dumps_json, report_dict
from sydnarke_tui.io.report_shapes import ReportDict


def test_demo_reproduces_design_section_3(demo_computed):
    d = report_dict(demo_computed)
    assert d["schema"] == SCHEMA == "sydnarke-report/1"
    assert d["organisation"] == "Sydnärkes IT-nämnd"
    assert d["year"] == 2019
    assert d["period"] == "Helår"
    assert d["period_code"] == "helar"
    fulfilment = [i["fulfilment_pct"] for g in d["goals"] for i in g["indicators"]]
    assert fulfilment == [113, 113, 106, 95, 70, None, None, None, None, 80, 149, 100, 100]
    s = d["summary"]
    assert (s["achieved"], s["partly"], s["not_achieved"], s["not_measured"]) == (8, 3, 0, 2)
    assert s["verdict"] == "partly"
    assert s["clause"] == "majority_achieved_or_partly"
    assert [g["status"] for g in d["goals"]] == ["partly", "achieved", "achieved", "partly"]
    assert d["operating"]["totals"]["net"]["outcome"] == -158552
    assert d["investments"]["total"]["deviation"] == -4895200
    assert [r["amount"] for r in d["split"]["result"]] == [43621, 62190, 22028, 30713]
    assert [r["amount"] for r in d["split"]["contribution"]] == [8585670, 12240634, 4335588, 6045108]
    assert d["split"]["basis"] == "surplus"
    errors = [c for c in d["checks"] if c["severity"] == "error"]
    assert len(errors) == 4
    assert {c["where"] for c in errors} == {
        "Indikator › Sjukfrånvaro › måluppfyllelse", "Driftredovisning › Utrustning och datakommunikation › avvikelse",
        "Investeringar › Totalt › avvikelse", "Fördelning av resultat › Laxå"}
    assert "path" not in errors[0]  # row ids change on reload; the report must not


def test_shapes_and_types(demo_computed):
    d = report_dict(demo_computed)
    ind = d["goals"][3]["indicators"]
    assert ind[0]["comparison"] == ">" and ind[0]["target"] == 74 and ind[0]["outcome"] == 59
    assert ind[1]["outcome"] == Decimal("3.58") and ind[1]["comparison"] == "<="
    assert ind[3]["target"] == "Ja" and ind[3]["outcome"] == "Ja" and ind[3]["comparison"] == "="
    manual = d["goals"][1]["indicators"][0]
    assert manual["comparison"] == "manual" and manual["target"] is None and manual["status"] == "achieved"
    assert d["goals"][0]["indicators"][5]["outcome"] is None
    line = d["operating"]["lines"][0]
    assert set(line) == {"label", "kind", "section", "budget", "outcome", "deviation"}  # no forecast/previous in the demo
    assert line["section"] is None and d["operating"]["sections"] == []  # the demo statement is flat
    assert all(isinstance(ln[k], int) for ln in d["operating"]["lines"] for k in ("budget", "outcome", "deviation"))
    assert set(d["operating"]["totals"]) == {"revenue", "cost", "net"}
    common = d["investments"]["lines"][4]
    assert common["municipality"] is None
    assert common["varav"] == [{"label": "Sydnet 2.0", "outcome": 828000}]
    assert d["investments"]["total"] == {"budget": 8700000, "outcome": 13595200, "deviation": -4895200}
    assert d["split"]["result"][0]["share_pct"] == Decimal("27.512")
    inv = d["split"]["investments"][0]
    assert set(inv) == {"municipality", "share_pct", "own_outcome", "common_outcome", "outcome"}
    assert inv["outcome"] == inv["own_outcome"] + inv["common_outcome"]
    assert sum(r["common_outcome"] for r in d["split"]["investments"]) == 3059300
    chk = d["checks"][0]
    assert set(chk) >= {"severity", "where", "printed", "computed", "message"}


def test_json_text_is_exact_and_parses(demo_computed):
    text = dumps_json(report_dict(demo_computed))
    assert '"share_pct": 27.512' in text
    assert '"outcome": 3.58' in text
    assert "Sydnärkes" in text  # ensure_ascii=False
    back = json.loads(text, parse_float=Decimal)
    assert back["split"]["result"][2]["share_pct"] == Decimal("13.893")
    assert back["operating"]["totals"]["net"]["outcome"] == -158552


def test_forecast_and_previous_only_when_present(demo_year):
    demo_year.operating[2].previous_outcome = 10_000_000
    delar = demo_year.period("delar")
    demo_year.operating[3].values["delar"] = LineValue(outcome=1_000_000, forecast=1_600_000)
    d = report_dict(compute(demo_year, delar))
    lines = d["operating"]["lines"]
    assert all("forecast" in ln and "previous_outcome" in ln for ln in lines)
    assert lines[2]["previous_outcome"] == 10_000_000 and lines[0]["previous_outcome"] is None
    assert lines[3]["forecast"] == 1_600_000
    assert lines[3]["deviation"] == 2_580_000 - 1_600_000  # compared on the forecast at interim
    assert d["period"] == "Delår" and d["period_code"] == "delar"


def test_deficit_is_negative(demo_year):
    demo_year.operating[5].values["helar"].outcome += 1_000_000  # Tjänster: 1 Mkr more
    d = report_dict(compute(demo_year, demo_year.full_year_period))
    amounts = [r["amount"] for r in d["split"]["result"]]
    assert sum(amounts) == 158552 - 1_000_000
    assert all(a < 0 for a in amounts)


# ------------------------------------------------------------ the encoder

json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text())
json_values = st.recursive(
    json_scalars,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(st.text(max_size=5), children, max_size=4)),
    max_leaves=20,
)


@given(json_values)
def test_dumps_matches_json_dumps_for_plain_data(v):
    assert dumps_json(v) == json.dumps(v, ensure_ascii=False, indent=2)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6, min_value=-10**12, max_value=10**12))
def test_decimals_round_trip_exactly(d):
    text = dumps_json({"x": d})
    back = json.loads(text, parse_float=Decimal)["x"]
    assert Decimal(back) == d
    assert "e" not in text.lower().replace('"x"', "")


def test_decimal_forms():
    assert dumps_json([Decimal("1E+3"), Decimal("2.500"), Decimal("-0.1"), Decimal("7")]) == "[\n  1000,\n  2.5,\n  -0.1,\n  7\n]"


def test_basis_says_what_deviation_is_measured_against(demo_year):
    """Issue 11.4: at an interim period `compared` (forecast, else budget) and the statement's `basis`."""
    d = report_dict(compute(demo_year, demo_year.full_year_period))
    assert d["operating"]["basis"] == {"kind": "outcome", "lines": 8, "forecast_lines": 0, "budget_lines": 0,
                                       "reported_lines": 8, "text": None}
    assert "compared" not in d["operating"]["lines"][0]  # at full year the outcome is what is compared
    for ln in demo_year.operating:
        ln.values["t1"] = LineValue(outcome=(ln.budget or 0) // 3)
    demo_year.operating[3].values["t1"].forecast = 2_000_000  # utrustning, budget 2 580 000
    d = report_dict(compute(demo_year, demo_year.period("t1")))
    op = d["operating"]
    assert op["basis"] == {"kind": "forecast", "lines": 8, "forecast_lines": 1, "budget_lines": 7,
                           "reported_lines": 8, "text": "Helårsprognos: prognos på 1 rad, budget på övriga 7"}
    assert [ln["compared"] for ln in op["lines"]][2:4] == [11_799_000, 2_000_000]
    net = op["totals"]["net"]
    assert net["compared"] == -580_000 and net["deviation"] == net["budget"] - net["compared"] == 580_000
    assert d["split"]["surplus"] == 580_000 == sum(r["amount"] for r in d["split"]["result"])
    assert d["investments"]["basis"]["kind"] == "forecast" and not d["investments"]["basis"]["reported_lines"]
    assert d["investments"]["total"]["compared"] is None  # no investment values at T1 yet


def _conforms(value, shape, where):
    """`value` has every required key of the TypedDict `shape`, no key it does not declare, and values of
    the declared types (recursively)."""
    assert isinstance(value, dict), where
    keys, required = set(value), shape.__required_keys__
    assert required <= keys, f"{where}: {sorted(required - keys)} missing"
    assert keys <= required | shape.__optional_keys__, f"{where}: {sorted(keys - required - shape.__optional_keys__)}"
    hints = typing.get_type_hints(shape)
    for k, v in value.items():
        _has_type(v, hints[k], f"{where}.{k}")


def _has_type(v, tp, where):
    if typing.is_typeddict(tp):
        _conforms(v, tp, where)
    elif typing.get_origin(tp) is list:
        (item,) = typing.get_args(tp)
        assert isinstance(v, list), where
        for i, x in enumerate(v):
            _has_type(x, item, f"{where}[{i}]")
    else:  # a leaf: a type or a union of them
        allowed = tuple(typing.get_args(tp)) or (tp,)
        assert isinstance(v, allowed), f"{where}: {v!r} is not {tp}"


def test_the_report_has_the_shape_the_exporters_are_typed_against(demo_year):
    """report_shapes.ReportDict (what mypy holds report_doc, tables and the exporters to) is the report's
    real shape: at full year and interim, flat and with verksamheter, with a forecast and a previous year."""
    demo_year.operating[2].previous_outcome = 10_000_000
    demo_year.operating[3].values["delar"] = LineValue(outcome=1_000_000, forecast=1_600_000)
    for period in demo_year.periods:
        _conforms(report_dict(compute(demo_year, period)), ReportDict, period.code)
    for i, ln in enumerate(demo_year.operating):
        ln.section = "Drift A" if i % 2 else "Drift B"
    _conforms(report_dict(compute(demo_year, demo_year.full_year_period)), ReportDict, "sections")
