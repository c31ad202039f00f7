"""Every documented config.toml key changes what the app does (the config is read as the CLI reads it)."""

from __future__ import annotations

from sydnarke_tui.config import load_config
from sydnarke_tui.session import Session
from sydnarke_tui.tui.app import SydnarkeApp

from .conftest import open_store
from .helpers import open_row, screen_text, settle, tab_to


def app_with(store, tmp_path, toml: str, *, poll_default: bool = False) -> SydnarkeApp:
    """The app as `sydnarke-tui --config FILE` starts it, on the test's store."""
    path = tmp_path / "config.toml"
    if not poll_default and "poll_ms" not in toml:
        toml = toml.replace("[ui]", "[ui]\npoll_ms = 100000") if "[ui]" in toml else toml + "\n[ui]\npoll_ms = 100000\n"
    path.write_text(toml, encoding="utf-8")
    return SydnarkeApp(Session(store, load_config(path)), load_in_thread=False)


def _personal(model):
    return next(x for x in model.operating if x.label.lower().startswith("personal"))


async def test_default_year(store, tmp_path):
    Session(store, load_config(None)).new_year(2019, 2020)
    app = app_with(store, tmp_path, "")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.session.model.year == 2020  # the newest without the key
    app = app_with(store, tmp_path, "[organisation]\ndefault_year = 2019\n")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.session.model.year == 2019 and "· 2019 ·" in screen_text(app)


async def test_display_unit_kr(store, tmp_path):
    app = app_with(store, tmp_path, '[units]\ndisplay = "kr"\n')
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "avvikelse" in screen_text(app) and " kr, " in screen_text(app)
        await pilot.press("f4")
        await settle(pilot)
        text = screen_text(app)
        assert "Rad (kr)" in text and "10 381 700" in text and "Rad (tkr)" not in text


async def test_input_unit_kr(store, tmp_path):
    app = app_with(store, tmp_path, '[units]\ninput = "kr"\n')
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await open_row(pilot, "f4", 2)
        assert "Budget (kr)" in screen_text(app)
        await tab_to(pilot, "outcome")
        await pilot.press("ctrl+e", "ctrl+u", *"10000", "enter")  # 10 000 kr, not tkr
        await settle(pilot)
        assert _personal(store.load_year(2019)).value("helar").outcome == 10_000


async def test_poll_interval(store, db_path, tmp_path):
    other = open_store(db_path)
    for poll, seen in (("100", True), ("600000", False)):
        app = app_with(store, tmp_path, f"[ui]\npoll_ms = {poll}\n", poll_default=True)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert app.poll_interval == int(poll) / 1000
            ln = _personal(other.load_year(2019))
            other.set_field("operating", ln.id, "outcome", ln.value("helar").outcome + 1000, period="helar")
            await pilot.pause(0.5)
            await settle(pilot)
            assert (_personal(app.session.model).value("helar").outcome == ln.value("helar").outcome + 1000) is seen
    other.close()


async def test_theme_animations_and_cursor_blink(store, tmp_path):
    app = app_with(store, tmp_path, '[ui]\ntheme = "nord"\nanimations = true\ncursor_blink = true\n')
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "nord" and app.animation_level != "none"
        await open_row(pilot, "f3", 1)
        assert app.focused.cursor_blink is True
    app = app_with(store, tmp_path, '[ui]\ntheme = "ansi"\nanimations = false\ncursor_blink = false\n')
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "ansi-dark" and app.animation_level == "none"
        await open_row(pilot, "f3", 1)
        assert app.focused.cursor_blink is False


async def test_keymap_remaps_a_binding(store, tmp_path):
    app = app_with(store, tmp_path, '[keymap]\n"screen.mal" = "f3,2,ctrl+g"\n')
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await settle(pilot)
        assert app.current_mode == "mal"


async def test_assessment_options(store, tmp_path):
    app = app_with(store, tmp_path, "")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Delvis 3" in screen_text(app)
    # "delvis" only from 95 %: the partly met indicators become not met
    app = app_with(store, tmp_path, "[assessment]\npartly_from_pct = 95\n")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Delvis 3" not in text and "Ej uppnådd 0" not in text


async def test_checks_thresholds(store, tmp_path):
    app = app_with(store, tmp_path, "")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        base = len(app.session.findings)
    app = app_with(store, tmp_path, "[checks]\nlarge_deviation_pct = 1\nlarge_deviation_min_kr = 1000\n")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert len(app.session.findings) > base
        assert f"Kontroll: {len(app.session.findings)} fynd" in screen_text(app)
