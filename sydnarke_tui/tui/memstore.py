"""An in-memory stand-in for store.db.Store with the same API.

Used by the benchmark (a generated large year without writing a database)
and by tests that exercise the screens without SQLite. It keeps versions,
an audit log and undo, like the real store, but nothing survives the process.
"""

from __future__ import annotations

import copy
import datetime as _dt
import getpass
from dataclasses import dataclass
from typing import Any

from ..core.model import (
    Goal,
    Indicator,
    IndicatorValue,
    InvestmentLine,
    KeyShare,
    Kind,
    LineValue,
    OperatingLine,
    Year,
)


from ..store.db import ConflictError as MemConflictError  # noqa: E402
from ..store.db import StoreError as MemStoreError  # noqa: E402


@dataclass(frozen=True)
class MemAuditRow:
    id: int
    at: str
    user: str
    year: int | None
    entity: str
    entity_id: int | None
    label: str
    field: str
    period: str | None
    old: str | None
    new: str | None
    action: str
    undone: bool = False


_PERIOD_FIELDS = {
    "goal": {"comment"},
    "indicator": {"outcome", "forecast", "manual_status", "justification", "comment"},
    "operating": {"outcome", "forecast", "comment"},
    "investment": {"outcome", "forecast", "comment"},
    "year": {"narrative"},
}


class MemStore:
    """Same calls as store.db.Store; `years` maps year number -> Year."""

    def __init__(self, years: dict[int, Year], user: str | None = None, clock=None):
        self._years = {y: copy.deepcopy(m) for y, m in years.items()}
        self._audit: list[dict] = []
        self._data_version = 1
        self._next_id = 1 + max(
            [0]
            + [o.id for m in self._years.values() for o in (*m.goals, *m.indicators(), *m.operating, *m.investments)]
            + [k.id for m in self._years.values() for k in m.key.members]
        )
        self.user = user or getpass.getuser()
        self.clock = clock or (lambda: _dt.datetime.now().replace(microsecond=0))
        for m in self._years.values():
            for i, k in enumerate(m.key.members):
                if not k.id:
                    k.id = self._new_id()

    # ------------------------------------------------------------ helpers
    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _find(self, entity: str, entity_id: int) -> tuple[Year, Any]:
        for y in self._years.values():
            if entity == "year" and y.year == entity_id:
                return y, y
            pool = {
                "goal": y.goals, "indicator": y.indicators(), "operating": y.operating,
                "investment": y.investments, "member": y.key.members,
            }.get(entity, [])
            for o in pool:
                if o.id == entity_id:
                    return y, o
        raise MemStoreError(f"Hittar inte {entity} {entity_id}.")

    def _log(self, y: Year | None, entity: str, entity_id, label: str, field: str, period, old, new, action,
             undo=None) -> None:
        self._audit.append(dict(
            id=len(self._audit) + 1, at=self.clock().isoformat(sep=" "), user=self.user,
            year=None if y is None else y.year, entity=entity, entity_id=entity_id, label=label, field=field,
            period=period, old=None if old is None else str(old), new=None if new is None else str(new),
            action=action, undone=False, undo=undo,
        ))
        self._data_version += 0  # own writes do not change data_version

    # ------------------------------------------------------------ reading
    def years(self) -> list[int]:
        return sorted(self._years)

    def load_year(self, year: int) -> Year:
        return copy.deepcopy(self._years[year])

    def data_version(self) -> int:
        return self._data_version

    def touch_external(self) -> None:
        """Simulate another session's commit (tests)."""
        self._data_version += 1

    def audit(self, limit: int = 500) -> list[MemAuditRow]:
        rows = [MemAuditRow(**{k: v for k, v in r.items() if k != "undo"}) for r in self._audit]
        return list(reversed(rows))[:limit]

    # ------------------------------------------------------------ writing
    def _get(self, obj, entity: str, field: str, period: str | None):
        if entity == "year":
            if field == "key_basis":
                return obj.key.basis
            if field == "narrative":
                return obj.narrative.get(period or "", "")
            return getattr(obj, field)
        if period and field in _PERIOD_FIELDS.get(entity, ()):
            if entity == "goal":
                return obj.comments.get(period, "")
            return getattr(obj.value(period), field)
        return getattr(obj, field)

    def _set(self, obj, entity: str, field: str, period: str | None, value) -> None:
        if entity == "year":
            if field == "key_basis":
                obj.key.basis = value
            elif field == "narrative":
                obj.narrative[period or ""] = value
            else:
                setattr(obj, field, value)
            return
        if period and field in _PERIOD_FIELDS.get(entity, ()):
            if entity == "goal":
                obj.comments[period] = value
                return
            if period not in obj.values:
                obj.values[period] = IndicatorValue() if entity == "indicator" else LineValue()
            setattr(obj.values[period], field, value)
            return
        setattr(obj, field, value)

    def set_field(self, entity, entity_id, field, value, *, period=None, expected_version=None) -> int:
        y, obj = self._find(entity, entity_id)
        old = self._get(obj, entity, field, period)
        version = getattr(obj, "version", 1) if entity != "year" else 1
        if expected_version is not None and entity != "year" and expected_version != version:
            raise MemConflictError("Raden har ändrats i en annan session.", current=old, version=version)
        self._set(obj, entity, field, period, value)
        if entity != "year":
            obj.version = version + 1
        label = getattr(obj, "name", None) or getattr(obj, "title", None) or getattr(obj, "label", None) \
            or getattr(obj, "municipality", None) or str(entity_id)
        self._log(y, entity, entity_id, label, field, period, old, value, "set",
                  undo=(entity, entity_id, field, period, old))
        return getattr(obj, "version", 1) if entity != "year" else 1

    def add_goal(self, year: int, title: str) -> int:
        y = self._years[year]
        g = Goal(self._new_id(), title)
        y.goals.append(g)
        self._log(y, "goal", g.id, title, "", None, None, title, "add", undo=("delete", "goal", g.id))
        return g.id

    def add_indicator(self, goal_id: int, name: str) -> int:
        y, g = self._find("goal", goal_id)
        i = Indicator(self._new_id(), name)
        g.indicators.append(i)
        self._log(y, "indicator", i.id, name, "", None, None, name, "add", undo=("delete", "indicator", i.id))
        return i.id

    def add_operating_line(self, year: int, label: str, kind: Kind) -> int:
        y = self._years[year]
        ln = OperatingLine(self._new_id(), label, kind)
        y.operating.append(ln)
        self._log(y, "operating", ln.id, label, "", None, None, label, "add", undo=("delete", "operating", ln.id))
        return ln.id

    def add_investment_line(self, year: int, label: str, municipality=None, parent_id=None) -> int:
        y = self._years[year]
        ln = InvestmentLine(self._new_id(), label, municipality, parent_id=parent_id)
        if parent_id is not None:
            idx = max(i for i, x in enumerate(y.investments) if x.id == parent_id or x.parent_id == parent_id)
            y.investments.insert(idx + 1, ln)
        else:
            y.investments.append(ln)
        self._log(y, "investment", ln.id, label, "", None, None, label, "add", undo=("delete", "investment", ln.id))
        return ln.id

    def add_member(self, year: int, municipality: str) -> int:
        y = self._years[year]
        m = KeyShare(municipality, id=self._new_id())
        y.key.members.append(m)
        self._log(y, "member", m.id, municipality, "", None, None, municipality, "add",
                  undo=("delete", "member", m.id))
        return m.id

    def _container(self, y: Year, entity: str, obj) -> list:
        if entity == "indicator":
            return next(g.indicators for g in y.goals if obj in g.indicators)
        return {"goal": y.goals, "operating": y.operating, "investment": y.investments,
                "member": y.key.members}[entity]

    def delete(self, entity, entity_id, *, expected_version=None) -> None:
        y, obj = self._find(entity, entity_id)
        if expected_version is not None and expected_version != obj.version:
            raise MemConflictError("Raden har ändrats i en annan session.", version=obj.version)
        lst = self._container(y, entity, obj)
        idx = lst.index(obj)
        lst.remove(obj)
        if entity == "investment":
            y.investments[:] = [x for x in y.investments if x.parent_id != entity_id]
        label = getattr(obj, "name", None) or getattr(obj, "title", None) or getattr(obj, "label", None) \
            or getattr(obj, "municipality", "")
        self._log(y, entity, entity_id, label, "", None, label, None, "delete",
                  undo=("restore", lst, idx, obj))

    def move(self, entity, entity_id, delta) -> None:
        y, obj = self._find(entity, entity_id)
        lst = self._container(y, entity, obj)
        i = lst.index(obj)
        j = max(0, min(len(lst) - 1, i + delta))
        lst.insert(j, lst.pop(i))
        self._log(y, entity, entity_id, str(entity_id), "position", None, i, j, "move",
                  undo=("move", entity, entity_id, i - j))

    def undo_last(self):
        for r in reversed(self._audit):
            if r["undone"] or r["action"] == "undo" or r["undo"] is None:
                continue
            u = r["undo"]
            if r["action"] == "set":
                entity, eid, field, period, old = u
                y, obj = self._find(entity, eid)
                self._set(obj, entity, field, period, old)
                if entity != "year":
                    obj.version += 1
            elif u[0] == "delete":
                y, obj = self._find(u[1], u[2])
                self._container(y, u[1], obj).remove(obj)
            elif u[0] == "restore":
                u[1].insert(u[2], u[3])
            elif u[0] == "move":
                y, obj = self._find(u[1], u[2])
                lst = self._container(y, u[1], obj)
                i = lst.index(obj)
                lst.insert(max(0, min(len(lst) - 1, i + u[3])), lst.pop(i))
            r["undone"] = True
            y_obj = self._years.get(r["year"]) if r["year"] is not None else None
            self._log(y_obj, r["entity"], r["entity_id"], r["label"], r["field"], r["period"], r["new"],
                      r["old"], "undo")
            return MemAuditRow(**{k: v for k, v in r.items() if k != "undo"})
        return None

    def close(self) -> None:
        pass
