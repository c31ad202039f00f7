from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import Comparison, Status
from sydnarke_tui.io.errors import FileFormatError
from sydnarke_tui.io.report_json import report_dict
from sydnarke_tui.io.rollover import next_year
from sydnarke_tui.io.toml_io import dump_year_toml, load_year_toml


def test_next_year_from_demo(demo_year):
    snapshot = copy.deepcopy(demo_year)
    y = next_year(demo_year, 2020)
    assert demo_year == snapshot  # the old year is untouched
    assert y.year == 2020 and y.organisation == demo_year.organisation
    assert [p.code for p in y.periods] == ["t1", "delar", "helar"]
    assert [g.title for g in y.goals] == [g.title for g in demo_year.goals]
    inds = {i.name: i for i in y.indicators()}
    hme = inds["Värde medarbetarundersökningen – medarbetarengagemang (HME)"]
    assert hme.comparison is Comparison.GT and hme.baseline == 59 and hme.target == 59
    sick = inds["Sjukfrånvaro"]
    assert sick.baseline == Decimal("3.58") and sick.target == 7  # a ≤ target is kept
    first = y.goals[0].indicators[0]
    assert first.baseline == 90 and first.target == 80
    assert inds["Miljödiplomering av Lekebergs kommun"].baseline is True
    assert inds["Beställningar av datorer och kringutrustning inom 2 dagar"].baseline is None
    assert all(not i.values for i in y.indicators())
    assert all(not g.comments for g in y.goals)
    # lines: last year's outcome becomes previous_outcome; values cleared; budget kept as a start
    assert [ln.previous_outcome for ln in y.operating] == [ln.value("helar").outcome for ln in demo_year.operating]
    assert all(not ln.values for ln in [*y.operating, *y.investments])
    assert y.operating[1].is_contribution and y.operating[1].budget == -31_207_000
    assert [(ln.label, ln.parent_id, ln.municipality) for ln in y.investments] == [
        (ln.label, ln.parent_id, ln.municipality) for ln in demo_year.investments]
    assert y.investments[1].previous_outcome == 1_301_000  # a varav row keeps its history too
    assert y.printed == {} and y.narrative == {}
    assert y.key == demo_year.key and y.key is not demo_year.key
    y.key.members[0].share_pct = Decimal(1)
    assert demo_year.key.members[0].share_pct == Decimal("27.512")


def test_next_year_reports_and_round_trips(demo_year):
    y = next_year(demo_year, 2020)
    d = report_dict(compute(y, y.full_year_period))
    assert d["year"] == 2020
    statuses = {i["status"] for g in d["goals"] for i in g["indicators"]}
    assert statuses == {Status.NOT_MEASURED.value}
    assert all("previous_outcome" in ln for ln in d["operating"]["lines"])
    text = dump_year_toml(y)
    assert dump_year_toml(load_year_toml(text)) == text


def test_gt_target_with_own_baseline(demo_year):
    hme = demo_year.goals[3].indicators[0]
    hme.baseline = Decimal(70)  # the target (74) is not "more than last year": keep it
    y = next_year(demo_year, 2020)
    assert y.goals[3].indicators[0].target == 74 and y.goals[3].indicators[0].baseline == 59
    hme.baseline = Decimal(74)
    assert next_year(demo_year, 2020).goals[3].indicators[0].target == 59


def test_next_year_must_be_later(demo_year):
    with pytest.raises(FileFormatError, match="måste vara senare än 2019"):
        next_year(demo_year, 2019)
