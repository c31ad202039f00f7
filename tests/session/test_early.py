"""Översikt's figures computed by a forked child while the program starts (session/early.py).

Each case runs in a fresh interpreter, as the program does: the fork needs a process with no
other thread (a pytest process may have some), and what the child leaves behind is then seen
from outside."""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sydnarke_tui.config import Config
from sydnarke_tui.core.overview import overview_of
from sydnarke_tui.session import Session
from sydnarke_tui.store.db import Store

needs_fork = pytest.mark.skipif(not (hasattr(os, "fork") and hasattr(os, "waitid")),
                                reason="no fork: the program reads the year in a thread instead")

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import pickle, sys, threading
from pathlib import Path
from sydnarke_tui.config import Config
from sydnarke_tui.session.early import EarlyOverview
year = None if sys.argv[2] == "-" else int(sys.argv[2])
early = EarlyOverview.start(Config(db_path=Path(sys.argv[1])), year)
if early is None:
    sys.stdout.buffer.write(b"none")
    sys.exit(0)
done = threading.Event()
if early.then(lambda _figures: done.set()):  # False: the figures are in already
    done.wait(60)
early.close()
sys.stdout.buffer.write(pickle.dumps((early.ready(), early.figures, early.pid)))
"""


def run_early(db: Path, year: int | None = None, **env: str):
    """(ready, figures, child pid), or None when no child was started."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(db), "-" if year is None else str(year)],
                          capture_output=True, timeout=120, cwd=db.parent,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    assert done.returncode == 0, done.stderr.decode()
    assert done.stderr == b""  # the child writes nothing to the terminal, not even a warning
    return None if done.stdout == b"none" else pickle.loads(done.stdout)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    Store.open(db_path, demo=True).close()
    return db_path


def session_overview(db: Path, year: int | None = None):
    session = Session.open(Config(db_path=db), demo=False)
    try:
        c = session.computed_for(year)
        from sydnarke_tui.core.checks import check
        return overview_of(c, check(c))
    finally:
        session.close()


@needs_fork
def test_the_child_computes_the_overview_the_session_shows_and_writes_nothing(demo_db: Path):
    before = digest(demo_db)
    ready, figures, pid = run_early(demo_db)
    assert ready and figures == session_overview(demo_db)
    assert digest(demo_db) == before  # no checkpoint, no write: the child never closes its connection
    assert not Path(f"/proc/{pid}").exists()  # reaped by the receiving thread


@needs_fork
def test_the_child_reads_the_year_asked_for(demo_db: Path):
    session = Session.open(Config(db_path=demo_db), demo=False)
    session.init_year(2031)
    session.close()
    assert run_early(demo_db, 2019)[1].year == 2019
    assert run_early(demo_db)[1] == session_overview(demo_db)  # the newest, as the app shows first
    assert run_early(demo_db, 1999)[1] is None  # no such year: the app says so, as without the child


@needs_fork
def test_no_database_no_child_and_no_file(tmp_path: Path):
    db = tmp_path / "ny.db"
    assert run_early(db) is None
    assert not db.exists()  # the program creates it (with the demo year), never the child


@needs_fork
def test_a_database_the_program_must_change_first_gets_no_early_figures(demo_db: Path):
    conn = sqlite3.connect(demo_db)
    conn.execute("PRAGMA journal_mode = DELETE")  # the program's open turns WAL on: a read would hold it up
    conn.close()
    assert run_early(demo_db)[:2] == (True, None)
    conn = sqlite3.connect(demo_db)
    conn.execute("PRAGMA journal_mode = WAL")
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    conn.execute(f"PRAGMA user_version = {version - 1}")  # an older schema: migrated by the program first
    conn.close()
    assert run_early(demo_db)[:2] == (True, None)


@needs_fork
def test_a_file_that_is_not_a_database_gets_no_early_figures_and_is_left_as_it_was(tmp_path: Path):
    db = tmp_path / "trasig.db"
    db.write_bytes(b"inte en databas" * 100)
    assert run_early(db)[:2] == (True, None)
    assert db.read_bytes() == b"inte en databas" * 100


@needs_fork
def test_the_child_can_be_turned_off(demo_db: Path):
    assert run_early(demo_db, SYDNARKE_NO_EARLY="1") is None


CLOSE_AT_ONCE = """
import os, sys
from pathlib import Path
from sydnarke_tui.config import Config
from sydnarke_tui.session.early import EarlyOverview
early = EarlyOverview.start(Config(db_path=Path(sys.argv[1])), None)
early.close()  # the program ends (a config error) while the child reads
early.close()  # a second call does nothing
print(os.path.exists(f"/proc/{early.pid}"))  # a child not reaped is still there, as a zombie
"""


@needs_fork
def test_a_child_still_at_work_when_the_program_ends_is_stopped_and_reaped(demo_db: Path):
    done = subprocess.run([sys.executable, "-c", CLOSE_AT_ONCE, str(demo_db)], capture_output=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and done.stderr == b"", done.stderr.decode()
    assert done.stdout.strip() == b"False"
    assert session_overview(demo_db).year == 2019  # the database is whole
