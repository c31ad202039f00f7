"""The journal of unsaved values, saving them back through the session, and a save that waits for a lock."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from sydnarke_tui.config import Config
from sydnarke_tui.session import Busy, Conflict, Saved, Session
from sydnarke_tui.session import recovery
from sydnarke_tui.session.recovery import Journal, ended_journals, restore
from sydnarke_tui.session.specs import line_specs


def _open(db_path) -> Session:
    s = Session.open(Config(db_path=db_path, db_is_default=False))
    s.load(2019)
    return s


def _spec(s: Session, key: str, row: int = 2):
    line = s.model.operating[row]
    members = [m.municipality for m in s.model.key.members]
    return next(x for x in line_specs("operating", line.id, s.period, s.config.input_unit, members) if x.key == key)


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _typed(db_path, key: str, text: str, row: int = 2) -> list[dict]:
    """What the journal holds after `text` is typed into `key` of operating line `row` (not saved)."""
    s = _open(db_path)
    s.journal = j = Journal(s, db_path)
    e = s.begin_edit(_spec(s, key, row))
    s.live(e, text)
    assert j.behind and j.flush()
    entries = recovery.read_entries(j.path)
    s.close()
    return entries


def _leave_ended(db_path: Path, entries: list[dict]) -> Path:
    """A journal left by a process that has ended (a kill -9)."""
    path = db_path.with_name(f"{db_path.name}.recovery-{_dead_pid()}-0.json")
    recovery.write_atomic(path, json.dumps({"format": recovery.FORMAT, "entries": entries}))
    return path


def test_the_journal_holds_what_is_typed_and_loses_a_field_once_it_is_saved_or_put_back(db_path):
    s = _open(db_path)
    s.journal = j = Journal(s, db_path)
    budget = s.begin_edit(_spec(s, "budget"))
    s.live(budget, "123")
    assert j.behind and 0 < j.due_in() <= recovery.DELAY
    assert j.flush() and not j.behind
    [entry] = recovery.read_entries(j.path)
    line = s.model.operating[2]
    assert (entry["entity"], entry["id"], entry["field"], entry["period"]) == ("operating", line.id, "budget", None)
    assert (entry["text"], entry["raw"], entry["version"], entry["valid"]) == ("123", 123_000, line.version, True)
    assert entry["base"] == s.store.load_year(2019).operating[2].budget == budget.base_value != 123_000
    outcome = s.begin_edit(_spec(s, "outcome"))
    s.live(outcome, "7x")  # invalid text is kept too (the user types it again)
    j.flush()
    assert [(e["field"], e["valid"]) for e in recovery.read_entries(j.path)] == [("budget", True), ("outcome", False)]
    s.cancel(outcome)  # Esc: out at once, no timer needed
    assert [e["field"] for e in recovery.read_entries(j.path)] == ["budget"]
    assert isinstance(s.save(budget), Saved)
    assert not j.path.exists()  # nothing unsaved: no file
    assert not list(db_path.parent.glob("*.tmp"))


def test_only_ended_sessions_journals_are_taken_over_and_one_process_takes_each(db_path):
    entries = _typed(db_path, "budget", "123")
    live = Journal(_open(db_path), db_path)  # a running app in this process: its journal is not taken
    live.carried = entries
    live.flush()
    ended = _leave_ended(db_path, entries)
    assert ended_journals(db_path) == [ended]
    a, b = Journal(_open(db_path), db_path), Journal(_open(db_path), db_path)
    assert [e["text"] for e in a.take_over()] == ["123"]
    assert b.take_over() == [] and not ended.exists()
    assert recovery.read_entries(a.path) == entries  # carried on in a's own journal
    a.drop(a.carried)
    assert not a.path.exists() and live.path.exists()


def test_restore_saves_through_the_session_against_the_base_version(db_path):
    entries = _typed(db_path, "budget", "123")
    s = _open(db_path)
    r = restore(s, entries)
    assert (r.saved, r.skipped, r.conflicts, r.later) == (1, [], [], [])
    assert s.store.load_year(2019).operating[2].budget == 123_000


def test_restore_rebases_when_only_another_field_of_the_row_changed(db_path):
    # store.set_field against the old row version refused this; the session's rule saves it
    entries = _typed(db_path, "budget", "123")
    other = _open(db_path)
    e = other.begin_edit(_spec(other, "comment"))
    other.live(e, "ändrad av någon annan")
    assert isinstance(other.save(e), Saved)
    s = _open(db_path)
    r = restore(s, entries)
    assert (r.saved, r.conflicts) == (1, [])
    line = s.store.load_year(2019).operating[2]
    assert (line.budget, line.value("helar").comment) == (123_000, "ändrad av någon annan")


def test_restore_of_a_stale_value_is_a_conflict_never_an_overwrite(db_path):
    entries = _typed(db_path, "budget", "123")
    other = _open(db_path)
    e = other.begin_edit(_spec(other, "budget"))
    other.live(e, "456")
    assert isinstance(other.save(e), Saved)
    s = _open(db_path)
    r = restore(s, entries)
    assert r.saved == 0 and len(r.conflicts) == 1
    conflict = r.conflicts[0][1]
    assert isinstance(conflict, Conflict) and (conflict.yours, conflict.theirs) == (123_000, 456_000)
    assert s.store.load_year(2019).operating[2].budget == 456_000
    assert isinstance(s.resolve(conflict, keep_mine=True), Saved)  # the user's pick, against their version
    assert s.store.load_year(2019).operating[2].budget == 123_000


def test_restore_skips_invalid_text_and_gone_rows(db_path):
    entries = _typed(db_path, "outcome", "7x") + [dict(_typed(db_path, "budget", "5")[0], id=999_999)]
    r = restore(_open(db_path), entries)
    assert r.saved == 0 and len(r.skipped) == 2 and "(ogiltigt)" in r.skipped[0]


class _Lock:
    """Another process's write lock: BEGIN IMMEDIATE on its own connection until release()."""

    def __init__(self, db_path) -> None:
        self.conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


def test_a_locked_database_is_busy_at_once_then_saved_off_the_thread_once_the_lock_goes(db_path):
    s = _open(db_path)
    e = s.begin_edit(_spec(s, "budget"))
    s.live(e, "123")
    lock = _Lock(db_path)
    result = s.save(e, wait_ms=50)
    assert isinstance(result, Busy) and e.job is result.job and e in s.edits
    assert isinstance(s.save(e, wait_ms=50), Busy)  # still locked; nothing saved twice meanwhile
    out: list = []
    worker = threading.Thread(target=lambda: out.append(s.keep_trying(e.job)))
    worker.start()
    lock.release()
    worker.join(timeout=30)
    assert isinstance(out[0], Saved)
    assert isinstance(s.finish_waiting(result.job, out[0]), Saved) and not s.edits and e.job is None
    assert s.store.load_year(2019).operating[2].budget == 123_000
    assert [r.new for r in s.store.audit(limit=5)].count("123000") == 1


def test_giving_up_keeps_the_edit_and_typing_on_while_waiting_rebases_it(db_path):
    s = _open(db_path)
    e = s.begin_edit(_spec(s, "budget"))
    s.live(e, "123")
    lock = _Lock(db_path)
    busy = s.save(e, wait_ms=20)
    s.give_up(e)
    assert busy.job.stop.is_set() and s.keep_trying(busy.job) is None and e in s.edits and e.dirty
    busy = s.save(e, wait_ms=20)
    s.live(e, "1234")  # typed on while the save of 123 waits
    lock.release()
    done = s.finish_waiting(busy.job, s.keep_trying(busy.job))
    assert isinstance(done, Saved) and e in s.edits and e.base_value == 123_000 and e.text == "1234"
    assert isinstance(s.save(e), Saved)  # the next save goes on from 123's version: no conflict
    assert s.store.load_year(2019).operating[2].budget == 1_234_000
