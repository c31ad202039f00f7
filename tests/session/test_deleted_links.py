"""Deleting a line an indicator follows, through the session: one message naming it, undo brings both back."""

from __future__ import annotations

from sydnarke_tui.config import Config
from sydnarke_tui.session import Session


def _open(db_path) -> Session:
    s = Session.open(Config(db_path=db_path, db_is_default=False))
    s.load(2019)
    return s


def test_delete_names_the_unlinked_indicator_and_undo_relinks_it(db_path):
    s = _open(db_path)
    line = next(ln for ln in s.model.operating if ln.label == "Kapitalkostnader")
    ind = next(i for i in s.model.indicators() if "Sjukfrånvaro" in i.name)
    path = f"operating/line/{line.id}/deviation"
    s.store.set_field("indicator", ind.id, "link", path, expected_version=ind.version)
    s.after_write()
    assert s.computed.assessment.by_indicator[ind.id].outcome is not None
    msg = s.delete("operating", line.id, line.version)
    assert msg == f"Indikatorn \u201d{ind.name}\u201d mättes på raden och är nu omätt (Ctrl+Z ångrar)."
    assert next(i for i in s.model.indicators() if i.id == ind.id).link is None
    assert s.undo() is not None
    assert next(i for i in s.model.indicators() if i.id == ind.id).link == path
    assert any(ln.id == line.id for ln in s.model.operating)
    assert s.computed.assessment.by_indicator[ind.id].outcome is not None


def test_delete_of_a_line_nobody_follows_says_nothing_more(db_path):
    s = _open(db_path)
    line = next(ln for ln in s.model.operating if ln.label == "Kapitalkostnader")
    assert s.delete("operating", line.id, line.version) is None


def test_a_dangling_link_is_labelled_as_missing_in_the_form(db_path):
    s = _open(db_path)
    ind = next(i for i in s.model.indicators() if "Sjukfrånvaro" in i.name)
    s.store.set_field("indicator", ind.id, "link", "investments/line/4242/outcome", expected_version=ind.version)
    s.after_write()
    assert s.links().label("investments/line/4242/outcome") == \
        "investments/line/4242/outcome, som saknas: investeringsraden har tagits bort"
