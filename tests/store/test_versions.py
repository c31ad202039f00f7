"""Every editable value is saved against the version its edit started from:
the narrative per period, goal analyses, the key basis, members, the organisation."""

import copy
import threading
from decimal import Decimal

import pytest

from sydnarke_tui.store.codec import FIELDS
from sydnarke_tui.store.db import ConflictError, Store, field_version


@pytest.fixture
def store(db_path):
    s = Store.open(db_path, user="testare")
    yield s
    s.close()


@pytest.fixture
def other(db_path, store):
    s = Store.open(db_path, user="kollega")
    yield s
    s.close()


def test_loaded_model_carries_the_versions(store):
    y = store.load_year(2019)
    assert (y.version, y.key.version) == (1, 1)
    assert all(m.version == 1 and m.id for m in y.key.members)
    assert y.narrative_version("t1") == 0 and y.narrative_version("helar") == 1  # the demo has helår text
    store.set_field("year", 2019, "narrative", "Text", period="t1", expected_version=0)
    store.set_field("year", 2019, "organisation", "Ny nämnd", expected_version=y.version)
    store.set_field("year", 2019, "key_basis", "base", expected_version=y.key.version)
    y2 = store.load_year(2019)
    assert (y2.narrative_version("t1"), y2.narrative_version("delar"), y2.narrative_version("helar"),
            y2.version, y2.key.version) == (1, 0, 1, 2, 2)


def test_stale_narrative_save_is_a_conflict_with_the_current_text(store, other):
    mine = store.load_year(2019)
    theirs = other.load_year(2019)
    v = other.set_field("year", 2019, "narrative", "Deras text", period="t1",
                        expected_version=theirs.narrative_version("t1"))
    assert v == 1
    with pytest.raises(ConflictError) as err:
        store.set_field("year", 2019, "narrative", "Min text", period="t1",
                        expected_version=mine.narrative_version("t1"))
    assert (err.value.current, err.value.version) == ("Deras text", 1)
    assert "Deras text" in str(err.value)
    assert store.load_year(2019).narrative["t1"] == "Deras text"
    # saved again against the version the conflict named: accepted
    assert store.set_field("year", 2019, "narrative", "Min text", period="t1", expected_version=1) == 2


def test_each_narrative_period_and_each_year_field_has_its_own_version(store, other):
    mine = store.load_year(2019)
    other.set_field("year", 2019, "narrative", "Helår", period="helar", expected_version=1)
    other.set_field("year", 2019, "organisation", "Annan", expected_version=mine.version)
    # neither touched the T1 narrative nor the key basis: both saves go through
    store.set_field("year", 2019, "narrative", "T1", period="t1", expected_version=mine.narrative_version("t1"))
    store.set_field("year", 2019, "key_basis", "base", expected_version=mine.key.version)
    with pytest.raises(ConflictError) as err:
        store.set_field("year", 2019, "organisation", "Min", expected_version=mine.version)
    assert (err.value.current, err.value.version) == ("Annan", 2)


def test_stale_key_basis_and_member_share_are_conflicts(store, other):
    mine = store.load_year(2019)
    m = mine.key.members[0]
    other.set_field("year", 2019, "key_basis", "base", expected_version=mine.key.version)
    other.set_field("member", m.id, "share_pct", Decimal("30"), expected_version=m.version)
    with pytest.raises(ConflictError) as err:
        store.set_field("year", 2019, "key_basis", "shares", expected_version=mine.key.version)
    assert (err.value.current, err.value.version) == ("base", 2)
    with pytest.raises(ConflictError) as err:
        store.set_field("member", m.id, "share_pct", Decimal("31"), expected_version=m.version)
    assert (err.value.current, err.value.version) == (Decimal("30"), 2)
    with pytest.raises(ConflictError):
        store.set_field("member", m.id, "base", 1000, expected_version=m.version)
    y = store.load_year(2019)
    assert (y.key.basis, y.key.members[0].share_pct, y.key.members[0].base) == ("base", Decimal("30"), None)


def test_stale_goal_analysis_is_a_conflict(store, other):
    g = store.load_year(2019).goals[0]
    other.set_field("goal", g.id, "comment", "Deras analys", period="helar", expected_version=g.version)
    with pytest.raises(ConflictError) as err:
        store.set_field("goal", g.id, "comment", "Min analys", period="helar", expected_version=g.version)
    assert (err.value.current, err.value.version) == ("Deras analys", g.version + 1)
    assert store.load_year(2019).goals[0].comments["helar"] == "Deras analys"


def test_undo_of_a_narrative_save_moves_its_version_on(store):
    store.set_field("year", 2019, "narrative", "Först", period="t1", expected_version=0)
    store.undo_last()
    y = store.load_year(2019)
    assert y.narrative.get("t1", "") == "" and y.narrative_version("t1") == 2
    with pytest.raises(ConflictError):  # a save based on the undone text is stale
        store.set_field("year", 2019, "narrative", "Sen", period="t1", expected_version=1)


def test_two_writers_appending_to_one_narrative_lose_nothing(db_path, store):
    """Each save from a fresh read, retried on conflict: every token survives."""
    errors: list[Exception] = []

    def writer(n: int) -> None:
        try:
            with Store.open(db_path, user=f"u{n}") as s:
                for k in range(60):
                    while True:
                        y = s.load_year(2019)
                        text = y.narrative.get("t1", "") + f"[{n}.{k}]"
                        try:
                            s.set_field("year", 2019, "narrative", text, period="t1",
                                        expected_version=y.narrative_version("t1"))
                            break
                        except ConflictError:
                            continue
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    y = store.load_year(2019)
    assert all(f"[{n}.{k}]" in y.narrative["t1"] for n in range(2) for k in range(60))
    assert y.narrative_version("t1") == 120


def test_import_writes_year_fields_and_members_three_way(store, other):
    base = store.load_year(2019)
    edited = copy.deepcopy(base)
    edited.narrative["helar"] = "Importerad berättelse"
    edited.organisation = "Importerad"
    edited.key.members[1].share_pct = Decimal("40")
    del edited.key.members[3]
    # meanwhile: a colleague writes another period's narrative and another member
    other.set_field("year", 2019, "narrative", "Kollegans T1", period="t1", expected_version=0)
    other.set_field("member", base.key.members[0].id, "base", 10, expected_version=base.key.members[0].version)
    log = store.replace_year(edited, base=base, source="fil")
    y = store.load_year(2019)
    assert y.narrative == {"t1": "Kollegans T1", "helar": "Importerad berättelse"}
    assert y.organisation == "Importerad" and y.version == 2 and y.key.version == 1
    assert [m.municipality for m in y.key.members] == [m.municipality for m in base.key.members[:3]]
    assert (y.key.members[0].base, y.key.members[1].share_pct, y.key.members[1].version) == (10, Decimal("40"), 2)
    assert len(log) == 4 and y.narrative_version("helar") == 2
    actions = [(r.entity, r.field) for r in store.audit(5)]
    assert ("year", "narrative") in actions and ("member", "") in actions


def test_import_changing_a_narrative_a_colleague_changed_is_a_conflict(store, other):
    base = store.load_year(2019)
    edited = copy.deepcopy(base)
    edited.narrative["t1"] = "Importens"
    other.set_field("year", 2019, "narrative", "Kollegans", period="t1", expected_version=0)
    with pytest.raises(ConflictError, match="Kollegans"):
        store.replace_year(edited, base=base, source="fil")
    assert store.load_year(2019).narrative["t1"] == "Kollegans"


SAMPLE = {  # a value each field accepts, different from the demo's
    "text": "Ändrad", "value": Decimal("42"), "comparison": ">", "int": 7, "formula": "ratio", "status": "partly",
    "kind": "cost", "bool": True, "section": "Verksamhet", "decimal": Decimal("12.5"), "basis": "base",
    "link": "operating/total/net/deviation", "profile": (1,) * 12,
}


def _targets(y):
    g, ind, op, inv, m = y.goals[0], y.goals[0].indicators[0], y.operating[0], y.investments[0], y.key.members[0]
    return {"goal": g.id, "indicator": ind.id, "operating": op.id, "investment": inv.id, "member": m.id,
            "year": y.year}


@pytest.mark.parametrize("entity,field", [(e, f) for e, fs in FIELDS.items() for f in fs])
def test_the_models_version_is_the_one_each_save_names(store, entity, field):
    """For every editable field: the loaded model's version is accepted, a save moves
    it on, and the old one is then stale."""
    where, kind = FIELDS[entity][field]
    period = "t1" if where == "period" else None
    y = store.load_year(2019)
    eid = _targets(y)[entity]
    before = field_version(y, entity, eid, field, period)
    after = store.set_field(entity, eid, field, SAMPLE[kind], period=period, expected_version=before)
    assert after == before + 1 == field_version(store.load_year(2019), entity, eid, field, period)
    with pytest.raises(ConflictError) as err:
        store.set_field(entity, eid, field, None if kind != "basis" else "shares", period=period,
                        expected_version=before)
    assert err.value.version == after
