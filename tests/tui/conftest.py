"""Fixtures for the TUI tests: a store on tmp_path, a fixed user and clock,
no animations, no cursor blink, never the home folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest

from sydnarke_tui.core.model import Options
from sydnarke_tui.store.db import Store
from sydnarke_tui.tui.app import SydnarkeApp

FIXED_USER = "ekonom"


class Clock:
    """Deterministic clock: one minute per call, from 2020-02-14 09:00."""

    def __init__(self) -> None:
        self.t = dt.datetime(2020, 2, 14, 9, 0)

    def __call__(self) -> dt.datetime:
        self.t += dt.timedelta(minutes=1)
        return self.t


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home" / ".config"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / "home").mkdir(exist_ok=True)


def open_store(path: Path) -> Store:
    return Store.open(path, demo=True, user=FIXED_USER, clock=Clock())


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "sydnarke.db"


@pytest.fixture
def store(db_path):
    s = open_store(db_path)
    yield s
    s.close()


def make_config(theme: str = "textual-dark", keymap: dict | None = None):
    return SimpleNamespace(
        db_path=None, organisation="Sydnärkes IT-nämnd", options=Options(), input_unit="tkr",
        display_unit="tkr", ui=SimpleNamespace(theme=theme, animations=False, cursor_blink=False),
        keymap=keymap or {},
    )


def make_app(store, *, theme: str = "textual-dark", keymap: dict | None = None, poll: float = 0,
             thread: bool = False) -> SydnarkeApp:
    return SydnarkeApp(store, make_config(theme, keymap), load_in_thread=thread, poll_interval=poll)
