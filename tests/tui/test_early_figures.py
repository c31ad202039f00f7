"""Översikt's figures from the early child (session/early.py) while the first year is read.

The child is replaced here by an object that hands over figures when the test says so; the
session's read waits on an event, so each stage can be looked at: the figures on the screen with
"Laddar…" above them, keys held until the year is read, then the same screen drawn from the year."""

from __future__ import annotations

import gc
import threading

import pytest

from sydnarke_tui import startgc
from sydnarke_tui.core.checks import check
from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.overview import OverviewFigures, overview_of
from sydnarke_tui.session import Session, SessionError
from sydnarke_tui.tui import app as app_module
from sydnarke_tui.tui.app import SydnarkeApp

from .conftest import make_config
from .helpers import settle
from .textdump import screen_text


class FakeEarly:
    """What the app uses of EarlyOverview: figures now (`ready`) or later (`deliver`)."""

    def __init__(self, figures: OverviewFigures | None, ready: bool) -> None:
        self.figures = figures if ready else None
        self._later = figures
        self._ready = ready
        self._then = None

    def ready(self) -> bool:
        return self._ready

    def then(self, call) -> bool:
        if self._ready:
            return False
        self._then = call
        return True

    def deliver(self) -> None:
        """As the receiving thread does once the child's figures are in."""
        self.figures, self._ready = self._later, True
        if self._then is not None:
            threading.Thread(target=self._then, args=(self._later,)).start()


class HeldSession(Session):
    """A session whose year reads wait until the test lets them go (and are counted)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.go = threading.Event()
        self.reads = 0

    def read_year(self, year: int):
        self.reads += 1
        assert self.go.wait(30), "never let go"
        return super().read_year(year)


def demo_figures(store, year: int = 2019) -> OverviewFigures:
    c = compute(store.load_year(year), store.load_year(year).full_year_period)
    return overview_of(c, check(c))


def body(app) -> list[str]:
    """The overview below its tab bar and context line (which says "Laddar…" until the year is read)."""
    return screen_text(app).splitlines()[2:]


async def wait_for(pilot, ok, what: str) -> None:
    for _ in range(300):
        if ok():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never: {what}\n{screen_text(pilot.app)}")


async def test_the_childs_figures_show_while_the_year_is_read_and_the_year_shows_the_same(store):
    session = HeldSession(store, make_config())
    app = SydnarkeApp(session, early=FakeEarly(demo_figures(store), ready=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: session.reads == 1, "the year is being read")
        text = screen_text(app)
        assert "Laddar" in text and "Bedömning: delvis" in text and "158 552" in text
        early = body(app)
        assert app.reading_year and session.model is None
        await pilot.press("f4", "1", "2")  # to Drift, then digits for its table, which it has not yet
        assert app.current_mode == "drift" and len(app._gate().held) == 2  # the digits wait for the year
        session.go.set()
        await settle(pilot)
        await app.keys_settled()
        assert session.model is not None and app.early_figures is None
        assert app.current_mode == "drift" and [e.text for e in session.edits] == ["12"]  # typed in its table
        await pilot.press("escape", "f2")
        await settle(pilot)
        assert app.current_mode == "oversikt" and "Laddar" not in screen_text(app)
        assert body(app) == early  # the same screen, now drawn from the year read for editing



async def test_the_childs_figures_are_drawn_once_at_start(store, monkeypatch):
    """Översikt draws the child's figures when it is mounted; its first resume, right after, finds them
    drawn as of the session's revision and draws nothing again (it drew them twice: 1-2 ms of the start)."""
    from sydnarke_tui.tui.screens.overview import OverviewScreen

    drawn = []
    show = OverviewScreen.show_figures
    monkeypatch.setattr(OverviewScreen, "show_figures", lambda self, ov: (drawn.append(ov.year), show(self, ov)))
    session = HeldSession(store, make_config())
    app = SydnarkeApp(session, early=FakeEarly(demo_figures(store), ready=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: session.reads == 1, "the year is being read")
        await pilot.pause(0.1)  # not settle: it waits for the held read
        assert "Bedömning: delvis" in screen_text(app) and drawn == [2019]
        session.go.set()
        await wait_for(pilot, lambda: session.model is not None, "the year read")
        await settle(pilot)
        assert len(drawn) == 2 and "Laddar" not in screen_text(app)  # the year read: drawn from it, once


async def test_figures_dropped_while_another_tab_is_shown_are_gone_when_oversikt_is_shown_again(store):
    """The year's read fails while Mål is on show: back on Översikt, the child's figures are not left under
    "Laddar…" (drawn once at start, Översikt redraws on its resume when they were dropped meanwhile)."""
    class FailingRead(HeldSession):
        def read_year(self, year: int):
            self.reads += 1
            assert self.go.wait(30), "never let go"
            raise SessionError("disken svarar inte")

    session = FailingRead(store, make_config())
    app = SydnarkeApp(session, early=FakeEarly(demo_figures(store), ready=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: session.reads == 1, "the year is being read")
        assert "Bedömning: delvis" in screen_text(app)
        await pilot.press("f3")
        await wait_for(pilot, lambda: app.current_mode == "mal", "Mål on show")
        session.go.set()
        await wait_for(pilot, lambda: app.early_figures is None and not app.reading_year, "the read failed")
        await pilot.press("f2")
        await wait_for(pilot, lambda: app.current_mode == "oversikt", "Översikt on show")
        await settle(pilot)
        assert "Bedömning" not in screen_text(app) and "158 552" not in screen_text(app)

@pytest.fixture
def paused_collector():
    """The collector as the entry point leaves it (startgc.pause), put back afterwards."""
    startgc.pause()
    yield
    startgc.resume()
    gc.enable()
    gc.unfreeze()  # this process's objects back under the collector


@pytest.mark.usefixtures("paused_collector")  # as the entry point leaves it: off until the figures are painted
async def test_the_year_is_read_after_the_childs_figures_are_shown(store, monkeypatch):
    monkeypatch.setattr(app_module, "EARLY_WAIT_S", 60.0)  # neither the read's timer nor the backstop, on a slow machine
    session = HeldSession(store, make_config())
    session.go.set()
    early = FakeEarly(demo_figures(store), ready=False)
    app = SydnarkeApp(session, early=early)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.2)
        assert session.reads == 0 and app.reading_year  # waiting for the figures, keys held meanwhile
        assert "Bedömning" not in screen_text(app)
        assert not gc.isenabled()  # still starting: nothing painted but the frame
        early.deliver()
        await settle(pilot)
        await wait_for(pilot, lambda: session.model is not None, "the year read")
        assert session.reads == 1 and "Bedömning: delvis" in screen_text(app)
        assert gc.isenabled() and gc.get_freeze_count() > 0  # on again, with what the start made frozen


async def test_a_child_that_never_answers_delays_the_read_only_so_long(store, monkeypatch):
    monkeypatch.setattr(app_module, "EARLY_WAIT_S", 0.2)
    session = HeldSession(store, make_config())
    session.go.set()
    app = SydnarkeApp(session, early=FakeEarly(None, ready=False))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: session.model is not None, "the year read without the child")
        assert "Bedömning: delvis" in screen_text(app) and "Laddar" not in screen_text(app)


@pytest.mark.parametrize("ready", [True, False])
async def test_figures_of_another_year_are_not_shown(store, ready):
    session = HeldSession(store, make_config())
    session.init_year(2031)
    early = FakeEarly(demo_figures(store, 2019), ready=ready)
    app = SydnarkeApp(session, 2031, early=early)  # asked for 2031; the child computed 2019
    async with app.run_test(size=(80, 24)) as pilot:
        if not ready:
            early.deliver()
        await pilot.pause(0.2)
        assert app.early_figures is None and "Bedömning" not in screen_text(app)
        session.go.set()
        await settle(pilot)
        await wait_for(pilot, lambda: session.model is not None, "the year read")
        assert session.model.year == 2031


@pytest.mark.parametrize("key", ["f3", "f4", "f5", "f6", "f7", "f8", "8"])
async def test_every_screen_opens_while_the_year_is_read_and_draws_it_once_read(store, key):
    """The figures invite a key before the year is read: each screen says "Laddar…" until it is
    (Mål asked for the period in its columns and crashed)."""
    session = HeldSession(store, make_config())
    app = SydnarkeApp(session, early=FakeEarly(demo_figures(store), ready=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: session.reads == 1, "the year is being read")
        await pilot.press(key)
        await pilot.pause(0.1)
        assert screen_text(app).splitlines()[1] == "Laddar…"
        session.go.set()
        await settle(pilot)
        assert screen_text(app).splitlines()[1].startswith("Sydnärkes IT-nämnd · 2019")


async def test_a_year_that_cannot_be_read_leaves_no_figures_under_laddar(store):
    """The child read the year, the program cannot (the file went away, a disk error): the error is said
    and the child's figures are not left on screen as if the year were being read still."""

    class FailingSession(HeldSession):
        def read_year(self, year: int):
            raise SessionError("disken svarar inte")

    session = FailingSession(store, make_config())
    app = SydnarkeApp(session, early=FakeEarly(demo_figures(store), ready=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: any("Kunde inte läsa 2019" in n.message for n in app._notifications),
                       "the error said")
        assert app.early_figures is None and "Bedömning" not in screen_text(app)


async def test_another_year_asked_for_before_the_first_is_read_drops_the_childs_figures(store):
    session = HeldSession(store, make_config())
    session.init_year(2031)
    app = SydnarkeApp(session, early=FakeEarly(demo_figures(store), ready=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: session.reads == 1, "the first year is being read")
        assert app.early_figures is not None
        app.show_year(2031)
        await pilot.pause(0.05)
        assert app.early_figures is None and "Bedömning" not in screen_text(app)  # not 2019's under År 2031
        session.go.set()
        await settle(pilot)
        await wait_for(pilot, lambda: session.model is not None and session.model.year == 2031, "2031 read")
        assert "År  2031" in screen_text(app)


async def test_figures_that_come_after_a_failed_read_are_not_shown(store, monkeypatch):
    """A slow child: the read starts without it (EARLY_WAIT_S) and fails; its figures, coming after,
    are not put under "Laddar…" for a year that cannot be read."""
    monkeypatch.setattr(app_module, "EARLY_WAIT_S", 0.1)

    class FailingSession(HeldSession):
        def read_year(self, year: int):
            raise SessionError("disken svarar inte")

    session = FailingSession(store, make_config())
    early = FakeEarly(demo_figures(store), ready=False)
    app = SydnarkeApp(session, early=early)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: any("Kunde inte läsa 2019" in n.message for n in app._notifications),
                       "the error said")
        early.deliver()
        await pilot.pause(0.2)
        assert app.early_figures is None and "Bedömning" not in screen_text(app)


@pytest.mark.usefixtures("paused_collector")
@pytest.mark.parametrize("thread", [True, False])
async def test_with_no_year_to_read_the_collector_is_on_from_the_first_screen(tmp_path, thread):
    from sydnarke_tui.store.db import Store

    store = Store.open(tmp_path / "empty.db", demo=False)  # no year in it
    session = Session(store, make_config())
    app = SydnarkeApp(session, load_in_thread=thread)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert not session.years and gc.isenabled()
    finally:
        store.close()
