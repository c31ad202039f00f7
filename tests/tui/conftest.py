"""Fixtures for the TUI tests: a store on tmp_path, a fixed user and clock,
no animations, no cursor blink, never the home folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
import pytest

from sydnarke_tui.config import Config, UiConfig
from sydnarke_tui.session import Session
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


def make_config(theme: str = "textual-dark", keymap: dict | None = None, poll: float = 0, **changes) -> Config:
    """The validated config object the app takes (as load_config builds it), with test defaults."""
    cfg = Config(db_is_default=False)
    cfg.ui = UiConfig(theme=theme, animations=False, cursor_blink=False, poll_ms=int(poll * 1000))
    cfg.keymap = keymap or {}
    for k, v in changes.items():
        setattr(cfg, k, v)
    return cfg


def make_app(store, *, theme: str = "textual-dark", keymap: dict | None = None, poll: float = 0,
             thread: bool = False, config: Config | None = None, year: int | None = None) -> SydnarkeApp:
    session = Session(store, config or make_config(theme, keymap, poll))
    return SydnarkeApp(session, year, load_in_thread=thread)
