"""Issue 18 in the session: a link chosen by name, a linked outcome refused, a profile typed or named."""

from __future__ import annotations

from decimal import Decimal

from sydnarke_tui.config import Config
from sydnarke_tui.session import Saved, Session
from sydnarke_tui.session.specs import indicator_specs, line_specs


def _open(db_path) -> Session:
    s = Session.open(Config(db_path=db_path, db_is_default=False))
    s.load(2019)
    return s


def _ind_specs(s: Session, word: str) -> dict:
    ind = next(i for i in s.model.indicators() if word in i.name)
    return {x.key: x for x in indicator_specs(ind, s.period, s.links())}


def test_link_by_words_saved_and_the_outcome_follows(db_path):
    s = _open(db_path)
    specs = _ind_specs(s, "Sjukfrånvaro")
    assert s.value(specs["link"]) is None and specs["link"].fmt(None) == ""
    e = s.begin_edit(specs["link"])
    assert s.live(e, "kapital avvikelse") is None  # Drift › Kapitalkostnader › avvikelse
    assert e.value.startswith("operating/line/") and e.value.endswith("/deviation")
    ind_id = specs["link"].entity_id
    assert s.computed.assessment.by_indicator[ind_id].outcome == Decimal(709_100)  # the unit is %: kronor
    assert isinstance(s.save(e), Saved)
    assert s.value(specs["outcome"]) == Decimal(709_100)
    e = s.begin_edit(specs["outcome"])
    assert "följer Drift › Kapitalkostnader › avvikelse" in s.live(e, "3")
    s.cancel(e)
    e = s.begin_edit(specs["link"])
    assert "passar" in s.live(e, "avvikelse")  # many figures: say which
    assert "Ingen siffra" in s.live(e, "finns inte")
    assert s.live(e, "") is None and e.value is None
    assert isinstance(s.save(e), Saved)
    assert s.value(specs["outcome"]) == Decimal("3.58")


def test_profile_preset_and_twelve_months(db_path):
    s = _open(db_path)
    s.set_period("t1")
    ln = next(x for x in s.model.operating if x.label == "Personalkostnader")
    spec = next(x for x in line_specs("operating", ln.id, s.period, "tkr", []) if x.key == "profile")
    assert spec.fmt(s.value(spec)) == "jämn"
    e = s.begin_edit(spec)
    assert s.live(e, "semester") is None
    f = next(f for x, f in s.computed.operating.lines if x.id == ln.id)
    assert f.budget_to_date == 4 * 1_026_000
    months = "; ".join(["1 000"] * 6 + ["499"] + ["1 060"] * 5)
    assert s.live(e, months) is None
    assert next(f for x, f in s.computed.operating.lines if x.id == ln.id).budget_to_date == 4_000_000
    assert "12 månader" in s.live(e, "1 000; 2 000")
    s.live(e, months)
    assert isinstance(s.save(e), Saved)
    s.load(2019)
    assert next(x for x in s.model.operating if x.label == "Personalkostnader").profile[6] == 499_000
    assert spec.fmt(s.value(spec)).startswith("1 000; 1 000")
