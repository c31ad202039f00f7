import os
import sqlite3
import threading
from decimal import Decimal
from pathlib import Path

import pytest

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import Kind, Status
from sydnarke_tui.store.db import SCHEMA_VERSION, ConflictError, Store, StoreError

V1_SCHEMA = """
CREATE TABLE years (year INTEGER PRIMARY KEY, organisation TEXT NOT NULL DEFAULT '', periods TEXT NOT NULL,
  key_basis TEXT NOT NULL DEFAULT 'shares', version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE key_members (id INTEGER PRIMARY KEY, year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
  position INTEGER NOT NULL, municipality TEXT NOT NULL, share_pct TEXT, base INTEGER, version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE goals (id INTEGER PRIMARY KEY, year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
  position INTEGER NOT NULL, title TEXT NOT NULL, version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE goal_values (goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE, period TEXT NOT NULL,
  comment TEXT NOT NULL DEFAULT '', PRIMARY KEY (goal_id, period));
CREATE TABLE indicators (id INTEGER PRIMARY KEY, goal_id INTEGER NOT NULL REFERENCES goals(id) ON DELETE CASCADE,
  position INTEGER NOT NULL, name TEXT NOT NULL, unit TEXT NOT NULL DEFAULT '', comparison TEXT NOT NULL DEFAULT '>=',
  target TEXT, partly_from_pct INTEGER, lower_formula TEXT, version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE indicator_values (indicator_id INTEGER NOT NULL REFERENCES indicators(id) ON DELETE CASCADE,
  period TEXT NOT NULL, outcome TEXT, forecast TEXT, manual_status TEXT, justification TEXT NOT NULL DEFAULT '',
  comment TEXT NOT NULL DEFAULT '', PRIMARY KEY (indicator_id, period));
CREATE TABLE operating_lines (id INTEGER PRIMARY KEY, year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
  position INTEGER NOT NULL, label TEXT NOT NULL, kind TEXT NOT NULL, budget INTEGER,
  is_contribution INTEGER NOT NULL DEFAULT 0, version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE operating_values (line_id INTEGER NOT NULL REFERENCES operating_lines(id) ON DELETE CASCADE,
  period TEXT NOT NULL, outcome INTEGER, forecast INTEGER, comment TEXT NOT NULL DEFAULT '', PRIMARY KEY (line_id, period));
CREATE TABLE investment_lines (id INTEGER PRIMARY KEY, year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE,
  position INTEGER NOT NULL, label TEXT NOT NULL, municipality TEXT, budget INTEGER,
  parent_id INTEGER REFERENCES investment_lines(id) ON DELETE CASCADE, version INTEGER NOT NULL DEFAULT 1);
CREATE TABLE investment_values (line_id INTEGER NOT NULL REFERENCES investment_lines(id) ON DELETE CASCADE,
  period TEXT NOT NULL, outcome INTEGER, forecast INTEGER, comment TEXT NOT NULL DEFAULT '', PRIMARY KEY (line_id, period));
CREATE TABLE printed (year INTEGER NOT NULL REFERENCES years(year) ON DELETE CASCADE, period TEXT NOT NULL,
  path TEXT NOT NULL, value TEXT NOT NULL, unit TEXT NOT NULL, PRIMARY KEY (year, period, path));
CREATE TABLE audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, year INTEGER, entity TEXT NOT NULL,
  entity_id INTEGER, label TEXT NOT NULL DEFAULT '', field TEXT NOT NULL DEFAULT '', period TEXT, old TEXT, new TEXT,
  action TEXT NOT NULL, undone_by INTEGER);
INSERT INTO years (year, periods) VALUES (2018, '[{"code": "helar", "name": "Helår", "last_month": 12, "full_year": true}]');
INSERT INTO operating_lines (year, position, label, kind, budget) VALUES (2018, 1, 'Personal', 'cost', 1000);
PRAGMA user_version = 1;
"""


@pytest.fixture
def store(db_path):
    s = Store.open(db_path, user="testare")
    yield s
    s.close()


def first_indicator(store):
    return store.load_year(2019).goals[0].indicators[0]


def test_new_database_has_the_demo_year(store):
    assert store.years() == [2019]
    y = store.load_year(2019)
    c = compute(y, y.full_year_period)
    assert c.surplus == 158_552 and [r.amount for r in c.result_split] == [43_621, 62_190, 22_028, 30_713]


def test_reopen_keeps_every_value(db_path, store):
    before = store.load_year(2019)
    ind = before.goals[0].indicators[0]
    store.set_field("indicator", ind.id, "outcome", Decimal("70.5"), period="helar")
    store.set_field("indicator", ind.id, "comment", "[red]x", period="helar")
    line = before.operating[2]
    store.set_field("operating", line.id, "outcome", 10_500_000, period="helar")
    store.set_field("year", 2019, "narrative", "Text", period="t1")
    store.close()
    again = Store.open(db_path)
    y = again.load_year(2019)
    assert y.goals[0].indicators[0].values["helar"].outcome == Decimal("70.5")
    assert y.goals[0].indicators[0].values["helar"].comment == "[red]x"
    assert y.operating[2].values["helar"].outcome == 10_500_000
    assert y.narrative["t1"] == "Text"
    assert y.printed == before.printed
    assert y.key == before.key or [m.share_pct for m in y.key.members] == [m.share_pct for m in before.key.members]


def test_every_change_writes_an_audit_row(store):
    ind = first_indicator(store)
    store.set_field("indicator", ind.id, "outcome", Decimal(70), period="helar", expected_version=ind.version)
    row = store.audit(1)[0]
    assert (row.user, row.entity, row.entity_id, row.field, row.period, row.old, row.new, row.action) == (
        "testare", "indicator", ind.id, "outcome", "helar", "90", "70", "set")
    gid = store.add_goal(2019, "Nytt mål")
    assert store.audit(1)[0].action == "add"
    store.move("goal", gid, -1)
    assert store.audit(1)[0].action == "move"
    store.delete("goal", gid)
    assert store.audit(1)[0].action == "delete"


def test_unchanged_value_writes_nothing(store):
    ind = first_indicator(store)
    n = len(store.audit())
    assert store.set_field("indicator", ind.id, "outcome", Decimal(90), period="helar") == ind.version
    assert len(store.audit()) == n


def test_stale_version_is_a_conflict_naming_the_current_value(db_path, store):
    ind = first_indicator(store)
    other = Store.open(db_path, user="kollega")
    other.set_field("indicator", ind.id, "outcome", Decimal(85), period="helar", expected_version=ind.version)
    with pytest.raises(ConflictError) as err:
        store.set_field("indicator", ind.id, "outcome", Decimal(70), period="helar", expected_version=ind.version)
    assert err.value.current == Decimal(85)
    assert "85" in str(err.value)
    assert first_indicator(store).values["helar"].outcome == Decimal(85)  # nothing overwritten


def test_undo_restores_and_is_logged(store):
    ind = first_indicator(store)
    store.set_field("indicator", ind.id, "outcome", Decimal(70), period="helar")
    undone = store.undo_last()
    assert undone.old == "90" and undone.new == "70"
    assert first_indicator(store).values["helar"].outcome == Decimal(90)
    log = store.audit(2)
    assert log[0].action == "undo" and log[1].undone


def test_undo_of_delete_puts_the_goal_back_with_printed_values(store):
    y = store.load_year(2019)
    store.delete("goal", y.goals[3].id)
    assert len(store.load_year(2019).goals) == 3
    store.undo_last()
    y2 = store.load_year(2019)
    assert [g.title for g in y2.goals] == [g.title for g in y.goals]
    assert y2.printed == y.printed


def test_undo_of_add_and_move(store):
    gid = store.add_goal(2019, "X")
    store.move("goal", gid, -2)
    titles = [g.title for g in store.load_year(2019).goals]
    assert titles.index("X") == 2
    store.undo_last()
    assert [g.title for g in store.load_year(2019).goals][-1] == "X"
    store.undo_last()
    assert "X" not in [g.title for g in store.load_year(2019).goals]


def test_add_lines_members_and_varav(store):
    oid = store.add_operating_line(2019, "Ny rad", Kind.COST)
    store.set_field("operating", oid, "budget", 5_000)
    pid = store.add_investment_line(2019, "Nytt projekt", "Laxå")
    vid = store.add_investment_line(2019, "varav nät", parent_id=pid)
    mid = store.add_member(2019, "Örebro")
    store.set_field("member", mid, "share_pct", Decimal("0"))
    y = store.load_year(2019)
    assert y.operating[-1].budget == 5_000
    varav = next(i for i in y.investments if i.id == vid)
    assert varav.parent_id == pid and varav.municipality == "Laxå"
    with pytest.raises(StoreError):
        store.add_investment_line(2019, "varav av varav", parent_id=vid)
    assert y.key.members[-1].municipality == "Örebro"


def test_manual_status_and_enums_round_trip(store):
    y = store.load_year(2019)
    m = y.goals[1].indicators[0]
    store.set_field("indicator", m.id, "manual_status", Status.PARTLY, period="helar")
    assert store.load_year(2019).goals[1].indicators[0].values["helar"].manual_status is Status.PARTLY


def test_migration_from_version_1_writes_a_backup_first(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(V1_SCHEMA)
    conn.close()
    store = Store.open(path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    backup = tmp_path / "old.db.v1.bak"
    assert backup.exists()
    old = sqlite3.connect(backup)
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    y = store.load_year(2018)
    assert y.operating[0].label == "Personal" and y.operating[0].previous_outcome is None
    assert store.audit(1)[0].action == "migrate"
    # the migrated schema is fully usable: narrative saved, year replaced (cascades)
    store.set_field("year", 2018, "narrative", "Text", period="helar")
    y.narrative = {"helar": "Ny"}
    store.insert_year(y, replace=True)
    assert store.load_year(2018).narrative == {"helar": "Ny"}


def test_newer_schema_is_refused_and_untouched(tmp_path):
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE x (a)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert "nyare" in str(err.value)
    assert path.read_bytes() == before


def test_corrupt_and_foreign_files_are_refused(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not a database at all" * 10)
    with pytest.raises(StoreError, match="ingen SQLite-databas"):
        Store.open(bad)
    assert bad.read_bytes() == b"this is not a database at all" * 10
    torn = tmp_path / "torn.db"
    good = Store.open(torn)
    good.close()
    data = bytearray(torn.read_bytes())
    data[100:] = bytes((i * 7) % 251 for i in range(len(data) - 100))  # every page after the header
    torn.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        Store.open(torn).load_year(2019)
    other = tmp_path / "other.db"
    c = sqlite3.connect(other)
    c.execute("CREATE TABLE t (a)")
    c.commit()
    c.close()
    with pytest.raises(StoreError, match="inte sydnarke"):
        Store.open(other)


def test_missing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="finns inte"):
        Store.open(tmp_path / "nope" / "x.db")


def _not_writable(monkeypatch, path):
    """As for a user without write permission (root ignores chmod, so ask os.access)."""
    real = os.access
    monkeypatch.setattr("sydnarke_tui.store.db.os.access",
                        lambda p, mode: False if mode & os.W_OK and Path(p) in (path, path.parent) else real(p, mode))


def test_read_only_database_reads_but_refuses_writes(db_path, store, monkeypatch):
    store.close()
    before = db_path.read_bytes()
    _not_writable(monkeypatch, db_path)
    ro = Store.open(db_path)
    assert ro.readonly and ro.years() == [2019]
    with pytest.raises(StoreError, match="skrivskyddad"):
        ro.add_goal(2019, "x")
    with pytest.raises(StoreError, match="skrivskyddad"):
        ro.set_field("year", 2019, "organisation", "x")
    # the connection itself is read-only: even a raw write fails
    with pytest.raises(sqlite3.OperationalError):
        ro.conn.execute("UPDATE years SET organisation = 'x'")
    ro.close()
    assert db_path.read_bytes() == before


def test_read_only_wal_database_whose_shm_cannot_be_made_is_still_readable(db_path, store, monkeypatch):
    store.close()
    shm = Path(str(db_path) + "-shm")
    if shm.exists():
        shm.unlink()
    shm.mkdir()  # as in a read-only folder: the shared-memory file cannot be created
    _not_writable(monkeypatch, db_path)
    ro = Store.open(db_path)
    assert ro.load_year(2019).year == 2019


def test_two_connections_writing_at_once_do_not_raise_locked(db_path, store):
    ids = [i.id for i in store.load_year(2019).indicators()]
    errors: list[Exception] = []

    def writer(n: int) -> None:
        s = Store.open(db_path, user=f"u{n}")
        try:
            for k in range(40):
                s.set_field("indicator", ids[n], "comment", f"{n}-{k}", period="helar")
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            s.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len([r for r in store.audit(1000) if r.action == "set"]) == 160


def test_data_version_changes_when_another_session_commits(db_path, store):
    v = store.data_version()
    other = Store.open(db_path)
    other.set_field("year", 2019, "organisation", "Ny")
    assert store.data_version() != v


def test_replace_year_logs_field_changes_and_keeps_ids(store):
    y = store.load_year(2019)
    ids = [ln.id for ln in y.operating]
    y.operating[2].values["helar"].outcome = 10_000_000
    log = store.replace_year(y, action="import", source="fil.csv")
    assert len(log) == 1 and "10000000" in log[0]
    y2 = store.load_year(2019)
    assert [ln.id for ln in y2.operating] == ids and y2.operating[2].values["helar"].outcome == 10_000_000
    with pytest.raises(StoreError, match="import"):
        store.undo_last()


def test_insert_year_refuses_an_existing_year_unless_replace(store, demo):
    with pytest.raises(StoreError, match="finns redan"):
        store.insert_year(demo)
    store.insert_year(demo, replace=True)
    assert store.years() == [2019]


def test_the_log_lists_a_whole_year_without_its_snapshots_and_undo_still_has_them(store, demo):
    from sydnarke_tui.store.audit import SNAPSHOT

    store.set_field("year", 2019, "narrative", "Före", period="helar")
    store.insert_year(demo, replace=True)  # a load over the year: old and new are whole years
    load, edit = store.audit(2)
    assert (load.action, load.entity, load.old, load.new) == ("load", "year", SNAPSHOT, SNAPSHOT)
    assert (edit.field, edit.new) == ("narrative", "Före")  # a value's row keeps its values
    assert store.undo_last() is not None  # the load undone from its stored snapshot: the edit is back
    assert store.load_year(2019).narrative["helar"] == "Före"
    y = store.load_year(2019)
    y.operating[2].values["helar"].outcome = 10_000_000
    store.replace_year(y, action="import", source="fil.csv")  # an import's row of the year: a summary
    assert store.audit(1)[0].new == "fil.csv: 1 ändring"


def test_import_keeps_a_colleagues_edit_made_meanwhile(db_path, store):
    import copy

    base = store.load_year(2019)
    edited = copy.deepcopy(base)
    edited.operating[2].values["helar"].outcome = 10_000_000  # the import's change
    colleague = Store.open(db_path, user="kollega")
    tj = base.operating[5]
    colleague.set_field("operating", tj.id, "budget", 999_000)  # meanwhile, another line
    log = store.replace_year(edited, base=base, source="fil.csv")
    y = store.load_year(2019)
    assert y.operating[5].budget == 999_000  # kept
    assert y.operating[2].values["helar"].outcome == 10_000_000
    assert len(log) == 1


def test_import_changing_a_field_a_colleague_changed_is_a_conflict(db_path, store):
    import copy

    base = store.load_year(2019)
    edited = copy.deepcopy(base)
    edited.operating[2].values["helar"].outcome = 10_000_000
    Store.open(db_path).set_field("operating", base.operating[2].id, "outcome", 9_000_000, period="helar")
    n = len(store.audit(1000))
    with pytest.raises(ConflictError) as err:
        store.replace_year(edited, base=base, source="fil.csv")
    assert "9000000" in str(err.value)
    assert store.load_year(2019).operating[2].values["helar"].outcome == 9_000_000
    assert len(store.audit(1000)) == n  # nothing written, not even the summary


def test_import_audits_printed_values(store):
    import copy
    from sydnarke_tui.core.model import PrintedValue

    base = store.load_year(2019)
    edited = copy.deepcopy(base)
    edited.printed["helar"]["operating/total/net/deviation"] = PrintedValue(Decimal(160))
    log = store.replace_year(edited, base=base, source="x.csv")
    assert len(log) == 1 and store.audit(2)[1].entity == "printed"
    assert store.load_year(2019).printed["helar"]["operating/total/net/deviation"].value == 160
