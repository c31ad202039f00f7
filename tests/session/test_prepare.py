"""A year's figures computed on the reading thread (Session.prepare) are taken by adopt only when
they still fit: the same year object, the same period, no edit pending. Otherwise adopt computes."""

from __future__ import annotations

import threading
from decimal import Decimal

from sydnarke_tui.config import Config
from sydnarke_tui.core.checks import check
from sydnarke_tui.core.compute import compute
from sydnarke_tui.session import Session
from sydnarke_tui.session.specs import indicator_specs


def _session(db_path) -> Session:
    s = Session.open(Config(db_path=db_path, db_is_default=False))
    s.year_no = 2019
    return s


def _outcome_spec(s: Session):
    return next(x for x in indicator_specs(s.model.goals[0].indicators[0], s.period) if x.key == "outcome")


def test_prepared_on_another_thread_equals_a_full_compute(db_path):
    s = _session(db_path)
    got = {}

    def read() -> None:  # as the app's load worker: read and compute off the session's thread
        model = s.read_year(2019)
        got["model"], got["prepared"] = model, s.prepare(model)

    t = threading.Thread(target=read)
    t.start()
    t.join()
    gen = s.generation
    assert s.adopt(2019, got["model"], got["prepared"])
    assert s.computed is got["prepared"].live.result and s.generation == gen + 1
    full = compute(s.model, s.period, s.config.options)
    assert s.computed == full and s.findings == check(full)
    assert s.computed.surplus == 158_552
    # the live year taken over goes on incrementally
    e = s.begin_edit(_outcome_spec(s))
    assert s.live(e, "70") is None
    assert s.computed == compute(s.model, s.period, s.config.options)


def test_prepared_for_another_period_is_not_taken(db_path):
    s = _session(db_path)
    model = s.read_year(2019)
    prepared = s.prepare(model)
    assert prepared.period_code == model.full_year_period.code
    s.period_code = model.periods[0].code  # the user switched period meanwhile
    assert s.adopt(2019, model, prepared)
    assert s.computed is not prepared.live.result and s.computed.period.code == model.periods[0].code
    assert s.computed == compute(model, model.periods[0], s.config.options)


def test_an_edit_pending_is_applied_before_the_figures(db_path):
    s = _session(db_path)
    s.load(2019)
    e = s.begin_edit(_outcome_spec(s))
    s.live(e, "70")
    model = s.read_year(2019)
    assert s.prepare(model) is None  # nothing computed ahead while an edit waits to go into the year
    other = s.read_year(2019)
    stale = Session.open(Config(db_path=db_path, db_is_default=False)).prepare(other)
    assert s.adopt(2019, other, stale)  # figures prepared without the edit: not taken
    assert s.value(e.spec) == Decimal(70)
    assert s.computed is not stale.live.result
    assert s.computed == compute(other, s.period, s.config.options)
    assert s.computed.assessment.by_indicator[e.spec.entity_id].fulfilment_pct == 88


def test_another_year_is_not_adopted(db_path):
    s = _session(db_path)
    model = s.read_year(2019)
    prepared = s.prepare(model)
    s.year_no = 2020  # the user moved on before the read ended
    assert not s.adopt(2019, model, prepared) and s.model is None and s.computed is None
