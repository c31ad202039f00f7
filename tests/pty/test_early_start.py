"""The real program's start on a large year (session/early.py): the figures a forked child computed
come first, with "Laddar…" above them; the year read for editing then draws the same screen, keys
typed meanwhile wait for it, and the child is gone."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest

from ptyapp import PtyApp, replayed
from sydnarke_tui.core.model import (
    Comparison,
    Goal,
    Indicator,
    IndicatorValue,
    Key,
    KeyShare,
    Kind,
    LineValue,
    OperatingLine,
    Year,
)
from sydnarke_tui.store.db import Store

needs_fork = pytest.mark.skipif(not (hasattr(os, "fork") and hasattr(os, "waitid")),
                                reason="no fork: the program reads the year in a thread instead")

LINES = 8_000  # a read of ~50 ms here: the stage between the child's figures and the year is on screen


def large_year() -> Year:
    members = ["Askersund", "Hallsberg", "Laxå", "Lekeberg"]
    operating = [OperatingLine(1, "Driftbidrag", Kind.REVENUE, -90_000_000, {"helar": LineValue(-90_000_000)},
                               is_contribution=True)]
    for n in range(2, LINES + 1):
        budget = 5_000 + (n * 7919) % 20_000
        operating.append(OperatingLine(n, f"Konto {n:05d}", Kind.COST, budget,
                                       {"helar": LineValue(budget - 500 + (n * 104729) % 1_000)}))
    goals = [Goal(1, "Mål", [Indicator(1, "Andel", Comparison.GE, Decimal(80), "%",
                                       values={"helar": IndicatorValue(outcome=Decimal(85))})])]
    return Year(2030, "Stor nämnd", goals=goals, operating=operating,
                key=Key("shares", [KeyShare(m, Decimal(25)) for m in members]))


def children(pid: int) -> list[str]:
    """The process's live children (Linux: /proc/PID/task/TID/children)."""
    found: list[str] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += (task / "children").read_text().split()
    return found


def body(text: str) -> list[str]:
    return [ln.rstrip() for ln in text.split("\n")[2:]]  # below the tab bar and the context line


@needs_fork
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads children from /proc (Linux)")
def test_the_childs_figures_come_first_then_the_year_draws_the_same_and_keys_wait(tmp_path: Path):
    db = tmp_path / "stor.db"
    store = Store.open(db, demo=False)
    store.insert_year(large_year(), action="load", source="test")
    store.close()
    config = tmp_path / "config.toml"
    config.write_text("[ui]\ncursor_blink = false\n", encoding="utf-8")
    app = PtyApp(db, config)
    try:
        # the whole frame: its last row too (a frame can arrive in two reads)
        early = app.wait_for(lambda t: "Laddar…" in t and "Driftresultat" in t and "Konto 04000" in t,
                             what="the child's figures")
        app.write("f4", "1", "2")  # one read: Drift, then digits for its table, which waits for the year
        app.wait_for(lambda t: "Rad (tkr)" in t and "Laddar" not in t, what="Drift, read")
        app.wait_quiet()
        assert "Utfall Helår: 12" in app.text()  # typed into the table's first cell, nothing lost
        app.write("escape", "f2")
        loaded = app.wait_for(lambda t: "Driftresultat" in t and "Laddar" not in t and "Rad (tkr)" not in t,
                              what="Översikt, read")
        app.wait_quiet()
        assert body(app.text()) == body(early)  # the same figures, drawn from the year read for editing
        assert children(app.proc.pid) == [], loaded  # the child was reaped
    finally:
        app.close()


@pytest.mark.parametrize("early", [True, False], ids=["child", "thread"])
def test_no_frame_shows_the_figures_without_the_tab_bar_and_the_context_line(tmp_path: Path, early: bool):
    """Textual dropped the first frame, painted inside its start-up batch, yet counted it as shown: the
    first frame on the terminal held the figures under two blank rows, for one refresh."""
    if early and not (hasattr(os, "fork") and hasattr(os, "waitid")):
        pytest.skip("no fork")
    db = tmp_path / "sydnarke.db"
    Store.open(db).close()  # the demo year, in WAL mode: the child's path
    config = tmp_path / "config.toml"
    config.write_text("[ui]\ncursor_blink = false\n", encoding="utf-8")
    app = PtyApp(db, config, extra_env=None if early else {"SYDNARKE_NO_EARLY": "1"})
    try:
        app.wait_for(lambda t: "Sydnärkes IT-nämnd · 2019" in t and "Driftresultat" in t, what="the year read")
        app.wait_quiet()
        raw = bytes(app.raw)
    finally:
        app.close()
    seen = 0
    for rows in replayed(raw):
        if any("Bedömning" in r for r in rows):
            seen += 1
            assert "F2 Översikt" in rows[0] and rows[1].strip(), "\n".join(rows)
    assert seen
