"""Budget profiles (issue 18): months sum to the budget to the krona, whatever the budget or profile."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import DEFAULT_PERIODS, LineValue, OperatingLine, Year, Kind
from sydnarke_tui.core.profile import MONTHS, PRESETS, budget_to_date, monthly_budget, spread

budgets = st.integers(-10**14, 10**14)
profiles = st.one_of(st.none(), st.sampled_from(list(PRESETS.values())),
                     st.lists(st.integers(-10**9, 10**9), min_size=MONTHS, max_size=MONTHS).map(tuple))


@given(budgets, profiles)
def test_the_months_sum_to_the_budget_to_the_krona(budget, profile):
    months = monthly_budget(budget, profile)
    assert len(months) == MONTHS and all(isinstance(m, int) for m in months)
    assert sum(months) == budget
    assert budget_to_date(budget, profile, 12) == budget
    assert budget_to_date(budget, profile, 0) == 0


@given(budgets, st.integers(1, 12))
def test_twelfths_to_date_are_the_nearest_krona(budget, n):
    exact = Fraction(budget * n, 12)
    got = budget_to_date(budget, None, n)
    assert abs(got - exact) <= Fraction(1, 2)


@given(st.lists(st.integers(-10**9, 10**9), min_size=MONTHS, max_size=MONTHS))
def test_a_profile_that_sums_to_the_budget_is_kept_as_it_is(months):
    assert monthly_budget(sum(months), tuple(months)) == tuple(months)


@given(budgets, st.lists(st.integers(0, 10**6), min_size=MONTHS, max_size=MONTHS))
def test_weights_spread_in_proportion(budget, weights):
    months = spread(budget, weights)
    assert sum(months) == budget
    total = sum(weights)
    if total:
        cum = 0
        for n in range(MONTHS):
            cum += weights[n]
            assert abs(sum(months[: n + 1]) - Fraction(budget * cum, total)) <= Fraction(1, 2)


def test_semester_has_half_a_july():
    months = monthly_budget(11_799_000, PRESETS["semester"])
    assert months[6] * 2 == months[0] == 1_026_000 and sum(months) == 11_799_000


@given(budgets, profiles, st.integers(-10**12, 10**12))
def test_lines_and_totals_carry_budget_to_date_at_interim_only(budget, profile, outcome):
    t1, helar = DEFAULT_PERIODS[0], DEFAULT_PERIODS[2]
    y = Year(2021)
    y.operating = [OperatingLine(1, "Personal", Kind.COST, budget, {"t1": LineValue(outcome)}, profile=profile),
                   OperatingLine(2, "Bidrag", Kind.REVENUE, -budget, {"t1": LineValue(None)})]
    c = compute(y, t1)
    f = c.operating.lines[0][1]
    assert f.budget_to_date == budget_to_date(budget, profile, 4)
    assert f.deviation_to_date == f.budget_to_date - outcome
    assert c.operating.lines[1][1].deviation_to_date is None
    assert c.operating.net.budget_to_date == f.budget_to_date + budget_to_date(-budget, None, 4)
    assert c.figures["operating/line/1/budget_to_date"] == f.budget_to_date
    full = compute(y, helar).operating.lines[0][1]
    assert full.budget_to_date is None and full.deviation_to_date is None
