"""The session layer on its own: edits keep their base, conflicts carry both values, one connection per thread."""

from __future__ import annotations

import threading
from decimal import Decimal

import pytest

from sydnarke_tui.config import Config
from sydnarke_tui.io.exports import REGISTRY as EXPORT_FORMATS
from sydnarke_tui.session import Conflict, Failed, Saved, Session
from sydnarke_tui.session.specs import indicator_specs, member_specs, narrative_spec


def _open(db_path) -> Session:
    s = Session.open(Config(db_path=db_path, db_is_default=False))
    s.load(2019)
    return s


def _outcome_spec(s: Session):
    ind = s.model.goals[0].indicators[0]
    return next(x for x in indicator_specs(ind, s.period) if x.key == "outcome")


def test_live_edit_never_touches_the_database(db_path):
    a, b = _open(db_path), _open(db_path)
    e = a.begin_edit(_outcome_spec(a))
    assert a.live(e, "70") is None and e.dirty
    assert a.computed.assessment.by_indicator[e.spec.entity_id].fulfilment_pct == 88
    b.load(2019)
    assert b.value(_outcome_spec(b)) == Decimal(90)
    assert a.live(e, "7x") is not None and a.invalid and not e.valid
    assert isinstance(a.save(e), Failed)
    a.live(e, "70")
    assert isinstance(a.save(e), Saved) and not a.edits
    b.load(2019)
    assert b.value(_outcome_spec(b)) == Decimal(70)


def test_reload_keeps_the_base_and_the_typed_value_then_conflict(db_path):
    a, b = _open(db_path), _open(db_path)
    e = a.begin_edit(_outcome_spec(a))
    a.live(e, "75")
    eb = b.begin_edit(_outcome_spec(b))
    b.live(eb, "60")
    assert isinstance(b.save(eb), Saved)
    assert a.changed_elsewhere()
    a.load(2019)
    assert e.base_value == Decimal(90) and e.latest == Decimal(60) and a.value(e.spec) == Decimal(75)
    result = a.save(e)
    assert isinstance(result, Conflict)
    assert (result.yours, result.theirs, result.before) == (Decimal(75), Decimal(60), Decimal(90))
    assert "'75'" in result.message() and "'60'" in result.message() and "'90'" in result.message()
    assert isinstance(a.resolve(result, keep_mine=True), Saved)
    b.load(2019)
    assert b.value(_outcome_spec(b)) == Decimal(75)


def test_taking_theirs_and_cancel(db_path):
    a, b = _open(db_path), _open(db_path)
    e = a.begin_edit(_outcome_spec(a))
    a.live(e, "75")
    eb = b.begin_edit(_outcome_spec(b))
    b.live(eb, "60")
    b.save(eb)
    c = a.save(e)
    assert isinstance(c, Conflict)
    assert a.resolve(c, keep_mine=False) == Saved(Decimal(60), c.version)
    assert a.value(e.spec) == Decimal(60)
    e2 = a.begin_edit(_outcome_spec(a))
    a.live(e2, "1")
    assert a.cancel(e2) == Decimal(60) and a.value(e2.spec) == Decimal(60) and not a.edits


@pytest.mark.parametrize("which", ["narrative", "share"])
def test_narrative_and_key_are_versioned(db_path, which):
    """The narrative (the year row's version) and a key share conflict like any field."""
    a, b = _open(db_path), _open(db_path)

    def spec(s):
        if which == "narrative":
            return narrative_spec(2019, "helar")
        return next(x for x in member_specs(s.model.key.members[0].id, 2019) if x.field == "share_pct")

    mine, theirs = {"narrative": ("A", "B"), "share": ("30", "28")}[which]
    e = a.begin_edit(spec(a))
    a.live(e, mine)
    eb = b.begin_edit(spec(b))
    b.live(eb, theirs)
    assert isinstance(b.save(eb), Saved)
    result = a.save(e)
    assert isinstance(result, Conflict)
    assert spec(a).fmt(result.theirs) == theirs and result.before == e.base_value


def test_worker_threads_get_their_own_connection(db_path):
    s = _open(db_path)
    seen = {}

    def worker():
        with s.thread_store() as st:
            seen["conn"] = st.conn
            seen["years"] = st.years()

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    with s.thread_store() as main:
        assert main is s.store
    assert seen["conn"] is not s.store.conn and seen["years"] == [2019]


def test_workflows_exist_once(db_path, tmp_path):
    s = _open(db_path)
    s.new_year(2019, 2020)
    s.after_write(2020)
    assert s.years == [2019, 2020] and s.model.year == 2020
    for fmt, f in EXPORT_FORMATS.items():
        out = tmp_path / (f"r-{fmt}" if fmt == "csv" else f"r.{fmt}")
        assert s.export(fmt, out), fmt
    lines = s.log_lines(5)
    assert any("nytt år" in x or "2020" in x for x in lines)


def test_live_recalculation_equals_a_full_compute(db_path):
    from sydnarke_tui.core.compute import compute
    from sydnarke_tui.session.specs import line_specs

    s = _open(db_path)
    ln = s.model.operating[2]
    specs = {x.key: x for x in line_specs("operating", ln.id, s.period, "tkr", [])}
    share = next(x for x in member_specs(s.model.key.members[1].id, 2019) if x.field == "share_pct")
    for spec, text in ((specs["outcome"], "10 000"), (_outcome_spec(s), "70"), (share, "40"),
                       (specs["label"], "Personal"), (specs["budget"], "12 000")):
        s.live(s.begin_edit(spec), text)
        full = compute(s.model, s.period, s.config.options)
        assert s.computed.surplus == full.surplus
        assert [r.amount for r in s.computed.result_split] == [r.amount for r in full.result_split]
        assert s.computed.assessment.counts == full.assessment.counts
        assert s.computed.operating.net == full.operating.net
