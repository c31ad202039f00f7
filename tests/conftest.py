"""Shared fixtures: the demo year in memory, a store on tmp_path, no home folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sydnarke_tui.core.model import Options, Year
from sydnarke_tui.store.demo import demo_year as _demo_year


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Never read the developer's config or home folder."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home" / ".local" / "share"))  # the default database
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home" / ".cache"))  # what a start keeps (startcache.py)
    monkeypatch.delenv("SYDNARKE_CONFIG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture
def demo() -> Year:
    return _demo_year()


@pytest.fixture
def options() -> Options:
    return Options()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "sydnarke.db"


def pytest_configure(config):
    os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")
    # The app's crash guard re-raises under tests, so an error in a screen fails its test
    # (tests/tui/test_crash.py turns it on to test it as a user has it).
    os.environ.setdefault("SYDNARKE_CRASH_GUARD", "0")
