"""Deleting on Drift the line an indicator follows: the message names it, Ctrl+Z brings line and link back."""

from __future__ import annotations

from sydnarke_tui.tui.table import LedgerTable

from .conftest import make_app
from .helpers import down_to, panel, screen_text, settle


async def test_deleting_a_followed_line_on_drift_names_the_indicator_and_undo_relinks(store):
    line = next(ln for ln in store.load_year(2019).operating if ln.label == "Kapitalkostnader")
    ind = next(i for i in store.load_year(2019).indicators() if "Sjukfrånvaro" in i.name)
    path = f"operating/line/{line.id}/deviation"
    store.set_field("indicator", ind.id, "link", path, expected_version=ind.version)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        drift = app.screen.query_one("#op-table", LedgerTable)
        await down_to(pilot, drift, f"l:{line.id}")
        await pilot.press("d")
        await settle(pilot)
        asked = screen_text(app)  # the question wraps in the dialog: its parts
        assert f"Ta bort raden 'Kapitalkostnader'? Indikatorn \u201d{ind.name}\u201d" in asked
        assert "blir omätt. (Ctrl+Z ångrar)" in asked
        await pilot.press("j")
        await settle(pilot)
        said = " ".join(str(n.message) for n in app._notifications)
        assert f"Indikatorn \u201d{ind.name}\u201d mättes på raden och är nu omätt" in said
        assert all(ln.id != line.id for ln in app.session.model.operating)
        assert next(i for i in store.load_year(2019).indicators() if i.id == ind.id).link is None
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert any(ln.id == line.id for ln in app.session.model.operating)
        assert next(i for i in app.session.model.indicators() if i.id == ind.id).link == path
        await pilot.press("f3")
        await settle(pilot)
        goals = app.screen.query_one("#goals-table", LedgerTable)
        await down_to(pilot, goals, f"i:{ind.id}")
        await settle(pilot)
        assert "Följer Drift › Kapitalkostnader › avvikelse" in panel(app, "gp-ind").replace("\n", " ")


async def test_a_dangling_link_from_an_older_database_is_named_on_mal(store):
    ind = next(i for i in store.load_year(2019).indicators() if "Sjukfrånvaro" in i.name)
    store.set_field("indicator", ind.id, "link", "operating/line/99999/outcome", expected_version=ind.version)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        goals = app.screen.query_one("#goals-table", LedgerTable)
        await down_to(pilot, goals, f"i:{ind.id}")
        await settle(pilot)
        shown = " ".join(panel(app, "gp-ind").split())
        assert "som saknas: driftraden har tagits bort" in shown
