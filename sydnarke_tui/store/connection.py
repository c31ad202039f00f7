"""One SQLite connection: its transactions, query helpers and change polling.

A connection belongs to the thread that opened it (sqlite3's own check is on);
a worker thread opens its own with `Store.for_thread()`. Writes are
`BEGIN IMMEDIATE` with a busy timeout, so a second writer waits for the first
instead of failing; the file is in WAL mode where it allows it, so readers
never wait for a writer.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import getpass
import os
import sqlite3
from pathlib import Path
from typing import Any, Callable, Iterator, Self, Sequence

from . import errors
from .errors import BusyError, StoreError, db_message, is_busy

Row = dict[str, Any]  # one row read by column name (`Connection._q`)
Params = Sequence[Any]


def connect(path: Path, readonly: bool) -> sqlite3.Connection:
    """A connection with the store's settings (autocommit: we issue BEGIN ourselves)."""
    conn = _connect_readonly(path) if readonly else _raw_connect(str(path), uri=False)
    conn.execute(f"PRAGMA busy_timeout = {errors.BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _raw_connect(target: str, uri: bool) -> sqlite3.Connection:
    return sqlite3.connect(target, uri=uri, timeout=errors.BUSY_TIMEOUT_MS / 1000, isolation_level=None)


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """Read-only; in a read-only folder (or on a full disk) a WAL database cannot make its -shm file,
    so it is then opened as immutable (no other writer can exist there), and what the try left is removed."""
    made = [p for p in sidecars(path) if not p.exists()]
    conn = _raw_connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        conn.close()
        remove_empty(made)
        return _raw_connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)


def connect_existing(path: Path) -> sqlite3.Connection:
    """A connection that only reads a file that exists (mode=rw never creates one; query_only refuses
    writes). Not read-only: a WAL reader must be able to make the -shm index, as the program's own
    connection would, without the immutable fallback of `_connect_readonly` (which ignores the WAL)."""
    conn = _raw_connect(f"{path.absolute().as_uri()}?mode=rw", uri=True)
    conn.execute(f"PRAGMA busy_timeout = {errors.BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA query_only = 1")
    return conn


def sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")]


def remove_empty(paths: list[Path]) -> None:
    """Remove files a failed open made beside the database (only those that did not exist before it, and
    only while they hold nothing: an empty -wal, and its -shm index)."""
    for p in paths:
        with contextlib.suppress(OSError):
            wal = p.with_name(p.name[: -len("-shm")] + "-wal") if p.name.endswith("-shm") else p
            if (not wal.exists() or wal.stat().st_size == 0) and p.stat().st_size <= 32 * 1024:
                p.unlink()


def use_wal(conn: sqlite3.Connection) -> None:
    """WAL lets readers run beside a writer; some file systems refuse it, and
    then the rollback journal (with the busy timeout) still serialises writers."""
    with contextlib.suppress(sqlite3.DatabaseError):
        conn.execute("PRAGMA journal_mode = WAL").fetchone()


def inserted_id(cur: sqlite3.Cursor) -> int:
    """The id an INSERT gave its row (set by every successful INSERT into a table with a rowid)."""
    if cur.lastrowid is None:
        raise StoreError("Internt fel: raden fick inget id.")
    return cur.lastrowid


def os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return f"uid{os.getuid()}" if hasattr(os, "getuid") else "okänd"


def _now() -> _dt.datetime:
    return _dt.datetime.now().replace(microsecond=0)


class Connection:
    """The state every part of the store shares: file, connection, user, clock."""

    readonly_message: str | None = None  # why a read-only store cannot write, said when a write is tried

    def __init__(self, path: Path, conn: sqlite3.Connection | None, readonly: bool, user: str | None = None,
                 clock: Callable[[], _dt.datetime] | None = None):
        self.path = path
        self._conn = conn  # None: connect on first use, on the thread that uses it
        self.readonly = readonly
        self.user = user or os_user()
        self._clock = clock or _now

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            try:
                self._conn = connect(self.path, self.readonly)
            except sqlite3.Error as exc:
                raise StoreError(db_message(self.path, exc)) from None
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _tx(self) -> Iterator[None]:
        """One write transaction; any error rolls it back whole."""
        if self.readonly:
            raise StoreError(self.readonly_message
                             or f"Databasen {self.path} är skrivskyddad: ändringen sparades inte.")
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise (BusyError if is_busy(exc) else StoreError)(db_message(self.path, exc)) from None
        try:
            yield
        except (sqlite3.Error, OverflowError) as exc:
            self._rollback()
            raise StoreError(db_message(self.path, exc)) from None
        except BaseException:
            self._rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._rollback()
            raise StoreError(db_message(self.path, exc)) from None

    @contextlib.contextmanager
    def busy_timeout(self, ms: int) -> Iterator[None]:
        """Wait at most `ms` for another session's write lock (then BusyError), instead of the usual
        BUSY_TIMEOUT_MS: the app tries a save briefly and keeps trying off its UI thread."""
        self.conn.execute(f"PRAGMA busy_timeout = {int(ms)}")
        try:
            yield
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {errors.BUSY_TIMEOUT_MS}")

    @contextlib.contextmanager
    def _read(self) -> Iterator[None]:
        """Several queries that must see one snapshot (inside a write: that write's)."""
        if self.conn.in_transaction:
            yield
            return
        try:
            self.conn.execute("BEGIN")
        except sqlite3.Error as exc:
            raise StoreError(db_message(self.path, exc)) from None
        try:
            yield
        finally:
            self._rollback()

    def _rollback(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")

    def _q(self, sql: str, params: Params = ()) -> list[Row]:
        try:
            cur = self.conn.execute(sql, params)
            cols = [d[0] for d in cur.description]
            return [dict(zip(cols, row)) for row in cur]
        except sqlite3.Error as exc:
            raise StoreError(db_message(self.path, exc)) from None

    def _rows(self, sql: str, params: Params = ()) -> list[sqlite3.Row]:
        """Like `_q`, rows read by column name, without a dict per row (the year's bulk reads)."""
        try:
            cur = self.conn.execute(sql, params)
            cur.row_factory = sqlite3.Row  # noqa: V101 - read by sqlite3 as it makes each row, not by us
            return cur.fetchall()
        except sqlite3.Error as exc:
            raise StoreError(db_message(self.path, exc)) from None

    def _tuples(self, sql: str, params: Params = ()) -> list[tuple[Any, ...]]:
        """Plain rows in the SELECT's column order, for reads that unpack them (the year's largest)."""
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(db_message(self.path, exc)) from None

    def _one(self, sql: str, params: Params = ()) -> Row | None:
        rows = self._q(sql, params)
        return rows[0] if rows else None

    def _table_names(self) -> list[str]:
        return [r["name"] for r in self._q("SELECT name FROM sqlite_master WHERE type = 'table'")]

    def _has_year(self, year: int) -> bool:
        """Whether the year is stored (every part that writes one asks)."""
        return self._one("SELECT 1 AS x FROM years WHERE year = ?", (year,)) is not None

    def data_version(self) -> int:
        """Changes whenever another connection commits to the file (not on our own commits): a cheap
        way for a session to see that another one committed.

        Per connection: poll with the Store whose changes should be ignored, on
        the thread that owns it.
        """
        try:
            return int(self.conn.execute("PRAGMA data_version").fetchone()[0])
        except sqlite3.Error as exc:
            raise StoreError(db_message(self.path, exc)) from None
