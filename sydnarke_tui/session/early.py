"""Översikt's figures computed by a child process while the program starts (issue 20).

Reading and computing a large year takes as much CPU as loading Textual, and a
thread would share the interpreter's one lock with that loading: the figures
came when both were done. `EarlyOverview.start` forks before the database is
opened and before any thread exists; the child reads the year on its own
read-only connection, computes it with the same code as the session
(`Session.prepare`), and sends back only `overview_of` that (a few kilobytes,
the same value the overview screen draws from the session). The program loads
on the other core meanwhile, paints the figures as soon as both are there, and
reads the year for editing after that first paint; the context line says
"Laddar…" until it is read, and keys wait for it (the key gate).

The child gives up (and the program goes on as without it) where the early
figures could differ from what the program will show: a database that does
not exist yet, is not in WAL mode (its read would hold up the program's own
open) or is of another schema version (the program migrates it first). The
pipe is private to the two processes, so its pickle is ours.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable
from pathlib import Path

from .. import startgc
from ..config import Config
from ..core.overview import OverviewFigures, overview_of
from ..store.db import Store
from ..store.schema import SCHEMA_VERSION
from .session import Session

Taker = Callable[[OverviewFigures | None], None]


class EarlyOverview:
    """A child computing the overview; `then` hands its figures (None: none) to a callback."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.figures: OverviewFigures | None = None
        self._fd = fd
        self._lock = threading.Lock()
        self._done = False
        self._reaped = False
        self._then: Taker | None = None
        # Blocked in read() this thread holds no lock the program's start needs.
        threading.Thread(target=self._receive, name="sydnarke-early", daemon=True).start()

    @classmethod
    def start(cls, config: Config, requested: int | None = None) -> EarlyOverview | None:
        """Fork the child; None where this cannot be done safely (no fork or waitid, threads already
        running, no database yet, or SYDNARKE_NO_EARLY set)."""
        if (not hasattr(os, "fork") or not hasattr(os, "waitid") or threading.active_count() != 1
                or os.environ.get("SYDNARKE_NO_EARLY") or not Path(config.db_path).is_file()):
            return None
        read_end, write_end = os.pipe()
        startgc.freeze_for_fork()  # the child keeps the collector off: it lives for one read
        try:
            pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return None
        if pid == 0:  # the child: never returns, whatever is raised (a Ctrl+C) before _child's own guard
            try:
                os.close(read_end)
                _child(config, requested, write_end)
            finally:
                os._exit(1)
        os.close(write_end)
        return cls(pid, read_end)

    def _receive(self) -> None:
        chunks = []
        try:
            while chunk := os.read(self._fd, 1 << 16):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(self._fd)
        self._reap()
        figures = None
        if chunks:
            try:
                got = pickle.loads(b"".join(chunks))  # noqa: S301 - from our own child, over a private pipe
            except Exception:  # noqa: BLE001 - a child cut short: no early figures, nothing else changes
                got = None
            figures = got if isinstance(got, OverviewFigures) else None
        with self._lock:
            self.figures, self._done, then = figures, True, self._then
        if then is not None:
            then(figures)

    def ready(self) -> bool:
        with self._lock:
            return self._done

    def then(self, call: Taker) -> bool:
        """Have `call` run with the figures on the receiving thread once they are in; False (and no
        call) when they are in already (`figures`)."""
        with self._lock:
            if self._done:
                return False
            self._then = call
            return True

    def close(self) -> None:
        """The program ends: a child still at work is stopped and reaped, before the program closes its
        own connection (the last one to close checkpoints the WAL into the file). Until it is reaped
        its pid cannot be another process's."""
        with self._lock:
            if not self._reaped:
                try:
                    os.kill(self.pid, signal.SIGKILL)
                    os.waitpid(self.pid, 0)
                except OSError:  # ChildProcessError too
                    pass
                self._reaped = True

    def _reap(self) -> None:
        """Wait for the child to end without reaping it, then reap it under the lock `close` takes."""
        try:
            os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOWAIT)
        except ChildProcessError:
            pass
        with self._lock:
            if not self._reaped:  # else close() did
                try:
                    os.waitpid(self.pid, 0)
                except ChildProcessError:
                    pass
                self._reaped = True


def _child(config: Config, requested: int | None, fd: int) -> None:
    """Compute and send the figures, then leave at once: no atexit handler, no buffer of the
    parent's flushed twice, nothing written to the terminal (stdin, stdout, stderr go to /dev/null)."""
    code = 1
    try:
        null = os.open(os.devnull, os.O_RDWR)
        for std in (0, 1, 2):
            os.dup2(null, std)
        figures = _figures(config, requested)
        data = pickle.dumps(figures, protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        code = 0
    except BaseException:  # noqa: BLE001 - the parent reads no figures and goes on without them
        pass
    finally:
        os._exit(code)


def _figures(config: Config, requested: int | None) -> OverviewFigures | None:
    # The connection is never closed: the last connection to close checkpoints the WAL into the
    # file, a write; the child ends with os._exit, which releases its locks as any ending process does.
    store = Store.reader(Path(config.db_path))
    conn = store.conn
    if (int(conn.execute("PRAGMA user_version").fetchone()[0]) != SCHEMA_VERSION
            or str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal"):
        return None
    session = Session(store, config)
    year = session.initial_year(requested)
    if year is None or year not in session.years:
        return None
    prepared = session.prepare(session.read_year(year))
    return None if prepared is None else overview_of(prepared.live.result, prepared.findings)
