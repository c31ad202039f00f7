"""`Session.shown_year` and `Session.figures`: the shown year without an unchecked None, or NoYear."""

from __future__ import annotations

import pytest

from sydnarke_tui.config import Config
from sydnarke_tui.session import NoYear, Session, SessionError
from sydnarke_tui.session.specs import line_specs


def _session(db_path, demo: bool) -> Session:
    return Session.open(Config(db_path=db_path, db_is_default=False), demo=demo)


def test_no_year_shown_is_said_not_none(db_path):
    s = _session(db_path, demo=False)
    for read in (lambda: s.shown_year, lambda: s.figures, lambda: s.period):
        with pytest.raises(NoYear, match="^Inget år är öppet.$"):
            read()
    with pytest.raises(SessionError, match="Inget år är öppet"):  # a write into no year, said the same way
        s.add_goal("Nytt mål")
    assert s.store.years() == []


def test_the_shown_year_and_its_figures_follow_the_session(db_path):
    s = _session(db_path, demo=True)
    s.load(2019)
    assert s.shown_year is s.model and s.figures is s.computed and s.period.code == s.period_code
    line = s.shown_year.operating[0]
    spec = next(x for x in line_specs("operating", line.id, s.period, "kr", []) if x.key == "budget")
    budget = s.figures.operating.lines[0][1].budget
    assert budget is not None
    edit = s.begin_edit(spec)
    assert edit is not None and s.live(edit, str(budget + 1000)) is None
    assert s.figures.operating.lines[0][1].budget == budget + 1000  # the figures now, not those of the load
