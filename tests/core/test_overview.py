"""Översikt's figures as one value (core/overview.py): the demo's figures of DESIGN §3, the same
value however the year was computed, and whole after a trip through a pipe (session.early)."""

from __future__ import annotations

import pickle
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sydnarke_tui.core.checks import check
from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.live import LiveYear
from sydnarke_tui.core.model import DEFAULT_PERIODS, GoalStatus, KeyShare, Severity, Status
from sydnarke_tui.core.overview import OVERVIEW_MAX_BARS, OVERVIEW_MAX_STRIPS, overview_of

from .test_live import apply, edits, years


def test_the_demo_overview_has_the_design_figures(demo):
    c = compute(demo, demo.full_year_period)
    ov = overview_of(c, check(c))
    assert (ov.year, ov.period.code, ov.verdict) == (2019, "helar", GoalStatus.PARTLY)
    assert ov.counts == {Status.ACHIEVED: 8, Status.PARTLY: 3, Status.NOT_ACHIEVED: 0, Status.NOT_MEASURED: 2}
    assert [g.status for g in ov.goals] == [GoalStatus.PARTLY, GoalStatus.ACHIEVED, GoalStatus.ACHIEVED,
                                            GoalStatus.PARTLY]
    assert ov.surplus == 158_552
    assert sum(m.result for m in ov.members) == 158_552
    assert [m.contribution for m in ov.members] == [8_585_670, 12_240_634, 4_335_588, 6_045_108]
    assert ov.key_off_pct is None and ov.split_error is None
    assert ov.findings_total == len(check(c)) and ov.findings[Severity.ERROR] == 4  # the printed report's four
    assert ov.fulfilment_total == 13 and len(ov.fulfilment) == 13
    assert ov.deviations_total == len(ov.deviations)


def test_a_key_off_100_is_in_the_overview_and_its_split_still_sums(demo):
    demo.key.members[0] = KeyShare(demo.key.members[0].municipality, Decimal("30"))
    c = compute(demo, demo.full_year_period)
    ov = overview_of(c, check(c))
    assert ov.key_off_pct == c.key_total_pct != 100
    assert sum(m.result for m in ov.members) == ov.surplus


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(years(), st.sampled_from(DEFAULT_PERIODS), st.lists(edits, max_size=8))
def test_the_overview_is_the_same_however_the_year_was_computed(year, period, seq):
    """Edit by edit (the session's LiveYear) or all at once (compute, as the early child does after
    reading): one value, which survives pickling whole, with its parts summing to its whole."""
    live = LiveYear(year, period)
    for edit in seq:
        apply(live, edit)
    full = compute(live.year, live.period, live.options)
    ov = overview_of(live.result, check(live.result))
    assert ov == overview_of(full, check(full))
    assert pickle.loads(pickle.dumps(ov, protocol=pickle.HIGHEST_PROTOCOL)) == ov
    if ov.members:
        assert sum(m.result for m in ov.members) == ov.surplus
    assert sum(ov.counts.values()) == ov.fulfilment_total
    assert len(ov.fulfilment) == min(ov.fulfilment_total, OVERVIEW_MAX_STRIPS)
    assert len(ov.deviations) <= OVERVIEW_MAX_BARS
