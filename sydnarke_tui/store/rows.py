"""One editable field of one row: its column value and the version a save names.

Versions only grow: a save adds one, and a row written anew (a load, an
import's new line, a restored delete) starts above any version its id ever
held (`fresh_version`).

Most fields are versioned by their row (`version`), per-period values by the
row they belong to. Two year fields have their own: the key basis
(`years.key_version`) and each period's narrative (`narratives.version`, 0
while the period has no row), so editing one never conflicts with the other.
"""

from __future__ import annotations

import sqlite3
from typing import Any, Protocol, Sequence

from ..core.model import Year
from .codec import ENTITY_TABLE, FIELDS, PERIOD_COLUMN, PK, VALUE_TABLE
from .errors import StoreError

VERSION_COLUMN = {("year", "key_basis"): "key_version"}
NARRATIVE = ("year", "narrative")


class _Versioned(Protocol):
    """A model row that carries its id and version (a goal, an indicator, a line, a key member)."""

    @property
    def id(self) -> int: ...

    @property
    def version(self) -> int: ...


def _pk(entity: str) -> tuple[str, str]:
    table = ENTITY_TABLE[entity]
    return table, PK.get(table, "id")


def read_version(conn: sqlite3.Connection, entity: str, eid: int, field: str, period: str | None) -> int:
    if (entity, field) == NARRATIVE:
        r = conn.execute("SELECT version FROM narratives WHERE year = ? AND period = ?", (eid, period)).fetchone()
        return int(r[0]) if r else 0
    table, pk = _pk(entity)
    col = VERSION_COLUMN.get((entity, field), "version")
    r = conn.execute(f"SELECT {col} FROM {table} WHERE {pk} = ?", (eid,)).fetchone()
    return int(r[0]) if r else 0


def fresh_version(conn: sqlite3.Connection) -> int:
    """The version a rewritten row starts at: above every version a removed row held (schema.TRIGGERS),
    so an id used again never meets an edit that was based on the row it had before."""
    return int(conn.execute("SELECT v + 1 FROM version_clock").fetchone()[0])


def bump_version(conn: sqlite3.Connection, entity: str, eid: int, field: str, period: str | None) -> None:
    if (entity, field) == NARRATIVE:
        conn.execute("UPDATE narratives SET version = version + 1 WHERE year = ? AND period = ?", (eid, period))
        return
    table, pk = _pk(entity)
    col = VERSION_COLUMN.get((entity, field), "version")
    conn.execute(f"UPDATE {table} SET {col} = {col} + 1 WHERE {pk} = ?", (eid,))


def read_raw(conn: sqlite3.Connection, entity: str, eid: int, field: str, period: str | None) -> Any:
    """The column value of a field (None for a period without a value row)."""
    if FIELDS[entity][field][0] == "row":
        table, pk = _pk(entity)
        r = conn.execute(f"SELECT {field} FROM {table} WHERE {pk} = ?", (eid,)).fetchone()
    else:
        vt, fk = VALUE_TABLE[entity]
        col = PERIOD_COLUMN.get((entity, field), field)
        r = conn.execute(f"SELECT {col} FROM {vt} WHERE {fk} = ? AND period = ?", (eid, period)).fetchone()
    return None if r is None else r[0]


def write_raw(conn: sqlite3.Connection, entity: str, eid: int, field: str, period: str | None, raw: Any) -> None:
    """Store a column value; the caller bumps the version in the same transaction."""
    if FIELDS[entity][field][0] == "row":
        table, pk = _pk(entity)
        conn.execute(f"UPDATE {table} SET {field} = ? WHERE {pk} = ?", (raw, eid))
        return
    vt, fk = VALUE_TABLE[entity]
    col = PERIOD_COLUMN.get((entity, field), field)
    # A new narrative row starts at the clock so that the bump puts it above any version it held before.
    version = (", version", ", (SELECT v FROM version_clock)") if (entity, field) == NARRATIVE else ("", "")
    conn.execute(f"INSERT INTO {vt} ({fk}, period, {col}{version[0]}) VALUES (?, ?, ?{version[1]})"
                 f" ON CONFLICT ({fk}, period) DO UPDATE SET {col} = excluded.{col}", (eid, period, raw))


def field_version(year: Year, entity: str, entity_id: int, field: str, period: str | None = None) -> int:
    """The version a save of this field must name, as the loaded model holds it.

    The same rule as `read_version`, on the model: an edit remembers this when
    it starts and passes it to `set_field(expected_version=...)`.
    """
    if entity == "year":
        if field == "narrative":
            return year.narrative_version(period or "")
        return year.key.version if field == "key_basis" else year.version
    rows: dict[str, Sequence[_Versioned]] = {
        "goal": year.goals, "indicator": year.indicators(), "operating": year.operating,
        "investment": year.investments, "member": year.key.members}
    for row in rows[entity]:
        if row.id == entity_id:
            return row.version
    raise StoreError("Raden finns inte längre (den har tagits bort, kanske i en annan session).")
