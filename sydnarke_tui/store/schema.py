"""Schema, schema version checks and migrations (through sqlite-utils).

sqlite-utils is imported only when a database is migrated, which keeps it off
every start-up. Before a migration the file is copied to `NAME.vN.bak`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Any, Callable

from .errors import StoreError

SCHEMA_VERSION = 5
# Beyond this a user_version is garbage, not a newer sydnarke-tui's schema.
PLAUSIBLE_VERSION = 1000

SCHEMA_SQL = """
CREATE TABLE years (
    year INTEGER PRIMARY KEY,
    organisation TEXT NOT NULL DEFAULT '',
    periods TEXT NOT NULL,              -- JSON list of {code, name, last_month, full_year}
    key_basis TEXT NOT NULL DEFAULT 'shares',
    version INTEGER NOT NULL DEFAULT 1, -- organisation (and the periods)
    key_version INTEGER NOT NULL DEFAULT 1  -- key_basis
);
CREATE TABLE narratives (
    year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
    period TEXT NOT NULL,
    text TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
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
    version INTEGER NOT NULL DEFAULT 1,
    link TEXT                           -- a figure path the outcome follows (core.links), NULL: typed
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
    version INTEGER NOT NULL DEFAULT 1,
    section TEXT,                       -- the verksamhet, NULL in a flat statement
    profile TEXT                        -- JSON list of 12 monthly kronor (core.profile), NULL: twelfths
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
    version INTEGER NOT NULL DEFAULT 1,
    profile TEXT                        -- as operating_lines.profile
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
    ref INTEGER,                        -- the row this one reverses (an undo: the change, a redo: the undo)
    hash TEXT NOT NULL DEFAULT ''       -- sha256 chaining this row to the one before (chain.py)
);
CREATE TABLE version_clock (
    v INTEGER NOT NULL                  -- the highest version any removed row held (one row)
);
CREATE INDEX goals_year ON goals(year, position);
CREATE INDEX indicators_goal ON indicators(goal_id, position);
CREATE INDEX operating_year ON operating_lines(year, position);
CREATE INDEX investment_year ON investment_lines(year, position);
CREATE INDEX members_year ON key_members(year, position);
CREATE INDEX audit_ref ON audit(ref);
"""

# Versions never go back: a row's id may be used again (a replaced year, an
# undone delete, a row added after one was removed), so a removed row's
# version is remembered here and a rewritten row starts above it (rows.py,
# `fresh_version`); a stale edit then always meets a conflict. Each
# trigger is one statement list, kept out of SCHEMA_SQL's naive split on ';'.
VERSIONED = {"goals": "OLD.version", "indicators": "OLD.version", "operating_lines": "OLD.version",
             "investment_lines": "OLD.version", "key_members": "OLD.version", "narratives": "OLD.version",
             "years": "max(OLD.version, OLD.key_version)"}
TRIGGERS = [
    *(f"CREATE TRIGGER {t}_clock BEFORE DELETE ON {t} BEGIN"
      f" UPDATE version_clock SET v = max(v, {expr}); END" for t, expr in VERSIONED.items()),
    # The program only ever appends to the log; the chain (chain.py) shows what others did.
    "CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit BEGIN"
    " SELECT RAISE(ABORT, 'the audit log is append-only'); END",
    "CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit BEGIN"
    " SELECT RAISE(ABORT, 'the audit log is append-only'); END",
]


def create_schema(conn: sqlite3.Connection) -> None:
    for stmt in statements(SCHEMA_SQL):
        conn.execute(stmt)
    conn.execute("INSERT INTO version_clock (v) VALUES (0)")
    for trigger in TRIGGERS:
        conn.execute(trigger)


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    """Version 2 added previous-year columns and the narrative table.

    sqlite-utils runs the statements inside our open transaction.
    """
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    db.table("operating_lines").add_column("previous_outcome", int)
    db.table("investment_lines").add_column("previous_outcome", int)
    db.table("indicators").add_column("baseline", str)
    # Raw SQL here: sqlite-utils cannot declare ON DELETE CASCADE.
    conn.execute(
        "CREATE TABLE narratives (year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,"
        " period TEXT NOT NULL, text TEXT NOT NULL DEFAULT '', PRIMARY KEY (year, period))"
    )


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    """Version 3: operating lines by verksamhet, and versions of their own for
    each period's narrative and for the key basis (before, both shared the
    year's version with the organisation name)."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    db.table("operating_lines").add_column("section", str)
    db.table("narratives").add_column("version", int, not_null_default=1)
    db.table("years").add_column("key_version", int, not_null_default=1)


def _migrate_3_to_4(conn: sqlite3.Connection) -> None:
    """Version 4: versions that never go back, and an append-only, hash-chained log.

    The clock starts at the highest version held now. `undone_by` (a later
    UPDATE of an old row) becomes `ref` on the reversing row; the old redo
    rows (logged as 'set') become 'redo'; then every row is chained.
    """
    from .chain import chain_all

    highest = max(conn.execute(f"SELECT COALESCE(MAX({expr.replace('OLD.', '')}), 0) FROM {t}").fetchone()[0]
                  for t, expr in VERSIONED.items())
    conn.execute("CREATE TABLE version_clock (v INTEGER NOT NULL)")
    conn.execute("INSERT INTO version_clock (v) VALUES (?)", (highest,))
    conn.execute("ALTER TABLE audit ADD COLUMN ref INTEGER")
    conn.execute("ALTER TABLE audit ADD COLUMN hash TEXT NOT NULL DEFAULT ''")
    for rid, action, by in conn.execute("SELECT id, action, undone_by FROM audit WHERE undone_by IS NOT NULL"
                                        ).fetchall():
        conn.execute("UPDATE audit SET ref = ?, action = CASE WHEN ? = 'undo' THEN 'redo' ELSE action END"
                     " WHERE id = ?", (rid, action, by))
    conn.execute("ALTER TABLE audit DROP COLUMN undone_by")
    conn.execute("CREATE INDEX audit_ref ON audit(ref)")
    chain_all(conn)
    for trigger in TRIGGERS:
        conn.execute(trigger)


def _migrate_4_to_5(conn: sqlite3.Connection) -> None:
    """Version 5: linked indicators (the figure path an outcome follows) and a budget profile per
    operating and investment line (issue 18). Both empty: typed outcomes, budgets in twelfths."""
    import sqlite_utils

    db = sqlite_utils.Database(conn)
    for table, column in (("indicators", "link"), ("operating_lines", "profile"), ("investment_lines", "profile")):
        if column not in db.table(table).columns_dict:  # a file put back to an older version may still have it
            db.table(table).add_column(column, str)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _migrate_1_to_2, 2: _migrate_2_to_3, 3: _migrate_3_to_4, 4: _migrate_4_to_5}


def statements(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";") if s.strip()]


def check_version(path: Path, version: Any, has_tables: bool) -> None:
    """Refuse, before anything is written, a file this program cannot use."""
    if (not isinstance(version, int) or version < 0 or version > PLAUSIBLE_VERSION
            or (0 < version < SCHEMA_VERSION and version not in MIGRATIONS)):
        raise StoreError(f"Databasen {path} har en okänd schemaversion ({version}): den är inte skapad av "
                         "sydnarke-tui eller har ändrats för hand; inget har ändrats.")
    if version == 0 and has_tables:
        raise StoreError(f"{path} är en SQLite-databas men inte sydnarke-tuis (inget schema); inget har ändrats.")
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"Databasen {path} har schemaversion {version}, nyare än programmets {SCHEMA_VERSION}: "
            "uppdatera sydnarke-tui; databasen har inte ändrats."
        )


def check_tables(path: Path, tables: list[str]) -> None:
    """A file at the current version must hold every table of the schema."""
    wanted = [stmt.split()[2] for stmt in statements(SCHEMA_SQL) if stmt.startswith("CREATE TABLE")]
    missing = [t for t in wanted if t not in tables]
    if missing:
        raise StoreError(f"Databasen {path} saknar tabellerna {', '.join(missing)}: den är inte en hel"
                         " sydnarke-tui-databas; inget har ändrats.")


def backup_path(path: Path, version: int) -> Path:
    """NAME.vN.bak, or NAME.vN.K.bak when an earlier backup is in the way."""
    backup = path.with_name(f"{path.name}.v{version}.bak")
    n = 1
    while backup.exists():
        n += 1
        backup = path.with_name(f"{path.name}.v{version}.{n}.bak")
    return backup


def copy_to(conn: sqlite3.Connection, dest: Path) -> None:
    """A consistent copy of the live database (sqlite backup API)."""
    out = sqlite3.connect(dest)
    try:
        conn.backup(out)
    finally:
        out.close()


def run_migrations(conn: sqlite3.Connection) -> int | None:
    """Bring the schema up to date inside the caller's transaction.

    Returns the version migrated from, or None when another process had
    already migrated it while we waited for the lock.
    """
    start = version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if start >= SCHEMA_VERSION:
        return None
    while version < SCHEMA_VERSION:
        MIGRATIONS[version](conn)
        version += 1
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return start


def remove_quietly(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()
