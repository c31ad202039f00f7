"""Benchmark: the store on the large year, and two writers at once.

    .venv/bin/python bench/bench_store.py [--repeat 7]

Prints, best of N: load_year of the large year (50 goals x 20 indicators,
2 000 operating lines, 500 investment lines), one set_field, and a
replace_year that changes every operating line; then a worker thread's
whole-year writes beside main-thread saves (saves per second and the longest
single save). Nothing is asserted.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def best_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times) * 1000


def main() -> None:
    from bench_tui import make_large_year

    from sydnarke_tui.store.db import Store

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db", demo=False)
        store.insert_year(make_large_year(), source="bench")
        year = store.load_year(2030)
        print(f"load_year (large)        {best_ms(lambda: store.load_year(2030), args.repeat):8.1f} ms")
        ind = year.indicators()[0]
        n = iter(range(10**9))
        save = lambda: store.set_field("indicator", ind.id, "comment", f"k{next(n)}", period="helar")  # noqa: E731
        print(f"set_field                {best_ms(save, args.repeat * 10):8.2f} ms")

        def replace() -> None:
            base = store.load_year(2030)
            edited = copy.deepcopy(base)
            for ln in edited.operating:
                ln.values["helar"].outcome += 1
            store.replace_year(edited, base=base, source="bench")

        print(f"replace_year (2000 rows) {best_ms(replace, args.repeat):8.1f} ms (with the two loads)")
        two_writers(store, ind.id)
        store.close()


def two_writers(store, indicator_id: int, saves: int = 300) -> None:
    done = threading.Event()
    rounds = [0]

    def worker() -> None:
        with store.for_thread() as ws:
            while not done.is_set():
                base = ws.load_year(2030)
                edited = copy.deepcopy(base)
                for ln in edited.operating:
                    ln.values["helar"].outcome += 1
                ws.replace_year(edited, base=base, source="worker")
                rounds[0] += 1

    t = threading.Thread(target=worker)
    t.start()
    longest, start = 0.0, time.perf_counter()
    for k in range(saves):
        t0 = time.perf_counter()
        store.set_field("indicator", indicator_id, "comment", f"w{k}", period="helar")
        longest = max(longest, time.perf_counter() - t0)
    elapsed = time.perf_counter() - start
    done.set()
    t.join()
    print(f"{saves} saves beside a writing worker: {saves / elapsed:6.0f} saves/s, longest {longest * 1000:.0f} ms,"
          f" worker wrote the year {rounds[0]} times")


if __name__ == "__main__":
    main()
