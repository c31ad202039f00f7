"""The audit log and undo: every change adds a row; undo reverts the newest one."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .codec import ENTITY_TABLE, audit_text, decode, field_spec, from_audit_text, same
from .connection import Connection
from .errors import ConflictError, StoreError
from .rows import bump_version, read_raw, read_version, write_raw

UNDOABLE = ("set", "add", "delete", "move")
_NOT_UNDONE_SV = {"import": "en import", "load": "en inläsning av ett helt år", "new-year": "ett nytt år"}


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
    action: str  # set, add, delete, move, undo, import, load, new-year, migrate
    undone: bool = False


def _audit_row(r: dict[str, Any], undone: bool | None = None) -> AuditRow:
    return AuditRow(r["id"], r["at"], r["user"], r["year"], r["entity"], r["entity_id"], r["label"], r["field"],
                    r["period"], r["old"], r["new"], r["action"],
                    r["undone_by"] is not None if undone is None else undone)


class AuditLog(Connection):
    def _audit(self, year, entity, entity_id, label, field, period, old, new, action) -> int:
        cur = self.conn.execute(
            "INSERT INTO audit (at, user, year, entity, entity_id, label, field, period, old, new, action)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (self._clock().isoformat(sep=" "), self.user, year, entity, entity_id, label, field, period,
             audit_text(old), audit_text(new), action),
        )
        return cur.lastrowid

    def audit(self, limit: int = 500, year: int | None = None) -> list[AuditRow]:
        """The newest rows first."""
        sql = "SELECT * FROM audit" + (" WHERE year = ?" if year is not None else "") + " ORDER BY id DESC LIMIT ?"
        params = (year, limit) if year is not None else (limit,)
        return [_audit_row(r) for r in self._q(sql, params)]

    def undo_last(self) -> AuditRow | None:
        """Revert the newest change not yet undone; the undo is itself logged."""
        with self._tx():
            r = self._one("SELECT * FROM audit WHERE undone_by IS NULL AND action != 'undo'"
                          " AND action != 'migrate' ORDER BY id DESC LIMIT 1")
            if r is None:
                return None
            action, entity, eid = r["action"], r["entity"], r["entity_id"]
            if action not in UNDOABLE:
                what = _NOT_UNDONE_SV.get(action, action)
                raise StoreError(f"Senaste ändringen är {what} ({r['label']}); den ångras inte med ångra.")
            if action == "set":
                self._put_back(r, "Värdet har ändrats efter den senaste ändringen; ångra avbröts.")
            elif action == "add":
                # values typed into the new row since go with it: the add is undone whole
                self.conn.execute(f"DELETE FROM {ENTITY_TABLE[entity]} WHERE id = ?", (eid,))
            elif action == "delete":
                self._restore(json.loads(r["old"]))
            else:
                self._place(entity, self._entity_row(entity, eid), eid, int(r["old"]) - 1)
            undo_id = self._audit(r["year"], entity, eid, r["label"], r["field"], r["period"], r["new"], r["old"],
                                  "undo")
            self.conn.execute("UPDATE audit SET undone_by = ? WHERE id = ?", (undo_id, r["id"]))
        return _audit_row(r, undone=True)

    def redo_last(self) -> AuditRow | None:
        """Put back the newest undone value change, unless something else was changed since the undo.

        The redo is logged as an ordinary change (so it can be undone again) and
        marks its undo row as redone (undone_by on an undo row).
        """
        with self._tx():
            undo = self._redo_candidate()
            if undo is None:
                return None
            original = self._one("SELECT * FROM audit WHERE undone_by = ?", (undo["id"],))
            if original is None or original["action"] != "set":
                raise StoreError(f"Gör om gäller ändrade värden; {undo['label']} lades till, togs bort eller"
                                 " flyttades: gör det igen för hand.")
            # the undo row's old is the value to put back, its new what undo wrote
            self._put_back(undo, "Värdet har ändrats efter ångra; gör om avbröts.")
            entity, eid, field, period = undo["entity"], undo["entity_id"], undo["field"], undo["period"]
            redo_id = self._audit(undo["year"], entity, eid, undo["label"], field, period, undo["new"], undo["old"],
                                  "set")
            self.conn.execute("UPDATE audit SET undone_by = ? WHERE id = ?", (redo_id, undo["id"]))
        return _audit_row(self._one("SELECT * FROM audit WHERE id = ?", (redo_id,)))

    def _redo_candidate(self) -> dict[str, Any] | None:
        """The newest undo not yet redone, with nothing but undos and redos after it."""
        rows = self._q("SELECT * FROM audit WHERE action != 'migrate' ORDER BY id DESC LIMIT 1000")
        redos = {r["undone_by"] for r in rows if r["action"] == "undo" and r["undone_by"] is not None}
        for r in rows:
            if r["id"] in redos:
                continue
            if r["action"] != "undo":
                return None  # a new change since: nothing to redo
            if r["undone_by"] is None:
                return r
        return None

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
        for table, rows in snap.items():
            for r in rows:
                self.conn.execute(f"INSERT INTO {table} ({', '.join(r)}) VALUES ({', '.join('?' * len(r))})",
                                  tuple(r.values()))
