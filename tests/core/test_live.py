"""Incremental recalculation equals the reference `compute()` after any sequence of edits."""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sydnarke_tui.core.compute import compute, section_path
from sydnarke_tui.core.live import LiveYear
from sydnarke_tui.core.model import (
    DEFAULT_PERIODS, Comparison, Goal, GoalStatus, Indicator, IndicatorValue, InvestmentLine, Key, KeyShare, Kind,
    LineValue, LowerFormula, OperatingLine, Options, Status, Year,
)

MEMBERS = ["Askersund", "Hallsberg", "Laxå", "Lekeberg"]
PERIODS = [p.code for p in DEFAULT_PERIODS]
amounts = st.one_of(st.none(), st.integers(min_value=-10**9, max_value=10**9))
numbers = st.one_of(st.integers(-5, 150).map(Decimal),
                    st.decimals(min_value=-200, max_value=200, places=2, allow_nan=False, allow_infinity=False))
values = st.one_of(numbers, numbers, st.none(), st.booleans())  # mostly numbers: statuses then change often
line_values = st.dictionaries(st.sampled_from(PERIODS), st.builds(LineValue, amounts, amounts), max_size=3)
profiles = st.one_of(st.none(), st.lists(st.integers(-10**7, 10**7), min_size=12, max_size=12).map(tuple))
# Figures an indicator can follow (line ids 1-3 may or may not exist in a drawn year).
links = st.one_of(st.none(), st.sampled_from([
    "operating/total/net/deviation", "operating/total/cost/outcome", "operating/line/1/deviation",
    "operating/line/3/budget_to_date", "operating/section/Politik/net/outcome", "investments/total/deviation",
    "investments/line/2/outcome", "investments/varav/Sydnet/outcome", "operating/line/99/outcome"]))


@st.composite
def years(draw) -> Year:
    y = Year(2021, "Nämnden")
    basis = draw(st.sampled_from(["shares", "base"]))
    members = draw(st.lists(st.sampled_from(MEMBERS), unique=True, max_size=4))
    y.key = Key(basis, [KeyShare(m, draw(st.decimals(min_value=0, max_value=100, places=3)),
                                 draw(st.integers(min_value=0, max_value=10**6)), i + 1)
                        for i, m in enumerate(members)])
    ind_id = 0
    for g in range(draw(st.integers(0, 3))):
        goal = Goal(g + 1, f"Mål {g}")
        for _ in range(draw(st.integers(0, 4))):
            ind_id += 1
            comparison = draw(st.sampled_from(list(Comparison)))
            ind = Indicator(ind_id, f"I{ind_id}", comparison, draw(values), "%",
                            draw(st.one_of(st.none(), st.integers(0, 100))),
                            draw(st.one_of(st.none(), st.sampled_from(list(LowerFormula)))))
            ind.link = draw(links)
            ind.unit = draw(st.sampled_from(["%", "tkr", "kr"]))
            ind.values = draw(st.dictionaries(st.sampled_from(PERIODS), st.builds(
                IndicatorValue, values, values, st.one_of(st.none(), st.sampled_from(list(Status)))), max_size=3))
            goal.indicators.append(ind)
        y.goals.append(goal)
    for i in range(draw(st.integers(0, 8))):
        y.operating.append(OperatingLine(
            i + 1, f"Rad {i}", draw(st.sampled_from(list(Kind))), draw(amounts), draw(line_values),
            draw(st.booleans()), draw(amounts), section=draw(st.sampled_from([None, "Politik", "Gator/vägar"])),
            profile=draw(profiles)))
    inv_id = 0
    for _ in range(draw(st.integers(0, 4))):
        inv_id += 1
        parent = inv_id
        muni = draw(st.sampled_from([None, "Okänd", *MEMBERS]))
        y.investments.append(InvestmentLine(parent, f"P{parent}", muni, draw(amounts), draw(line_values), None,
                                            draw(amounts), profile=draw(profiles)))
        for _ in range(draw(st.integers(0, 2))):
            inv_id += 1
            y.investments.append(InvestmentLine(inv_id, draw(st.sampled_from(["Sydnet", "Sydnet ", "Wifi"])), muni,
                                                draw(st.one_of(st.none(), amounts)), draw(line_values), parent))
    return y


period_arg = st.one_of(st.none(), st.sampled_from(PERIODS))
edits = st.one_of(
    st.tuples(st.just("op"), st.integers(0, 99), st.sampled_from(["budget", "previous_outcome"]), amounts, st.none()),
    st.tuples(st.just("op"), st.integers(0, 99), st.sampled_from(["outcome", "forecast"]), amounts, period_arg),
    st.tuples(st.just("op"), st.integers(0, 99), st.just("comment"), st.text(max_size=3), period_arg),
    st.tuples(st.just("inv"), st.integers(0, 99), st.sampled_from(["budget", "previous_outcome"]), amounts, st.none()),
    st.tuples(st.just("inv"), st.integers(0, 99), st.sampled_from(["outcome", "forecast"]), amounts, period_arg),
    st.tuples(st.just("ind"), st.integers(0, 99), st.sampled_from(["outcome", "forecast"]), values, period_arg),
    st.tuples(st.just("ind"), st.integers(0, 99), st.sampled_from(["target", "baseline"]), values, st.none()),
    st.tuples(st.just("op"), st.integers(0, 99), st.just("profile"), profiles, st.none()),
    st.tuples(st.just("inv"), st.integers(0, 99), st.just("profile"), profiles, st.none()),
    st.tuples(st.just("ind"), st.integers(0, 99), st.just("link"), links, st.none()),
    st.tuples(st.just("ind"), st.integers(0, 99), st.just("unit"), st.sampled_from(["%", "tkr", "mkr"]), st.none()),
    st.tuples(st.just("ind"), st.integers(0, 99), st.just("comparison"), st.sampled_from(list(Comparison)), st.none()),
    st.tuples(st.just("ind"), st.integers(0, 99), st.just("partly_from_pct"),
              st.one_of(st.none(), st.integers(0, 100)), st.none()),
    st.tuples(st.just("ind"), st.integers(0, 99), st.just("manual_status"),
              st.one_of(st.none(), st.sampled_from(list(Status))), period_arg),
    st.tuples(st.just("key"), st.integers(0, 99), st.just("share_pct"),
              st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=3)), st.none()),
    st.tuples(st.just("key"), st.integers(0, 99), st.just("base"), st.integers(0, 10**6), st.none()),
    # rare edits that move a line between groups (a full recompute inside LiveYear)
    st.tuples(st.just("op"), st.integers(0, 99), st.just("kind"), st.sampled_from(list(Kind)), st.none()),
    st.tuples(st.just("op"), st.integers(0, 99), st.just("section"),
              st.sampled_from([None, "Politik", "Ny verksamhet"]), st.none()),
    st.tuples(st.just("op"), st.integers(0, 99), st.just("is_contribution"), st.booleans(), st.none()),
    st.tuples(st.just("inv"), st.integers(0, 99), st.just("municipality"),
              st.sampled_from([None, "Okänd", *MEMBERS]), st.none()),
    st.tuples(st.just("inv"), st.integers(0, 99), st.just("label"), st.sampled_from(["Sydnet", "Wifi", "X"]), st.none()),
    st.tuples(st.just("basis"), st.just(0), st.just("basis"), st.sampled_from(["shares", "base"]), st.none()),
)
options = st.builds(Options, st.integers(0, 100), st.sampled_from(list(GoalStatus)),
                    st.sampled_from(["indicators", "goals"]), st.sampled_from(list(LowerFormula)))


def apply(live: LiveYear, edit) -> None:
    what, n, field, value, period = edit
    y = live.year
    if what == "op" and y.operating:
        live.set_operating(y.operating[n % len(y.operating)].id, field, value, period)
    elif what == "inv" and y.investments:
        live.set_investment(y.investments[n % len(y.investments)].id, field, value, period)
    elif what == "ind" and y.indicators():
        inds = y.indicators()
        live.set_indicator(inds[n % len(inds)].id, field, value, period)
    elif what == "basis":
        live.set_key_basis(value)
    elif what == "key" and y.key.members:
        live.set_key_share(y.key.members[n % len(y.key.members)].municipality, field, value)


def assert_same(live: LiveYear) -> None:
    full = compute(live.year, live.period, live.options)
    got = live.result
    for name in ("assessment", "operating", "investments", "result_split", "contribution_split",
                 "investment_split", "key_total_pct", "split_error"):
        assert getattr(got, name) == getattr(full, name), name
    assert got == full
    assert got.figures == full.figures


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(years(), st.sampled_from(DEFAULT_PERIODS), options, st.lists(edits, max_size=25))
def test_incremental_equals_full_compute_after_any_edits(year, period, opts, seq):
    live = LiveYear(year, period, opts)
    assert_same(live)
    for edit in seq:
        before = live.result
        snapshot = (list(before.operating.lines), list(before.investments.lines), dict(before.figures))
        apply(live, edit)
        assert_same(live)
        # a result already handed out never changes under its holder
        assert (before.operating.lines, before.investments.lines, before.figures) == snapshot


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(years(), st.sampled_from(DEFAULT_PERIODS), options, st.lists(edits, max_size=10))
def test_incremental_equals_full_compute_from_a_fresh_year(year, period, opts, seq):
    """From nothing measured: the first value makes the goals assessable (at full year all of them
    at once, issue 18), and clearing the last one makes them "ej bedömt" again."""
    for x in [*year.indicators(), *year.operating, *year.investments]:
        x.values = {}
    live = LiveYear(year, period, opts)
    assert_same(live)
    if year.indicators() and not any(i.link for i in year.indicators()):  # a link may follow a budget
        assert live.result.assessment.verdict is GoalStatus.NOT_ASSESSED
    for edit in seq:
        apply(live, edit)
        assert_same(live)


def with_forecasts(year: Year, code: str, forecasts: list[int | None]) -> Year:
    """Give the year's lines (operating, then investments) the drawn forecasts for the period."""
    for ln, fc in zip([*year.operating, *year.investments], forecasts):
        ln.values.setdefault(code, LineValue()).forecast = fc
    return year


forecasts = st.lists(st.one_of(st.none(), st.integers(-10**9, 10**9)), max_size=20)
interim_periods = st.sampled_from([p for p in DEFAULT_PERIODS if not p.full_year])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(years(), forecasts, interim_periods, options, st.lists(edits, max_size=25))
def test_incremental_equals_full_compute_at_interim_periods(year, fcs, period, opts, seq):
    """As above, always at an interim period and with forecasts on many lines, so that edits move
    lines between forecast and budget and switch a statement's basis on and off (issue 11)."""
    live = LiveYear(with_forecasts(year, period.code, fcs), period, opts)
    assert_same(live)
    for edit in seq:
        apply(live, edit)
        assert_same(live)
        code = period.code
        assert live.result.basis.reported == any(
            ln.value(code).outcome is not None or ln.value(code).forecast is not None for ln in live.year.operating)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(years(), forecasts, interim_periods)
def test_interim_figures_are_on_one_basis(year, fcs, period):
    """Forecast where given, else budget; net, deviation and the split all from those figures."""
    c = compute(with_forecasts(year, period.code, fcs), period)
    op = c.operating
    for ln, f in op.lines:
        lv = ln.value(period.code)
        if not op.basis.reported:
            assert f.compared is None and f.deviation is None
        elif lv.forecast is not None:
            assert f.compared == lv.forecast and f.deviation == (ln.budget or 0) - lv.forecast
        else:
            assert f.compared == ln.budget and f.deviation in (None, 0)
    if op.net.compared is None:
        assert c.surplus == 0
    else:
        assert op.net.deviation == op.net.budget - op.net.compared
        assert c.surplus == -op.net.compared
    if c.result_split:
        assert sum(r.amount for r in c.result_split) == c.surplus
    b = op.basis
    assert b.forecast_lines + b.budget_lines == (len(op.lines) if b.reported else 0)


def test_demo_edits_keep_the_design_figures(demo):
    live = LiveYear(demo, demo.full_year_period)
    assert live.result.surplus == 158_552
    tjanster = next(ln for ln in demo.operating if ln.label.startswith("Tjänster"))
    live.set_operating(tjanster.id, "outcome", 2_457_000 + 100_000)
    assert live.result.surplus == 58_552 and sum(r.amount for r in live.result.result_split) == 58_552
    live.set_operating(tjanster.id, "outcome", 2_457_000)
    assert [r.amount for r in live.result.result_split] == [43_621, 62_190, 22_028, 30_713]
    hme = next(i for i in demo.indicators() if "HME" in i.name)
    c = live.set_indicator(hme.id, "outcome", Decimal(80))
    assert c.assessment.counts[Status.ACHIEVED] == 9 and c.assessment.counts[Status.PARTLY] == 2
    assert c == compute(demo, demo.full_year_period)


def test_edit_of_another_period_returns_the_same_result(demo):
    live = LiveYear(demo, demo.full_year_period)
    before = live.result
    assert live.set_operating(demo.operating[2].id, "outcome", 1, "t1") is before
    assert demo.operating[2].values["t1"].outcome == 1  # the edit is applied to the year


def test_section_subtotal_follows_an_edit():
    y = Year(2021, key=Key("shares", [KeyShare("A", Decimal(100))]))
    y.operating = [OperatingLine(1, "Intäkter", Kind.REVENUE, -100, {"helar": LineValue(-90)}, section="Gator"),
                   OperatingLine(2, "Personal", Kind.COST, 300, {"helar": LineValue(310)}, section="Gator")]
    live = LiveYear(y, y.full_year_period)
    c = live.set_operating(2, "outcome", 350)
    assert c.figures[section_path("Gator", "net", "deviation")] == -100 + 90 + 300 - 350


def test_unknown_fields_and_ids_are_programming_errors(demo):
    live = LiveYear(demo, demo.full_year_period)
    with pytest.raises(ValueError):
        live.set_operating(demo.operating[0].id, "colour", 1)
    with pytest.raises(KeyError):
        live.set_indicator(10**6, "outcome", Decimal(1))
    with pytest.raises(ValueError):
        live.set_key_share("Laxå", "votes", 1)
    with pytest.raises(KeyError):
        live.set_key_share("Örebro", "share_pct", Decimal(1))
    with pytest.raises(KeyError):
        live.set_investment(10**6, "municipality", None)


def test_first_value_of_a_full_year_makes_every_goal_assessable(demo):
    """Issue 18: nothing measured is "ej bedömt"; once the full year has a value the rule stands as
    written, so the goals without values turn "uppnås ej" on that same key."""
    for x in [*demo.indicators(), *demo.operating, *demo.investments]:
        x.values = {}
    live = LiveYear(demo, demo.full_year_period)
    a = live.result.assessment
    assert a.verdict is GoalStatus.NOT_ASSESSED
    assert {gr.status for gr in a.goals} == {GoalStatus.NOT_ASSESSED}
    hme = next(i for i in demo.indicators() if "HME" in i.name)
    c = live.set_indicator(hme.id, "outcome", Decimal(80))
    assert c == compute(demo, demo.full_year_period)
    assert c.assessment.goals[0].status is GoalStatus.NOT_ACHIEVED
    c = live.set_indicator(hme.id, "outcome", None)
    assert c == compute(demo, demo.full_year_period)
    assert {gr.status for gr in c.assessment.goals} == {GoalStatus.NOT_ASSESSED}
