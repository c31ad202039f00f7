"""SQLite store: schema, migrations (through sqlite-utils), versions, audit log.

Queries use the sqlite3 connection directly: sqlite-utils is imported only
when a database is migrated, which keeps it off every start-up.

Every write is one transaction (BEGIN IMMEDIATE, with a busy timeout so a
second session waits instead of failing) and adds an audit row. Editable rows
carry a version; a save based on a stale version raises ConflictError naming
the current value, and nothing is overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import getpass
import json
import os
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator


from ..core.model import (
    Comparison,
    Goal,
    Indicator,
    IndicatorValue,
    InvestmentLine,
    Key,
    KeyShare,
    Kind,
    LineValue,
    LowerFormula,
    OperatingLine,
    Period,
    PrintedValue,
    Status,
    Year,
)

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A problem with the database, said in one Swedish line for the user."""


class ConflictError(StoreError):
    """The row changed in another session since it was read."""

    def __init__(self, message: str, current: Any = None, version: int | None = None):
        super().__init__(message)
        self.current = current
        self.version = version


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
    action: str  # set, add, delete, move, undo, import, load
    undone: bool = False


# Editable fields per entity: field name -> (table, column, kind).
# Per-period fields live in the *_values tables and need `period`.
ENTITY_TABLE = {
    "goal": "goals",
    "indicator": "indicators",
    "operating": "operating_lines",
    "investment": "investment_lines",
    "member": "key_members",
    "year": "years",
}

FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "goal": {"title": ("row", "text"), "comment": ("period", "text")},
    "indicator": {
        "name": ("row", "text"), "unit": ("row", "text"), "comparison": ("row", "comparison"),
        "target": ("row", "value"), "partly_from_pct": ("row", "int"), "lower_formula": ("row", "formula"),
        "baseline": ("row", "value"),
        "outcome": ("period", "value"), "forecast": ("period", "value"), "manual_status": ("period", "status"),
        "justification": ("period", "text"), "comment": ("period", "text"),
    },
    "operating": {
        "label": ("row", "text"), "kind": ("row", "kind"), "budget": ("row", "int"),
        "is_contribution": ("row", "bool"), "previous_outcome": ("row", "int"),
        "outcome": ("period", "int"), "forecast": ("period", "int"), "comment": ("period", "text"),
    },
    "investment": {
        "label": ("row", "text"), "municipality": ("row", "text"), "budget": ("row", "int"),
        "previous_outcome": ("row", "int"),
        "outcome": ("period", "int"), "forecast": ("period", "int"), "comment": ("period", "text"),
    },
    "member": {"municipality": ("row", "text"), "share_pct": ("row", "decimal"), "base": ("row", "int")},
    "year": {"organisation": ("row", "text"), "key_basis": ("row", "basis"), "narrative": ("period", "text")},
}

SCHEMA_SQL = """
CREATE TABLE years (
    year INTEGER PRIMARY KEY,
    organisation TEXT NOT NULL DEFAULT '',
    periods TEXT NOT NULL,              -- JSON list of {code, name, last_month, full_year}
    key_basis TEXT NOT NULL DEFAULT 'shares',
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE narratives (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    period TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (year, period)
);
CREATE TABLE key_members (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    municipality TEXT NOT NULL,
    share_pct TEXT,
    base INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE goals (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE goal_values (
    goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (goal_id, period)
);
CREATE TABLE indicators (
    id INTEGER PRIMARY KEY,
    goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    comparison TEXT NOT NULL DEFAULT '>=',
    target TEXT,
    partly_from_pct INTEGER,
    lower_formula TEXT,
    baseline TEXT,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE indicator_values (
    indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    outcome TEXT,
    forecast TEXT,
    manual_status TEXT,
    justification TEXT NOT NULL DEFAULT '',
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (indicator_id, period)
);
CREATE TABLE operating_lines (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    budget INTEGER,
    is_contribution INTEGER NOT NULL DEFAULT 0,
    previous_outcome INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE operating_values (
    line_id INTEGER NOT NULL REFERENCES operating_lines(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    outcome INTEGER,
    forecast INTEGER,
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (line_id, period)
);
CREATE TABLE investment_lines (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    label TEXT NOT NULL,
    municipality TEXT,
    budget INTEGER,
    parent_id INTEGER REFERENCES investment_lines(id) ON DELETE CASCADE,
    previous_outcome INTEGER,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE investment_values (
    line_id INTEGER NOT NULL REFERENCES investment_lines(id) ON DELETE CASCADE,
    period TEXT NOT NULL,
    outcome INTEGER,
    forecast INTEGER,
    comment TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (line_id, period)
);
CREATE TABLE printed (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    period TEXT NOT NULL,
    path TEXT NOT NULL,
    value TEXT NOT NULL,
    unit TEXT NOT NULL,
    PRIMARY KEY (year, period, path)
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    year INTEGER,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    label TEXT NOT NULL DEFAULT '',
    field TEXT NOT NULL DEFAULT '',
    period TEXT,
    old TEXT,
    new TEXT,
    action TEXT NOT NULL,
    undone_by INTEGER
);
CREATE INDEX goals_year ON goals(year, position);
CREATE INDEX indicators_goal ON indicators(goal_id, position);
CREATE INDEX operating_year ON operating_lines(year, position);
CREATE INDEX investment_year ON investment_lines(year, position);
CREATE INDEX members_year ON key_members(year, position);
"""

VALUE_TABLE = {
    "goal": ("goal_values", "goal_id"),
    "indicator": ("indicator_values", "indicator_id"),
    "operating": ("operating_values", "line_id"),
    "investment": ("investment_values", "line_id"),
    "year": ("narratives", "year"),
}
PERIOD_COLUMN = {("goal", "comment"): "comment", ("year", "narrative"): "text"}
ROW_COLUMN = {("member", "municipality"): "municipality"}
LABEL_COLUMN = {"goal": "title", "indicator": "name", "operating": "label", "investment": "label",
                "member": "municipality", "year": "year"}
PK = {"years": "year"}


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 2 added previous-year columns and the narrative table.

    sqlite-utils runs the statements inside our open transaction.
    """
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    db["operating_lines"].add_column("previous_outcome", int)
    db["investment_lines"].add_column("previous_outcome", int)
    db["indicators"].add_column("baseline", str)
    # Raw SQL here: sqlite-utils cannot declare ON DELETE CASCADE.
    conn.execute(
        "CREATE TABLE narratives (year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,"
        " period TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', PRIMARY KEY (year, period))"
    )


MIGRATIONS = {1: _migrate_1_to_2}


# ------------------------------------------------------------ value codecs


def encode(kind: str, value: Any) -> Any:
    """Model value -> column value (exact: decimals as text)."""
    if value is None:
        return "" if kind == "text" else None
    if kind == "value":
        if isinstance(value, bool):
            return "Ja" if value else "Nej"
        return str(Decimal(value))
    if kind == "decimal":
        return str(Decimal(value))
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise StoreError(f"Väntade ett heltal, fick {value!r}.")
        return value
    if kind == "bool":
        return 1 if value else 0
    if kind in ("comparison", "status", "formula", "kind"):
        return str(getattr(value, "value", value))
    if kind == "basis":
        if value not in ("shares", "base"):
            raise StoreError("Nyckelns grund måste vara 'shares' eller 'base'.")
        return value
    return str(value)


def decode(kind: str, raw: Any) -> Any:
    if raw is None:
        return None
    if kind == "value":
        return raw == "Ja" if raw in ("Ja", "Nej") else Decimal(raw)
    if kind == "decimal":
        return Decimal(raw)
    if kind == "int":
        return int(raw)
    if kind == "bool":
        return bool(int(raw))
    if kind == "comparison":
        return Comparison(raw)
    if kind == "status":
        return Status(raw) if raw else None
    if kind == "formula":
        return LowerFormula(raw) if raw else None
    if kind == "kind":
        return Kind(raw)
    return raw


def _audit_text(raw: Any) -> str | None:
    return None if raw is None else str(raw)


def _from_audit_text(kind: str, text: str | None) -> Any:
    if text is None:
        return None if kind != "text" else ""
    if kind in ("int", "bool"):
        return int(text)
    return text


# ------------------------------------------------------------------ store


class Store:
    """One connection to the database file. Not shared between threads at once."""

    def __init__(self, path: Path, conn: sqlite3.Connection, readonly: bool, user: str | None = None, clock=None):
        self.path = path
        self.conn = conn
        self.readonly = readonly
        self.user = user or _os_user()
        self._clock = clock or (lambda: _dt.datetime.now().replace(microsecond=0))

    # ---------------------------------------------------------- opening

    @classmethod
    def open(cls, path: Path | str, demo: bool = True, user: str | None = None, clock=None) -> "Store":
        path = Path(path)
        if not path.parent.exists():
            raise StoreError(f"Katalogen {path.parent} finns inte: skapa den eller ange en annan sökväg med --db.")
        if path.is_dir():
            raise StoreError(f"{path} är en katalog, inte en databasfil.")
        is_new = not path.exists() or path.stat().st_size == 0
        if not is_new:
            with open(path, "rb") as fh:
                if fh.read(16) != b"SQLite format 3\x00":
                    raise StoreError(f"{path} är ingen SQLite-databas (filen är skadad eller av fel sort); inget har ändrats.")
        readonly = not is_new and not os.access(path, os.W_OK)
        if is_new and not os.access(path.parent, os.W_OK):
            raise StoreError(f"Kan inte skapa databasen: katalogen {path.parent} är skrivskyddad.")
        try:
            if readonly:
                conn = _connect_readonly(path)
            else:
                conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                       check_same_thread=False)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA foreign_keys = ON")
            store = cls(path, conn, readonly, user, clock)
            store._prepare(is_new, demo)
        except sqlite3.DatabaseError as exc:
            raise StoreError(_db_message(path, exc)) from None
        return store

    def _prepare(self, is_new: bool, demo: bool) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        tables = self._table_names()
        if version == 0 and not tables:
            if self.readonly:
                raise StoreError(f"{self.path} är tom och skrivskyddad.")
            self.conn.execute("PRAGMA journal_mode = WAL")
            with self._tx():
                # Another process may have created it while we waited for the lock.
                if not self._table_names():
                    for stmt in _statements(SCHEMA_SQL):
                        self.conn.execute(stmt)
                    self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    if demo:
                        from .demo import demo_year

                        self._write_year(demo_year())
                        self._audit(2019, "year", 2019, "2019", "", None, None, "demo-2019.toml", "load")
            return
        if version == 0:
            raise StoreError(f"{self.path} är en SQLite-databas men inte sydnarke-tuis (inget schema); inget har ändrats.")
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"Databasen {self.path} har schemaversion {version}, nyare än programmets {SCHEMA_VERSION}: "
                "uppdatera sydnarke-tui; databasen har inte ändrats."
            )
        if not self.readonly:
            self.conn.execute("PRAGMA journal_mode = WAL")
        if version < SCHEMA_VERSION:
            if self.readonly:
                raise StoreError(f"Databasen {self.path} behöver uppgraderas men är skrivskyddad.")
            self._migrate(version)
        ok = self.conn.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise StoreError(f"{self.path} är skadad ({ok}); inget har ändrats.")

    def _migrate(self, version: int) -> None:
        backup = self.path.with_name(f"{self.path.name}.v{version}.bak")
        n = 1
        while backup.exists():
            n += 1
            backup = self.path.with_name(f"{self.path.name}.v{version}.{n}.bak")
        dest = sqlite3.connect(backup)
        try:
            self.conn.backup(dest)
        finally:
            dest.close()
        with self._tx():
            start = version = self.conn.execute("PRAGMA user_version").fetchone()[0]  # another process may have migrated
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](self.conn)
                version += 1
            if start < SCHEMA_VERSION:
                self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                self._audit(None, "database", None, str(self.path.name), "schema", None,
                            str(start), str(SCHEMA_VERSION), "migrate")
        self.backup_path = backup

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    # ---------------------------------------------------------- helpers

    @contextlib.contextmanager
    def _tx(self) -> Iterator[None]:
        if self.readonly:
            raise StoreError(f"Databasen {self.path} är skrivskyddad: ändringen sparades inte.")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(_db_message(self.path, exc)) from None
        try:
            yield
        except (sqlite3.DatabaseError, OverflowError) as exc:
            self.conn.execute("ROLLBACK")
            raise StoreError(_db_message(self.path, exc)) from None
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            with contextlib.suppress(sqlite3.Error):
                self.conn.execute("ROLLBACK")
            raise StoreError(_db_message(self.path, exc)) from None

    def _q(self, sql: str, params: tuple | list = ()) -> list[dict]:
        try:
            cur = self.conn.execute(sql, params)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row)) for row in cur]
        except sqlite3.DatabaseError as exc:
            raise StoreError(_db_message(self.path, exc)) from None

    def _table_names(self) -> list[str]:
        return [r["name"] for r in self._q("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def _one(self, sql: str, params: tuple | list = ()) -> dict | None:
        rows = self._q(sql, params)
        return rows[0] if rows else None

    def _audit(self, year, entity, entity_id, label, field, period, old, new, action) -> int:
        cur = self.conn.execute(
            "INSERT INTO audit (at, user, year, entity, entity_id, label, field, period, old, new, action)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (self._clock().isoformat(sep=" "), self.user, year, entity, entity_id, label, field, period,
             _audit_text(old), _audit_text(new), action),
        )
        return cur.lastrowid

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file."""
        try:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]
        except sqlite3.DatabaseError as exc:
            raise StoreError(_db_message(self.path, exc)) from None

    # ---------------------------------------------------------- reading

    def years(self) -> list[int]:
        return [r["year"] for r in self._q("SELECT year FROM years ORDER BY year")]

    def load_year(self, year: int) -> Year:
        row = self._one("SELECT * FROM years WHERE year = ?", (year,))
        if row is None:
            raise StoreError(f"Året {year} finns inte i databasen (finns: {', '.join(map(str, self.years())) or 'inga'}).")
        y = Year(year, row["organisation"], [Period(**p) for p in json.loads(row["periods"])])
        y.narrative = {r["period"]: r["text"] for r in self._q("SELECT period, text FROM narratives WHERE year = ?", (year,))}
        y.key = Key(row["key_basis"], [
            KeyShare(r["municipality"], decode("decimal", r["share_pct"]), r["base"], r["id"], r["version"])
            for r in self._q("SELECT * FROM key_members WHERE year = ? ORDER BY position, id", (year,))
        ], row["version"])
        goals = {r["id"]: Goal(r["id"], r["title"], version=r["version"])
                 for r in self._q("SELECT * FROM goals WHERE year = ? ORDER BY position, id", (year,))}
        for r in self._q("SELECT gv.* FROM goal_values gv JOIN goals g ON g.id = gv.goal_id WHERE g.year = ?", (year,)):
            if r["comment"]:
                goals[r["goal_id"]].comments[r["period"]] = r["comment"]
        inds: dict[int, Indicator] = {}
        for r in self._q("SELECT i.* FROM indicators i JOIN goals g ON g.id = i.goal_id WHERE g.year = ?"
                         " ORDER BY i.position, i.id", (year,)):
            ind = Indicator(r["id"], r["name"], Comparison(r["comparison"]), decode("value", r["target"]), r["unit"],
                            r["partly_from_pct"], decode("formula", r["lower_formula"]), decode("value", r["baseline"]),
                            version=r["version"])
            inds[ind.id] = ind
            goals[r["goal_id"]].indicators.append(ind)
        for r in self._q("SELECT v.* FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
                         " JOIN goals g ON g.id = i.goal_id WHERE g.year = ?", (year,)):
            inds[r["indicator_id"]].values[r["period"]] = IndicatorValue(
                decode("value", r["outcome"]), decode("value", r["forecast"]), decode("status", r["manual_status"]),
                r["justification"], r["comment"])
        y.goals = list(goals.values())
        ops = {r["id"]: OperatingLine(r["id"], r["label"], Kind(r["kind"]), r["budget"], {}, bool(r["is_contribution"]),
                                      r["previous_outcome"], r["version"])
               for r in self._q("SELECT * FROM operating_lines WHERE year = ? ORDER BY position, id", (year,))}
        for r in self._q("SELECT v.* FROM operating_values v JOIN operating_lines l ON l.id = v.line_id WHERE l.year = ?", (year,)):
            ops[r["line_id"]].values[r["period"]] = LineValue(r["outcome"], r["forecast"], r["comment"])
        y.operating = list(ops.values())
        invs = {r["id"]: InvestmentLine(r["id"], r["label"], r["municipality"], r["budget"], {}, r["parent_id"],
                                        r["previous_outcome"], r["version"])
                for r in self._q("SELECT * FROM investment_lines WHERE year = ? ORDER BY position, id", (year,))}
        for r in self._q("SELECT v.* FROM investment_values v JOIN investment_lines l ON l.id = v.line_id WHERE l.year = ?", (year,)):
            invs[r["line_id"]].values[r["period"]] = LineValue(r["outcome"], r["forecast"], r["comment"])
        y.investments = list(invs.values())
        for r in self._q("SELECT * FROM printed WHERE year = ?", (year,)):
            y.printed.setdefault(r["period"], {})[r["path"]] = PrintedValue(Decimal(r["value"]), r["unit"])
        return y

    def audit(self, limit: int = 500, year: int | None = None) -> list[AuditRow]:
        sql = "SELECT * FROM audit" + (" WHERE year = ?" if year is not None else "") + " ORDER BY id DESC LIMIT ?"
        params = (year, limit) if year is not None else (limit,)
        return [AuditRow(r["id"], r["at"], r["user"], r["year"], r["entity"], r["entity_id"], r["label"], r["field"],
                         r["period"], r["old"], r["new"], r["action"], r["undone_by"] is not None)
                for r in self._q(sql, params)]

    # ---------------------------------------------------------- editing

    def _entity_row(self, entity: str, entity_id: int) -> dict:
        table = ENTITY_TABLE[entity]
        pk = PK.get(table, "id")
        row = self._one(f"SELECT * FROM {table} WHERE {pk} = ?", (entity_id,))
        if row is None:
            raise StoreError("Raden finns inte längre (den har tagits bort, kanske i en annan session).")
        return row

    def _year_of(self, entity: str, row: dict) -> int | None:
        if "year" in row:
            return row["year"]
        if entity == "indicator":
            return self._one("SELECT year FROM goals WHERE id = ?", (row["goal_id"],))["year"]
        return None

    def _label(self, entity: str, row: dict) -> str:
        return str(row[LABEL_COLUMN[entity]])

    def set_field(self, entity: str, entity_id: int, field: str, value: Any, *, period: str | None = None,
                  expected_version: int | None = None, action: str = "set") -> int:
        try:
            where, kind = FIELDS[entity][field]
        except KeyError:
            raise StoreError(f"Okänt fält {entity}.{field}.") from None
        if where == "period" and not period:
            raise StoreError(f"Fältet {field} gäller en period: ange period.")
        new = encode(kind, value)
        table = ENTITY_TABLE[entity]
        pk = PK.get(table, "id")
        with self._tx():
            row = self._entity_row(entity, entity_id)
            if expected_version is not None and row["version"] != expected_version:
                current = self._current(entity, entity_id, field, where, kind, period, row)
                raise ConflictError(
                    f"{self._label(entity, row)} har ändrats i en annan session"
                    f" (nu: {_show(current)}); din ändring sparades inte.",
                    current, row["version"])
            old = self._raw(entity, entity_id, field, where, period, row)
            if old == new or (old in (None, "") and new in (None, "")):
                return row["version"]
            if where == "row":
                self.conn.execute(f"UPDATE {table} SET {field} = ?, version = version + 1 WHERE {pk} = ?", (new, entity_id))
            else:
                vt, fk = VALUE_TABLE[entity]
                col = PERIOD_COLUMN.get((entity, field), field)
                self.conn.execute(f"INSERT INTO {vt} ({fk}, period, {col}) VALUES (?, ?, ?)"
                                  f" ON CONFLICT ({fk}, period) DO UPDATE SET {col} = excluded.{col}",
                                  (entity_id, period, new))
                self.conn.execute(f"UPDATE {table} SET version = version + 1 WHERE {pk} = ?", (entity_id,))
            self._audit(self._year_of(entity, row), entity, entity_id, self._label(entity, row), field, period,
                        old, new, action)
            return row["version"] + 1

    def _raw(self, entity, entity_id, field, where, period, row) -> Any:
        if where == "row":
            return row[field]
        vt, fk = VALUE_TABLE[entity]
        col = PERIOD_COLUMN.get((entity, field), field)
        r = self._one(f"SELECT {col} FROM {vt} WHERE {fk} = ? AND period = ?", (entity_id, period))
        return None if r is None else r[col]

    def _current(self, entity, entity_id, field, where, kind, period, row) -> Any:
        return decode(kind, self._raw(entity, entity_id, field, where, period, row))

    def get_field(self, entity: str, entity_id: int, field: str, period: str | None = None) -> Any:
        where, kind = FIELDS[entity][field]
        row = self._entity_row(entity, entity_id)
        return self._current(entity, entity_id, field, where, kind, period, row)

    # ---------------------------------------------------------- add / delete / move

    def _next_position(self, table: str, column: str, value: Any) -> int:
        r = self._one(f"SELECT COALESCE(MAX(position), 0) + 1 AS p FROM {table} WHERE {column} = ?", (value,))
        return r["p"]

    def _require_year(self, year: int) -> None:
        if self._one("SELECT 1 AS x FROM years WHERE year = ?", (year,)) is None:
            raise StoreError(f"Året {year} finns inte i databasen.")

    def _add(self, entity: str, table: str, parent_col: str, parent: Any, values: dict, year: int | None) -> int:
        with self._tx():
            values = {parent_col: parent, "position": self._next_position(table, parent_col, parent), **values}
            cols = ", ".join(values)
            cur = self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(values))})",
                                    tuple(values.values()))
            new_id = cur.lastrowid
            label = str(values.get(LABEL_COLUMN[entity], ""))
            self._audit(year, entity, new_id, label, "", None, None, label, "add")
            return new_id

    def add_goal(self, year: int, title: str) -> int:
        self._require_year(year)
        return self._add("goal", "goals", "year", year, {"title": title}, year)

    def add_indicator(self, goal_id: int, name: str) -> int:
        goal = self._entity_row("goal", goal_id)
        return self._add("indicator", "indicators", "goal_id", goal_id, {"name": name}, goal["year"])

    def add_operating_line(self, year: int, label: str, kind: Kind) -> int:
        self._require_year(year)
        return self._add("operating", "operating_lines", "year", year, {"label": label, "kind": Kind(kind).value}, year)

    def add_investment_line(self, year: int, label: str, municipality: str | None = None,
                            parent_id: int | None = None) -> int:
        self._require_year(year)
        if parent_id is not None:
            parent = self._entity_row("investment", parent_id)
            if parent["parent_id"] is not None:
                raise StoreError("En varav-rad kan inte ha egna varav-rader.")
            municipality = parent["municipality"]
        return self._add("investment", "investment_lines", "year", year,
                         {"label": label, "municipality": municipality, "parent_id": parent_id}, year)

    def add_member(self, year: int, municipality: str) -> int:
        self._require_year(year)
        return self._add("member", "key_members", "year", year, {"municipality": municipality}, year)

    def _snapshot(self, entity: str, entity_id: int) -> dict[str, list[dict]]:
        """The rows a delete removes, in insert order, so undo can put them back."""
        q = self._q
        if entity == "goal":
            inds = q("SELECT * FROM indicators WHERE goal_id = ?", (entity_id,))
            ids = [r["id"] for r in inds]
            marks = ",".join("?" * len(ids))
            return {
                "goals": q("SELECT * FROM goals WHERE id = ?", (entity_id,)),
                "goal_values": q("SELECT * FROM goal_values WHERE goal_id = ?", (entity_id,)),
                "indicators": inds,
                "indicator_values": q(f"SELECT * FROM indicator_values WHERE indicator_id IN ({marks})", ids) if ids else [],
                "printed": [r for i in ids for r in q("SELECT * FROM printed WHERE path LIKE ?", (f"indicator/{i}/%",))],
            }
        if entity == "indicator":
            return {"indicators": q("SELECT * FROM indicators WHERE id = ?", (entity_id,)),
                    "indicator_values": q("SELECT * FROM indicator_values WHERE indicator_id = ?", (entity_id,)),
                    "printed": q("SELECT * FROM printed WHERE path LIKE ?", (f"indicator/{entity_id}/%",))}
        if entity == "operating":
            return {"operating_lines": q("SELECT * FROM operating_lines WHERE id = ?", (entity_id,)),
                    "operating_values": q("SELECT * FROM operating_values WHERE line_id = ?", (entity_id,)),
                    "printed": q("SELECT * FROM printed WHERE path LIKE ?", (f"operating/line/{entity_id}/%",))}
        if entity == "investment":
            lines = q("SELECT * FROM investment_lines WHERE id = ? OR parent_id = ? ORDER BY parent_id IS NOT NULL",
                      (entity_id, entity_id))
            ids = [r["id"] for r in lines]
            marks = ",".join("?" * len(ids))
            return {"investment_lines": lines,
                    "investment_values": q(f"SELECT * FROM investment_values WHERE line_id IN ({marks})", ids),
                    "printed": [r for i in ids for r in q("SELECT * FROM printed WHERE path LIKE ?",
                                                          (f"investments/line/{i}/%",))]}
        if entity == "member":
            return {"key_members": q("SELECT * FROM key_members WHERE id = ?", (entity_id,))}
        raise StoreError(f"{entity} kan inte tas bort här.")

    def delete(self, entity: str, entity_id: int, *, expected_version: int | None = None) -> None:
        with self._tx():
            row = self._entity_row(entity, entity_id)
            if expected_version is not None and row["version"] != expected_version:
                raise ConflictError(f"{self._label(entity, row)} har ändrats i en annan session; inget togs bort.",
                                    None, row["version"])
            snap = self._snapshot(entity, entity_id)
            for r in snap.get("printed", []):
                self.conn.execute("DELETE FROM printed WHERE year = ? AND period = ? AND path = ?",
                                  (r["year"], r["period"], r["path"]))
            table = ENTITY_TABLE[entity]
            self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (entity_id,))
            self._audit(self._year_of(entity, row), entity, entity_id, self._label(entity, row), "", None,
                        json.dumps(snap, ensure_ascii=False), None, "delete")

    def _restore(self, snap: dict[str, list[dict]]) -> None:
        for table, rows in snap.items():
            for r in rows:
                cols = ", ".join(r)
                self.conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(r))})", tuple(r.values()))

    def move(self, entity: str, entity_id: int, delta: int) -> None:
        parent_col = {"goal": "year", "indicator": "goal_id", "operating": "year", "investment": "year",
                      "member": "year"}.get(entity)
        if parent_col is None or delta == 0:
            return
        table = ENTITY_TABLE[entity]
        with self._tx():
            row = self._entity_row(entity, entity_id)
            extra = ""
            if entity == "investment":
                extra = " AND parent_id IS NULL" if row["parent_id"] is None else f" AND parent_id = {int(row['parent_id'])}"
            siblings = [r["id"] for r in self._q(
                f"SELECT id FROM {table} WHERE {parent_col} = ?{extra} ORDER BY position, id", (row[parent_col],))]
            i = siblings.index(entity_id)
            j = max(0, min(len(siblings) - 1, i + delta))
            if i == j:
                return
            siblings.insert(j, siblings.pop(i))
            for pos, sid in enumerate(siblings, start=1):
                self.conn.execute(f"UPDATE {table} SET position = ? WHERE id = ?", (pos, sid))
            self._audit(self._year_of(entity, row), entity, entity_id, self._label(entity, row), "position", None,
                        str(i + 1), str(j + 1), "move")

    # ---------------------------------------------------------- undo

    def undo_last(self) -> AuditRow | None:
        """Revert the newest change not yet undone; the undo is itself logged."""
        with self._tx():
            r = self._one("SELECT * FROM audit WHERE undone_by IS NULL AND action != 'undo'"
                          " AND action != 'migrate' ORDER BY id DESC LIMIT 1")
            if r is None:
                return None
            action = r["action"]
            if action not in ("set", "add", "delete", "move"):
                what = {"import": "en import", "load": "en inläsning av ett helt år",
                        "new-year": "ett nytt år"}.get(action, action)
                raise StoreError(f"Senaste ändringen är {what} ({r['label']}); den ångras inte med ångra.")
            entity, eid = r["entity"], r["entity_id"]
            if action == "set":
                where, kind = FIELDS[entity][r["field"]]
                row = self._entity_row(entity, eid)
                current = self._raw(entity, eid, r["field"], where, r["period"], row)
                if _audit_text(current) != r["new"] and not (current in (None, "") and r["new"] in (None, "")):
                    raise ConflictError("Värdet har ändrats efter den senaste ändringen; ångra avbröts.",
                                        decode(kind, current), row["version"])
                old = _from_audit_text(kind, r["old"])
                table = ENTITY_TABLE[entity]
                pk = PK.get(table, "id")
                if where == "row":
                    self.conn.execute(f"UPDATE {table} SET {r['field']} = ?, version = version + 1 WHERE {pk} = ?", (old, eid))
                else:
                    vt, fk = VALUE_TABLE[entity]
                    col = PERIOD_COLUMN.get((entity, r["field"]), r["field"])
                    self.conn.execute(f"UPDATE {vt} SET {col} = ? WHERE {fk} = ? AND period = ?", (old, eid, r["period"]))
                    self.conn.execute(f"UPDATE {table} SET version = version + 1 WHERE {pk} = ?", (eid,))
            elif action == "add":
                # values typed into the new row since go with it: the add is undone whole
                self.conn.execute(f"DELETE FROM {ENTITY_TABLE[entity]} WHERE id = ?", (eid,))
            elif action == "delete":
                self._restore(json.loads(r["old"]))
            elif action == "move":
                table = ENTITY_TABLE[entity]
                row = self._entity_row(entity, eid)
                # re-run the move backwards inside this transaction
                parent_col = {"goal": "year", "indicator": "goal_id"}.get(entity, "year")
                extra = ""
                if entity == "investment":
                    extra = " AND parent_id IS NULL" if row["parent_id"] is None else f" AND parent_id = {int(row['parent_id'])}"
                siblings = [x["id"] for x in self._q(
                    f"SELECT id FROM {table} WHERE {parent_col} = ?{extra} ORDER BY position, id", (row[parent_col],))]
                siblings.remove(eid)
                siblings.insert(int(r["old"]) - 1, eid)
                for pos, sid in enumerate(siblings, start=1):
                    self.conn.execute(f"UPDATE {table} SET position = ? WHERE id = ?", (pos, sid))
            undo_id = self._audit(r["year"], entity, eid, r["label"], r["field"], r["period"], r["new"], r["old"], "undo")
            self.conn.execute("UPDATE audit SET undone_by = ? WHERE id = ?", (undo_id, r["id"]))
        return AuditRow(r["id"], r["at"], r["user"], r["year"], entity, eid, r["label"], r["field"], r["period"],
                        r["old"], r["new"], action, True)

    # ---------------------------------------------------------- whole years

    def insert_year(self, year: Year, *, action: str = "load", source: str = "", replace: bool = False) -> None:
        """Write a whole year (from TOML, the demo or a rollover) with fresh ids."""
        with self._tx():
            exists = self._one("SELECT 1 AS x FROM years WHERE year = ?", (year.year,)) is not None
            if exists and not replace:
                raise StoreError(f"Året {year.year} finns redan i databasen.")
            if exists:
                self.conn.execute("DELETE FROM years WHERE year = ?", (year.year,))
            self._write_year(year)
            self._audit(year.year, "year", year.year, str(year.year), "", None, None, source, action)

    def _write_year(self, y: Year) -> None:
        ex = self.conn.execute
        ex("INSERT INTO years (year, organisation, periods, key_basis) VALUES (?,?,?,?)",
           (y.year, y.organisation, json.dumps([p.__dict__ for p in y.periods], ensure_ascii=False), y.key.basis))
        for period, text in y.narrative.items():
            ex("INSERT INTO narratives (year, period, text) VALUES (?,?,?)", (y.year, period, text))
        for pos, m in enumerate(y.key.members, 1):
            ex("INSERT INTO key_members (year, position, municipality, share_pct, base) VALUES (?,?,?,?,?)",
               (y.year, pos, m.municipality, encode("decimal", m.share_pct), m.base))
        remap: dict[str, str] = {}
        for gpos, g in enumerate(y.goals, 1):
            gid = ex("INSERT INTO goals (year, position, title) VALUES (?,?,?)", (y.year, gpos, g.title)).lastrowid
            for period, text in g.comments.items():
                ex("INSERT INTO goal_values (goal_id, period, comment) VALUES (?,?,?)", (gid, period, text))
            for ipos, i in enumerate(g.indicators, 1):
                iid = ex("INSERT INTO indicators (goal_id, position, name, unit, comparison, target, partly_from_pct,"
                         " lower_formula, baseline) VALUES (?,?,?,?,?,?,?,?,?)",
                         (gid, ipos, i.name, i.unit, i.comparison.value, encode("value", i.target), i.partly_from_pct,
                          i.lower_formula.value if i.lower_formula else None, encode("value", i.baseline))).lastrowid
                remap[f"indicator/{i.id}/"] = f"indicator/{iid}/"
                for period, v in i.values.items():
                    ex("INSERT INTO indicator_values (indicator_id, period, outcome, forecast, manual_status,"
                       " justification, comment) VALUES (?,?,?,?,?,?,?)",
                       (iid, period, encode("value", v.outcome), encode("value", v.forecast),
                        v.manual_status.value if v.manual_status else None, v.justification, v.comment))
        for pos, ln in enumerate(y.operating, 1):
            self._insert_operating(y.year, pos, ln, remap)
        new_ids: dict[int, int] = {}
        for pos, ln in enumerate(y.investments, 1):
            self._insert_investment(y.year, pos, ln, new_ids, remap)
        self._insert_printed(y, remap)

    def _insert_operating(self, year: int, pos: int, ln: OperatingLine, remap: dict[str, str]) -> int:
        ex = self.conn.execute
        lid = ex("INSERT INTO operating_lines (year, position, label, kind, budget, is_contribution, previous_outcome)"
                 " VALUES (?,?,?,?,?,?,?)", (year, pos, ln.label, ln.kind.value, ln.budget, int(ln.is_contribution),
                                             ln.previous_outcome)).lastrowid
        remap[f"operating/line/{ln.id}/"] = f"operating/line/{lid}/"
        for period, v in ln.values.items():
            ex("INSERT INTO operating_values (line_id, period, outcome, forecast, comment) VALUES (?,?,?,?,?)",
               (lid, period, v.outcome, v.forecast, v.comment))
        return lid

    def _insert_investment(self, year: int, pos: int, ln: InvestmentLine, new_ids: dict[int, int],
                           remap: dict[str, str]) -> int:
        """Insert a line; `new_ids` maps model ids to row ids so varav rows find their parent."""
        ex = self.conn.execute
        parent = new_ids.get(ln.parent_id) if ln.parent_id is not None else None
        lid = ex("INSERT INTO investment_lines (year, position, label, municipality, budget, parent_id, previous_outcome)"
                 " VALUES (?,?,?,?,?,?,?)", (year, pos, ln.label, ln.municipality, ln.budget, parent,
                                             ln.previous_outcome)).lastrowid
        new_ids[ln.id] = lid
        remap[f"investments/line/{ln.id}/"] = f"investments/line/{lid}/"
        for period, v in ln.values.items():
            ex("INSERT INTO investment_values (line_id, period, outcome, forecast, comment) VALUES (?,?,?,?,?)",
               (lid, period, v.outcome, v.forecast, v.comment))
        return lid

    def _insert_printed(self, y: Year, remap: dict[str, str]) -> None:
        """Printed values with model ids in their paths rewritten to row ids."""
        for period, figs in y.printed.items():
            for path, pv in figs.items():
                for old, new in remap.items():
                    if path.startswith(old):
                        path = new + path[len(old):]
                        break
                self.conn.execute("INSERT INTO printed (year, period, path, value, unit) VALUES (?,?,?,?,?)",
                                  (y.year, period, path, str(pv.value), pv.unit))

    def replace_year(self, year: Year, *, base: Year | None = None, action: str = "import",
                     source: str = "") -> list[str]:
        """Write an edited copy of a stored year (an import) in one transaction.

        `base` is the year as read before the edit. Only what differs from the
        base is written, so a colleague's changes made meanwhile are kept; a
        field both changed is refused with ConflictError and nothing is written.
        Without `base` the stored year is the base. Returns the change lines.
        """
        with self._tx():
            if self._one("SELECT 1 AS x FROM years WHERE year = ?", (year.year,)) is None:
                self._write_year(year)
                self._audit(year.year, "year", year.year, str(year.year), "", None, None, source, action)
                return [f"Nytt år {year.year}"]
            current = self.load_year(year.year)
            log: list[str] = []
            _YearSync(self, base or current, current, year, action, log).run()
            self._audit(year.year, "year", year.year, str(year.year), "", None, None,
                        f"{source}: {len(log)} ändringar", action)
            return log


class _YearSync:
    """Three-way write of an edited year: base (read earlier), current (stored now), new."""

    def __init__(self, store: Store, base: Year, current: Year, new: Year, action: str, log: list[str]):
        self.store, self.base, self.cur, self.new = store, base, current, new
        self.action, self.log = action, log
        self.ex = store.conn.execute
        self.remap: dict[str, str] = {}

    def _conflict(self, label: str, what: str, current: Any) -> ConflictError:
        return ConflictError(f"{label}: {what} har ändrats i en annan session (nu: {_show(current)});"
                             " importen sparades inte.", current)

    def _field(self, entity: str, eid: int, label: str, f: str, kind: str, b: Any, c: Any, n: Any,
               write, period: str | None = None) -> None:
        b, c, n = encode(kind, b), encode(kind, c), encode(kind, n)
        if b == n or c == n:
            return  # not changed by the edit, or already so
        if c != b:
            raise self._conflict(label, f, decode(kind, c))
        write(n)
        self.ex(f"UPDATE {ENTITY_TABLE[entity]} SET version = version + 1 WHERE id = ?", (eid,))
        self.store._audit(self.new.year, entity, eid, label, f, period, c, n, self.action)
        self.log.append(f"{label}{f' ({period})' if period else ''}: {f} {_show(c)} → {_show(n)}")

    def _row(self, entity: str, b_obj, c_obj, n_obj, names: tuple[str, ...], label: str) -> None:
        table = ENTITY_TABLE[entity]
        for f in names:
            kind = FIELDS[entity][f][1]
            self._field(entity, n_obj.id, label, f, kind, getattr(b_obj, f), getattr(c_obj, f), getattr(n_obj, f),
                        lambda v, f=f: self.ex(f"UPDATE {table} SET {f} = ? WHERE id = ?", (v, n_obj.id)))

    def _values(self, entity: str, b_obj, c_obj, n_obj, names: tuple[str, ...], label: str) -> None:
        vt, fk = VALUE_TABLE[entity]
        eid = n_obj.id
        for period in set(b_obj.values) | set(n_obj.values):
            bv, cv, nv = (o.values.get(period) for o in (b_obj, c_obj, n_obj))
            for f in names:
                kind = FIELDS[entity][f][1]

                def write(v, f=f, period=period):
                    self.ex(f"INSERT INTO {vt} ({fk}, period, {f}) VALUES (?,?,?) ON CONFLICT ({fk}, period)"
                            f" DO UPDATE SET {f} = excluded.{f}", (eid, period, v))

                self._field(entity, eid, label, f, kind, *(getattr(v, f) if v is not None else None
                                                            for v in (bv, cv, nv)), write, period)

    def _lines(self, entity: str, attr: str, names: tuple[str, ...], insert) -> None:
        base = {ln.id: ln for ln in getattr(self.base, attr)}
        cur = {ln.id: ln for ln in getattr(self.cur, attr)}
        new_ids: dict[int, int] = {}
        kept = set()
        for pos, ln in enumerate(getattr(self.new, attr), 1):
            if ln.id in base:
                kept.add(ln.id)
                if ln.id not in cur:
                    raise ConflictError(f"{ln.label} har tagits bort i en annan session; importen sparades inte.")
                new_ids[ln.id] = ln.id
                self._row(entity, base[ln.id], cur[ln.id], ln, names, ln.label)
                self._values(entity, base[ln.id], cur[ln.id], ln, ("outcome", "forecast", "comment"), ln.label)
            else:
                lid = insert(pos, ln, new_ids)
                self.store._audit(self.new.year, entity, lid, ln.label, "", None, None, ln.label, self.action)
                self.log.append(f"Ny rad: {ln.label}")
        for lid in set(base) - kept:
            if lid in cur:
                self.ex(f"DELETE FROM {ENTITY_TABLE[entity]} WHERE id = ?", (lid,))
                self.store._audit(self.new.year, entity, lid, base[lid].label, "", None, base[lid].label, None,
                                  self.action)
                self.log.append(f"Borttagen rad: {base[lid].label}")

    def run(self) -> None:
        st, yr = self.store, self.new.year
        self._lines("operating", "operating", ("label", "kind", "budget", "is_contribution", "previous_outcome"),
                    lambda pos, ln, ids: st._insert_operating(yr, pos, ln, self.remap))
        self._lines("investment", "investments", ("label", "municipality", "budget", "previous_outcome"),
                    lambda pos, ln, ids: st._insert_investment(yr, pos, ln, ids, self.remap))
        base_inds = {i.id: i for i in self.base.indicators()}
        cur_inds = {i.id: i for i in self.cur.indicators()}
        for ind in self.new.indicators():  # imports change values, not the goal structure
            if ind.id in base_inds and ind.id in cur_inds:
                self._values("indicator", base_inds[ind.id], cur_inds[ind.id], ind,
                             ("outcome", "forecast", "manual_status", "justification", "comment"), ind.name)
        self._printed()
        self.ex("UPDATE years SET version = version + 1 WHERE year = ?", (yr,))

    def _printed(self) -> None:
        keys = {(p, path) for y in (self.base, self.new) for p, figs in y.printed.items() for path in figs}
        for period, path in sorted(keys):
            b = self.base.printed.get(period, {}).get(path)
            n = self.new.printed.get(period, {}).get(path)
            if b == n:
                continue
            stored = path
            for old, new in self.remap.items():
                if path.startswith(old):
                    stored = new + path[len(old):]
                    break
            c = self.cur.printed.get(period, {}).get(path)
            if c != b and c != n:
                raise self._conflict(f"Tryckt värde {path}", "värdet", c.value if c else None)
            self.ex("DELETE FROM printed WHERE year = ? AND period = ? AND path = ?", (self.new.year, period, stored))
            if n is not None:
                self.ex("INSERT INTO printed (year, period, path, value, unit) VALUES (?,?,?,?,?)",
                        (self.new.year, period, stored, str(n.value), n.unit))
            show = (lambda v: None if v is None else f"{v.value} {v.unit}")
            self.store._audit(self.new.year, "printed", None, stored, "printed", period, show(b), show(n), self.action)
            self.log.append(f"Tryckt värde {stored} ({period}): {show(b) or 'tomt'} → {show(n) or 'tomt'}")


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """Read-only; in a read-only folder a WAL database cannot make its -shm file,
    so it is then opened as immutable (no other writer can exist there)."""
    def connect(flags: str) -> sqlite3.Connection:
        return sqlite3.connect(f"{path.absolute().as_uri()}?{flags}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None, check_same_thread=False)

    conn = connect("mode=ro")
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        return connect("mode=ro&immutable=1")


def _statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";") if s.strip()]


def _show(value: Any) -> str:
    if value is None or value == "":
        return "tomt"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    return str(getattr(value, "value", value))


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return f"uid{os.getuid()}" if hasattr(os, "getuid") else "okänd"


def _db_message(path: Path, exc: Exception) -> str:
    text = str(exc)
    if isinstance(exc, OverflowError) or "too large" in text:
        return "Ett belopp är för stort för databasen (högst 15 siffror); inget sparades."
    if "locked" in text or "busy" in text:
        return f"Databasen {path} är låst av en annan session längre än {BUSY_TIMEOUT_MS // 1000} s; försök igen."
    if "readonly" in text or "read-only" in text:
        return f"Databasen {path} är skrivskyddad: ändringen sparades inte."
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return f"{path} är skadad ({text}); inget har ändrats."
    if "unable to open" in text:
        return f"Kan inte öppna {path} ({text})."
    return f"Databasfel i {path}: {text}"


def backup_to(store: Store, dest: Path) -> None:
    """A consistent copy of the live database (sqlite backup API)."""
    out = sqlite3.connect(dest)
    try:
        store.conn.backup(out)
    finally:
        out.close()


__all__ = ["Store", "StoreError", "ConflictError", "AuditRow", "SCHEMA_VERSION", "backup_to"]
