"""Row edits: one field, add, delete, move. Each is one transaction with an audit row.

A save names the version it was based on (`expected_version`); when the
stored version differs, nothing is written and ConflictError carries the
value and version stored now.
"""

from __future__ import annotations

import json
from typing import Any

from ..core.links import Target, link_target
from ..core.model import Kind
from .codec import ENTITY_TABLE, LABEL_COLUMN, PK, decode, encode, field_spec, same, show
from .audit import AuditLog
from .connection import Row, inserted_id
from .errors import ConflictError, StoreError
from .rows import bump_version, fresh_version, read_raw, read_version, write_raw

# Entity -> the column its siblings share (the scope positions count in).
PARENT_COLUMN = {"goal": "year", "indicator": "goal_id", "operating": "year", "investment": "year",
                 "member": "year"}


# The rows a delete removes, by table, in insert order: the log keeps them so undo can put them back.
# Under LINKS, not a table: the indicators ({id, name, link}) whose link the delete cleared.
Snapshot = dict[str, list[Row]]
LINKS = "indicator_links"


class RowEdits(AuditLog):
    """Each edit is logged (AuditLog) in its own transaction."""

    def set_field(self, entity: str, entity_id: int, field: str, value: Any, *, period: str | None = None,
                  expected_version: int | None = None, action: str = "set") -> int:
        """Save one field; returns the field's version after the save."""
        where, kind = field_spec(entity, field)
        if where == "period" and not period:
            raise StoreError(f"Fältet {field} gäller en period: ange period.")
        new = encode(kind, value)
        conn = self.conn
        with self._tx():
            row = self._entity_row(entity, entity_id)
            version = read_version(conn, entity, entity_id, field, period)
            old = read_raw(conn, entity, entity_id, field, period)
            if expected_version is not None and version != expected_version:
                raise ConflictError(
                    f"{self._label(entity, row)} har ändrats i en annan session"
                    f" (nu: {show(decode(kind, old))}); din ändring sparades inte.",
                    decode(kind, old), version)
            if same(old, new):
                return version
            write_raw(conn, entity, entity_id, field, period, new)
            bump_version(conn, entity, entity_id, field, period)
            self.log_change(self._year_of(entity, row), entity, entity_id, self._label(entity, row), field,
                            period, old, new, action)
            return read_version(conn, entity, entity_id, field, period)

    def _entity_row(self, entity: str, entity_id: int) -> Row:
        table = ENTITY_TABLE[entity]
        row = self._one(f"SELECT * FROM {table} WHERE {PK.get(table, 'id')} = ?", (entity_id,))
        if row is None:
            raise StoreError("Raden finns inte längre (den har tagits bort, kanske i en annan session).")
        return row

    def _year_of(self, entity: str, row: Row) -> int | None:
        if "year" in row:
            return int(row["year"])
        if entity == "indicator":
            return int(self._entity_row("goal", row["goal_id"])["year"])
        return None

    def _label(self, entity: str, row: Row) -> str:
        return str(row[LABEL_COLUMN[entity]])

    # ---------------------------------------------------------- add

    def _require_year(self, year: int) -> None:
        if self._one("SELECT 1 AS x FROM years WHERE year = ?", (year,)) is None:
            raise StoreError(f"Året {year} finns inte i databasen.")

    def _add(self, entity: str, parent: Any, values: dict[str, Any], year: int | None) -> int:
        table, parent_col = ENTITY_TABLE[entity], PARENT_COLUMN[entity]
        with self._tx():
            pos = self.conn.execute(f"SELECT COALESCE(MAX(position), 0) + 1 FROM {table} WHERE {parent_col} = ?",
                                    (parent,)).fetchone()[0]
            values = {parent_col: parent, "position": pos, **values, "version": fresh_version(self.conn)}
            rid = inserted_id(self.conn.execute(f"INSERT INTO {table} ({', '.join(values)})"
                                                f" VALUES ({', '.join('?' * len(values))})", tuple(values.values())))
            label = str(values.get(LABEL_COLUMN[entity], ""))
            self.log_change(year, entity, rid, label, "", None, None, label, "add")
            return rid

    def add_goal(self, year: int, title: str) -> int:
        self._require_year(year)
        return self._add("goal", year, {"title": title}, year)

    def add_indicator(self, goal_id: int, name: str) -> int:
        goal = self._entity_row("goal", goal_id)
        return self._add("indicator", goal_id, {"name": name}, goal["year"])

    def add_operating_line(self, year: int, label: str, kind: Kind, section: str | None = None) -> int:
        self._require_year(year)
        return self._add("operating", year, {"label": label, "kind": Kind(kind).value,
                                             "section": encode("section", section)}, year)

    def add_investment_line(self, year: int, label: str, municipality: str | None = None,
                            parent_id: int | None = None) -> int:
        self._require_year(year)
        if parent_id is not None:
            parent = self._entity_row("investment", parent_id)
            if parent["parent_id"] is not None:
                raise StoreError("En varav-rad kan inte ha egna varav-rader.")
            municipality = parent["municipality"]
        return self._add("investment", year, {"label": label, "municipality": municipality, "parent_id": parent_id},
                         year)

    def add_member(self, year: int, municipality: str) -> int:
        self._require_year(year)
        return self._add("member", year, {"municipality": municipality}, year)

    # ---------------------------------------------------------- delete / move

    def delete(self, entity: str, entity_id: int, *, expected_version: int | None = None) -> list[str]:
        """Delete a row with what hangs on it; returns the names of the indicators that followed a
        figure of it, whose links the same change cleared (undo puts them back)."""
        with self._tx():
            row = self._entity_row(entity, entity_id)
            if expected_version is not None and row["version"] != expected_version:
                raise ConflictError(f"{self._label(entity, row)} har ändrats i en annan session; inget togs bort.",
                                    None, row["version"])
            year = self._year_of(entity, row)
            snap = self._snapshot(entity, entity_id)
            followed = year if entity in ("operating", "investment") else None  # what a link can follow
            before = self._targets(followed) if followed is not None else set()
            for r in snap.get("printed", []):
                self.conn.execute("DELETE FROM printed WHERE year = ? AND period = ? AND path = ?",
                                  (r["year"], r["period"], r["path"]))
            self.conn.execute(f"DELETE FROM {ENTITY_TABLE[entity]} WHERE id = ?", (entity_id,))
            if followed is not None:
                snap[LINKS] = self._unlink(followed, before - self._targets(followed))
            self.log_change(year, entity, entity_id, self._label(entity, row), "", None,
                            json.dumps(snap, ensure_ascii=False), None, "delete")
            return [str(r["name"]) for r in snap.get(LINKS, [])]

    def _targets(self, year: int) -> set[Target]:
        """The rows and groups of the year a link can follow, as core.links.year_targets names them."""
        q = self._q
        out: set[Target] = {("operating", str(r["id"])) for r in q("SELECT id FROM operating_lines WHERE year = ?",
                                                                   (year,))}
        out |= {("section", str(r["section"])) for r in q("SELECT DISTINCT section FROM operating_lines"
                                                           " WHERE year = ? AND section IS NOT NULL", (year,))}
        for r in q("SELECT id, label, parent_id FROM investment_lines WHERE year = ?", (year,)):
            out.add(("investments", str(r["id"])))
            if r["parent_id"] is not None:
                out.add(("varav", str(r["label"]).strip()))
        return out

    def _unlink(self, year: int, lost: set[Target]) -> list[Row]:
        """Clear the links of the year's indicators that follow a row or group now gone; the cleared ones."""
        if not lost:
            return []
        rows = [r for r in self._q("SELECT i.id, i.name, i.link FROM indicators i JOIN goals g ON g.id = i.goal_id"
                                   " WHERE g.year = ? AND i.link IS NOT NULL ORDER BY g.position, i.position",
                                   (year,)) if link_target(str(r["link"])) in lost]
        for r in rows:
            self.conn.execute("UPDATE indicators SET link = NULL WHERE id = ?", (r["id"],))
            bump_version(self.conn, "indicator", r["id"], "link", None)
        return rows

    def move(self, entity: str, entity_id: int, delta: int) -> None:
        if entity not in PARENT_COLUMN or delta == 0:
            return
        with self._tx():
            row = self._entity_row(entity, entity_id)
            siblings = self._siblings(entity, row)
            i = siblings.index(entity_id)
            j = max(0, min(len(siblings) - 1, i + delta))
            if i == j:
                return
            self._place(entity, row, entity_id, j)
            self.log_change(self._year_of(entity, row), entity, entity_id, self._label(entity, row), "position",
                            None, str(i + 1), str(j + 1), "move")

    def _snapshot(self, entity: str, entity_id: int) -> Snapshot:
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

    def _printed_under(self, prefixes: list[str]) -> list[Row]:
        # substr, not LIKE: an id prefix must not match as a pattern
        return [r for p in prefixes for r in self._q("SELECT * FROM printed WHERE substr(path, 1, ?) = ?",
                                                     (len(p), p))]

    def _siblings(self, entity: str, row: Row) -> list[int]:
        """Ids in the row's scope in shown order (varav rows move among their parent's)."""
        table, parent_col = ENTITY_TABLE[entity], PARENT_COLUMN[entity]
        sql = f"SELECT id FROM {table} WHERE {parent_col} = ?"
        params: list[Any] = [row[parent_col]]
        if entity == "investment":
            if row["parent_id"] is None:
                sql += " AND parent_id IS NULL"
            else:
                sql += " AND parent_id = ?"
                params.append(row["parent_id"])
        return [r["id"] for r in self._q(sql + " ORDER BY position, id", params)]

    def _place(self, entity: str, row: Row, entity_id: int, index: int) -> None:
        """Put a row at `index` (0-based) among its siblings and renumber them."""
        siblings = self._siblings(entity, row)
        siblings.remove(entity_id)
        siblings.insert(index, entity_id)
        for pos, sid in enumerate(siblings, start=1):
            self.conn.execute(f"UPDATE {ENTITY_TABLE[entity]} SET position = ? WHERE id = ?", (pos, sid))
