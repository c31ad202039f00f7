"""Versions never go back (issue 17 item 2): whatever rewrites a row in another process — load,
load --replace, import, new year, undo, redo — an edit started before it meets a conflict when it
is saved, never a silent overwrite. The app's side is a Session in this process; the other side is
the real CLI in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sydnarke_tui.config import Config
from sydnarke_tui.session import Conflict, Saved, Session
from sydnarke_tui.session.specs import line_specs
from sydnarke_tui.store.db import ConflictError

ROOT = Path(__file__).resolve().parents[2]
LABEL = "Databehandling, licenser"


def cli(db: Path, *args: str) -> str:
    r = subprocess.run([sys.executable, "-m", "sydnarke_tui", "--db", str(db), *args], capture_output=True, text=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


@pytest.fixture
def session(db_path):
    s = Session.open(Config(db_path=db_path, db_is_default=False), user="anna")
    yield s
    s.close()


def start_typing(s: Session, year: int, text: str):
    """App A opens the year, starts editing Databehandling's budget and types `text` (not saved yet)."""
    s.load(year)
    line = next(ln for ln in s.model.operating if ln.label == LABEL)
    spec = next(x for x in line_specs("operating", line.id, s.period, "tkr", []) if x.field == "budget")
    e = s.begin_edit(spec)
    assert s.live(e, text) is None
    return e


def budget(db: Path, year: int) -> int:
    s = Session.open(Config(db_path=db, db_is_default=False))
    try:
        return next(ln.budget for ln in s.read_year(year).operating if ln.label == LABEL)
    finally:
        s.close()


def dump_with_budget(db: Path, tmp: Path, year: int, amount: int) -> Path:
    """The year as the program writes it, with Databehandling's budget changed by hand."""
    out = tmp / f"{year}.toml"
    cli(db, "report", "--year", str(year), "--format", "toml", "-o", str(out))
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    if lines[0].startswith("file = "):
        del lines[0]  # a hand-edited file has no header
    text = "".join(lines)
    assert text.count("budget = 5250000\n") == 1  # Databehandling's
    out.write_text(text.replace("budget = 5250000\n", f"budget = {amount}\n"), encoding="utf-8")
    return out


def assert_conflict(s: Session, edit, theirs: int) -> None:
    r = s.save(edit)
    assert isinstance(r, Conflict), r
    assert r.theirs == theirs and r.yours == 555_000


def test_load_replace_meets_a_conflict(session, db_path, tmp_path):
    edit = start_typing(session, 2019, "555")
    path = dump_with_budget(db_path, tmp_path, 2019, 6_666_000)
    out = cli(db_path, "load", str(path), "--replace")
    assert "ersätter" in out.lower()
    assert_conflict(session, edit, 6_666_000)
    assert budget(db_path, 2019) == 6_666_000  # nothing overwritten


def test_plain_load_after_undo_meets_a_conflict(session, db_path, tmp_path):
    cli(db_path, "new-year", "--from", "2019", "--to", "2020")
    path = dump_with_budget(db_path, tmp_path, 2020, 7_000_000)
    edit = start_typing(session, 2020, "555")
    cli(db_path, "undo", "--anyone")  # the year 2020 is removed: its ids are free again
    cli(db_path, "load", str(path))  # and loaded anew into the same ids
    assert_conflict(session, edit, 7_000_000)


def test_new_year_after_undo_meets_a_conflict(session, db_path):
    cli(db_path, "new-year", "--from", "2019", "--to", "2020")
    edit = start_typing(session, 2020, "555")
    cli(db_path, "undo", "--anyone")
    cli(db_path, "new-year", "--from", "2019", "--to", "2020")
    # the same figures came back into the same ids: only the version tells the edit's row is gone
    with pytest.raises(ConflictError):
        session.store.set_field("operating", edit.spec.entity_id, "budget", 555_000,
                                expected_version=edit.base_version)


def test_import_meets_a_conflict(session, db_path, tmp_path):
    edit = start_typing(session, 2019, "555")
    csv = tmp_path / "drift.csv"
    csv.write_text(f"Slagtext;Budget\n{LABEL};6 100\n", encoding="utf-8")
    cli(db_path, "import", str(csv), "--year", "2019", "--table", "drift")
    assert_conflict(session, edit, 6_100_000)


def test_undo_and_redo_meet_a_conflict(session, db_path):
    first = start_typing(session, 2019, "1")
    assert isinstance(session.save(first), Saved)
    edit = start_typing(session, 2019, "555")
    cli(db_path, "undo", "--anyone")  # another user takes anna's save back
    assert_conflict(session, edit, 5_250_000)
    edit = start_typing(session, 2019, "555")
    cli(db_path, "redo", "--anyone")
    assert_conflict(session, edit, 1_000)


def test_undo_is_your_own_unless_anyone(session, db_path):
    assert isinstance(session.save(start_typing(session, 2019, "1")), Saved)
    out = cli(db_path, "undo")  # the OS user has no change of their own after the first year
    assert "Inget av dina ändringar" in out or "databasens första år" in out
    assert budget(db_path, 2019) == 1_000
    out = cli(db_path, "undo", "--anyone")
    assert "ändringen gjordes av anna" in out
    assert budget(db_path, 2019) == 5_250_000
