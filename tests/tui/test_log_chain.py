"""The app checks the newest rows of the log's chain at start and warns in one Swedish line when a row
was changed outside the program (issue 17 item 6)."""

from __future__ import annotations

import sqlite3

from .conftest import make_app, open_store
from .helpers import settle


def _messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_an_intact_log_gives_no_warning(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert not any("Loggen" in m for m in _messages(app))


async def test_a_row_changed_with_sqlite3_is_warned_about_at_start(db_path):
    open_store(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER audit_append_only_update")
    conn.execute("UPDATE audit SET user = 'mallory' WHERE id = 1")
    conn.commit()
    conn.close()
    store = open_store(db_path)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        warnings = [m for m in _messages(app) if m.startswith("Loggen är ändrad")]
        assert len(warnings) == 1 and "rad 1" in warnings[0] and "\n" not in warnings[0]
    store.close()
