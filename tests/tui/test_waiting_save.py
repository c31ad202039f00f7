"""A save that waits for a locked database never freezes the screen (issue 17, item 3).

Another connection holds a write lock (BEGIN IMMEDIATE) until the test
releases it; while it lasts keys answer, and the value is saved once it goes.
"""

from __future__ import annotations

import sqlite3

from sydnarke_tui.session import recovery

from .conftest import make_app
from .helpers import focused_field_key, open_row, screen_text, settle, tab_to

WAITING = "väntar på databasen"


class Lock:
    def __init__(self, db_path) -> None:
        self.conn = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        self.conn.execute("ROLLBACK")
        self.conn.close()


def _outcome(store) -> int:
    return store.load_year(2019).operating[2].value("helar").outcome


async def _until(pilot, check, what: str, tries: int = 200) -> None:
    """Pause until the condition holds (bounded); never a fixed wait as the assertion."""
    for _ in range(tries):
        if check():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never: {what}\n{screen_text(pilot.app)}")


async def test_a_form_save_waits_while_focus_moves_and_saves_once_when_the_lock_goes(store, db_path):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_row(pilot, "f4", 2)
        await tab_to(pilot, "outcome")
        await pilot.press("ctrl+u", "1", "2", "3")
        await settle(pilot)
        lock = Lock(db_path)
        try:
            await pilot.press("enter")
            await _until(pilot, lambda: WAITING in screen_text(app), "the header says it waits")
            await pilot.press("tab")  # keys answer: focus moves and is drawn
            await _until(pilot, lambda: focused_field_key(app) == "comment", "focus on Kommentar")
            await pilot.press("shift+tab", "enter")  # back, and Enter again: still one save
            await _until(pilot, lambda: focused_field_key(app) == "outcome", "focus back on Utfall")
            assert WAITING in screen_text(app) and _outcome(store) != 123_000
        finally:
            lock.release()
        await app.workers.wait_for_complete()
        await settle(pilot)
        assert WAITING not in screen_text(app)
        assert app.screen.query_one("#input-outcome").value == "123"
    assert _outcome(store) == 123_000
    assert [r.new for r in store.audit(limit=10)].count("123000") == 1


async def test_esc_gives_up_the_wait_and_keeps_the_value_in_the_cell_and_the_journal(store, db_path):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("down", "down", "1", "2", "3")
        await settle(pilot)
        lock = Lock(db_path)
        try:
            await pilot.press("enter")
            await _until(pilot, lambda: WAITING in screen_text(app), "the header says it waits")
            # the waiting value is on disk at once, not only a moment later
            assert [e["text"] for e in recovery.read_entries(app.journal.path)] == ["123"]
            await pilot.press("escape")
            await _until(pilot, lambda: WAITING not in screen_text(app), "the wait given up")
            await app.workers.wait_for_complete()  # the worker stops between tries
        finally:
            lock.release()
        table = app.screen.query_one("LedgerTable")
        assert table.cell_edit is not None and table.cell_edit.text == "123" and table.cursor_row == 2
        assert [e["text"] for e in recovery.read_entries(app.journal.path)] == ["123"]
        assert _outcome(store) != 123_000  # given up: not saved behind the user's back
        await pilot.press("enter")  # tries again, now free: saved, and the move follows
        await settle(pilot)
        assert table.cell_edit is None and table.cursor_row == 3
    assert _outcome(store) == 123_000
