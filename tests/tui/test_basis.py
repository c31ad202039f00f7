"""Översikt and Drift at an interim period: one basis, named on screen, figures that agree (issue 11.4)."""

from __future__ import annotations

import re

from .conftest import make_app
from .helpers import open_row, panel, screen_text, settle, tab_to

FORECASTS = {"Databehandling": 6_000_000, "Tjänster": 1_200_000}  # budgets 5 250 000 and 950 000


def t1_values(store) -> None:
    """2020-T1-like: four months' outcome on every line, a full-year forecast on two."""
    for ln in store.load_year(2019).operating:
        store.set_field("operating", ln.id, "outcome", (ln.budget or 0) // 3 - 1_000, period="t1")
        for prefix, fc in FORECASTS.items():
            if ln.label.startswith(prefix):
                store.set_field("operating", ln.id, "forecast", fc, period="t1")


def number(text: str) -> int:
    return int(text.replace(" ", "").replace("\u00a0", "").replace("−", "-"))


def result_figures(text: str) -> tuple[int, int, int]:
    """(net tkr, surplus kr signed, deviation tkr) from the overview's result line."""
    m = re.search(r"netto (-?[\d ]+) tkr, (överskott|underskott) ([\d ]+) kr, avvikelse (-?[\d ]+) tkr", text)
    assert m, text
    surplus = number(m[3]) * (1 if m[2] == "överskott" else -1)
    return number(m[1]), surplus, number(m[4])


async def test_overview_at_an_interim_period_names_its_basis_and_agrees(store):
    t1_values(store)
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")  # T1
        await settle(pilot)
        assert app.session.period_code == "t1"
        text = panel(app, "result")
        assert text.startswith("Driftresultat, prognos helår: ")
        assert "Helårsprognos: prognos på 2 rader, budget på övriga 6" in text
        net, surplus, deviation = result_figures(text)
        assert (net, surplus, deviation) == (1_000, -1_000_000, -1_000)  # budget net 0
        assert net * 1000 == -surplus and deviation == 0 - net  # deviation = budget net − compared net
        split = [r.amount for r in app.session.computed.result_split]
        assert sum(split) == surplus
        shown = screen_text(app)
        assert "Helårsprognos: prognos på 2 rader" in shown
        for amount in split:  # the split on screen is the one that sums to the result
            assert f"{amount:,}".replace(",", " ").replace("-", "") in shown.replace("-", "")

        await pilot.press("f4")  # Drift names the same basis over the same figures
        await settle(pilot)
        drift = panel(app, "op-net")
        assert "Helårsprognos: prognos på 2" in drift and "budget på övriga 6" in drift
        assert re.search(r"Prognos netto 1 000 tkr", drift) and "Avvikelse     -1 000 tkr" in drift
        assert "Underskott 1 000 000 kr" in drift


async def test_a_typed_forecast_moves_a_line_to_the_forecast_basis(store):
    t1_values(store)
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")
        await settle(pilot)
        await open_row(pilot, "f4", 0)  # Övriga avgifter: budget 0
        await tab_to(pilot, "forecast")
        await pilot.press("ctrl+e", "ctrl+u", "-", "5", "0", "0")  # -500 tkr of extra revenue, live
        await settle(pilot)
        drift = panel(app, "op-net")
        assert "prognos på 3 rader" in drift and "budget på övriga 5" in drift
        assert "Prognos netto 500 tkr" in drift and "Underskott 500 000 kr" in drift


async def test_full_year_and_a_year_without_outcomes_say_nothing_extra(store):
    app = make_app(store)
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        assert panel(app, "result") == "Driftresultat: netto -159 tkr, överskott 158 552 kr, avvikelse 159 tkr"
        await pilot.press("ctrl+r")  # T1 of the demo: no values yet
        await settle(pilot)
        assert panel(app, "result") == "Driftresultat: inga utfall ännu (budget netto 0 tkr)"
        await pilot.press("f4")
        await settle(pilot)
        drift = panel(app, "op-net")
        assert drift.startswith("Nettoresultat –") and "inga utfall ännu" in drift
        assert "Helårsprognos" not in drift
