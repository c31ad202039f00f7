"""Pilot tests that type as a user would."""

from __future__ import annotations

from decimal import Decimal

from sydnarke_tui.core.model import Status

from .conftest import make_app, open_store
from .helpers import open_indicator_outcome, panel, screen_text, settle, tab_to

AKUTA = "Öka andelen akuta incidenter där återkopplingen är ≤ 30 min"


def _ind(model, name_start):
    return next(i for i in model.indicators() if i.name.startswith(name_start))


def _line(model, label_start):
    return next(x for x in model.operating if x.label.lower().startswith(label_start))


async def test_overview_demo(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Bedömning: delvis" in text
        assert "Uppnådd 8" in text and "Delvis 3" in text and "Ej uppnådd 0" in text and "Ej mätt 2" in text
        assert "överskott 158 552 kr" in text
        for amount in ("43 621", "62 190", "22 028", "30 713"):
            assert amount in text
        assert "Kontroll: 4 fynd" in text


async def test_indicator_outcome_live_save_restart_log_undo(store, db_path):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_indicator_outcome(pilot)
        await pilot.press("7", "0")
        await pilot.pause()
        p = panel(app, "goal-panel")
        # before Enter: panels live, database untouched
        assert "88 %" in p and "delvis" in p
        assert "Uppnådd        7" in p and "Delvis         4" in p and "Ej uppnådd     0" in p
        assert "Ej mätt        2" in p
        label = app.screen.query_one("#field-outcome .field-label").render()
        assert all(span.style.italic and span.style.underline for span in label.spans if span.end > 1)  # changed
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(90)
        await pilot.press("enter")
        await settle(pilot)
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(70)
    store.close()
    # restart on the same file
    store2 = open_store(db_path)
    app2 = make_app(store2)
    async with app2.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_indicator_outcome(pilot)
        assert app2.focused.value == ""  # cleared by the helper; check the saved model instead
        await pilot.press("escape")  # restore the saved value
        assert app2.focused.value == "70"
        await pilot.press("f8")
        await settle(pilot)
        log = screen_text(app2)
        assert "90 → 70" in log and "ekonom" in log
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert _ind(store2.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(90)
        assert "ångrat: 70 → 90" in screen_text(app2)
        await pilot.press("f3")
        await settle(pilot)
        assert app2.session.computed.assessment.counts[Status.ACHIEVED] == 8
    store2.close()


async def test_undo_second_key(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_indicator_outcome(pilot)
        await pilot.press("7", "0", "enter")
        await settle(pilot)
        await pilot.press("f9")
        await settle(pilot)
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(90)
        assert app.focused.value == "90"


async def test_operating_outcome_every_digit(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("down", "down")  # Personalkostnader
        await settle(pilot)
        await pilot.press("enter")
        await tab_to(pilot, "outcome")
        await pilot.press("ctrl+e", "ctrl+u")
        seen = []
        for digit in "10000":
            await pilot.press(digit)
            await pilot.pause()
            seen.append(panel(app, "op-panel"))
        # 1, 10, 100, 1 000, 10 000 tkr: the net result and split change with each digit
        assert len(set(seen)) == 5
        last = seen[-1]
        # outcome 10 000 tkr instead of 10 381,7: surplus grows by 381 700 kr to 540 252 kr
        assert "Överskott 540 252 kr" in last
        assert app.session.computed.result_split[0].amount + app.session.computed.result_split[1].amount \
            + app.session.computed.result_split[2].amount + app.session.computed.result_split[3].amount == 540252
        table_text = screen_text(app)
        assert "10 000" in table_text
        assert _line(store.load_year(2019), "personal").value("helar").outcome == 10_381_700
        await pilot.press("enter")
        await settle(pilot)
        assert _line(store.load_year(2019), "personal").value("helar").outcome == 10_000_000


async def test_escape_restores_and_blur_saves(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_indicator_outcome(pilot)
        await pilot.press("5", "5")
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused.value == "90"
        assert "Uppnådd        8" in panel(app, "goal-panel")
        await pilot.press("ctrl+e", "ctrl+u", "8", "5", "tab")  # leaving the field saves
        await settle(pilot)
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(85)


async def test_invalid_value_never_saved_and_marker(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_indicator_outcome(pilot)
        await pilot.press("7", "0", "x")
        await pilot.pause()
        text = screen_text(app)
        assert "'70x' är inte ett tal" in text
        assert "✱" in text  # panels show the last valid state plus a marker
        assert "88 %" in panel(app, "goal-panel")
        await pilot.press("enter")
        await settle(pilot)
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(90)
        await pilot.press("tab")  # leaving with an invalid value restores the saved one
        await settle(pilot)
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(90)
        assert app.screen.query_one("#input-outcome").value == "90"


async def test_conflict_shows_both_values_and_the_user_picks(store, db_path):
    from sydnarke_tui.tui.screens import ConflictScreen

    other = open_store(db_path)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_indicator_outcome(pilot)
        ind = _ind(other.load_year(2019), "Öka andelen akuta")
        other.set_field("indicator", ind.id, "outcome", Decimal(60), period="helar")
        await pilot.press("7", "5", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen)
        text = screen_text(app)
        assert "'75'" in text and "'60'" in text and "'90'" in text  # yours, theirs, saved before
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(60)
        await pilot.press("d")  # take theirs
        await settle(pilot)
        assert app.focused.value == "60"
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(60)
    other.close()


async def test_external_change_refreshes_and_keeps_edit(store, db_path):
    other = open_store(db_path)
    app = make_app(store, poll=0.1, thread=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        await open_indicator_outcome(pilot)
        await pilot.press("7")
        model = other.load_year(2019)
        ln = _line(model, "personal")
        other.set_field("operating", ln.id, "outcome", 10_000_000, period="helar")
        hms = _ind(model, "Öka andelen högprio")
        other.set_field("indicator", hms.id, "outcome", Decimal(50), period="helar")
        await pilot.pause(0.6)
        await settle(pilot)
        assert app.focused.id == "input-outcome" and app.focused.value == "7"
        assert app.session.computed.surplus == 540_252
        assert "63 %" in screen_text(app)  # högprioriterade 50/80 shown without leaving the field
        await pilot.press("0", "enter")
        await settle(pilot)
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(70)
    other.close()


async def test_quit_with_unsaved_edit_asks(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_indicator_outcome(pilot)
        await pilot.press("7", "0")
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert "Osparad ändring" in screen_text(app)
        assert app.is_running
        await pilot.press("escape")  # keep editing
        await settle(pilot)
        assert app.is_running
        assert app.screen.query_one("#input-outcome").value == "70"
        await pilot.press("f10")
        await settle(pilot)
        await pilot.press("s")  # save and quit
        await settle(pilot)
    assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(70)


async def test_quit_discard(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_indicator_outcome(pilot)
        await pilot.press("1", "2")
        await pilot.press("ctrl+q")
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)
    assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(90)


async def test_add_edit_reorder_delete_goal_and_indicator(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("m")
        await settle(pilot)
        await pilot.press(*"Nytt mål", "enter")
        await settle(pilot)
        model = store.load_year(2019)
        assert model.goals[-1].title == "Nytt mål"
        await pilot.press("escape")  # back to the table
        await pilot.press("n")
        await settle(pilot)
        await pilot.press(*"Ny indikator", "enter")
        await settle(pilot)
        assert [i.name for i in store.load_year(2019).goals[-1].indicators] == ["Ny indikator"]
        await tab_to(pilot, "target")
        await pilot.press("5", "0", "enter")
        await tab_to(pilot, "outcome")
        await pilot.press("4", "0", "enter")
        await settle(pilot)
        ind = store.load_year(2019).goals[-1].indicators[0]
        assert ind.target == Decimal(50) and ind.value("helar").outcome == Decimal(40)
        assert app.session.computed.assessment.by_indicator[ind.id].fulfilment_pct == 80
        # reorder: the new goal up one place
        await pilot.press("escape")
        await pilot.press("up")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert [g.title for g in store.load_year(2019).goals][-2] == "Nytt mål"
        await pilot.press("j")
        await settle(pilot)
        assert store.load_year(2019).goals[-1].title == "Nytt mål"
        # delete with confirmation; Escape first cancels
        await pilot.press("d")
        await settle(pilot)
        assert "Ta bort målet" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert store.load_year(2019).goals[-1].title == "Nytt mål"
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        assert all(g.title != "Nytt mål" for g in store.load_year(2019).goals)


async def test_interim_period_shows_forecast(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+r")  # next period: T1
        await settle(pilot)
        assert app.session.period_code == "t1"
        await pilot.press("f4")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await tab_to(pilot, "forecast")
        await pilot.press("1", "0", "0", "enter")
        await settle(pilot)
        ln = store.load_year(2019).operating[0]
        assert ln.value("t1").forecast == 100_000


async def test_key_warning_and_live_split(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter")
        await tab_to(pilot, "share")
        await pilot.press("ctrl+e", "ctrl+u", "3", "0")
        await pilot.pause()
        text = screen_text(app)
        assert "inte 100 %" in text
        assert app.session.computed.key_total_pct == Decimal("102.488")
        await pilot.press("escape")
        await pilot.pause()
        assert "inte 100 %" not in screen_text(app)


async def test_investments_add_varav_and_edit(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        before = app.session.computed.investments.total.outcome
        await pilot.press("enter")
        await tab_to(pilot, "outcome")
        await pilot.press("ctrl+e", "ctrl+u", "4", "0", "0", "0")
        await pilot.pause()
        assert app.session.computed.investments.total.outcome == before - 3_901_400 + 4_000_000
        assert "Askersund" in panel(app, "inv-panel")
        await pilot.press("enter", "escape")
        await settle(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press(*"Licenser", "enter")
        await settle(pilot)
        model = store.load_year(2019)
        new = next(x for x in model.investments if x.label == "Licenser")
        assert new.parent_id == model.investments[0].id


async def test_checks_enter_jumps(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        assert "Tryckt 143 %" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert app.current_mode == "mal"
        key = app.screen.query_one("#goals-table").current_key()
        ind = _ind(app.session.model, "Sjukfrånvaro")
        assert key == f"i:{ind.id}"
        await pilot.press("f7")
        await pilot.press("down", "down", "enter")  # the operating finding
        await settle(pilot)
        assert app.current_mode == "drift"
        ln = _line(app.session.model, "utrustning")
        assert app.screen.query_one("#op-table").current_key() == f"l:{ln.id}"


async def test_help_palette_and_keymap(store):
    app = make_app(store, keymap={"undo": "ctrl+b", "screen.logg": "f8,l"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        names = [c.title for c in app.get_system_commands(app.screen)]
        for n in ("Översikt", "Mål och indikatorer", "Driftredovisning", "Investeringar", "Fördelning",
                  "Kontroll", "Logg"):
            assert f"Gå till {n}" in names
        assert "Ångra senaste ändringen" in names
        await pilot.press("f1")
        await settle(pilot)
        text = screen_text(app)
        assert "Ctrl+B" in text and "Ångra" in text  # the remapped key, as users name it
        await pilot.press("escape")
        await open_indicator_outcome(pilot)
        await pilot.press("7", "0", "enter")
        await settle(pilot)
        await pilot.press("ctrl+b")
        await settle(pilot)
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(90)
        await pilot.press("escape")
        await pilot.press("l")
        await settle(pilot)
        assert app.current_mode == "logg"


async def test_worker_load_and_year_period_chooser(store):
    app = make_app(store, thread=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot, 0.2)
        assert "Bedömning: delvis" in screen_text(app)
        await pilot.press("p")  # opens the period list
        await pilot.press("up", "up", "enter")  # choose T1
        await settle(pilot)
        assert app.session.period_code == "t1"
        assert "· T1" in screen_text(app)


async def test_theme_choice_no_color_and_16_colours(store, monkeypatch):
    monkeypatch.setenv("TERM", "screen")
    monkeypatch.delenv("COLORTERM", raising=False)
    app = make_app(store, theme="auto")
    assert app.theme == "ansi-dark" and app.animation_level == "none"
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(store, theme="auto")
    assert app.no_color and app.theme != "ansi-dark"
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Bedömning: delvis" in screen_text(app)


async def test_redo_puts_back_what_undo_took(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_indicator_outcome(pilot)
        await pilot.press("7", "0", "enter")
        await settle(pilot)
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(90)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert _ind(store.load_year(2019), "Öka andelen akuta").value("helar").outcome == Decimal(70)
        assert app.focused.value == "70"
        assert any("Gjort om" in str(n.message) for n in app._notifications)


async def test_checks_laxa_finding_lands_on_laxa(store):
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f7")
        await settle(pilot)
        findings = app.session.findings
        i = next(n for n, x in enumerate(findings) if x.path == "split/result/Laxå")
        await pilot.press(*["down"] * i, "enter")
        await settle(pilot)
        assert app.current_mode == "key"
        laxa = next(m for m in app.session.model.key.members if m.municipality == "Laxå")
        assert app.screen.query_one("#key-table").current_key() == f"k:{laxa.id}"


async def test_a_new_year_says_no_outcomes_yet(store):
    from sydnarke_tui.core.overview import overview_of
    from sydnarke_tui.tui.screens.overview import result_text

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.session.init_year(2031)
        app.after_write(2031)
        await settle(pilot)
        text = result_text(overview_of(app.session.computed, []), "tkr").plain
        assert text == "Driftresultat: inga utfall ännu (budget netto 0 tkr)"
        assert "inga utfall ännu" in screen_text(app)


async def test_a_key_off_100_asks_before_saving_and_leaves_a_banner(store):
    from sydnarke_tui.tui.screens.dialogs import ConfirmScreen

    def share():
        return store.load_year(2019).key.members[0].share_pct

    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f6")
        await settle(pilot)
        await pilot.press("enter")
        await tab_to(pilot, "share")
        await pilot.press("ctrl+e", "ctrl+u", *"27,5", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and "99,988 %" in screen_text(app)
        await pilot.press("escape")  # keep editing: nothing saved, the typed value stays
        await settle(pilot)
        assert share() == Decimal("27.512") and app.focused.value == "27,5"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("s")  # save anyway
        await settle(pilot)
        assert share() == Decimal("27.5")
        await pilot.press("f2")
        await settle(pilot)
        assert "Fördelningsnyckeln summerar till 99,988 %, inte 100 %" in screen_text(app)
        await pilot.press("f6")
        await settle(pilot)
        await tab_to(pilot, "share")
        await pilot.press("ctrl+e", "ctrl+u", *"27,512", "enter")  # back to 100 %: no question
        await settle(pilot)
        assert not isinstance(app.screen, ConfirmScreen) and share() == Decimal("27.512")
        await pilot.press("f2")
        await settle(pilot)
        assert "Fördelningsnyckeln summerar" not in screen_text(app)
