"""No crash can lose work (issue 8): log, recovery file, keep running, never status 0."""

from __future__ import annotations

import json

import pytest

from sydnarke_tui.tui import app as app_module
from sydnarke_tui.tui.crash import crash_files
from sydnarke_tui.tui.screens import OperatingScreen

from sydnarke_tui.session import Session

from .conftest import make_app, make_config
from .helpers import settle
from .textdump import screen_text


class Boom(RuntimeError):
    pass


async def test_an_error_in_a_handler_is_logged_the_value_kept_and_the_app_runs_on(store, db_path, monkeypatch):
    original = OperatingScreen.render_live

    def render_live(self, spec):
        if spec is not None and self.query_one("#input-outcome").value == "4":
            raise Boom("trasig panel")
        original(self, spec)

    monkeypatch.setattr(OperatingScreen, "render_live", render_live)
    log, recovery = crash_files(db_path)
    app = make_app(store)
    with pytest.raises(Boom):  # headless: run_test re-raises at the end, so tests still see errors
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("f4")
            await settle(pilot)
            await pilot.press("down", "down", "enter", "tab", "tab", "tab", "ctrl+u", "4", "7")
            await settle(pilot)
            # the app is still running: the field took the next key, other screens open
            assert app.screen.query_one("#input-outcome").value == "47"
            assert "Oväntat fel (Boom: trasig panel)" in " ".join(str(n.message) for n in app._notifications)
            await pilot.press("f2")
            await settle(pilot)
            assert "Bedömning" in screen_text(app)
            assert app.crashed
    assert "Boom: trasig panel" in log.read_text(encoding="utf-8")
    saved = json.loads(recovery.read_text(encoding="utf-8"))
    assert [(v["field"], v["text"], v["valid"]) for v in saved] == [("outcome", "4", True)]


async def test_recovery_is_offered_at_the_next_start(store, db_path):
    line = store.load_year(2019).operating[2]
    _, recovery = crash_files(db_path)
    recovery.write_text(json.dumps([
        {"entity": "operating", "id": line.id, "field": "outcome", "period": "helar", "label": "Utfall Helår",
         "text": "4 711", "year": 2019, "version": line.version, "raw": 4_711_000, "valid": True},
        {"entity": "operating", "id": line.id, "field": "comment", "period": "helar", "label": "Kommentar",
         "text": "x", "year": 2019, "version": line.version, "valid": False},
    ]), encoding="utf-8")
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Osparade värden från en session som avbröts" in text and "4 711" in text
        await pilot.press("s")
        await settle(pilot)
    assert store.load_year(2019).operating[2].value("helar").outcome == 4_711_000
    assert not recovery.exists()


def test_exit_status_is_never_0_after_a_crash(store, monkeypatch):
    def run(self, *a, **k):
        self.crashed = True

    monkeypatch.setattr(app_module.SydnarkeApp, "run", run)
    assert app_module.run_app(Session(store, make_config("textual-dark", None, 0))) == 1


def test_the_files_sit_next_to_the_database_or_in_the_state_folder(tmp_path, monkeypatch):
    log, rec = crash_files(tmp_path / "s.db")
    assert (log.name, rec.name, log.parent) == ("s.db.crash.log", "s.db.recovery.json", tmp_path)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    log, rec = crash_files(":memory:")
    assert log.parent.name == "sydnarke-tui" and str(log).startswith(str(tmp_path / "state"))


def test_the_program_exits_non_zero_after_a_crash(tmp_path, monkeypatch):
    from sydnarke_tui import cli

    monkeypatch.setattr(app_module, "run_app", lambda *a, **k: 1)
    cfg = tmp_path / "config.toml"
    cfg.write_text("", encoding="utf-8")
    assert cli.main(["--db", str(tmp_path / "s.db"), "--config", str(cfg)]) == cli.EXIT_ERROR
    monkeypatch.setattr(app_module, "run_app", lambda *a, **k: 0)
    assert cli.main(["--db", str(tmp_path / "s.db"), "--config", str(cfg)]) == cli.EXIT_OK
