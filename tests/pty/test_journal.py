"""Unsaved typing survives any end of the process; a locked database never freezes the screen (issue 17).

The real program in a pseudo-terminal: `123` typed into a Drift cell and not
saved, then SIGHUP (the SSH connection dropped), SIGTERM or kill -9; the next
start offers it. A write lock held by another connection while Enter saves.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3

import pytest
from ptyapp import PtyApp, replayed

from sydnarke_tui.store.db import Store

ROW = "Personalkostnader"


def journals(db) -> list:
    return sorted(db.parent.glob(f"{db.name}.recovery-*.json"))


def journal_texts(db) -> list[str]:
    out = []
    for path in journals(db):
        try:
            out += [e["text"] for e in json.loads(path.read_text(encoding="utf-8"))["entries"]]
        except (OSError, ValueError):
            pass  # (never a part: the file is replaced whole; it may go between listing and reading)
    return out


def outcome(db) -> int | None:
    store = Store.open(db)
    try:
        return next(x for x in store.load_year(2019).operating if x.label == ROW).value("helar").outcome
    finally:
        store.close()


def type_unsaved(app: PtyApp) -> None:
    """On Drift, `123` in Personalkostnader's Utfall cell, no Enter."""
    app.write("f4")
    app.wait_for("Nettoresultat")
    app.write("down", "down", "123")
    app.wait_for(lambda _t: "123▏" in app.line_with(f"{ROW} "), what="123 typed in the cell (▏ its cursor)")


def end(app: PtyApp, sig: int) -> int:
    os.kill(app.proc.pid, sig)
    return app.proc.wait(timeout=15)


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM, signal.SIGKILL], ids=["HUP", "TERM", "KILL"])
def test_typed_and_unsaved_survives_the_end_of_the_process(run_pty, tmp_path, sig):
    db = tmp_path / "sydnarke.db"
    app = run_pty()
    before = outcome(db)
    type_unsaved(app)
    if sig == signal.SIGKILL:  # nothing runs at a kill -9: the journal written when typing stopped is what counts
        app.wait_until(lambda: journal_texts(db) == ["123"], what="the journal a moment after typing stopped")
    status = end(app, sig)
    if sig == signal.SIGKILL:
        assert status == -signal.SIGKILL
    else:  # written at the signal, then a clean end: the terminal restored, a non-zero status
        assert status == 2 and b"\x1b[?1049l" in app.raw[-400:], app.raw[-400:]
    assert journal_texts(db) == ["123"] and outcome(db) == before
    again = run_pty()
    again.wait_for(lambda t: "Osparade värden från en session som avbröts" in t and "'123'" in t,
                   what="the offer, with the value")
    again.wait_quiet()
    for rows in replayed(bytes(again.raw)):  # Textual dropped the offer's first frame: it came on a blank screen
        if any("Osparade värden" in r for r in rows):
            assert "F2 Översikt" in rows[0], "\n".join(rows)
    again.write("s")
    again.wait_for("1 återställt värde sparat")
    again.write("f4")
    again.wait_for(lambda _t: again.line_with(f"{ROW} ").split()[3:4] == ["123"], what="123 on Drift")
    assert again.close() == 0
    assert outcome(db) == 123_000 and journals(db) == []


def test_a_value_changed_elsewhere_since_is_a_conflict_not_an_overwrite(run_pty, tmp_path):
    db = tmp_path / "sydnarke.db"
    app = run_pty()
    type_unsaved(app)
    app.wait_until(lambda: journal_texts(db) == ["123"], what="the journal")
    end(app, signal.SIGKILL)
    store = Store.open(db, user="kollega")  # another process saves the same field meanwhile
    line = next(x for x in store.load_year(2019).operating if x.label == ROW)
    store.set_field("operating", line.id, "outcome", 555_000, period="helar", expected_version=line.version)
    store.close()
    again = run_pty()
    again.wait_for("Osparade värden")
    again.write("s")
    # the whole question, not the first rows of its frame (a frame can arrive in two reads)
    again.wait_for(lambda t: "Konflikt" in t and "'123'" in t and "'555'" in t, what="the conflict, both values")
    again.write("d")  # take theirs
    again.wait_for(lambda t: "Konflikt" not in t, what="the question answered")
    assert again.close() == 0
    assert outcome(db) == 555_000 and journals(db) == []


def test_a_save_waits_for_a_locked_database_while_keys_answer(run_pty, tmp_path):
    db = tmp_path / "sydnarke.db"
    app = run_pty()
    type_unsaved(app)
    lock = sqlite3.connect(db, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")  # another process holds the write lock (an import, a load)
    try:
        app.write("enter")
        app.wait_for("väntar på databasen", what="the save waiting")
        app.write("f2")  # keys answer while the lock lasts: another screen is drawn …
        app.wait_for("Bedömning", what="Översikt while the save waits")
        app.write("f4")
        app.wait_for(lambda t: "Nettoresultat" in t and "väntar på databasen" in t, what="back on Drift, waiting")
        app.write("4")  # … and a key for the cell waits its turn: after the save and its move
        assert app.proc.poll() is None and outcome(db) != 123_000
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    app.wait_for(lambda t: "väntar på databasen" not in t, what="the save done once the lock went")
    app.wait_for(lambda _t: " 4▏" in app.line_with("Utrustning och"), what="the held 4 in the next row's cell")
    app.write("escape")
    app.wait_quiet()
    assert app.close() == 0
    assert outcome(db) == 123_000
    store = Store.open(db)
    assert [r.new for r in store.audit(limit=10)].count("123000") == 1  # saved once
    store.close()
