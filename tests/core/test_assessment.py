from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sydnarke_tui.core.assessment import Clause, assess_indicator, assess_year, fulfilment, verdict
from sydnarke_tui.core.model import (
    DEFAULT_PERIODS,
    Comparison,
    Goal,
    GoalStatus,
    Indicator,
    IndicatorValue,
    LowerFormula,
    Options,
    Status,
    Year,
)

HELAR = DEFAULT_PERIODS[2]
T1 = DEFAULT_PERIODS[0]
D = Decimal


def ind(comparison, target, outcome=None, forecast=None, period="helar", **kw):
    i = Indicator(1, "x", Comparison(comparison), target, **kw)
    i.values[period] = IndicatorValue(outcome=outcome, forecast=forecast)
    return i


@pytest.mark.parametrize(
    "comparison, target, outcome, pct, status",
    [
        (">=", D(80), D(90), 113, Status.ACHIEVED),  # 112.5 rounds half up
        (">=", D(85), D(90), 106, Status.ACHIEVED),
        (">=", D(40), D(38), 95, Status.PARTLY),
        ("<=", D(10), D(13), 70, Status.PARTLY),  # linear: 2 - 1.3
        ("<=", D(7), D("3.58"), 149, Status.ACHIEVED),
        (">", D(74), D(59), 80, Status.PARTLY),
        (">", D(74), D(74), 100, Status.PARTLY),  # strict: equal is not achieved, but 100 % >= 70
        (">=", D(0), D(159), 100, Status.ACHIEVED),  # target 0
        (">=", D(0), D(-5), 0, Status.NOT_ACHIEVED),
        ("=", True, True, 100, Status.ACHIEVED),
        ("=", True, False, 0, Status.NOT_ACHIEVED),
        ("<=", D(10), D(25), 0, Status.NOT_ACHIEVED),  # floored at 0
        (">=", D(80), D(55), 69, Status.NOT_ACHIEVED),
        ("<", D(5), D(5), 100, Status.PARTLY),
    ],
)
def test_fulfilment_and_status(comparison, target, outcome, pct, status):
    r = assess_indicator(ind(comparison, target, outcome), HELAR, Options())
    assert r.fulfilment_pct == pct
    assert r.status is status


def test_ratio_formula_for_lower_is_better():
    i = ind("<=", D(10), D(13), lower_formula=LowerFormula.RATIO)
    assert assess_indicator(i, HELAR, Options()).fulfilment_pct == 77  # 10/13
    assert fulfilment(Comparison.LE, D(0), D(10), True, LowerFormula.RATIO) is None  # undefined


def test_per_indicator_partly_threshold_overrides_default():
    i = ind(">=", D(40), D(38), partly_from_pct=96)
    assert assess_indicator(i, HELAR, Options()).status is Status.NOT_ACHIEVED
    assert assess_indicator(ind(">=", D(40), D(38)), HELAR, Options(partly_from_pct=96)).status is Status.NOT_ACHIEVED


def test_no_outcome_is_not_measured_with_null_fulfilment():
    r = assess_indicator(ind(">=", D(100)), HELAR, Options())
    assert (r.status, r.fulfilment_pct) == (Status.NOT_MEASURED, None)


def test_manual_indicator_uses_the_chosen_status():
    i = Indicator(1, "m", Comparison.MANUAL)
    assert assess_indicator(i, HELAR, Options()).status is Status.NOT_MEASURED
    i.values["helar"] = IndicatorValue(manual_status=Status.PARTLY, justification="x")
    r = assess_indicator(i, HELAR, Options())
    assert r.status is Status.PARTLY and r.fulfilment_pct is None


def test_interim_period_assesses_the_forecast_when_given():
    i = ind(">=", D(80), outcome=D(50), forecast=D(85), period="t1")
    r = assess_indicator(i, T1, Options())
    assert r.used_forecast and r.status is Status.ACHIEVED and r.fulfilment_pct == 106
    i.values["t1"].forecast = None
    assert assess_indicator(i, T1, Options()).status is Status.NOT_ACHIEVED  # 63 %


def test_full_year_ignores_a_stale_forecast():
    i = ind(">=", D(80), outcome=D(50), forecast=D(85))
    assert assess_indicator(i, HELAR, Options()).status is Status.NOT_ACHIEVED


A, P, N, M = Status.ACHIEVED, Status.PARTLY, Status.NOT_ACHIEVED, Status.NOT_MEASURED


@pytest.mark.parametrize(
    "statuses, expected, clause",
    [
        ([A, A, A], GoalStatus.ACHIEVED, Clause.ALL_ACHIEVED),
        ([A, A, A, P, P, M, M], GoalStatus.PARTLY, Clause.MAJORITY_ACHIEVED_OR_PARTLY),
        ([A, N, N], GoalStatus.NOT_ACHIEVED, Clause.MAJORITY_NOT_ACHIEVED),
        ([A, M, M], GoalStatus.NOT_ACHIEVED, Clause.MAJORITY_NOT_ACHIEVED),  # without value counts against
        ([A, N], GoalStatus.NOT_ACHIEVED, Clause.TIE),
        ([P, M], GoalStatus.NOT_ACHIEVED, Clause.TIE),
        ([], GoalStatus.NOT_ASSESSED, Clause.NO_INDICATORS),
        ([M], GoalStatus.NOT_ACHIEVED, Clause.MAJORITY_NOT_ACHIEVED),
    ],
)
def test_verdict_rule(statuses, expected, clause):
    assert verdict(statuses) == (expected, clause)


def test_tie_is_configurable():
    assert verdict([A, N], tie=GoalStatus.PARTLY) == (GoalStatus.PARTLY, Clause.TIE)


@given(st.lists(st.sampled_from(list(Status)), max_size=30), st.sampled_from(list(GoalStatus)))
def test_verdict_rule_on_random_status_lists(statuses, tie):
    status, clause = verdict(statuses, tie)
    n = len(statuses)
    good = sum(s in (A, P) for s in statuses)
    if n == 0:
        assert status is GoalStatus.NOT_ASSESSED
    elif all(s is A for s in statuses):
        assert (status, clause) == (GoalStatus.ACHIEVED, Clause.ALL_ACHIEVED)
    elif good * 2 > n:
        assert status is GoalStatus.PARTLY
    elif good * 2 < n:
        assert status is GoalStatus.NOT_ACHIEVED
    else:
        assert (status, clause) == (tie, Clause.TIE)
    # order never matters
    assert verdict(list(reversed(statuses)), tie) == (status, clause)


def test_year_verdict_basis_goals():
    g1 = Goal(1, "a", [ind(">=", D(1), D(2))])
    g2 = Goal(2, "b", [Indicator(2, "m", Comparison.MANUAL)])
    y = Year(2020, goals=[g1, g2])
    by_ind = assess_year(y, HELAR, Options())
    by_goal = assess_year(y, HELAR, Options(verdict_basis="goals"))
    assert by_ind.verdict is GoalStatus.NOT_ACHIEVED and by_ind.clause == Clause.TIE
    assert by_goal.verdict is GoalStatus.NOT_ACHIEVED and by_goal.clause == Clause.TIE


@given(st.decimals(min_value=D("0.01"), max_value=D(1000), places=2), st.decimals(min_value=0, max_value=D(1000), places=2))
def test_linear_fulfilment_never_negative_and_achieved_means_at_least_100(target, outcome):
    for comparison in (Comparison.LE, Comparison.GE):
        i = ind(comparison.value, target, outcome)
        r = assess_indicator(i, HELAR, Options())
        assert r.fulfilment is None or r.fulfilment >= 0
        if r.status is Status.ACHIEVED:
            assert r.fulfilment_pct >= 100
