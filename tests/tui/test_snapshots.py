"""SVG snapshots of every screen at 80x24, the main ones also at 60x15 and 160x50
(pytest --snapshot-update to refresh).

Deterministic: fixed user and clock in the store, theme fixed, no animations,
no cursor blink, the database loaded synchronously, no polling.
"""

from __future__ import annotations

import pytest

from .conftest import make_app

SIZE = (80, 24)
AKUTA_OUTCOME = ["f3", "down", "enter", "tab", "tab", "tab", "tab", "ctrl+e", "ctrl+u"]

CASES = {
    "oversikt": [],
    "mal": ["f3", "down"],
    "mal_live_70": [*AKUTA_OUTCOME, "7", "0"],
    "mal_invalid": [*AKUTA_OUTCOME, "7", "0", "x"],
    "drift": ["f4", "down", "down"],
    "drift_live": ["f4", "down", "down", "enter", "tab", "tab", "tab", "ctrl+e", "ctrl+u", "1", "0", "0", "0", "0"],
    "invest": ["f5"],
    "fordelning": ["f6"],
    "fordelning_warning": ["f6", "enter", "tab", "tab", "ctrl+e", "ctrl+u", "3", "0"],
    "kontroll": ["f7"],
    "logg": [*AKUTA_OUTCOME, "7", "0", "enter", "f8"],
    "hjalp": ["f1"],
    "avsluta_fraga": [*AKUTA_OUTCOME, "7", "ctrl+q"],
    "period_t1": ["ctrl+r"],
    "berattelse": ["8"],
    "berattelse_mal": ["8", "down", "down"],
    "export": ["e"],
    "import": ["i"],
    "nytt_ar": ["N"],
}


@pytest.mark.parametrize("name", list(CASES))
def test_screen_snapshot(snap_compare, store, name):
    app = make_app(store)
    assert snap_compare(app, press=CASES[name], terminal_size=SIZE)


# The smallest terminal laid out for (narrow and short) and a large one.
OTHER_SIZES = {"60x15": (60, 15), "160x50": (160, 50)}
MAIN = ["oversikt", "mal", "mal_live_70", "drift", "invest", "fordelning", "kontroll", "logg", "berattelse",
        "import", "export", "avsluta_fraga"]


@pytest.mark.parametrize("size", list(OTHER_SIZES))
@pytest.mark.parametrize("name", MAIN)
def test_screen_snapshot_sizes(snap_compare, store, name, size):
    app = make_app(store)
    assert snap_compare(app, press=CASES[name], terminal_size=OTHER_SIZES[size])


def test_no_color_snapshot(snap_compare, store, monkeypatch):
    """NO_COLOR: the focused field keeps its marker and reverse label, the table row its underline."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(store)
    assert snap_compare(app, press=AKUTA_OUTCOME, terminal_size=SIZE)


def test_ansi_theme_snapshot(snap_compare, store):
    app = make_app(store, theme="ansi")
    assert snap_compare(app, press=["f3", "down"], terminal_size=SIZE)


@pytest.mark.parametrize("keys", [["f4"], ["f5"]], ids=["drift", "invest"])
def test_previous_year_column_snapshot(snap_compare, store, keys):
    """2020 made from 2019: the tables get an "Utfall 2019" column."""
    from sydnarke_tui.io.rollover import next_year

    store.insert_year(next_year(store.load_year(2019), 2020), action="new-year", source="2019")
    app = make_app(store)
    assert snap_compare(app, press=keys, terminal_size=SIZE)
