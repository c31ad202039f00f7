"""A deleted line that indicators followed: the same change clears their links, undo puts both back."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sydnarke_tui.core.checks import check
from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.links import broken_links, link_target, year_targets
from sydnarke_tui.core.model import Options
from sydnarke_tui.store.db import Store


@pytest.fixture
def store(db_path):
    s = Store.open(db_path, user="testare")
    yield s
    s.close()


def _ind(store: Store, word: str):
    return next(i for i in store.load_year(2019).indicators() if word in i.name)


def _link(store: Store, word: str, path: str) -> None:
    ind = _ind(store, word)
    store.set_field("indicator", ind.id, "link", path, expected_version=ind.version)


def _line(store: Store, label: str):
    return next(ln for ln in store.load_year(2019).operating if ln.label == label)


def test_deleting_a_followed_line_unlinks_and_undo_puts_both_back(store):
    line = _line(store, "Kapitalkostnader")
    path = f"operating/line/{line.id}/deviation"
    _link(store, "Sjukfrånvaro", path)
    _link(store, "budgetram", path)
    before = store.load_year(2019)
    names = store.delete("operating", line.id, expected_version=line.version)
    assert len(names) == 2 and any("Sjukfrånvaro" in n for n in names) and any("budgetram" in n for n in names)
    after = store.load_year(2019)
    assert all(ln.id != line.id for ln in after.operating)
    assert _ind(store, "Sjukfrånvaro").link is None and _ind(store, "budgetram").link is None
    assert broken_links(after) == []  # nothing left dangling
    assert store.undo_last() is not None
    back = store.load_year(2019)
    assert [(ln.id, ln.label, ln.budget) for ln in back.operating] == \
        [(ln.id, ln.label, ln.budget) for ln in before.operating]
    assert [(i.id, i.link) for i in back.indicators()] == [(i.id, i.link) for i in before.indicators()]


def test_a_line_nobody_follows_clears_no_link(store):
    line = _line(store, "Kapitalkostnader")
    links = [(i.id, i.link) for i in store.load_year(2019).indicators()]
    assert store.delete("operating", line.id) == []
    assert [(i.id, i.link) for i in store.load_year(2019).indicators()] == links


def test_deleting_a_project_unlinks_its_varav_group_when_it_was_the_last(store):
    y = store.load_year(2019)
    child = next(ln for ln in y.investments if ln.parent_id is not None)
    label = child.label.strip()
    _link(store, "Sjukfrånvaro", f"investments/varav/{label}/outcome")
    parent_id = child.parent_id
    others = [ln for ln in y.investments if ln.parent_id not in (None, parent_id) and ln.label.strip() == label]
    names = store.delete("investment", parent_id)
    assert bool(names) == (not others)
    assert broken_links(store.load_year(2019)) == []


def test_undo_does_not_overwrite_a_link_chosen_since(store):
    """Another user links the indicator anew after the delete; undoing the delete keeps that link."""
    line = _line(store, "Kapitalkostnader")
    _link(store, "Sjukfrånvaro", f"operating/line/{line.id}/outcome")
    store.delete("operating", line.id)
    other = Store.open(store.path, user="någon annan")
    try:
        ind = next(i for i in other.load_year(2019).indicators() if "Sjukfrånvaro" in i.name)
        other.set_field("indicator", ind.id, "link", "operating/total/net/outcome", expected_version=ind.version)
    finally:
        other.close()
    store.undo_last()
    assert _ind(store, "Sjukfrånvaro").link == "operating/total/net/outcome"
    assert any(ln.label == "Kapitalkostnader" for ln in store.load_year(2019).operating)


def test_a_dangling_link_in_an_older_database_is_a_finding(store):
    """A link written before deletes cleared them (or by hand): the checker names the indicator and the line."""
    _link(store, "Sjukfrånvaro", "operating/line/987654/outcome")
    y = store.load_year(2019)
    period = next(p for p in y.periods if p.full_year)
    findings = [f for f in check(compute(y, period, Options())) if f.path.startswith("indicator/")]
    broken = [f for f in findings if "operating/line/987654/outcome" in f.message]
    assert len(broken) == 1 and "Sjukfrånvaro" in broken[0].message and "driftraden har tagits bort" in broken[0].message
    assert broken[0].severity.value == "error"
    ind = _ind(store, "Sjukfrånvaro")
    assert not any(f.path == f"indicator/{ind.id}" and "Utfall saknas" in f.message for f in findings)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(["del-op", "del-inv", "undo"]), st.integers(0, 30)), max_size=8),
       follow=st.lists(st.integers(0, 60), min_size=1, max_size=4))
def test_after_any_deletes_and_undos_every_link_resolves(tmp_path_factory, steps, follow):
    """Invariant: links that resolved before resolve after any sequence of deletes and undos; undoing all
    of them gives the links back exactly."""
    s = Store.open(tmp_path_factory.mktemp("p") / "p.db", user="testare")
    try:
        y = s.load_year(2019)
        choices = sorted(p for p in (f"{t}/line/{ln.id}/outcome" for t, lines in
                                     (("operating", y.operating), ("investments", y.investments)) for ln in lines))
        inds = y.indicators()
        for k, n in enumerate(follow):
            ind = inds[k % len(inds)]
            cur = next(i for i in s.load_year(2019).indicators() if i.id == ind.id)
            s.set_field("indicator", ind.id, "link", choices[n % len(choices)], expected_version=cur.version)
        start = [(i.id, i.link) for i in s.load_year(2019).indicators()]
        done = 0
        for what, n in steps:
            now = s.load_year(2019)
            if what == "undo":
                if done and s.undo_last() is not None:
                    done -= 1
            else:
                lines = now.operating if what == "del-op" else now.investments
                if lines:
                    s.delete("operating" if what == "del-op" else "investment", lines[n % len(lines)].id)
                    done += 1
            after = s.load_year(2019)
            assert broken_links(after) == []
            targets = year_targets(after)
            assert all(link_target(i.link) in targets for i in after.indicators() if i.link and link_target(i.link))
        for _ in range(done):
            s.undo_last()
        assert [(i.id, i.link) for i in s.load_year(2019).indicators()] == start
    finally:
        s.close()
