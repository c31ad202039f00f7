"""Undo and redo: revert the newest change, or put back the newest undone value.

Each is a row of its own in the log (audit.py) that refers (`ref`) to the row
it reverses. Undo and redo act on the store's user's own changes unless
`anyone`, and refuse (ConflictError) when what they would revert has been
changed since.
"""

from __future__ import annotations

import json

from .audit import UNDONE, YEAR_SNAPSHOT_ACTIONS, AuditRow, audit_row
from .codec import ENTITY_TABLE, audit_text, decode, field_spec, from_audit_text, same, snapshot_text, snapshot_year
from .connection import Row
from .edits import LINKS, RowEdits, Snapshot
from .errors import ConflictError, StoreError
from .inserts import write_year
from .reads import YearReads
from .rows import bump_version, fresh_version, read_raw, read_version, write_raw

UNDOABLE = ("set", "add", "delete", "move", "redo", "load", "new-year")
_NOT_UNDONE_SV = {"import": "en import", "create": "databasens första år"}


def _is_year_snapshot(r: Row) -> bool:
    """A row that wrote a whole year (load, new year; or their undo/redo): old/new are year snapshots."""
    return r["entity"] == "year" and not r["field"] and (r["old"] is not None or r["new"] is not None) \
        and r["action"] in YEAR_SNAPSHOT_ACTIONS


class UndoRedo(YearReads, RowEdits):
    """Undo rewrites a whole year as it was read (YearReads) and puts a row back where it was (RowEdits)."""

    def _mine(self, anyone: bool) -> tuple[str, tuple[str, ...]]:
        return ("", ()) if anyone else (" AND user = ?", (self.user,))

    def undo_last(self, *, anyone: bool = False) -> AuditRow | None:
        """Revert the newest change not yet undone (this user's unless `anyone`); the undo is a row of its own."""
        with self._tx():
            who, params = self._mine(anyone)
            r = self._one(f"SELECT * FROM audit WHERE action NOT IN ('undo', 'migrate') AND NOT {UNDONE}{who}"
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
            self.log_change(r["year"], entity, eid, r["label"], r["field"], r["period"], r["new"], r["old"],
                            "undo", ref=r["id"])
        return audit_row(r, undone=True)

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
            redo_id = self.log_change(undo["year"], undo["entity"], undo["entity_id"], undo["label"],
                                      undo["field"], undo["period"], undo["new"], undo["old"], "redo", ref=undo["id"])
        redo = self._one(f"SELECT *, {UNDONE} AS undone FROM audit WHERE id = ?", (redo_id,))
        assert redo is not None  # appended in the transaction just committed; the log is append-only
        return audit_row(redo)

    def _redo_candidate(self, anyone: bool) -> Row | None:
        """The newest undo not yet redone, with nothing but undos and redos after it (of this user's rows)."""
        who, params = self._mine(anyone)
        rows = self._q(f"SELECT *, {UNDONE} AS undone FROM audit WHERE action != 'migrate'{who}"
                       " ORDER BY id DESC LIMIT 1000", params)
        for r in rows:
            if r["action"] not in ("undo", "redo"):
                return None  # a new change since: nothing to redo
            if r["action"] == "undo" and not r["undone"]:
                return r
        return None

    def _swap_year(self, r: Row, changed_since: str) -> None:
        """Undo or redo of a whole year written at once (a load, a new year): the year must still be
        the one the row wrote (its `new`); it is then replaced by the row's `old` (or removed)."""
        year = r["year"]
        stored = self._has_year(year)
        now = snapshot_text(self.load_year(year)) if stored else None
        if now != r["new"]:
            raise ConflictError(changed_since)
        if stored:
            self.conn.execute("DELETE FROM years WHERE year = ?", (year,))
        if r["old"] is not None:
            write_year(self.conn, snapshot_year(r["old"]))

    def _put_back(self, r: Row, changed_since: str) -> None:
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

    def _restore(self, snap: Snapshot) -> None:
        """Put deleted rows back, each above any version its id held (a stale edit of it is a conflict)."""
        version = fresh_version(self.conn)
        for table, rows in snap.items():
            if table == LINKS:
                continue
            for r in rows:
                if "version" in r:
                    r = {**r, "version": version}
                self.conn.execute(f"INSERT INTO {table} ({', '.join(r)}) VALUES ({', '.join('?' * len(r))})",
                                  tuple(r.values()))
        for r in snap.get(LINKS, []):
            # only where nobody has linked the indicator anew since (an undo by another user)
            if self.conn.execute("UPDATE indicators SET link = ? WHERE id = ? AND link IS NULL",
                                 (r["link"], r["id"])).rowcount:
                bump_version(self.conn, "indicator", r["id"], "link", None)
