"""Issue 18 on screen: a linked indicator follows Drift as you type; budget to date at T1."""

from __future__ import annotations

from sydnarke_tui.tui.table import LedgerTable

from .conftest import make_app
from .helpers import panel, screen_text, settle


def _table(app, table_id: str) -> LedgerTable:
    return app.screen.query_one(f"#{table_id}", LedgerTable)


def _budgetram(app):
    return next(i for i in app.session.model.indicators() if "budgetram" in i.name)


def _personnel_at_t1(store, outcome: int):
    """Personalkostnader with a monthly profile (4 000 tkr budget to date at T1) and `outcome` at T1."""
    personal = next(ln for ln in store.load_year(2019).operating if ln.label == "Personalkostnader")
    store.set_field("operating", personal.id, "profile", (1_000_000,) * 6 + (499_000,) + (1_060_000,) * 5)
    store.set_field("operating", personal.id, "outcome", outcome, period="t1")
    return personal


async def _drift_at_t1(pilot) -> LedgerTable:
    """The app started, T1 shown, Drift open: its table."""
    await settle(pilot)
    pilot.app.session.set_period("t1")
    await settle(pilot)
    await pilot.press("f4")
    await settle(pilot)
    return _table(pilot.app, "op-table")


def _cell_texts(table: LedgerTable, key: str) -> list[str]:
    return [c.plain for c in table.cells(key)]


async def test_budgetram_follows_the_net_result_as_you_type_on_drift(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ind = _budgetram(app)
        assert ind.link == "operating/total/net/deviation"
        await pilot.press("f3")
        await settle(pilot)
        goals = _table(app, "goals-table")
        assert _cell_texts(goals, f"i:{ind.id}")[2] == "159"
        await pilot.press("f4")
        await settle(pilot)
        drift = _table(app, "op-table")
        tjanster = next(ln for ln in app.session.model.operating if ln.label == "Tjänster")
        while drift.current_key() != f"l:{tjanster.id}":
            await pilot.press("down")
        await pilot.press(*"2 957")  # 500 tkr more than 2 457: a deficit of 341 tkr, unsaved
        await settle(pilot)
        assert app.session.computed.assessment.by_indicator[ind.id].outcome == -341
        await pilot.press("f3")
        await settle(pilot)
        goals = _table(app, "goals-table")
        row = _cell_texts(goals, f"i:{ind.id}")
        assert row[2] == "-341" and row[-1] == "ej uppnådd"
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("escape")  # put the saved value back: the indicator follows
        await settle(pilot)
        assert app.session.computed.assessment.by_indicator[ind.id].outcome == 159


async def test_a_linked_outcome_is_refused_in_the_cell_and_the_form_names_the_figure(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ind = _budgetram(app)
        await pilot.press("f3")
        await settle(pilot)
        goals = _table(app, "goals-table")
        while goals.current_key() != f"i:{ind.id}":
            await pilot.press("down")
        await settle(pilot)
        await pilot.press(*"200")
        await settle(pilot)
        error = goals.cell_edit.error
        assert error.startswith("Utfallet följer Drift › Nettoresultat › avvikelse och skrivs inte in")
        assert "⚠ Utfallet följer Drift" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert app.session.computed.assessment.by_indicator[ind.id].outcome == 159
        assert "Följer Drift › Nettoresultat › avvikelse" in panel(app, "gp-ind").replace("\n", " ")


async def test_the_link_is_chosen_from_a_list_and_cleared(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        ind = _budgetram(app)
        await pilot.press("f3")
        await settle(pilot)
        goals = _table(app, "goals-table")
        while goals.current_key() != f"i:{ind.id}":
            await pilot.press("down")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert "Ingen koppling" in screen_text(app)
        await pilot.press("home", "enter")  # the first choice: none
        await settle(pilot)
        assert store.load_year(2019).indicators()[ind_index(app, ind)].link is None
        assert app.session.computed.assessment.by_indicator[ind.id].outcome is None
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("down", "enter")  # Drift › Nettoresultat › avvikelse
        await settle(pilot)
        assert store.load_year(2019).indicators()[ind_index(app, ind)].link == "operating/total/net/deviation"
        assert app.session.computed.assessment.by_indicator[ind.id].outcome == 159


def ind_index(app, ind) -> int:
    return [i.id for i in app.session.model.indicators()].index(ind.id)


async def test_budget_to_date_at_t1_with_a_profile(store):
    """At T1 Drift shows each line's budget to date (its profile's first four months) and its deviation."""
    personal = _personnel_at_t1(store, 3_900_000)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        drift = await _drift_at_t1(pilot)
        assert "bud_td" in drift.columns and "dev_td" in drift.columns
        text = screen_text(app)
        assert "Bud t.o.m" in text
        row = _cell_texts(drift, f"l:{personal.id}")
        cols = drift.columns
        assert row[cols.index("bud_td")] == "4 000" and row[cols.index("dev_td")] == "100"


async def test_new_year_lists_the_targets_it_moves_and_the_officer_changes_one(store):
    """HME "öka från 74" moves to last year's 59; the dialog shows it, the officer types 65;
    the new year, with nothing measured, is "ej bedömt" on Översikt and Mål."""
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("N")
        await settle(pilot)
        text = screen_text(app)
        assert "Mål som flyttas till fjolårets utfall" in text and "> 74 →" in text
        app.screen.query_one("#target-0").focus()
        await pilot.press("ctrl+u", *"65", "enter")
        await settle(pilot, 0.2)
        assert store.years() == [2019, 2020]
        hme = next(i for i in store.load_year(2020).indicators() if "HME" in i.name)
        assert hme.target == 65 and hme.baseline == 59
        budgetram = next(i for i in store.load_year(2020).indicators() if "budgetram" in i.name)
        assert budgetram.link == "operating/total/net/deviation"
        await settle(pilot)
        assert "ej bedömt" in screen_text(app)
        await pilot.press("f3")
        await settle(pilot)
        goals = _table(app, "goals-table")
        assert {_cell_texts(goals, k)[-1] for k in goals.keys if k.startswith("g:")} == {"ej bedömt"}
        assert "Ej bedömt: ingen indikator har utfall" in panel(app, "gp-goal").replace("\n", " ")


async def test_a_deficit_to_date_is_drawn_as_every_deficit(store):
    """In the palette's `worse` style, which keeps 4.5:1 in every theme (it was plain red: 3.6:1 on black)."""
    personal = _personnel_at_t1(store, 4_100_000)
    app = make_app(store, theme="ansi")
    async with app.run_test(size=(80, 24)) as pilot:
        drift = await _drift_at_t1(pilot)
        shown = drift.cells(f"l:{personal.id}")[drift.columns.index("dev_td")]
        assert shown.plain == "-100"
        assert str(shown.style) == app.palette.worse != "red"
