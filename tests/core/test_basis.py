"""One consistent year (issue 11, item 4): at an interim period every figure is on one basis.

Full year: outcome. Interim: each line's full-year forecast where given, otherwise its
budget; net result, deviation, totals and the split all follow from that. The
property tests (any year, any edits at an interim period) are in test_live.py.
"""

from decimal import Decimal

from sydnarke_tui.core.accounts import Basis
from sydnarke_tui.core.assessment import assess_indicator
from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.live import LiveYear
from sydnarke_tui.core.model import (
    DEFAULT_PERIODS, Comparison, Indicator, IndicatorValue, Key, KeyShare, Kind, LineValue, OperatingLine, Options,
    Status, Year,
)

T1, _, HELAR = DEFAULT_PERIODS
LICENSES, SERVICES = "Databehandling", "Tjänster"


def t1_year(demo: Year) -> Year:
    """The demo year at T1: four months' outcome on every line, a full-year forecast on two."""
    for ln in demo.operating:
        ln.values["t1"] = LineValue(outcome=(ln.budget or 0) // 3 - 1_000)
    line(demo, LICENSES).values["t1"].forecast = 6_000_000  # budget 5 250 000
    line(demo, SERVICES).values["t1"].forecast = 1_200_000  # budget 950 000
    return demo


def line(y: Year, prefix: str) -> OperatingLine:
    return next(ln for ln in y.operating if ln.label.startswith(prefix))


def test_interim_net_deviation_and_split_agree(demo):
    c = compute(t1_year(demo), T1)
    net = c.operating.net
    # budget net 0; the two forecasts overrun their budgets by 750 000 and 250 000
    assert (net.budget, net.compared, net.deviation) == (0, 1_000_000, -1_000_000)
    assert net.deviation == net.budget - net.compared
    assert c.surplus == -net.compared == -1_000_000  # a deficit, not four months' "surplus"
    assert sum(r.amount for r in c.result_split) == c.surplus
    assert [r.amount for r in c.result_split] == [-275_120, -392_240, -138_930, -193_710]
    # the four months' outcome is still there to show, but nothing is computed from it
    assert net.outcome == sum(ln.values["t1"].outcome for ln in demo.operating)
    assert c.operating.revenue.deviation + c.operating.cost.deviation == net.deviation


def test_a_line_without_forecast_is_compared_on_its_budget(demo):
    c = compute(t1_year(demo), T1)
    for ln, f in c.operating.lines:
        if ln.values["t1"].forecast is None:
            assert (f.compared, f.deviation) == (ln.budget, 0), ln.label
        else:
            assert f.compared == ln.values["t1"].forecast
    assert c.basis == Basis(True, 8, 2, 8)
    assert (c.basis.kind, c.basis.budget_lines) == ("forecast", 6)
    assert c.basis.text_sv() == "Helårsprognos: prognos på 2 rader, budget på övriga 6"


def test_full_year_is_unchanged_by_interim_values(demo):
    t1_year(demo)
    c = compute(demo, HELAR)
    assert c.surplus == 158_552 and c.operating.net.deviation == 158_552
    assert [r.amount for r in c.result_split] == [43_621, 62_190, 22_028, 30_713]
    assert c.basis.kind == "outcome" and c.basis.text_sv() is None
    assert c.basis.reported_lines == 8 and c.basis.budget_lines == 0


def test_an_interim_period_without_outcomes_compares_nothing(demo):
    c = compute(demo, T1)  # the demo has no T1 values at all
    assert c.operating.net.compared is None and c.operating.net.deviation is None
    assert all(f.compared is None and f.deviation is None for _, f in c.operating.lines)
    assert c.surplus == 0 and all(r.amount == 0 for r in c.result_split)
    assert not c.basis.reported and c.basis.text_sv() is None and c.basis.budget_lines == 0
    assert c.investments.total.compared is None


def test_basis_texts_count_in_swedish():
    assert Basis(True, 8, 1, 3).text_sv() == "Helårsprognos: prognos på 1 rad, budget på övriga 7"
    assert Basis(True, 3, 3, 3).text_sv() == "Helårsprognos: prognos på alla rader"
    assert Basis(True, 3, 0, 1).text_sv() == "Helårsprognos: budget på alla rader (ingen prognos angiven)"


def test_investments_follow_the_same_basis(demo):
    inv = [ln for ln in demo.investments if ln.parent_id is None]
    inv[0].values["t1"] = LineValue(outcome=100_000, forecast=1_800_000)
    inv[1].values["t1"] = LineValue(outcome=50_000)
    c = compute(demo, T1)
    total = c.investments.total
    assert total.compared == total.budget + 300_000 and total.deviation == -300_000
    assert c.investments.basis == Basis(True, len(inv), 1, 2)
    assert sum(m.outcome for m in c.investment_split) == total.compared


def test_indicators_still_use_their_own_forecast_or_outcome():
    """DESIGN §2.2 is unchanged: an indicator without forecast is assessed on its outcome, not its target."""
    ind = Indicator(1, "Andel", Comparison.GE, Decimal(80), "%")
    ind.values["t1"] = IndicatorValue(outcome=Decimal(50))
    r = assess_indicator(ind, T1, Options())
    assert (r.value, r.used_forecast, r.status) == (Decimal(50), False, Status.NOT_ACHIEVED)
    ind.values["t1"].forecast = Decimal(85)
    r = assess_indicator(ind, T1, Options())
    assert (r.value, r.used_forecast, r.status) == (Decimal(85), True, Status.ACHIEVED)


def test_live_first_and_last_interim_value_recompute_everything():
    y = Year(2020, key=Key("shares", [KeyShare("A", Decimal(60)), KeyShare("B", Decimal(40))]))
    y.operating = [OperatingLine(1, "Bidrag", Kind.REVENUE, -1_000_000, is_contribution=True),
                   OperatingLine(2, "Lön", Kind.COST, 900_000)]
    live = LiveYear(y, T1)
    assert live.result.operating.net.compared is None
    c = live.set_operating(2, "outcome", 300_000)  # the first value: every line is now on its budget
    assert (c.operating.net.compared, c.surplus, c.basis.budget_lines) == (-100_000, 100_000, 2)
    c = live.set_operating(2, "forecast", 950_000)
    assert (c.operating.net.deviation, c.surplus, [r.amount for r in c.result_split]) == (-50_000, 50_000,
                                                                                          [30_000, 20_000])
    assert c == compute(y, T1)
    live.set_operating(2, "forecast", None)
    c = live.set_operating(2, "outcome", None)  # the last value cleared: nothing compared again
    assert c.operating.net.compared is None and c == compute(y, T1)
