from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from sydnarke_tui.core.accounts import investment_statement, operating_statement
from sydnarke_tui.core.checks import check, has_errors
from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.consistency import signs
from sydnarke_tui.core.model import (
    DEFAULT_PERIODS,
    InvestmentLine,
    Key,
    KeyShare,
    Kind,
    LineValue,
    OperatingLine,
    PrintedValue,
    Severity,
    Year,
)

T1, _, HELAR = DEFAULT_PERIODS


def small_year() -> Year:
    y = Year(2020, "Org")
    y.key = Key("shares", [KeyShare("A", Decimal(60)), KeyShare("B", Decimal(40))])
    y.operating = [
        OperatingLine(1, "Bidrag", Kind.REVENUE, -1_000_000, {"helar": LineValue(-1_000_000)}, is_contribution=True),
        OperatingLine(2, "Lön", Kind.COST, 400_400, {"helar": LineValue(400_400)}),
        OperatingLine(3, "Drift", Kind.COST, 599_600, {"helar": LineValue(599_600)}),
    ]
    return y


def test_interim_deviation_is_against_the_forecast():
    ln = OperatingLine(1, "Lön", Kind.COST, 1_200_000, {"t1": LineValue(outcome=390_000, forecast=1_250_000)})
    st = operating_statement([ln], T1)
    f = st.lines[0][1]
    assert (f.outcome, f.forecast, f.deviation) == (390_000, 1_250_000, -50_000)
    assert st.net.deviation == -50_000
    assert st.surplus == -1_250_000  # no revenue line: the forecast cost is the deficit


def test_varav_rows_are_not_added():
    lines = [InvestmentLine(1, "IT", "A", 100, {"helar": LineValue(150)}),
             InvestmentLine(2, "varav nät", "A", None, {"helar": LineValue(90)}, parent_id=1)]
    st = investment_statement(lines, HELAR)
    assert st.total.outcome == 150 and st.varav_totals["varav nät"].outcome == 90


def test_rounding_difference_is_reported_as_rounding_not_error():
    y = small_year()
    # Rounded lines 400 + 600 = 1 000 tkr, but the exact total 1 000 000 kr also rounds to 1 000;
    # print a total made from rounded lines where the exact one differs:
    y.operating[1].values["helar"] = LineValue(400_400)
    y.operating[2].values["helar"] = LineValue(600_400)  # exact cost 1 000 800 -> 1 001; rounded lines 400+600 = 1 000
    y.printed["helar"] = {"operating/total/cost/outcome": PrintedValue(Decimal(1000), "tkr")}
    findings = check(compute(y, HELAR))
    (f,) = [f for f in findings if f.path == "operating/total/cost/outcome"]
    assert f.severity is Severity.ROUNDING
    assert not has_errors([f])


def test_printed_difference_beyond_rounding_is_an_error():
    y = small_year()
    y.printed["helar"] = {"operating/total/cost/outcome": PrintedValue(Decimal(999), "tkr")}
    (f,) = [f for f in check(compute(y, HELAR)) if f.path.startswith("operating/total")]
    assert f.severity is Severity.ERROR and "999" in f.message and "1 000" in f.message


def test_key_not_summing_to_100_is_an_error_but_split_still_sums():
    y = small_year()
    y.key.members[1].share_pct = Decimal("39.9")
    c = compute(y, HELAR)
    assert any(f.path == "key" and f.severity is Severity.ERROR for f in check(c))
    assert sum(r.amount for r in c.contribution_split) == 1_000_000


def test_large_deviation_without_comment_warns_and_a_comment_silences_it():
    y = small_year()
    y.operating[2].values["helar"] = LineValue(800_000)  # 200 tkr over a 600 tkr budget
    warn = [f for f in check(compute(y, HELAR)) if f.severity is Severity.WARNING]
    assert [f.path for f in warn] == ["operating/line/3/deviation"]
    y.operating[2].values["helar"].comment = "Oväntad reparation."
    assert not [f for f in check(compute(y, HELAR)) if f.severity is Severity.WARNING]


def test_missing_full_year_outcome_warns_only_at_full_year(demo):
    ind = demo.goals[0].indicators[5]
    ind.values["helar"].justification = ""
    findings = check(compute(demo, demo.full_year_period))
    assert any(f.path == f"indicator/{ind.id}" and f.severity is Severity.WARNING for f in findings)
    assert not any(f.path == f"indicator/{ind.id}" for f in check(compute(demo, demo.period("t1"))))


def test_printed_value_without_a_computed_figure_is_reported():
    y = small_year()
    y.printed["helar"] = {"operating/line/99/outcome": PrintedValue(Decimal(1))}
    assert [f.severity for f in check(compute(y, HELAR))] == [Severity.WARNING]


def test_totals_of_lines_stored_in_whole_tkr_allow_half_a_unit_per_line():
    y = small_year()
    # Lines as printed in whole tkr: the report's own total was rounded from exact kronor.
    y.operating[1].budget, y.operating[2].budget = 400_000, 600_000
    y.operating[1].values["helar"] = LineValue(10_382_000)
    y.operating[2].values["helar"] = LineValue(1_599_000)
    exact_sum = 11_981_000
    y.printed["helar"] = {
        "operating/total/cost/outcome": PrintedValue(Decimal(11_980), "tkr"),  # off by 1 tkr: rounding
        "operating/total/cost/budget": PrintedValue(Decimal(1_003), "tkr"),  # off by 3 tkr > 2 lines/2: error
    }
    findings = {f.path: f for f in check(compute(y, HELAR))}
    assert compute(y, HELAR).operating.cost.outcome == exact_sum
    assert findings["operating/total/cost/outcome"].severity is Severity.ROUNDING
    assert findings["operating/total/cost/budget"].severity is Severity.ERROR


def test_a_line_without_outcome_has_no_deviation_and_totals_stay_empty():
    ln = OperatingLine(1, "Lön", Kind.COST, 1_200_000)
    st = operating_statement([ln], HELAR)
    assert st.lines[0][1].deviation is None
    assert (st.cost.budget, st.cost.outcome, st.cost.deviation) == (1_200_000, None, None)
    assert st.surplus == 0


def test_investment_for_a_municipality_outside_the_key_is_an_error():
    y = small_year()
    y.investments = [InvestmentLine(1, "IT", "Laxa", 100_000, {"helar": LineValue(150_000)}),
                     InvestmentLine(2, "Gemensamt", None, 50_000, {"helar": LineValue(50_000)})]
    findings = [f for f in check(compute(y, HELAR)) if f.severity is Severity.ERROR]
    assert any("Laxa" in f.message for f in findings)
    assert any("per medlem" in f.where for f in findings)


amounts = st.one_of(st.none(), st.just(0), st.integers(-10**7, 10**7))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(Kind)), amounts, amounts, amounts), max_size=12),
       st.sampled_from(DEFAULT_PERIODS))
def test_a_figure_with_the_other_kinds_sign_is_reported_and_no_other(rows, period):
    """Revenues are negative and costs positive in the ledger: every budget, outcome and (at an
    interim period) forecast of the other sign is a warning on its own path, and nothing else is."""
    y = Year(2020, "Org")
    y.operating = [OperatingLine(n + 1, f"Rad {n}", kind, budget, {period.code: LineValue(outcome, forecast)})
                   for n, (kind, budget, outcome, forecast) in enumerate(rows)]
    expected = set()
    for ln, (kind, budget, outcome, forecast) in zip(y.operating, rows):
        for field, v in (("budget", budget), ("outcome", outcome),
                         ("forecast", None if period.full_year else forecast)):
            if v and (v < 0) != (kind is Kind.REVENUE):
                expected.add(f"operating/line/{ln.id}/{field}")
    found = {f.path for f in signs(compute(y, period))}
    assert found == expected
