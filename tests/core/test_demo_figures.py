"""Every figure of DESIGN §3, computed from the embedded demo year."""

from decimal import Decimal

import pytest

from sydnarke_tui.core.assessment import Clause
from sydnarke_tui.core.checks import check
from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import GoalStatus, Severity, Status


@pytest.fixture
def c(demo):
    return compute(demo, demo.full_year_period)


def test_thirteen_fulfilment_values(c):
    pcts = [r.fulfilment_pct for gr in c.assessment.goals for _, r in gr.indicators]
    assert pcts == [113, 113, 106, 95, 70, None, None, None, None, 80, 149, 100, 100]


def test_counts_and_verdict(c):
    a = c.assessment
    assert a.counts == {Status.ACHIEVED: 8, Status.PARTLY: 3, Status.NOT_ACHIEVED: 0, Status.NOT_MEASURED: 2}
    assert a.verdict is GoalStatus.PARTLY
    assert a.clause == Clause.MAJORITY_ACHIEVED_OR_PARTLY


def test_goal_statuses_and_clauses(c):
    got = [(gr.status, gr.clause) for gr in c.assessment.goals]
    assert got == [
        (GoalStatus.PARTLY, Clause.MAJORITY_ACHIEVED_OR_PARTLY),
        (GoalStatus.ACHIEVED, Clause.ALL_ACHIEVED),
        (GoalStatus.ACHIEVED, Clause.ALL_ACHIEVED),
        (GoalStatus.PARTLY, Clause.MAJORITY_ACHIEVED_OR_PARTLY),
    ]


def test_operating_lines_deviations(c):
    got = {ln.label: f.deviation for ln, f in c.operating.lines}
    assert got == {
        "Övriga avgifter o. ersättningar": 245_000,
        "Driftbidrag från kommuner": 0,
        "Personalkostnader": 1_417_300,
        "Utrustning och datakommunikation": 981_100,  # printed 784: the report's error
        "Databehandling, licenser": -1_716_948,
        "Tjänster": -1_507_000,
        "Resor, kurser, tele, hyra": 30_000,
        "Kapitalkostnader": 709_100,
    }


def test_operating_totals_and_net(c):
    op = c.operating
    assert (op.revenue.budget, op.revenue.outcome, op.revenue.deviation) == (-31_207_000, -31_452_000, 245_000)
    assert (op.cost.budget, op.cost.outcome, op.cost.deviation) == (31_207_000, 31_293_448, -86_448)
    assert (op.net.budget, op.net.outcome, op.net.deviation) == (0, -158_552, 158_552)
    assert c.surplus == 158_552


def test_investments(c):
    inv = c.investments
    assert (inv.total.budget, inv.total.outcome, inv.total.deviation) == (8_700_000, 13_595_200, -4_895_200)
    assert inv.varav_totals["Sydnet 2.0"].outcome == 4_655_000
    # varav rows are shown under their line but never added to totals
    assert len(list(inv.rows())) == 10 and len(inv.lines) == 5
    assert all(f.deviation is None for rows in inv.varav.values() for _, f in rows)


def test_result_split(c):
    assert [(r.municipality, r.amount) for r in c.result_split] == [
        ("Askersund", 43_621), ("Hallsberg", 62_190), ("Laxå", 22_028), ("Lekeberg", 30_713)]
    assert sum(r.amount for r in c.result_split) == 158_552


def test_contribution_split(c):
    assert [r.amount for r in c.contribution_split] == [8_585_670, 12_240_634, 4_335_588, 6_045_108]
    assert sum(r.amount for r in c.contribution_split) == 31_207_000


def test_investments_per_member_own_plus_key_share_of_common(c):
    by = {m.municipality: m for m in c.investment_split}
    assert by["Lekeberg"].own_outcome == 3_901_400
    assert sum(m.common_outcome for m in c.investment_split) == 3_059_300
    assert sum(m.outcome for m in c.investment_split) == 13_595_200
    assert sum(m.budget for m in c.investment_split) == 8_700_000


def test_checker_finds_exactly_the_reports_four_errors(c):
    findings = check(c)
    assert all(f.severity is Severity.ERROR for f in findings)
    got = sorted((f.path, f.printed, f.computed) for f in findings)
    assert got == sorted([
        ("operating/line/4/deviation", Decimal(784_000), Decimal(981_100)),
        ("investments/total/deviation", Decimal(-5_936_000), Decimal(-4_895_200)),
        ("split/result/Laxå", Decimal(22_027), Decimal(22_028)),
        ("indicator/11/fulfilment", Decimal(143), Decimal(149)),
    ])
    laxa = next(f for f in findings if f.path == "split/result/Laxå")
    assert "158 551" in laxa.message
