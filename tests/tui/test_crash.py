"""No end of the process loses work: the crash guard for users, errors that fail tests, recovery at start."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from sydnarke_tui.session import Session
from sydnarke_tui.session import recovery
from sydnarke_tui.tui import app as app_module
from sydnarke_tui.tui.crash import crash_log
from sydnarke_tui.tui.screens import OperatingScreen

from .conftest import make_app, make_config
from .helpers import settle
from .textdump import screen_text


class Boom(RuntimeError):
    pass


def _break_live_panel(monkeypatch) -> None:
    """A screen whose live redraw fails once the outcome field reads 4."""
    original = OperatingScreen.render_live

    def render_live(self, spec):
        if spec is not None and self.query_one("#input-outcome").value == "4":
            raise Boom("trasig panel")
        original(self, spec)

    monkeypatch.setattr(OperatingScreen, "render_live", render_live)


def _break_layout(monkeypatch) -> None:
    """A deliberate error in a screen's layout: Drift cannot draw its figures."""
    def render_full(self):
        raise Boom("trasig layout")

    monkeypatch.setattr(OperatingScreen, "render_full", render_full)


def _broken():
    yield from ()  # makes this a generator: the error comes when compose asks for the first widget
    raise Boom("trasig layout")


def _break_compose(monkeypatch) -> None:
    """A deliberate error in a screen's layout: Drift cannot build its widgets."""
    def compose_body(self):
        yield from _broken()  # a generator, as compose_body is

    monkeypatch.setattr(OperatingScreen, "compose_body", compose_body)


async def _type_outcome(pilot) -> None:
    await pilot.press("f4")
    await settle(pilot)
    await pilot.press("down", "down", "enter", "tab", "tab", "tab", "ctrl+u", "4", "7")
    await settle(pilot)


async def test_for_a_user_an_error_in_a_handler_is_logged_the_value_kept_and_the_app_runs_on(store, db_path,
                                                                                              monkeypatch):
    _break_live_panel(monkeypatch)
    monkeypatch.setattr(recovery, "DELAY", 60.0)  # no write after typing stops: only the one at the error
    monkeypatch.setattr(recovery, "MAX_DELAY", 60.0)
    app = make_app(store)
    app.crash_guard = True  # as a user runs it (the test suite turns the guard off)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _type_outcome(pilot)
        # the app is still running: the field took the next key, other screens open
        assert app.screen.query_one("#input-outcome").value == "47"
        assert "Oväntat fel (Boom: trasig panel)" in " ".join(str(n.message) for n in app._notifications)
        journal = app.journal.path
        assert [(v["field"], v["text"], v["valid"]) for v in recovery.read_entries(journal)] == [
            ("outcome", "4", True)]  # written when the error happened, not a moment later
        await pilot.press("f2")
        await settle(pilot)
        assert "Bedömning" in screen_text(app)
        assert app.crashed and app.is_running
    assert "Boom: trasig panel" in crash_log(db_path).read_text(encoding="utf-8")
    # the app ended after an error: the unsaved value stays for the next start
    assert [v["text"] for v in recovery.read_entries(journal)] == ["47"]


async def test_for_a_user_a_layout_error_is_logged_and_survived(store, db_path, monkeypatch):
    _break_layout(monkeypatch)
    monkeypatch.delenv("SYDNARKE_CRASH_GUARD")  # as a user runs it: the guard is on unless turned off
    app = make_app(store)
    assert app.crash_guard
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        assert "Oväntat fel (Boom: trasig layout)" in " ".join(str(n.message) for n in app._notifications)
        await pilot.press("f2")
        await settle(pilot)
        assert "Bedömning" in screen_text(app) and app.is_running
    assert "Boom: trasig layout" in crash_log(db_path).read_text(encoding="utf-8")


@pytest.mark.parametrize("breaks", [_break_layout, _break_compose, _break_live_panel])
async def test_under_tests_the_guard_re_raises_so_a_broken_screen_fails_its_test(store, db_path, monkeypatch,
                                                                                  breaks):
    breaks(monkeypatch)
    app = make_app(store)
    assert not app.crash_guard  # SYDNARKE_CRASH_GUARD=0 from tests/conftest.py
    with pytest.raises(Boom):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await _type_outcome(pilot)
    assert "Boom" in crash_log(db_path).read_text(encoding="utf-8")  # logged all the same


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def _leave_journal(store, db_path, text: str, raw: int) -> None:
    """What a session killed while `text` stood unsaved in Personalkostnader's Budget left behind."""
    line = store.load_year(2019).operating[2]
    entries = [
        {"entity": "operating", "id": line.id, "field": "budget", "period": None, "label": "Budget (tkr)",
         "text": text, "year": 2019, "version": line.version, "base": line.budget, "raw": raw, "valid": True},
        {"entity": "operating", "id": line.id, "field": "comment", "period": "helar", "label": "Kommentar",
         "text": "\x07", "year": 2019, "version": line.version, "base": "", "valid": False},
    ]
    path = db_path.with_name(f"{db_path.name}.recovery-{_dead_pid()}-0.json")
    recovery.write_atomic(path, json.dumps({"format": recovery.FORMAT, "entries": entries}))


async def test_recovery_is_offered_at_the_next_start_and_saved(store, db_path):
    _leave_journal(store, db_path, "4 711", 4_711_000)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Osparade värden från en session som avbröts" in text and "4 711" in text
        await pilot.press("s")
        await settle(pilot)
        assert "1 återställt värde sparat" in " ".join(str(n.message) for n in app._notifications)
    assert store.load_year(2019).operating[2].budget == 4_711_000
    assert not list(db_path.parent.glob("*.recovery-*.json"))


async def test_recovery_of_a_stale_value_asks_and_later_keeps_it(store, db_path):
    _leave_journal(store, db_path, "4 711", 4_711_000)
    line = store.load_year(2019).operating[2]
    store.set_field("operating", line.id, "budget", 999_000, expected_version=line.version)  # someone else, since
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        text = screen_text(app)
        assert "Konflikt" in text and "4 711" in text and "999" in text
        await pilot.press("escape")  # later
        await settle(pilot)
    assert store.load_year(2019).operating[2].budget == 999_000  # never overwritten silently
    [left] = [p for p in db_path.parent.glob("*.recovery-*.json")]
    assert [e["text"] for e in recovery.read_entries(left)] == ["4 711"]  # offered again at the next start


async def test_recovery_conflict_mine_saves_theirs_keeps(store, db_path):
    _leave_journal(store, db_path, "4 711", 4_711_000)
    line = store.load_year(2019).operating[2]
    store.set_field("operating", line.id, "budget", 999_000, expected_version=line.version)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("m")  # save mine, against their version
        await settle(pilot)
    assert store.load_year(2019).operating[2].budget == 4_711_000
    assert not list(db_path.parent.glob("*.recovery-*.json"))


def test_exit_status_is_never_0_after_a_crash(store, monkeypatch):
    def run(self, *a, **k):
        self.crashed = True

    monkeypatch.setattr(app_module.SydnarkeApp, "run", run)
    assert app_module.run_app(Session(store, make_config("textual-dark", None, 0))) == 1


def test_the_files_sit_next_to_the_database_or_in_the_state_folder(tmp_path, monkeypatch):
    assert crash_log(tmp_path / "s.db") == tmp_path / "s.db.crash.log"
    assert recovery.location(tmp_path / "s.db") == (tmp_path, "s.db")
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    log = crash_log(":memory:")
    assert log.parent.name == "sydnarke-tui" and str(log).startswith(str(tmp_path / "state"))
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        where, prefix = recovery.location(folder / "s.db")
        other = recovery.location(tmp_path / "ro2" / "s.db")[1]
    finally:
        folder.chmod(0o700)
    if where != folder:  # (root writes anywhere)
        assert where.parent.name == "state" and prefix.startswith("s.db-") and prefix != other


def test_the_program_exits_non_zero_after_a_crash(tmp_path, monkeypatch):
    from sydnarke_tui import cli

    monkeypatch.setattr(app_module, "run_app", lambda *a, **k: 1)
    cfg = tmp_path / "config.toml"
    cfg.write_text("", encoding="utf-8")
    assert cli.main(["--db", str(tmp_path / "s.db"), "--config", str(cfg)]) == cli.EXIT_ERROR
    monkeypatch.setattr(app_module, "run_app", lambda *a, **k: 0)
    assert cli.main(["--db", str(tmp_path / "s.db"), "--config", str(cfg)]) == cli.EXIT_OK
