"""Faults in one line, nothing left behind (issue 17 item 7): a full disk during a save and during an
export, a read-only folder; reading still works and the database is unchanged.

The full disk is a real one: a 2 MB tmpfs (needs root to mount; skipped otherwise, and then the
message is checked on SQLite's own error text)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sydnarke_tui.config import Config
from sydnarke_tui.session import Failed, Session
from sydnarke_tui.session.specs import line_specs
from sydnarke_tui.store.errors import db_message

ROOT = Path(__file__).resolve().parents[2]


def cli(db: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sydnarke_tui", "--db", str(db), *args], capture_output=True,
                          text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)


def one_line(r: subprocess.CompletedProcess, needle: str) -> None:
    assert r.returncode == 2, (r.stdout, r.stderr)
    assert r.stderr.count("\n") == 1 and needle in r.stderr and "Traceback" not in r.stderr, r.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def tmpfs(tmp_path):
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mnt)], capture_output=True).returncode:
        pytest.skip("cannot mount a tmpfs here")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def fill(folder: Path) -> None:
    """Write until the disk says it is full (unbuffered, so every block that fits is written)."""
    fd = os.open(folder / "fill", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (65536, 4096, 512):
            try:
                while True:
                    os.write(fd, b"\0" * size)
            except OSError:
                pass
    finally:
        os.close(fd)


def test_full_disk_save_export_and_read(tmpfs, tmp_path):
    db = tmpfs / "s.db"
    Session.open(Config(db_path=db, db_is_default=False)).close()  # a database in use for a while: all in s.db
    s = Session.open(Config(db_path=db, db_is_default=False), user="anna")
    s.load(2019)
    line = next(ln for ln in s.model.operating if ln.label.startswith("Databehandling"))
    spec = next(x for x in line_specs("operating", line.id, s.period, "tkr", []) if x.field == "label")
    fill(tmpfs)
    e = s.begin_edit(spec)
    s.live(e, "x" * 200_000)  # a save that needs new pages
    r = s.save(e)
    assert isinstance(r, Failed) and r.message.startswith("Disken är full") and "\n" not in r.message
    assert s.read_year(2019).operating[4].label == "Databehandling, licenser"  # nothing saved
    s.close()
    (tmpfs / "fill").unlink()
    fill(tmpfs)
    before = digest(db)
    r = cli(db, "report", "--format", "md")  # an export that only reads: still works
    assert r.returncode == 0 and "Databehandling" in r.stdout, r.stderr
    one_line(cli(db, "report", "--format", "md", "-o", str(tmpfs / "r.md")), "Disken är full")
    csv = tmp_path / "t.csv"
    csv.write_text("Slagtext;Budget\nTjänster;7 000\n", encoding="utf-8")
    one_line(cli(db, "import", str(csv), "--year", "2019"), "Disken är full")
    assert digest(db) == before
    assert sorted(p.name for p in tmpfs.iterdir()) == ["fill", "s.db"]  # no -wal, -shm or half a report


@pytest.fixture
def readonly_folder(tmp_path):
    """A folder the program cannot write: a read-only tmpfs as root, a folder without w as anyone else."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        mnt = tmp_path / "ro"
        mnt.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mnt)],
                          capture_output=True).returncode:
            pytest.skip("cannot mount a tmpfs here")
        Session.open(Config(db_path=mnt / "s.db", db_is_default=False)).close()
        subprocess.run(["mount", "-o", "remount,ro", str(mnt)], check=True)
        yield mnt
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)
        return
    folder = tmp_path / "ro"
    folder.mkdir()
    Session.open(Config(db_path=folder / "s.db", db_is_default=False)).close()
    folder.chmod(0o555)
    yield folder
    folder.chmod(0o755)


def test_read_only_folder_reads_and_refuses_writes_in_one_line(readonly_folder, tmp_path):
    db = readonly_folder / "s.db"
    before = digest(db)
    r = cli(db, "report", "--format", "md")
    assert r.returncode == 0 and "Databehandling" in r.stdout, r.stderr
    assert cli(db, "log", "--verify").returncode == 0
    csv = tmp_path / "t.csv"
    csv.write_text("Slagtext;Budget\nTjänster;7 000\n", encoding="utf-8")
    one_line(cli(db, "import", str(csv), "--year", "2019"), "skrivskydd")
    one_line(cli(db, "undo", "--anyone"), "skrivskydd")
    assert digest(db) == before
    assert [p.name for p in readonly_folder.iterdir()] == ["s.db"]


def test_sqlite_full_error_is_said_in_swedish(tmp_path):
    import sqlite3

    msg = db_message(tmp_path / "s.db", sqlite3.OperationalError("database or disk is full"))
    assert msg.startswith("Disken är full") and "oförändrad" in msg
