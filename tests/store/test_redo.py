"""Redo (issue 11 item 3, issue 7 item 1): put back what undo took, in order, never over a newer change."""

import pytest

from sydnarke_tui.store.db import Store, StoreError


@pytest.fixture
def store(db_path):
    s = Store.open(db_path, user="testare")
    yield s
    s.close()


def _budget(store, lid):
    return next(ln for ln in store.load_year(2019).operating if ln.id == lid).budget


def test_undo_then_redo_in_order(store):
    a, b = [ln.id for ln in store.load_year(2019).operating[2:4]]
    store.set_field("operating", a, "budget", 1)
    store.set_field("operating", b, "budget", 2)
    store.undo_last()
    store.undo_last()
    assert (_budget(store, a), _budget(store, b)) == (11_799_000, 2_580_000)
    first = store.redo_last()
    assert (first.entity_id, first.old, first.new) == (a, "11799000", "1")
    assert (_budget(store, a), _budget(store, b)) == (1, 2_580_000)
    store.redo_last()
    assert (_budget(store, a), _budget(store, b)) == (1, 2)
    assert store.redo_last() is None
    store.undo_last()  # a redo is an ordinary change: it can be undone again
    assert _budget(store, b) == 2_580_000


def test_a_new_change_after_undo_ends_redo(store):
    a, b = [ln.id for ln in store.load_year(2019).operating[2:4]]
    store.set_field("operating", a, "budget", 1)
    store.undo_last()
    store.set_field("operating", b, "budget", 5)
    assert store.redo_last() is None
    assert _budget(store, a) == 11_799_000


def test_redo_of_an_added_row_is_refused_with_a_message(store):
    store.add_operating_line(2019, "Ny rad", store.load_year(2019).operating[0].kind)
    store.undo_last()
    with pytest.raises(StoreError, match="Gör om gäller ändrade värden"):
        store.redo_last()


def test_nothing_to_redo_on_a_fresh_database(store):
    assert store.redo_last() is None
