"""The audit log and undo: every change adds a row; undo reverts the newest one.

The log is append-only: an undo or a redo is a row of its own that refers (`ref`)
to the row it reverses; nothing in an old row is ever changed. Each row is
chained to the one before by a hash (chain.py). Undo and redo act on the
store's user's own changes unless `anyone`.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from . import chain
from .codec import ENTITY_TABLE, audit_text, decode, field_spec, from_audit_text, same, snapshot_text, snapshot_year
from .connection import Connection
from .errors import ConflictError, StoreError, db_message
from .rows import bump_version, fresh_version, read_raw, read_version, write_raw

UNDOABLE = ("set", "add", "delete", "move", "redo", "load", "new-year")
_NOT_UNDONE_SV = {"import": "en import", "create": "databasens första år"}


@dataclass(frozen=True)
class AuditRow:
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
_UNDONE = ("EXISTS (SELECT 1 FROM audit u WHERE u.ref = audit.id"
           " AND NOT EXISTS (SELECT 1 FROM audit v WHERE v.ref = u.id))")


def _audit_row(r: dict[str, Any], undone: bool | None = None) -> AuditRow:
    return AuditRow(r["id"], r["at"], r["user"], r["year"], r["entity"], r["entity_id"], r["label"], r["field"],
                    r["period"], r["old"], r["new"], r["action"],
                    bool(r.get("undone")) if undone is None else undone, r.get("ref"))


def _is_year_snapshot(r: dict[str, Any]) -> bool:
    """A row that wrote a whole year (load, new year; or their undo/redo): old/new are year snapshots."""
    return r["entity"] == "year" and not r["field"] and (r["old"] is not None or r["new"] is not None) \
        and r["action"] in ("load", "new-year", "undo", "redo")


class AuditLog(Connection):
    def _audit(self, year, entity, entity_id, label, field, period, old, new, action, ref=None) -> int:
        """Append one row, chained to the one before (chain.py); inside the caller's write transaction."""
        last = self.conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        rid, prev = (last[0] + 1, last[1]) if last else (1, "")
        values = (rid, self._clock().isoformat(sep=" "), self.user, year, entity, entity_id, label, field, period,
                  audit_text(old), audit_text(new), action, ref)
        self.conn.execute(f"INSERT INTO audit ({', '.join(chain.COLUMNS)}, hash) VALUES ({', '.join('?' * 14)})",
                          (*values, chain.row_hash(prev, values)))
        return rid

    def audit(self, limit: int = 500, year: int | None = None) -> list[AuditRow]:
        """The newest rows first."""
        sql = (f"SELECT *, {_UNDONE} AS undone FROM audit" + (" WHERE year = ?" if year is not None else "")
               + " ORDER BY id DESC LIMIT ?")
        params = (year, limit) if year is not None else (limit,)
        return [_audit_row(r) for r in self._q(sql, params)]

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

    # ---------------------------------------------------------- undo and redo

    def _mine(self, anyone: bool) -> tuple[str, tuple]:
        return ("", ()) if anyone else (" AND user = ?", (self.user,))

    def undo_last(self, *, anyone: bool = False) -> AuditRow | None:
        """Revert the newest change not yet undone (this user's unless `anyone`); the undo is a row of its own."""
        with self._tx():
            who, params = self._mine(anyone)
            r = self._one(f"SELECT * FROM audit WHERE action NOT IN ('undo', 'migrate') AND NOT {_UNDONE}{who}"
                          " ORDER BY id DESC LIMIT 1", params)
            if r is None:
                return None
            action, entity, eid = r["action"], r["entity"], r["entity_id"]
            if action not in UNDOABLE:
                what = _NOT_UNDONE_SV.get(action, action)
                raise StoreError(f"Senaste ändringen är {what} ({r['label']}, av {r['user']}); den ångras inte"
                                 " med ångra.")
            if _is_year_snapshot(r):
                self._swap_year(r, "Året har ändrats efter inläsningen; ångra avbröts.")
            elif action in ("set", "redo"):
                self._put_back(r, "Värdet har ändrats efter den senaste ändringen; ångra avbröts.")
            elif action == "add":
                # values typed into the new row since go with it: the add is undone whole
                self.conn.execute(f"DELETE FROM {ENTITY_TABLE[entity]} WHERE id = ?", (eid,))
            elif action == "delete":
                self._restore(json.loads(r["old"]))
            else:
                self._place(entity, self._entity_row(entity, eid), eid, int(r["old"]) - 1)
            self._audit(r["year"], entity, eid, r["label"], r["field"], r["period"], r["new"], r["old"], "undo",
                        ref=r["id"])
        return _audit_row(r, undone=True)

    def redo_last(self, *, anyone: bool = False) -> AuditRow | None:
        """Put back the newest undone value change, unless something else was changed since the undo.

        The redo is a row of its own ('redo', referring to the undo), which can be undone again.
        """
        with self._tx():
            undo = self._redo_candidate(anyone)
            if undo is None:
                return None
            original = self._one("SELECT * FROM audit WHERE id = ?", (undo["ref"],))
            if original is None or not (original["action"] in ("set", "redo") or _is_year_snapshot(original)):
                raise StoreError(f"Gör om gäller ändrade värden; {undo['label']} lades till, togs bort eller"
                                 " flyttades: gör det igen för hand.")
            # the undo row's old is the value to put back, its new what undo wrote
            if _is_year_snapshot(original):
                self._swap_year(undo, "Året har ändrats efter ångra; gör om avbröts.")
            else:
                self._put_back(undo, "Värdet har ändrats efter ångra; gör om avbröts.")
            redo_id = self._audit(undo["year"], undo["entity"], undo["entity_id"], undo["label"], undo["field"],
                                  undo["period"], undo["new"], undo["old"], "redo", ref=undo["id"])
        return _audit_row(self._one(f"SELECT *, {_UNDONE} AS undone FROM audit WHERE id = ?", (redo_id,)))

    def _redo_candidate(self, anyone: bool) -> dict[str, Any] | None:
        """The newest undo not yet redone, with nothing but undos and redos after it (of this user's rows)."""
        who, params = self._mine(anyone)
        rows = self._q(f"SELECT *, {_UNDONE} AS undone FROM audit WHERE action != 'migrate'{who}"
                       " ORDER BY id DESC LIMIT 1000", params)
        for r in rows:
            if r["action"] not in ("undo", "redo"):
                return None  # a new change since: nothing to redo
            if r["action"] == "undo" and not r["undone"]:
                return r
        return None

    def _swap_year(self, r: dict[str, Any], changed_since: str) -> None:
        """Undo or redo of a whole year written at once (a load, a new year): the year must still be
        the one the row wrote (its `new`); it is then replaced by the row's `old` (or removed)."""
        year = r["year"]
        stored = self._one("SELECT 1 AS x FROM years WHERE year = ?", (year,)) is not None
        now = snapshot_text(self.load_year(year)) if stored else None
        if now != r["new"]:
            raise ConflictError(changed_since)
        if stored:
            self.conn.execute("DELETE FROM years WHERE year = ?", (year,))
        if r["old"] is not None:
            self._write_year(snapshot_year(r["old"]))

    def _put_back(self, r: dict[str, Any], changed_since: str) -> None:
        """Write the row's old value back unless the field no longer holds its new one (undo and redo)."""
        entity, eid, field, period = r["entity"], r["entity_id"], r["field"], r["period"]
        _, kind = field_spec(entity, field)
        self._entity_row(entity, eid)  # still there?
        current = read_raw(self.conn, entity, eid, field, period)
        if not same(audit_text(current), r["new"]):
            raise ConflictError(changed_since, decode(kind, current),
                                read_version(self.conn, entity, eid, field, period))
        write_raw(self.conn, entity, eid, field, period, from_audit_text(kind, r["old"]))
        bump_version(self.conn, entity, eid, field, period)

    def _snapshot(self, entity: str, entity_id: int) -> dict[str, list[dict]]:
        """The rows a delete removes, in insert order, so undo can put them back."""
        q = self._q
        if entity == "goal":
            inds = q("SELECT * FROM indicators WHERE goal_id = ?", (entity_id,))
            ids = [r["id"] for r in inds]
            return {
                "goals": q("SELECT * FROM goals WHERE id = ?", (entity_id,)),
                "goal_values": q("SELECT * FROM goal_values WHERE goal_id = ?", (entity_id,)),
                "indicators": inds,
                "indicator_values": [v for i in ids for v in q("SELECT * FROM indicator_values"
                                                               " WHERE indicator_id = ?", (i,))],
                "printed": self._printed_under([f"indicator/{i}/" for i in ids]),
            }
        if entity == "indicator":
            return {"indicators": q("SELECT * FROM indicators WHERE id = ?", (entity_id,)),
                    "indicator_values": q("SELECT * FROM indicator_values WHERE indicator_id = ?", (entity_id,)),
                    "printed": self._printed_under([f"indicator/{entity_id}/"])}
        if entity == "operating":
            return {"operating_lines": q("SELECT * FROM operating_lines WHERE id = ?", (entity_id,)),
                    "operating_values": q("SELECT * FROM operating_values WHERE line_id = ?", (entity_id,)),
                    "printed": self._printed_under([f"operating/line/{entity_id}/"])}
        if entity == "investment":
            lines = q("SELECT * FROM investment_lines WHERE id = ? OR parent_id = ? ORDER BY parent_id IS NOT NULL",
                      (entity_id, entity_id))
            ids = [r["id"] for r in lines]
            return {"investment_lines": lines,
                    "investment_values": [v for i in ids for v in q("SELECT * FROM investment_values"
                                                                    " WHERE line_id = ?", (i,))],
                    "printed": self._printed_under([f"investments/line/{i}/" for i in ids])}
        if entity == "member":
            return {"key_members": q("SELECT * FROM key_members WHERE id = ?", (entity_id,))}
        raise StoreError(f"{entity} kan inte tas bort här.")

    def _printed_under(self, prefixes: list[str]) -> list[dict]:
        # substr, not LIKE: an id prefix must not match as a pattern
        return [r for p in prefixes for r in self._q("SELECT * FROM printed WHERE substr(path, 1, ?) = ?",
                                                     (len(p), p))]

    def _restore(self, snap: dict[str, list[dict]]) -> None:
        """Put deleted rows back, each above any version its id held (a stale edit of it is a conflict)."""
        version = fresh_version(self.conn)
        for table, rows in snap.items():
            for r in rows:
                if "version" in r:
                    r = {**r, "version": version}
                self.conn.execute(f"INSERT INTO {table} ({', '.join(r)}) VALUES ({', '.join('?' * len(r))})",
                                  tuple(r.values()))
