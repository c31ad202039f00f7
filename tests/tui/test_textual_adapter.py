"""The Textual internals used by tui/textual_adapter.py still exist: this fails when Textual changes them."""

from __future__ import annotations

from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Select

from sydnarke_tui.tui import textual_adapter as A

from .conftest import make_app

# The private members tui/textual_adapter.py reads on every message pump and on the app.
PUMP_INTERNALS = ("_bindings",)
APP_INTERNALS = ("_keymap", "_handle_exception")


class _Probe(App):
    def compose(self):
        yield DataTable(id="t")
        yield Select([(Text("a"), 1), (Text("b"), 2)], value=1, allow_blank=False, id="s")


async def test_dispatch_queue_keymap_and_strip_internals_still_exist():
    """The 6605 workaround (tui/keys.py), the crash guard and the strip filter rely on these."""
    from textual.message_pump import MessagePump
    from textual.strip import Strip
    from rich.segment import Segment

    assert callable(getattr(MessagePump, A.DISPATCH))
    app = _Probe()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        for name in APP_INTERNALS:
            assert hasattr(app, name), name
        table = app.query_one(DataTable)
        for name in PUMP_INTERNALS:
            assert hasattr(table, name), name
        assert A.running_app() is app
        assert A.app_keymap(app) == {}
        assert A.own_bindings(table).key_to_bindings
    strip = Strip([Segment("a\x1bb")])
    assert A.strip_unrendered_segments(strip) == [Segment("a\x1bb")]
    A.set_strip_segments(strip, [Segment("ok")])
    assert strip.text == "ok"


def test_name_binding_renames_a_widgets_own_binding():
    from textual.widgets._select import SelectOverlay

    A.name_select_list_keys()
    found = [b for bs in SelectOverlay._merged_bindings.key_to_bindings.values() for b in bs if b.action == "dismiss"]
    assert found and all(b.description == "Stäng listan" for b in found)


def test_the_key_parser_step_still_exists():
    """tui/keys.py (Esc is Esc) wraps this step of Textual's terminal parser."""
    from textual._xterm_parser import XTermParser

    step = getattr(XTermParser, A.KEY_PARSER)
    keys = [k.key for k in step(XTermParser(), "a", alt=True)]
    assert keys in (["alt+a"], ["escape", "a"])  # Textual's own, or already wrapped by the app


def test_the_private_members_our_subclasses_override_still_exist():
    """Each listed member exists on Textual's class, and our subclass (or its mixin) really overrides it."""
    from textual.app import App
    from textual.scroll_view import ScrollView
    from textual.widget import Widget
    from textual.widgets import Input, TextArea

    from sydnarke_tui.tui.crash import CrashGuard
    from sydnarke_tui.tui.keys import OrderedInput
    from sydnarke_tui.tui.notes import OrderedTextArea
    from sydnarke_tui.tui.table import LedgerTable

    overridden = {  # Textual's class: the private members ours overrides
        Input: ("_value", "_cursor_offset", "_on_key", "_on_paste"),
        TextArea: ("_on_key",),
        Widget: ("_on_key",),
        App: ("_handle_exception",),
        ScrollView: ("_size_updated",),
    }
    ours = {Input: OrderedInput, TextArea: OrderedTextArea, Widget: LedgerTable, App: CrashGuard,
            ScrollView: LedgerTable}
    for textual_class, names in overridden.items():
        mine = [k for k in ours[textual_class].__mro__ if k not in textual_class.__mro__]
        for name in names:
            assert hasattr(textual_class, name), f"Textual's {textual_class.__name__} has no {name} any more"
            assert any(name in vars(k) for k in mine), f"{ours[textual_class].__name__} does not override {name}"


async def test_the_first_frame_internals_still_exist(store):
    """The first frame held while Textual's start-up batch holds (frame_held_at_start) relies on these."""
    from textual.screen import Screen

    from sydnarke_tui.tui.app import SydnarkeApp
    from sydnarke_tui.tui.screens.base import BaseScreen
    from sydnarke_tui.tui.screens.dialogs import DialogScreen

    assert callable(Screen._compositor_refresh) and callable(App._end_batch) and callable(App._display)
    assert all("_compositor_refresh" in vars(k) for k in (BaseScreen, DialogScreen))
    assert "_end_batch" in vars(SydnarkeApp)
    app = make_app(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Textual still starts inside a batch, ended through _end_batch; the frame held then is painted
        assert app.start_frame_held and not app.start_batch_open and app._batch_count == 0
        assert not app.screen._compositor._dirty_regions


def test_the_parser_still_takes_a_token_callback():
    """tui/keys.py (Esc stays Esc in a given-up sequence) wraps the callback XTermParser.parse is given."""
    import inspect

    from textual._xterm_parser import XTermParser

    parse = getattr(XTermParser, A.PARSE)
    assert list(inspect.signature(parse).parameters) == ["self", "token_callback"]


async def test_a_start_parses_the_apps_css_once_and_another_theme_restyles(store, monkeypatch):
    """css_kept_if_same: the first screen's restyle keeps the parsed rules (Textual parsed app.tcss three
    times at start); a theme with other variables parses and restyles as Textual does."""
    import textual.css.stylesheet as stylesheet

    from .conftest import make_app
    from .helpers import settle

    parsed: list[str] = []
    parse = stylesheet.parse

    def counted(scope, css, read_from, *args, **kwargs):
        parsed.append(str(read_from[0]))
        return parse(scope, css, read_from, *args, **kwargs)

    monkeypatch.setattr(stylesheet, "parse", counted)
    monkeypatch.setenv("TERM", "xterm-256color")  # "auto" keeps Textual's theme (a 16-colour one would differ)
    for theme in ("textual-dark", "auto"):  # set in the config, or Textual's own default
        parsed.clear()
        app = make_app(store, theme=theme)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert sum(p.endswith("app.tcss") for p in parsed) == 1, theme
            dark = app.screen.styles.background
            parsed.clear()
            app.theme = "textual-light"
            await settle(pilot)
            assert sum(p.endswith("app.tcss") for p in parsed) == 1  # parsed with the new variables
            assert app.screen.styles.background != dark


def test_the_parsers_feed_still_takes_the_terminals_data():
    """tui/keys.py (an ESC inside a paste is text) wraps XTermParser.feed, which the drivers call per read."""
    import inspect

    from textual._xterm_parser import XTermParser

    assert list(inspect.signature(XTermParser.feed).parameters) == ["self", "data"]


def test_the_partial_render_internals_still_exist():
    """render_touched_only (tui/output.py's fourth) narrows these for one call of render_partial_update."""
    from textual._compositor import Compositor

    compositor = Compositor()
    assert isinstance(compositor._dirty_regions, set) and compositor._visible_widgets is None
    for name in ("render_partial_update", "visible_widgets", "cuts", "_get_renders", "_render_chops"):
        assert hasattr(Compositor, name), name


def test_the_css_parse_internals_still_exist():
    """keep_parsed_css (startcache.CSS) wraps Stylesheet._parse_rules, asks its _parse_cache first with
    Textual's own key, and keys the rules by the stylesheet's _variables too."""
    import inspect

    from textual.css.stylesheet import Stylesheet

    original = getattr(Stylesheet, "_textual_parse_rules", Stylesheet._parse_rules)
    assert list(inspect.signature(original).parameters) == [
        "self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]
    sheet = Stylesheet(variables={"primary": "#ff0000"})
    assert len(sheet._parse_cache) == 0 and sheet._variables["primary"] == "#ff0000"
    rules = original(sheet, "Widget { color: $primary; }", ("probe", ""), False, 0, "")
    assert sheet._parse_cache[("Widget { color: $primary; }", ("probe", ""), False, 0, "")] is rules
    assert not rules[0].errors
