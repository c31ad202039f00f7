"""Three-way write of an edited year (an import): base (read earlier), current (stored now), new.

A field the edit did not change is left as stored (a colleague's change made
meanwhile survives); a field the edit changed is written when the stored value
is still the base value (or already the new one), and is a ConflictError when
both changed it, which rolls the whole write back. Goals and indicators are
matched by id and never added or removed here (imports change values, not the
goal structure); lines and key members are added and removed as in the edit.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Callable, Iterable, Sequence

from ..core.model import PrintedValue, Year
from .audit import ChangeLog
from .codec import ENTITY_TABLE, FIELDS, decode, encode, show
from .errors import ConflictError
from .inserts import insert_investment, insert_member, insert_operating, remap_path
from .rows import bump_version, write_raw

ROW_FIELDS = {
    "operating": ("label", "kind", "budget", "is_contribution", "previous_outcome", "section", "profile"),
    "investment": ("label", "municipality", "budget", "previous_outcome", "profile"),
    "member": ("municipality", "share_pct", "base"),
    "indicator": ("name", "unit", "comparison", "target", "partly_from_pct", "lower_formula", "baseline", "link"),
}
PERIOD_FIELDS = {
    "operating": ("outcome", "forecast", "comment"),
    "investment": ("outcome", "forecast", "comment"),
    "indicator": ("outcome", "forecast", "manual_status", "justification", "comment"),
}


Triple = tuple[Any, Any, Any]  # (base, current, new): one value, or the objects holding it


class YearSync:
    """One three-way write, inside the caller's transaction on `conn`; each change goes to `changes`
    (the audit log) and, as a line for the user, to `log`."""

    def __init__(self, conn: sqlite3.Connection, changes: ChangeLog, base: Year, current: Year, new: Year,
                 action: str, log: list[str]):
        self.conn, self.changes = conn, changes
        self.base, self.cur, self.new = base, current, new
        self.action, self.log = action, log
        self.remap: dict[str, str] = {}

    def run(self) -> None:
        conn, yr = self.conn, self.new.year
        self._year_fields()
        self._lines("member", lambda y: y.key.members,
                    lambda pos, ln, ids: insert_member(conn, yr, pos, ln), lambda m: m.municipality)
        self._lines("operating", lambda y: y.operating,
                    lambda pos, ln, ids: insert_operating(conn, yr, pos, ln, self.remap))
        self._lines("investment", lambda y: y.investments,
                    lambda pos, ln, ids: insert_investment(conn, yr, pos, ln, ids, self.remap))
        self._goals()
        self._printed()

    # ---------------------------------------------------------- one field

    def _field(self, entity: str, eid: int, label: str, f: str, triple: Triple,
               period: str | None = None) -> None:
        b, c, n = triple
        if _identical(b, n) or _identical(c, n):
            return  # the common case, decided before encoding
        kind = FIELDS[entity][f][1]
        b, c, n = (encode(kind, v) for v in triple)
        if b == n or c == n:
            return  # not changed by the edit, or already so
        if c != b:
            raise self._conflict(label, f, decode(kind, c))
        write_raw(self.conn, entity, eid, f, period, n)
        bump_version(self.conn, entity, eid, f, period)
        self.changes.log_change(self.new.year, entity, eid, label, f, period, c, n, self.action)
        self.log.append(f"{label}{f' ({period})' if period else ''}: {f} {show(c)} → {show(n)}")

    def _conflict(self, label: str, what: str, current: Any) -> ConflictError:
        return ConflictError(f"{label}: {what} har ändrats i en annan session (nu: {show(current)});"
                             " importen sparades inte.", current)

    def _row(self, entity: str, objs: Triple, label: str) -> None:
        for f in ROW_FIELDS[entity]:
            self._field(entity, objs[2].id, label, f, _each(objs, lambda o: getattr(o, f)))

    def _per_period(self, entity: str, eid: int, label: str, f: str, get: Callable[[Any, str], Any],
                    objs: Triple, periods: Iterable[str]) -> None:
        for period in sorted(set(periods)):
            self._field(entity, eid, label, f, _each(objs, lambda o: get(o, period)), period)

    def _values(self, entity: str, objs: Triple, label: str) -> None:
        periods = set(objs[0].values) | set(objs[2].values)
        for f in PERIOD_FIELDS[entity]:
            self._per_period(entity, objs[2].id, label, f, _period_value(f), objs, periods)

    # ---------------------------------------------------------- parts of the year

    def _year_fields(self) -> None:
        ys = (self.base, self.cur, self.new)
        yr, label = self.new.year, str(self.new.year)
        self._field("year", yr, label, "organisation", _each(ys, lambda y: y.organisation))
        self._field("year", yr, label, "key_basis", _each(ys, lambda y: y.key.basis))
        self._per_period("year", yr, label, "narrative", lambda y, p: y.narrative.get(p), ys,
                         set(self.base.narrative) | set(self.new.narrative))

    def _goals(self) -> None:
        base = {g.id: g for g in self.base.goals}
        cur = {g.id: g for g in self.cur.goals}
        for g in self.new.goals:
            if g.id in base and g.id in cur:
                objs: Triple = (base[g.id], cur[g.id], g)
                self._field("goal", g.id, g.title, "title", _each(objs, lambda o: o.title))
                self._per_period("goal", g.id, g.title, "comment", lambda o, p: o.comments.get(p), objs,
                                 set(objs[0].comments) | set(g.comments))
        base_inds = {i.id: i for i in self.base.indicators()}
        cur_inds = {i.id: i for i in self.cur.indicators()}
        for ind in self.new.indicators():
            if ind.id in base_inds and ind.id in cur_inds:
                objs = (base_inds[ind.id], cur_inds[ind.id], ind)
                self._row("indicator", objs, ind.name)
                self._values("indicator", objs, ind.name)

    def _lines(self, entity: str, rows_of: Callable[[Year], Sequence[Any]],
               insert: Callable[[int, Any, dict[int, int]], int],
               label_of: Callable[[Any], str] = lambda ln: ln.label) -> None:
        base = {ln.id: ln for ln in rows_of(self.base)}
        cur = {ln.id: ln for ln in rows_of(self.cur)}
        new_ids: dict[int, int] = {}
        for pos, ln in enumerate(rows_of(self.new), 1):
            if ln.id not in base:
                lid = insert(pos, ln, new_ids)
                self.changes.log_change(self.new.year, entity, lid, label_of(ln), "", None, None, label_of(ln),
                                        self.action)
                self.log.append(f"Ny rad: {label_of(ln)}")
                continue
            if ln.id not in cur:
                raise ConflictError(f"{label_of(ln)} har tagits bort i en annan session; importen sparades inte.")
            new_ids[ln.id] = ln.id
            self._row(entity, (base[ln.id], cur[ln.id], ln), label_of(ln))
            if entity in PERIOD_FIELDS:
                self._values(entity, (base[ln.id], cur[ln.id], ln), label_of(ln))
        kept = {ln.id for ln in rows_of(self.new)}
        for lid in sorted(set(base) - kept):
            if lid in cur:
                self.conn.execute(f"DELETE FROM {ENTITY_TABLE[entity]} WHERE id = ?", (lid,))
                label = label_of(base[lid])
                self.changes.log_change(self.new.year, entity, lid, label, "", None, label, None, self.action)
                self.log.append(f"Borttagen rad: {label}")

    def _printed(self) -> None:
        keys = {(p, path) for y in (self.base, self.new) for p, figs in y.printed.items() for path in figs}
        for period, path in sorted(keys):
            b = self.base.printed.get(period, {}).get(path)
            n = self.new.printed.get(period, {}).get(path)
            if b == n:
                continue
            stored = remap_path(path, self.remap)
            c = self.cur.printed.get(period, {}).get(path)
            if c != b and c != n:
                raise self._conflict(f"Tryckt värde {path}", "värdet", c.value if c else None)
            self.conn.execute("DELETE FROM printed WHERE year = ? AND period = ? AND path = ?",
                              (self.new.year, period, stored))
            if n is not None:
                self.conn.execute("INSERT INTO printed (year, period, path, value, unit) VALUES (?,?,?,?,?)",
                                  (self.new.year, period, stored, str(n.value), n.unit))
            old, new = _printed_text(b), _printed_text(n)
            self.changes.log_change(self.new.year, "printed", None, stored, "printed", period, old, new, self.action)
            self.log.append(f"Tryckt värde {stored} ({period}): {old or 'tomt'} → {new or 'tomt'}")


def _each(objs: Triple, get: Callable[[Any], Any]) -> Triple:
    """The same value of each of (base, current, new)."""
    return get(objs[0]), get(objs[1]), get(objs[2])


def _period_value(f: str) -> Callable[[Any, str], Any]:
    """Field `f` of a line's or indicator's value in a period (None when it has none)."""
    return lambda o, p: getattr(o.values[p], f) if p in o.values else None


def _printed_text(v: PrintedValue | None) -> str | None:
    return None if v is None else f"{v.value} {v.unit}"


def _identical(a: Any, b: Any) -> bool:
    """Equal values of one type (True == Decimal(1) must not count as unchanged)."""
    return type(a) is type(b) and a == b
