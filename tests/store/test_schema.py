"""Schema 3 (operating sections, own versions for narrative and key), migrations,
and files the store must refuse with one clear line and without side effects."""

import copy
import sqlite3

import pytest

from sydnarke_tui.core.model import Kind, OperatingLine
from sydnarke_tui.store import schema
from sydnarke_tui.store.db import SCHEMA_VERSION, Store, StoreError

from .test_store import V1_SCHEMA


@pytest.fixture
def store(db_path):
    s = Store.open(db_path, user="testare")
    yield s
    s.close()


def _files(folder):
    return sorted(p.name for p in folder.iterdir())


def _v2_database(path):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(V1_SCHEMA)
    schema.MIGRATIONS[1](conn)
    conn.execute("INSERT INTO narratives (year, period, text) VALUES (2018, 'helar', 'Gammal text')")
    conn.execute("PRAGMA user_version = 2")
    conn.close()


# ------------------------------------------------------------ sections


def test_operating_section_round_trips_through_insert_and_load(store, demo):
    demo.operating[0].section = "Politisk verksamhet"
    demo.operating[1].section = "Gator och vägar"
    store.insert_year(demo, replace=True)
    y = store.load_year(2019)
    assert [ln.section for ln in y.operating][:3] == ["Politisk verksamhet", "Gator och vägar", None]


def test_set_field_section_is_saved_audited_and_undone(store):
    ln = store.load_year(2019).operating[2]
    v = store.set_field("operating", ln.id, "section", "Gator och vägar", expected_version=ln.version)
    assert v == ln.version + 1
    row = store.audit(1)[0]
    assert (row.entity, row.entity_id, row.field, row.old, row.new) == ("operating", ln.id, "section", None,
                                                                          "Gator och vägar")
    assert store.load_year(2019).operating[2].section == "Gator och vägar"
    store.set_field("operating", ln.id, "section", "  ")  # blank: no verksamhet
    assert store.load_year(2019).operating[2].section is None
    store.undo_last()
    assert store.load_year(2019).operating[2].section == "Gator och vägar"


def test_replace_year_writes_and_syncs_sections(store):
    base = store.load_year(2019)
    edited = copy.deepcopy(base)
    edited.operating[0].section = "Intäkter"
    edited.operating.append(OperatingLine(0, "Ny rad", Kind.COST, 100, section="Gator"))
    log = store.replace_year(edited, base=base, source="fil")
    y = store.load_year(2019)
    assert y.operating[0].section == "Intäkter" and y.operating[-1].section == "Gator"
    assert any("section" in line for line in log)
    assert ("operating", "section") in [(r.entity, r.field) for r in store.audit(5)]


def test_add_operating_line_with_a_section(store):
    lid = store.add_operating_line(2019, "Vinterväghållning", Kind.COST, section="Gator och vägar")
    assert next(ln for ln in store.load_year(2019).operating if ln.id == lid).section == "Gator och vägar"


# ------------------------------------------------------------ migrations


def test_migration_from_version_2_adds_sections_and_versions(tmp_path):
    path = tmp_path / "v2.db"
    _v2_database(path)
    store = Store.open(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 4
    assert (tmp_path / "v2.db.v2.bak").exists() and store.backup_path == tmp_path / "v2.db.v2.bak"
    y = store.load_year(2018)
    assert (y.narrative, y.narrative_version("helar"), y.key.version, y.operating[0].section) == (
        {"helar": "Gammal text"}, 1, 1, None)
    store.set_field("operating", y.operating[0].id, "section", "Stab")
    store.set_field("year", 2018, "narrative", "Ny", period="helar", expected_version=1)
    assert store.load_year(2018).narrative_version("helar") == 2
    store.close()


@pytest.mark.parametrize("version", [-1, -2147483648, 2147483647])
def test_garbage_schema_version_is_one_clear_line_and_no_backup(tmp_path, version):
    path = tmp_path / "x.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.close()
    before, files = path.read_bytes(), _files(tmp_path)
    with pytest.raises(StoreError) as err:
        Store.open(path)
    msg = str(err.value)
    assert "okänd schemaversion" in msg and str(version) in msg and "\n" not in msg
    assert _files(tmp_path) == files  # no x.db.v-1.bak
    assert path.read_bytes() == before


def test_unknown_old_version_is_refused_without_a_backup(tmp_path, monkeypatch):
    path = tmp_path / "x.db"
    _v2_database(path)
    monkeypatch.setattr(schema, "MIGRATIONS", {1: schema.MIGRATIONS[1]})  # as if 2 had never existed
    files = _files(tmp_path)
    with pytest.raises(StoreError, match="okänd schemaversion"):
        Store.open(path)
    assert _files(tmp_path) == files


def test_a_failing_migration_changes_nothing_and_leaves_no_backup(tmp_path):
    path = tmp_path / "broken.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE years (year INTEGER PRIMARY KEY)")  # claims version 1, lacks its tables
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    files = _files(tmp_path)
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert "kunde inte uppgraderas" in str(err.value) and "inget har ändrats" in str(err.value)
    assert _files(tmp_path) == files
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1


# ------------------------------------------------------------ refused files


def test_current_version_without_its_tables_is_refused(tmp_path):
    path = tmp_path / "half.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE years (year INTEGER PRIMARY KEY)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="saknar tabellerna narratives, key_members"):
        Store.open(path)


def test_newer_corrupt_and_foreign_files_each_give_one_clear_line(tmp_path):
    newer = tmp_path / "newer.db"
    Store.open(newer).close()
    c = sqlite3.connect(newer)
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    c.close()
    garbage = tmp_path / "garbage.db"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)  # right magic, nonsense after it
    cases = {newer: "nyare än programmets", garbage: "skadad"}
    for path, words in cases.items():
        with pytest.raises(StoreError) as err:
            Store.open(path).load_year(2019)
        assert words in str(err.value) and "\n" not in str(err.value), path


def test_read_only_database_reports_writes_clearly(db_path, monkeypatch):
    Store.open(db_path).close()
    real = __import__("os").access
    monkeypatch.setattr("os.access", lambda p, mode: False if mode & 2 else real(p, mode))
    with Store.open(db_path) as ro:
        assert ro.readonly
        with pytest.raises(StoreError, match="skrivskyddad"):
            ro.set_field("year", 2019, "narrative", "x", period="t1")
        with ro.for_thread() as worker:  # a worker's connection is read-only too
            assert worker.readonly and worker.years() == [2019]
            with pytest.raises(StoreError, match="skrivskyddad"):
                worker.add_goal(2019, "x")


def test_locked_wal_database_reads_but_a_write_says_locked(db_path, store, monkeypatch):
    monkeypatch.setattr("sydnarke_tui.store.errors.BUSY_TIMEOUT_MS", 200)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE years SET organisation = 'Håller låset'")
    try:
        with Store.open(db_path) as s:
            assert s.load_year(2019).organisation != "Håller låset"
            with pytest.raises(StoreError) as err:
                s.set_field("year", 2019, "organisation", "Ny")
        assert "låst av en annan session" in str(err.value) and "0,2 s" in str(err.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.load_year(2019).organisation == "Sydnärkes IT-nämnd"


def test_database_locked_exclusively_cannot_be_opened_and_says_so(db_path, monkeypatch):
    Store.open(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("PRAGMA journal_mode = DELETE")  # a rollback journal: an exclusive lock stops readers
    holder.execute("BEGIN EXCLUSIVE")
    monkeypatch.setattr("sydnarke_tui.store.errors.BUSY_TIMEOUT_MS", 200)
    try:
        with pytest.raises(StoreError, match="låst av en annan session"):
            Store.open(db_path)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store.open(db_path) as s:  # once released it opens (and goes back to WAL)
        assert s.years() == [2019]
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
