"""The screens draw statuses from core.concepts too: without a status's entry, Översikt and Mål fail
naming it (the crash guard re-raises under tests), never a bare KeyError or a silently missing count."""

from __future__ import annotations

import pytest

from sydnarke_tui.core.concepts import INDICATOR_STATUS, MissingConcept, Status

from .conftest import make_app
from .helpers import settle


@pytest.mark.parametrize("key", ["f2", "f3"])  # Översikt (counts, strip legend), Mål (the year's counts)
@pytest.mark.parametrize("member", list(Status))
async def test_a_screen_without_a_status_entry_fails_naming_it(store, member, key, monkeypatch):
    app = make_app(store)
    with pytest.raises(MissingConcept, match=f"indicator status '{member.value}'"):
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            monkeypatch.delitem(INDICATOR_STATUS.entries, member)
            await pilot.press(key)
            await settle(pilot)
            app.screen.refresh_view()  # everything drawn again from the session
            await settle(pilot)
