"""SQLite store: the `Store` a session opens, made of the parts in this package.

- connection.py  the connection, transactions, query helpers, data_version (other sessions' commits)
- schema.py      schema, version checks, migrations (sqlite-utils)
- codec.py       which field lives in which column; model value <-> column value
- rows.py        one field's column value and the version a save names
- reads.py       YearReads: load a whole year (one snapshot)
- audit.py       AuditLog: append a row to the log (chain.py: its hash chain), read and check it
- writes.py      YearWrites: insert a whole year (inserts.py) or replace one (sync.py: the three-way sync)
- edits.py       RowEdits: set one field, add, delete, move
- undo.py        UndoRedo: revert the newest change, put back the newest undone value

Each part builds on the ones it uses (writing a year reads it back and logs it; an edit is logged;
undo moves rows and rewrites years), so the parts stack into one class.

Every write is one transaction (BEGIN IMMEDIATE, with a busy timeout so a
second session waits instead of failing) and adds an audit row. Editable rows
carry a version; a save based on a stale version raises ConflictError naming
the current value and version, and nothing is overwritten.

A Store and its connection belong to the thread that opened it; a worker
thread uses its own, from `for_thread()`, and closes it.
"""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
from pathlib import Path
from typing import Callable

from . import schema
from .audit import AuditRow
from .connection import connect_existing, remove_empty, sidecars, use_wal
from .errors import BusyError, ConflictError, StoreError, db_message, disk_full, full_message
from .rows import field_version
from .schema import SCHEMA_VERSION
from .undo import UndoRedo
from .writes import YearWrites

SQLITE_MAGIC = b"SQLite format 3\x00"


class Store(YearWrites, UndoRedo):
    """One connection to the database file, used by one thread."""

    backup_path: Path | None = None  # set when opening migrated the file

    @classmethod
    def open(cls, path: Path | str, demo: bool = True, user: str | None = None,
             clock: Callable[[], _dt.datetime] | None = None) -> "Store":
        """Open (or create, with the demo year when `demo`) the database at `path`."""
        path = Path(path)
        is_new = _check_file(path)
        if is_new and not os.access(path.parent, os.W_OK):
            raise StoreError(f"Kan inte skapa databasen: katalogen {path.parent} är skrivskyddad.")
        why = None if is_new else _why_readonly(path)
        made = [p for p in sidecars(path) if not p.exists()]
        store = cls(path, None, why is not None, user, clock)
        store.readonly_message = why
        try:
            store._prepare(demo)
        except (sqlite3.Error, StoreError) as exc:
            store.close()
            if is_new or why is not None or not disk_full(path):
                raise exc if isinstance(exc, StoreError) else StoreError(db_message(path, exc)) from None
            # A full disk: the file can still be read (a report, an export to another disk); a write says why not.
            remove_empty(made)
            store = cls(path, None, True, user, clock)
            store.readonly_message = full_message(path)
            try:
                store._prepare(demo)
            except sqlite3.Error as again:
                store.close()
                raise StoreError(db_message(path, again)) from None
        return store

    @classmethod
    def reader(cls, path: Path) -> "Store":
        """A store that reads an existing file and writes nothing (session.early's child process);
        raises sqlite3.Error if the file cannot be opened."""
        return cls(path, connect_existing(path), True)

    def for_thread(self) -> "Store":
        """A new Store on the same file with its own connection, for another thread.

        Same user and clock; read-only if this one is. It may be made on one
        thread and handed to another: it connects on first use, on the thread
        that uses it (and is then that thread's). The caller closes it (it is
        a context manager).
        """
        other = type(self)(self.path, None, self.readonly, self.user, self._clock)
        other.readonly_message = self.readonly_message
        return other

    def _prepare(self, demo: bool) -> None:
        version = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        tables = self._table_names()
        if version == 0 and not tables:
            self._create(demo)
            return
        schema.check_version(self.path, version, bool(tables))
        if not self.readonly:
            use_wal(self.conn)
        if version < SCHEMA_VERSION:
            if self.readonly:
                raise StoreError(f"Databasen {self.path} behöver uppgraderas men är skrivskyddad.")
            self._migrate(version)
        schema.check_tables(self.path, self._table_names())
        ok = self.conn.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise StoreError(f"{self.path} är skadad ({ok}); inget har ändrats.")

    def _create(self, demo: bool) -> None:
        if self.readonly:
            raise StoreError(f"{self.path} är tom och skrivskyddad.")
        use_wal(self.conn)
        with self._tx():
            # Another process may have created it while we waited for the lock.
            if self._table_names():
                return
            schema.create_schema(self.conn)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            if demo:
                from .demo import DEMO_FILE, demo_year

                # 'create', not 'load': undo never empties a database nobody filled
                self._write_logged(demo_year(), "create", DEMO_FILE, None)

    def _migrate(self, version: int) -> None:
        """Copy the file to NAME.vN.bak, then migrate in one transaction."""
        backup = schema.backup_path(self.path, version)
        start: int | None = None
        try:
            schema.copy_to(self.conn, backup)
            with self._tx():
                start = schema.run_migrations(self.conn)
                if start is not None:
                    self.log_change(None, "database", None, str(self.path.name), "schema", None,
                                str(start), str(SCHEMA_VERSION), "migrate")
        except (StoreError, sqlite3.Error, OSError) as exc:
            schema.remove_quietly(backup)  # the file is as it was: no copy needed
            raise StoreError(f"Databasen {self.path} kunde inte uppgraderas från schemaversion {version}"
                             f" ({exc}); inget har ändrats.") from None
        if start is None:  # another session migrated it first and kept its own copy
            schema.remove_quietly(backup)
            return
        self.backup_path = backup


def _why_readonly(path: Path) -> str | None:
    """Why an existing database can only be read (then it is opened read-only, and nothing is left beside it)."""
    if not os.access(path, os.W_OK):
        return f"Databasen {path} är skrivskyddad: ändringen sparades inte."
    if not os.access(path.absolute().parent, os.W_OK):  # no room for the -wal and -shm files a write needs
        return (f"Databasen {path} ligger i en skrivskyddad katalog ({path.absolute().parent}):"
                " ändringen sparades inte.")
    return None


def _check_file(path: Path) -> bool:
    """Refuse paths that cannot hold the database; True when it is to be created."""
    if not path.parent.exists():
        raise StoreError(f"Katalogen {path.parent} finns inte: skapa den eller ange en annan sökväg med --db.")
    if path.is_dir():
        raise StoreError(f"{path} är en katalog, inte en databasfil.")
    is_new = not path.exists() or path.stat().st_size == 0
    if not is_new:
        try:
            with open(path, "rb") as fh:
                magic = fh.read(16)
        except OSError as exc:
            raise StoreError(f"Kan inte läsa {path} ({exc.strerror or exc}).") from None
        if magic != SQLITE_MAGIC:
            raise StoreError(f"{path} är ingen SQLite-databas (filen är skadad eller av fel sort); inget har ändrats.")
    return is_new


__all__ = ["Store", "StoreError", "BusyError", "ConflictError", "AuditRow", "SCHEMA_VERSION", "field_version"]
