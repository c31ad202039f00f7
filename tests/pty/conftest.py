"""Terminal-level tests: the real program in a pseudo-terminal (see ptyapp.py)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyte")
if not hasattr(os, "openpty"):  # pragma: no cover - Windows
    pytest.skip("no pseudo-terminals on this platform", allow_module_level=True)

sys.path.insert(0, str(Path(__file__).parent))

from ptyapp import PtyApp  # noqa: E402


@pytest.fixture
def run_pty(tmp_path):
    """run_pty(cols=80, rows=24, db=None) -> a started PtyApp on a demo database in tmp_path."""
    apps: list[PtyApp] = []
    config = tmp_path / "config.toml"
    config.write_text("[ui]\ncursor_blink = false\n", encoding="utf-8")

    def start(cols: int = 80, rows: int = 24, db: Path | None = None) -> PtyApp:
        app = PtyApp(db or tmp_path / "sydnarke.db", config, cols, rows)
        apps.append(app)
        app.wait_for("Översikt", what="the first screen")
        return app

    yield start
    for app in apps:
        if app.proc.poll() is None:
            app.proc.kill()
            app.proc.wait(timeout=5)
