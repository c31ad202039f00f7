"""Two writers at once: threads with their own connections, and processes.

No timings are asserted; the tests count errors and lost or overwritten saves.
"""

import copy
import multiprocessing
import threading

import pytest

from sydnarke_tui.store.db import ConflictError, Store, StoreError


@pytest.fixture
def store(db_path):
    s = Store.open(db_path, user="testare")
    yield s
    s.close()


def test_for_thread_is_a_new_connection_with_the_same_user_clock_and_mode(db_path, store):
    other = store.for_thread()
    try:
        assert other.conn is not store.conn
        assert (other.path, other.user, other._clock, other.readonly) == (store.path, "testare", store._clock, False)
        assert other.years() == [2019]
    finally:
        other.close()
    with store.for_thread() as again:  # a context manager that closes it
        again.set_field("year", 2019, "organisation", "Från tråd")
    assert store.load_year(2019).organisation == "Från tråd"


def test_a_store_used_from_another_thread_is_a_clear_error_not_a_shared_connection(store):
    caught: list[Exception] = []

    def run() -> None:
        try:
            store.set_field("year", 2019, "organisation", "x")
        except Exception as exc:  # noqa: BLE001 - inspected below
            caught.append(exc)

    t = threading.Thread(target=run)
    t.start()
    t.join()
    assert len(caught) == 1 and isinstance(caught[0], StoreError)
    assert "for_thread" in str(caught[0])
    assert store.load_year(2019).organisation != "x"


def _change_every_line(y, k: int) -> None:
    for n, ln in enumerate(y.operating + y.investments):
        ln.values.setdefault("helar", type(ln.value("helar"))()).outcome = 1_000_000 * k + n


def _year_writer(ws: Store, done: threading.Event, progress: threading.Condition, rounds: list[int],
                 errors: list[Exception]) -> None:
    """A worker: whole-year writes, each from a fresh read, until the main thread is done."""
    try:
        with ws:
            while not done.is_set():
                base = ws.load_year(2019)
                edited = copy.deepcopy(base)
                _change_every_line(edited, len(rounds) + 1)
                ws.replace_year(edited, base=base, source=f"runda {len(rounds) + 1}")
                with progress:
                    rounds.append(len(rounds) + 1)
                    progress.notify_all()
    except Exception as exc:  # noqa: BLE001 - collected for the assertion
        errors.append(exc)


def test_worker_replacing_the_year_while_the_main_thread_saves_300_fields(store):
    """The worker's whole-year writes and the main thread's saves interleave:
    no error, every save kept, the worker's last write whole."""
    errors: list[Exception] = []
    done, progress, rounds = threading.Event(), threading.Condition(), []

    def worker_writes_once_more() -> None:
        """SQLite's busy wait favours the busier writer: let the worker in now and then."""
        with progress:
            seen = len(rounds)
            assert progress.wait_for(lambda: len(rounds) > seen, timeout=60)

    # made here, it connects on the worker's thread
    t = threading.Thread(target=_year_writer, args=(store.for_thread(), done, progress, rounds, errors))
    inds = store.load_year(2019).indicators()
    versions = {i.id: i.version for i in inds}
    last: dict[int, str] = {}
    t.start()
    try:
        for n in range(300):
            if n % 30 == 0:
                worker_writes_once_more()
            ind = inds[n % len(inds)]
            versions[ind.id] = store.set_field("indicator", ind.id, "comment", f"kommentar {n}", period="helar",
                                               expected_version=versions[ind.id])
            last[ind.id] = f"kommentar {n}"
        worker_writes_once_more()
    except Exception as exc:  # noqa: BLE001
        errors.append(exc)
    finally:
        done.set()
        t.join()
    assert errors == []
    after = store.load_year(2019)
    assert {i.id: i.values["helar"].comment for i in after.indicators()} == last
    assert {i.id: i.version for i in after.indicators()} == versions
    expected = copy.deepcopy(after)
    _change_every_line(expected, len(rounds))
    assert [ln.value("helar").outcome for ln in after.operating + after.investments] == \
        [ln.value("helar").outcome for ln in expected.operating + expected.investments]
    sets = [r.id for r in store.audit(10_000) if r.action == "set"]
    writes = [r.id for r in store.audit(10_000) if r.action == "import" and r.entity == "year"]
    assert len(sets) == 300 and len(writes) == len(rounds) >= 11
    # the saves ran while the worker was writing, not before or after
    assert all(min(writes) < r < max(writes) for r in sets)
    print(f"\n300 saves beside {len(rounds)} whole-year writes")


# ------------------------------------------------------------ processes

EDITS_PER_PROCESS = 500


def _editor(path: str, n: int, start: "multiprocessing.synchronize.Barrier", out: "multiprocessing.Queue") -> None:
    """Add 1 to one shared budget, EDITS_PER_PROCESS times, each from a fresh read."""
    saved: list[tuple[int, int]] = []  # (version read, value written)
    conflicts, errors = 0, []
    store = Store.open(path, user=f"p{n}")
    try:
        start.wait()
        while len(saved) < EDITS_PER_PROCESS:
            line = store.load_year(2019).operating[0]
            try:
                store.set_field("operating", line.id, "budget", line.budget + 1, expected_version=line.version)
            except ConflictError:
                conflicts += 1
                continue
            saved.append((line.version, line.budget + 1))
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        store.close()
        out.put((n, saved, conflicts, errors))


def test_four_processes_editing_one_field_never_overwrite_silently(db_path, store):
    """Each save names the version it read. A stale save that went through
    would lose an increment (the final budget falls short of the saves made)
    and would repeat a version (two saves from the same read)."""
    line = store.load_year(2019).operating[0]
    start_budget, start_version = line.budget, line.version
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    barrier = ctx.Barrier(4)
    procs = [ctx.Process(target=_editor, args=(str(db_path), n, barrier, out)) for n in range(4)]
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    assert [errs for _, _, _, errs in results] == [[], [], [], []]  # no "database is locked", nothing else
    saved = [s for _, s_list, _, _ in results for s in s_list]
    total = 4 * EDITS_PER_PROCESS
    assert len(saved) == total
    after = store.load_year(2019).operating[0]
    assert after.budget == start_budget + total  # no increment lost
    assert after.version == start_version + total
    assert sorted(v for v, _ in saved) == list(range(start_version, start_version + total))
    assert sorted(b for _, b in saved) == list(range(start_budget + 1, start_budget + total + 1))
    # the audit log is one unbroken chain: each save's old value is the previous save's new one
    chain = sorted((r for r in store.audit(100_000) if r.action == "set" and r.entity_id == line.id),
                   key=lambda r: r.id)
    assert len(chain) == total
    assert all(a.new == b.old for a, b in zip(chain, chain[1:]))
    print(f"\n4 × {EDITS_PER_PROCESS} edits: {sum(c for _, _, c, _ in results)} conflicts retried")


def test_stale_save_detection_is_what_the_process_test_relies_on(store):
    """The same loop without versions loses updates: the checks above can fail."""
    line = store.load_year(2019).operating[0]
    a, b = store.load_year(2019).operating[0], store.load_year(2019).operating[0]
    store.set_field("operating", line.id, "budget", a.budget + 1, expected_version=a.version)
    with pytest.raises(ConflictError) as err:
        store.set_field("operating", line.id, "budget", b.budget + 1, expected_version=b.version)
    assert (err.value.current, err.value.version) == (a.budget + 1, a.version + 1)
    store.set_field("operating", line.id, "budget", b.budget + 1)  # no version: a silent overwrite
    assert store.load_year(2019).operating[0].budget == line.budget + 1  # one increment lost
