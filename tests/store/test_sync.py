"""The three-way sync writes through the interface it is given: the connection and a ChangeLog."""

from __future__ import annotations

from typing import Any

from sydnarke_tui.store.db import Store
from sydnarke_tui.store.sync import YearSync


class Recorder:
    """A ChangeLog that keeps what it is told instead of writing the audit log."""

    def __init__(self) -> None:
        self.rows: list[tuple[Any, ...]] = []

    def log_change(self, year: int | None, entity: str, entity_id: int | None, label: str, field: str,
                   period: str | None, old: Any, new: Any, action: str, ref: int | None = None) -> int:
        self.rows.append((year, entity, label, field, period, old, new, action))
        return len(self.rows)


def test_each_change_goes_to_the_change_log_given(db_path):
    store = Store.open(db_path, user="testare")
    base, current, new = (store.load_year(2019) for _ in range(3))
    new.operating[0].budget = (new.operating[0].budget or 0) + 1000
    new.key.members.pop()
    audit_rows = len(store.audit(1000))
    recorder, lines = Recorder(), []
    store.conn.execute("BEGIN IMMEDIATE")
    try:
        YearSync(store.conn, recorder, base, current, new, "import", lines).run()
    finally:
        store.conn.execute("ROLLBACK")
    label = base.operating[0].label
    assert [r[1:4] for r in recorder.rows] == [("member", base.key.members[-1].municipality, ""),
                                              ("operating", label, "budget")]
    assert len(lines) == 2 and len(store.audit(1000)) == audit_rows  # nothing went to the store's own log
    store.close()
