"""The audit log: every change adds a row, chained to the one before by a hash (chain.py).

The log is append-only: an undo or a redo (undo.py) is a row of its own that
refers (`ref`) to the row it reverses; nothing in an old row is ever changed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any, Protocol

from . import chain
from .codec import audit_text
from .connection import Connection, Row
from .errors import StoreError, db_message


@dataclass(frozen=True)
class AuditRow:
    """One row of the audit log: who changed what and when, the old and new value as text."""

    id: int
    at: str  # ISO 8601, local time, seconds
    user: str
    year: int | None
    entity: str
    entity_id: int | None
    label: str
    field: str
    period: str | None
    old: str | None
    new: str | None
    action: str  # set, add, delete, move, undo, redo, import, load, new-year, create, migrate
    undone: bool = False
    ref: int | None = None  # undo: the row it reverses; redo: the undo


# A row is undone when a row refers to it (its undo, or a redo of an undo) that is not itself reversed.
UNDONE = ("EXISTS (SELECT 1 FROM audit u WHERE u.ref = audit.id"
          " AND NOT EXISTS (SELECT 1 FROM audit v WHERE v.ref = u.id))")

# The old and new of a row that wrote a whole year (a load, a new year, their undo and redo) are
# snapshots of the year, megabytes on a large one. The log shows only whether there was one
# (session/log.py, whole_year), so AuditLog.audit reads SNAPSHOT in their place: the log screen kept
# 2.4 MB of snapshots on the 10x year. Undo and redo read the snapshots themselves (undo.py). An
# import's row is of the year too, but its new is a short summary ("drift.csv: 3 ändringar"): kept.
SNAPSHOT = "(hela året)"
YEAR_SNAPSHOT_ACTIONS = ("load", "new-year", "undo", "redo")
_WHOLE_YEAR = (f"entity = 'year' AND COALESCE(field, '') = ''"
               f" AND action IN ({', '.join(repr(a) for a in YEAR_SNAPSHOT_ACTIONS)})")
_LISTED = ", ".join(
    f"CASE WHEN {_WHOLE_YEAR} AND {c} IS NOT NULL THEN '{SNAPSHOT}' ELSE {c} END AS {c}" if c in ("old", "new")
    else c for c in chain.COLUMNS)


def audit_row(r: Row, undone: bool | None = None) -> AuditRow:
    return AuditRow(r["id"], r["at"], r["user"], r["year"], r["entity"], r["entity_id"], r["label"], r["field"],
                    r["period"], r["old"], r["new"], r["action"],
                    bool(r.get("undone")) if undone is None else undone, r.get("ref"))


class ChangeLog(Protocol):
    """Where a write records what it changed: the audit log (`AuditLog`), inside the write's transaction.

    `old` and `new` are column values (kept as text); `ref` is the row an undo or redo reverses.
    """

    def log_change(self, year: int | None, entity: str, entity_id: int | None, label: str, field: str,
                   period: str | None, old: Any, new: Any, action: str, ref: int | None = None) -> int: ...


class AuditLog(Connection):
    """The log's rows: appending one (a `ChangeLog`), reading them, checking their chain."""

    def log_change(self, year: int | None, entity: str, entity_id: int | None, label: str, field: str,
                   period: str | None, old: Any, new: Any, action: str, ref: int | None = None) -> int:
        """Append one row, chained to the one before (chain.py); inside the caller's write transaction."""
        last = self.conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        rid, prev = (int(last[0]) + 1, str(last[1])) if last else (1, "")
        values = (rid, self._clock().isoformat(sep=" "), self.user, year, entity, entity_id, label, field, period,
                  audit_text(old), audit_text(new), action, ref)
        self.conn.execute(f"INSERT INTO audit ({', '.join(chain.COLUMNS)}, hash) VALUES ({', '.join('?' * 14)})",
                          (*values, chain.row_hash(prev, values)))
        return rid

    def audit(self, limit: int = 500, year: int | None = None) -> list[AuditRow]:
        """The newest rows first; a whole year's old and new as SNAPSHOT (None stays None)."""
        sql = (f"SELECT {_LISTED}, {UNDONE} AS undone FROM audit" + (" WHERE year = ?" if year is not None else "")
               + " ORDER BY id DESC LIMIT ?")
        params = (year, limit) if year is not None else (limit,)
        return [audit_row(r) for r in self._q(sql, params)]

    # ---------------------------------------------------------- the chain

    def verify_log(self, *, recent: int | None = None, against: str | None = None) -> chain.Verdict:
        """Check the log's hash chain (all rows, the newest `recent`, or up to a printed head)."""
        with self._read():
            try:
                return chain.verify(self.conn, recent=recent, against=against)
            except sqlite3.Error as exc:
                raise StoreError(db_message(self.path, exc)) from None

    def log_head(self) -> tuple[int, str]:
        """(rows, short checksum): the anchor the report prints."""
        with self._read():
            return chain.head(self.conn)
