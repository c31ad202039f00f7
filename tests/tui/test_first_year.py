"""The first year read on its own thread before the app starts (tui/first_year.py, cli's cmd_app)."""

from __future__ import annotations

import threading

from sydnarke_tui.session import Session
from sydnarke_tui.tui.app import SydnarkeApp
from sydnarke_tui.tui.first_year import FirstYear

from .conftest import make_config
from .helpers import screen_text, settle


def _read(first: FirstYear) -> None:
    done = threading.Event()
    if first.then(done.set):
        assert done.wait(30), "the first year was never read"


async def test_a_year_read_before_the_app_starts_is_taken_as_read(store):
    session = Session(store, make_config())
    first = FirstYear.start(session, None)
    assert first is not None and first.year == 2019
    _read(first)
    assert first.model is not None and first.prepared is not None and first.error is None
    app = SydnarkeApp(session, first=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.session.model is first.model  # taken as read, not read again
        assert "Bedömning" in screen_text(app) and "Laddar" not in screen_text(app)


async def test_a_year_that_cannot_be_read_says_so(store):
    session = Session(store, make_config())
    first = FirstYear(session, 1999)
    _read(first)
    assert first.model is None and first.error is not None
    app = SydnarkeApp(session, first=first)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert any("Kunde inte läsa 1999" in n.message for n in app._notifications)


async def test_an_error_taking_the_year_read_on_its_thread_is_logged_not_lost(store):
    """Raised on the app's thread inside call_from_thread, the error comes back to the reading thread,
    outside the crash guard: written to the crash log (it used to be dropped unless a RuntimeError)."""
    session = Session(store, make_config())
    app = SydnarkeApp(session)

    def boom() -> None:
        raise ValueError("taking the year failed")

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        reader = threading.Thread(target=app._hand_over, args=(boom,))
        reader.start()
        while reader.is_alive():
            await pilot.pause(0.01)
        assert "ValueError: taking the year failed" in app.crash_log.read_text(encoding="utf-8")
