"""Screen truth (issue 15): whatever came before, a screen shows exactly the cells a fresh start on it shows.

For each size (60×15, 80×24, 200×50) and each year (the demo year, and one whose
names and narrative hold hostile text), one process walks every ordered pair of
the eight screens (an Eulerian circuit: 56 switches), then shows each screen once
more across a resize away and back. After every step the terminal's cells
(character, colours, attributes: the cursor row counts) must equal the
reference: a fresh start on that screen (start the program, press its key),
captured once per screen and size. A step waits for the screen to settle: until
it equals the reference, or stops changing, with a bounded wait.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ptyapp import PtyApp
from sydnarke_tui.store.db import Store

# (key, a word on that screen, whichever size). Ctrl+F, not 8: on Mål, Drift and Investeringar a digit types.
SCREENS = [("f2", "Översikt"), ("f3", "Mål"), ("f4", "Drift"), ("f5", "Invest"), ("f6", "Förd"),
           ("f7", "Kontroll"), ("f8", "Logg"), ("ctrl+f", "Berät")]
SIZES = {(60, 15): (80, 24), (80, 24): (200, 50), (200, 50): (80, 24)}  # size -> the size resized to and back

# Text whose width a terminal may disagree on: controls, bidi override, zero-width space and word joiner,
# a zero-width joiner alone and in a family emoji, combining marks (one composes, one does not),
# East Asian wide characters, a flag and a skin tone, a variation selector.
HOSTILE = ("Ka\u030arl \u202eSTR\u202c x\u200by\u2060z \u200d 👨\u200d👩\u200d👧 漢字テスト "
           "q\u0303 \x1b[2J\x07 🇸🇪 👍🏽 ❤\ufe0f")


def hostile_year(path: Path) -> None:
    store = Store.open(path, demo=True)
    m = store.load_year(2019)
    names = [("goal", g.id, "title") for g in m.goals]
    names += [("indicator", i.id, "name") for g in m.goals for i in g.indicators]
    names += [("operating", x.id, "label") for x in m.operating]
    names += [("investment", x.id, "label") for x in m.investments]
    names += [("member", x.id, "municipality") for x in m.key.members]
    for n, (entity, eid, field) in enumerate(names):
        store.set_field(entity, eid, field, f"{n} {HOSTILE}")
    store.set_field("year", 2019, "organisation", f"Org {HOSTILE}")
    store.set_field("year", 2019, "narrative", f"{HOSTILE}\n{'X' * 10_000}\n{HOSTILE}", period="helar")
    store.set_field("goal", m.goals[0].id, "comment", "Y" * 10_000, period="helar")
    store.close()


def circuit(n: int) -> list[int]:
    """A walk through every ordered pair (i, j), i != j, of n nodes once (Hierholzer), from node 0."""
    left = {i: [j for j in range(n) if j != i] for i in range(n)}
    stack, walk = [0], []
    while stack:
        v = stack[-1]
        if left[v]:
            stack.append(left[v].pop())
        else:
            walk.append(stack.pop())
    return walk[::-1]


def settle(app: PtyApp, want: tuple | None, before: tuple | None, quiet: float, limit: float = 20.0) -> tuple:
    """The cells once the program is done: it shows `want`, or it changed from `before` and wrote
    nothing for `quiet` seconds. A bounded poll on the reader's output signal, never a fixed sleep."""
    end = time.monotonic() + limit
    with app._output:
        start = last = len(app.raw)
        since = time.monotonic()
        while True:
            now = time.monotonic()
            if len(app.raw) != last:
                last, since = len(app.raw), now
            cells = app.cells()
            idle = now - since
            answered = before is None or last > start  # the program wrote since the key
            if answered and cells == want and idle >= 0.1:
                return cells
            if answered and cells != before and idle >= quiet:
                return cells
            if now >= end or app.proc.poll() is not None:
                return cells
            app._output.wait(0.05)


def show(cells: tuple) -> str:
    return "\n".join("".join(c[0] for c in row) for row in cells)


def difference(got: tuple, want: tuple) -> str:
    lines = []
    for y, (g, w) in enumerate(zip(got, want)):
        if g != w:
            xs = [x for x, (a, b) in enumerate(zip(g, w)) if a != b]
            lines.append(f"row {y}, columns {xs[0]}–{xs[-1]}:\n  got  {''.join(c[0] for c in g)!r}\n"
                         f"  want {''.join(c[0] for c in w)!r}")
    return "\n".join(lines) or "(same characters, other attributes)"


class Walk:
    def __init__(self, app: PtyApp, refs: dict[str, tuple], size: tuple[int, int]) -> None:
        self.app, self.refs, self.size = app, refs, size
        self.where = "oversikt"
        self.steps = 0

    def press(self, key: str, check: bool = True) -> None:
        app = self.app
        before = app.cells()
        app.write(key)
        want = self.refs[key] if check else None
        got = settle(app, want, before, quiet=0.25)
        if check and got != want:  # a slow machine: give it a longer quiet before calling it wrong
            got = settle(app, want, None, quiet=1.5)
        came_from, self.where = self.where, key
        self.steps += 1
        if check:
            assert got == want, (f"{came_from} → {key} at {app.cols}×{app.rows} differs from a fresh start on "
                                 f"{key}:\n{difference(got, want)}\n--- shown:\n{show(got)}")

    def resize(self, cols: int, rows: int) -> None:
        before = self.app.cells()
        self.app.resize(cols, rows)
        settle(self.app, None, before, quiet=0.4)


def loaded(text: str) -> bool:
    """The first screen is drawn and the year read (its context line no longer says Laddar…)."""
    return "Översikt" in text and "Laddar" not in text


def reference(db: Path, config: Path, size: tuple[int, int], key: str, word: str) -> tuple:
    """A fresh start on the screen of `key`: a long quiet, as it is the truth every step is held to."""
    app = PtyApp(db, config, *size)
    try:
        app.wait_for(loaded, what="the year on the first screen")
        settle(app, None, None, quiet=1.0)
        before = app.cells()
        if key != "f2":
            app.write(key)
            app.wait_for(word, what=key)
            settle(app, None, before, quiet=1.0)
        return app.cells()
    finally:
        app.close()


def year_db(folder: Path, year: str) -> tuple[Path, Path]:
    folder.mkdir()
    db = folder / "sydnarke.db"
    if year == "hostile":
        hostile_year(db)
    else:
        Store.open(db, demo=True).close()
    config = folder / "config.toml"
    config.write_text("[ui]\ncursor_blink = false\n", encoding="utf-8")
    return db, config


def walk_every_pair(db: Path, config: Path, size: tuple[int, int]) -> None:
    """One size: the fresh starts, then one process through every pair and every resize."""
    with ThreadPoolExecutor(len(SCREENS)) as pool:  # most of a start is waiting for the screen to settle
        refs = dict(zip([key for key, _ in SCREENS], pool.map(lambda s: reference(db, config, size, *s), SCREENS)))
    app = PtyApp(db, config, *size)
    try:
        app.wait_for("Översikt", what="the first screen")
        walk = Walk(app, refs, size)
        assert settle(app, refs["f2"], None, quiet=0.6) == refs["f2"], difference(app.cells(), refs["f2"])
        keys = [key for key, _ in SCREENS]
        for i in circuit(len(keys))[1:]:
            walk.press(keys[i])
        other = SIZES[size]
        # Each screen shown at another size, then the terminal resized back: the screen redrawn whole.
        for key in keys:
            walk.resize(*other)
            if walk.where != key:
                walk.press(key, check=False)
            walk.resize(*size)
            got = settle(app, refs[key], None, quiet=0.25)
            if got != refs[key]:
                got = settle(app, refs[key], None, quiet=1.5)
            assert got == refs[key], (f"{key} after a resize to {other} and back differs from a fresh start "
                                      f"at {size}:\n{difference(got, refs[key])}\n--- shown:\n{show(got)}")
        assert walk.steps == len(keys) * (len(keys) - 1) + len(keys) - 1
        assert app.proc.poll() is None
    finally:
        assert app.close() == 0


@pytest.mark.parametrize("year", ["demo", "hostile"])
def test_every_screen_after_every_screen_and_a_resize_equals_a_fresh_start(tmp_path, year):
    # The three sizes side by side (each its own processes): most of the time is waiting for quiet.
    with ThreadPoolExecutor(len(SIZES)) as pool:
        done = [pool.submit(walk_every_pair, *year_db(tmp_path / f"{s[0]}x{s[1]}", year), s) for s in SIZES]
    for future in done:
        future.result()  # the first size that failed, with its screen
