"""The log as an audit trail (issue 17 item 6): a row changed or removed with sqlite3 is named by
`log --verify`; a whole chain rewritten after a report was printed is caught by `--against` the
printed checksum; the program itself never changes an old row."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal

import pytest

from sydnarke_tui.cli import main
from sydnarke_tui.store import chain
from sydnarke_tui.store.db import Store


@pytest.fixture
def db(db_path):
    s = Store.open(db_path, user="anna")
    ind = s.load_year(2019).goals[0].indicators[0]
    for v in (70, 75, 80):
        s.set_field("indicator", ind.id, "outcome", Decimal(v), period="helar")
    s.undo_last()
    s.close()
    return db_path


def _raw(db_path):
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TRIGGER IF EXISTS audit_append_only_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_append_only_delete")
    return conn


def _verify(db_path, capsys, *extra):
    code = main(["log", "--verify", *extra, "--db", str(db_path)])
    out = capsys.readouterr()
    return code, (out.out + out.err).strip()


def test_an_intact_log_verifies(db, capsys):
    code, text = _verify(db, capsys)
    assert code == 0 and text.startswith("Loggen är hel: 5 rader, kontrollsumma ")


def test_a_row_changed_with_sqlite3_is_named(db, capsys):
    conn = _raw(db)
    conn.execute("UPDATE audit SET new = '99' WHERE id = 3")
    conn.commit()
    conn.close()
    code, text = _verify(db, capsys)
    assert code == 1 and "rad 3 är ändrad" in text


def test_a_row_removed_with_sqlite3_is_named(db, capsys):
    conn = _raw(db)
    conn.execute("DELETE FROM audit WHERE id = 2")
    conn.commit()
    conn.close()
    code, text = _verify(db, capsys)
    assert code == 1 and "rad 2 är borttagen" in text


def test_the_program_cannot_change_an_old_row(db):
    conn = sqlite3.connect(db)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit SET new = '99' WHERE id = 2")
    conn.close()


def test_a_rewritten_chain_is_caught_against_the_printed_head(db, capsys, tmp_path):
    assert main(["report", "--format", "json", "--db", str(db)]) == 0
    printed = json.loads(capsys.readouterr().out)["audit"]
    assert printed["rows"] == 5 and len(printed["head"]) == chain.SHORT
    assert main(["report", "--format", "md", "-o", str(tmp_path / "r.md"), "--db", str(db)]) == 0
    assert f"kontrollsumma {printed['head']}" in (tmp_path / "r.md").read_text(encoding="utf-8")
    s = Store.open(db, user="anna")  # more work after the report: still the signed history
    s.set_field("year", 2019, "organisation", "Ny nämnd")
    s.close()
    code, text = _verify(db, capsys, "--against", printed["head"])
    assert code == 0 and "(5 rader) är oförändrad" in text
    # someone rewrites a value and recomputes every hash: the chain verifies, the anchor does not
    conn = _raw(db)
    conn.execute("UPDATE audit SET new = '99' WHERE id = 3")
    chain.chain_all(conn)
    conn.commit()
    conn.close()
    assert _verify(db, capsys)[0] == 0
    code, text = _verify(db, capsys, "--against", printed["head"])
    assert code == 1 and "har skrivits om eller tagits bort" in text


def test_undo_is_a_row_of_its_own(db):
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT id, action, ref FROM audit ORDER BY id").fetchall()
    assert [r[1] for r in rows] == ["create", "set", "set", "set", "undo"] and rows[-1][2] == 4
    conn.close()


def test_a_broken_chain_is_warned_about_by_the_session(db):
    from sydnarke_tui.config import Config
    from sydnarke_tui.session import Session

    s = Session.open(Config(db_path=db, db_is_default=False))
    assert s.log_warning() is None
    s.close()
    conn = _raw(db)
    conn.execute("UPDATE audit SET user = 'mallory' WHERE id = 4")
    conn.commit()
    conn.close()
    s = Session.open(Config(db_path=db, db_is_default=False))
    warning = s.log_warning()
    s.close()
    assert warning is not None and "rad 4" in warning and "\n" not in warning


def test_migration_from_version_3_chains_the_old_rows(tmp_path):
    """A v3 file (undone_by on old rows) becomes v4: refs on the reversing rows, chained."""
    path = tmp_path / "v3.db"
    s = Store.open(path, user="anna")
    ind = s.load_year(2019).goals[0].indicators[0]
    s.set_field("indicator", ind.id, "outcome", Decimal(70), period="helar")
    s.close()
    conn = sqlite3.connect(path)
    for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall():
        conn.execute(f"DROP TRIGGER {t}")
    conn.execute("ALTER TABLE audit ADD COLUMN undone_by INTEGER")
    conn.execute("INSERT INTO audit (at, user, year, entity, entity_id, label, field, period, old, new, action)"
                 " SELECT at, user, year, entity, entity_id, label, field, period, new, old, 'undo' FROM audit"
                 " WHERE id = 2")
    conn.execute("UPDATE audit SET undone_by = 3 WHERE id = 2")
    conn.execute("DROP INDEX audit_ref")
    conn.execute("ALTER TABLE audit DROP COLUMN ref")
    conn.execute("ALTER TABLE audit DROP COLUMN hash")
    conn.execute("DROP TABLE version_clock")
    # version 5's columns (links, budget profiles) stay: its migration adds only what is missing
    conn.execute("PRAGMA user_version = 3")
    conn.commit()
    conn.close()
    s = Store.open(path, user="anna")
    assert s.verify_log().ok
    log = s.audit(5)
    assert [r.action for r in log][:3] == ["migrate", "undo", "set"] and log[2].undone and log[1].ref == 2
    s.close()


def test_a_real_version_3_file_migrates_through_4_and_5_and_its_log_verifies(tmp_path, capsys):
    """A v3 database as v3 built it (no link/profile columns, `undone_by` on old rows, no hashes):
    the CLI opens it, migrates through 4 and 5, the chain verifies, and undo/redo keep it whole."""
    from tests.store.test_schema import _v3_database

    path = tmp_path / "v3.db"
    _v3_database(path)
    conn = sqlite3.connect(path)
    (line_id, budget), = conn.execute("SELECT id, budget FROM operating_lines").fetchall()
    row = ("2018", "operating", line_id, "Personal", "budget")
    conn.execute("UPDATE operating_lines SET budget = ?", (budget + 1000,))
    conn.execute("INSERT INTO audit (at, user, year, entity, entity_id, label, field, old, new, action) "
                 "VALUES ('2020-01-01T10:00:00', 'anna', ?, ?, ?, ?, ?, ?, ?, 'set')",
                 (*row, str(budget), str(budget + 1000)))
    conn.commit()
    conn.close()
    code, text = _verify(path, capsys)
    assert code == 0 and text.startswith("Loggen är hel: 2 rader"), text
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 5
    assert main(["undo", "--anyone", "--db", str(path)]) == 0
    assert main(["redo", "--anyone", "--db", str(path)]) == 0
    capsys.readouterr()
    code, text = _verify(path, capsys)
    assert code == 0 and text.startswith("Loggen är hel: 4 rader"), text
    assert main(["report", "--year", "2018", "--format", "toml", "-o", str(tmp_path / "y.toml"),
                 "--db", str(path)]) == 0
    assert main(["load", str(tmp_path / "y.toml"), "--replace", "--db", str(path)]) == 0
    assert main(["undo", "--anyone", "--db", str(path)]) == 0
    capsys.readouterr()
    assert _verify(path, capsys)[0] == 0
