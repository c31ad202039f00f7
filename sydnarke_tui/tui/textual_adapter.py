"""Textual internals the app relies on, in one place; tests/tui/test_textual_adapter.py fails when they change.

The internals are read or replaced here: the first frame held while Textual's
start-up batch holds (frame_held_at_start), a new screen counted as styled on its
first open (styled_as_app), the stylesheet's parse kept when its variables stay
(css_kept_if_same), the parse of each CSS source taken from the start cache
(keep_parsed_css: Stylesheet._parse_rules, _parse_cache, _variables), the dispatch wrapper of tui/crash.py, the widgets'
own bindings and the app's keymap behind tui/keys.py (the 6605 workaround), the
key parser steps and the parser's input (feed) of keys.py's Esc fix, the strips of tui/inert.py and
tui/output.py, the terminal writer of tui/output.py, and the compositor's partial render
(render_touched_only: Compositor.render_partial_update, _dirty_regions, _visible_widgets, cuts). A
Textual widget's own binding (the Select list's Esc) is renamed in its class's merged bindings.

Not here: a few subclasses elsewhere override private members of the Textual
class they extend (OrderedInput draws its text through Input._value and
_cursor_offset, CrashGuard hooks App._handle_exception, …). The same test
lists them and fails when one of them goes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from collections.abc import Iterator
from typing import Any, Callable

from rich.segment import Segment
from textual.app import App
from textual.strip import Strip
from textual.widgets._select import SelectOverlay


# ---------------------------------------------------------------- the first frame
def frame_held_at_start(screen: Any) -> bool:
    """True, and the frame held, when `screen` (any of ours: shown, behind a dialog) would be painted
    while the app's start-up batch holds.

    Textual paints a layout refreshed inside a batch when the screen's own queue gets to it, which
    can be while the app's start-up batch still holds: App._display then drops the frame, yet the
    compositor counts it as shown, and the first frame on the terminal held only what changed after
    it (Översikt's figures under a blank tab bar and context line; the recovery offer on a blank
    screen). Held, its region stays dirty: the first paint after the batch is the whole screen."""
    app = screen.app
    if app._batch_count and getattr(app, "start_batch_open", False):
        app.start_frame_held = True
        return True
    return False


def paint_held_start(app: Any) -> None:
    """The start-up batch is over (once per app): a frame held meanwhile is painted now, whole; if a
    layout is pending, the screen is woken to lay it out, and that pass paints it whole."""
    app.start_batch_open = False
    if app.start_frame_held and app.screen_stack:
        screen = app.screen
        if screen._layout_required:
            screen.check_idle()  # Textual's idle check passed it by while batched
        else:
            screen._compositor_refresh()



# ---------------------------------------------------------------- a screen's first open
def styled_as_app(screen: Any, app: Any) -> None:
    """A new screen counts as styled with the app's current CSS.

    Textual restyles the whole app (every source parsed again, every node styled again) when a
    screen's CSS count differs from the app's, and a new screen starts at 0 while the app's is
    above it once a theme was set: twice per first open (the mode's start and the switch), about
    a third of a Drift's first open. A new screen is styled when mounted, from the stylesheet as
    it is (a widget class seen for the first time adds its default CSS then); a theme changed
    later raises the app's count again and restyles it as before. Not the first screen: the app
    sets its CSS variables when it starts, and the first screen's restyle is what applies them.
    """
    if any(app._screen_stacks.values()):  # a screen is shown already
        screen._css_update_count = app._css_update_count


@contextlib.contextmanager
def css_kept_if_same(app: Any) -> Iterator[None]:
    """Within: a refresh of the app's CSS that brings the stylesheet the variables it has already
    (Textual's first screen of a mode, a theme set to itself) keeps the rules it parsed.

    Textual's `refresh_css` sets the variables (which empties the parse cache) and parses every
    source again in a fresh stylesheet, so the next widget class mounted parses them all a third
    time: about 15 ms of a start's 70. With the same variables the same sources parse to the same
    rules, so the stylesheet parses only what was added; styling every node and the layout run as
    Textual has them.
    """
    sheet = app.stylesheet
    if sheet._variables != app.get_css_variables():
        yield
        return
    # Stand-ins on the instance, for the refresh's length only: the parse added sources need happens
    # when the rules are read.
    stand_ins = {"set_variables": lambda variables: None, "reparse": lambda: sheet.rules}
    for name, stand_in in stand_ins.items():
        setattr(sheet, name, stand_in)
    try:
        yield
    finally:
        for name in stand_ins:
            delattr(sheet, name)



def keep_parsed_css(table: Any) -> None:
    """The rules Textual parses from a CSS source are taken from `table` (startcache.CSS) when they are
    there, and put there when they are not: the next start reads them instead of tokenising the
    app's stylesheet and every widget's default CSS again (about 8 ms of each start).

    A source's rules depend on its text, where it was read from, whether it is default CSS, its tie
    breaker, its scope and the stylesheet's variables (the theme's colours): all of them are the key.
    Rules with errors are never kept (Textual raises on them). Textual's own cache within the
    stylesheet (_parse_cache) is asked first, as before. Installed once (Stylesheet._parse_rules)."""
    from textual.css.stylesheet import Stylesheet

    table.versions = _textual_files
    if getattr(Stylesheet, "_textual_parse_rules", None) is not None:
        return
    original = Stylesheet._parse_rules

    def parse_rules(self: Stylesheet, css: str, read_from: Any, is_default_rules: bool = False,
                    tie_breaker: int = 0, scope: str = "") -> Any:
        if not table.usable:
            return original(self, css, read_from, is_default_rules, tie_breaker, scope)
        cached = self._parse_cache.get((css, read_from, is_default_rules, tie_breaker, scope))
        if cached is not None:
            return cached
        variables = self._variables
        held = self.__dict__.get("_sydnarke_variables_key")
        if held is None or held[0] is not variables:  # a tuple of ~150 pairs: made once per variables
            held = (variables, tuple(sorted(variables.items())))
            self.__dict__["_sydnarke_variables_key"] = held
        key = (css, read_from, is_default_rules, tie_breaker, scope, held[1])
        rules = table.get(key)
        if rules is not None:
            self._parse_cache[key[:5]] = rules
            return rules
        rules = original(self, css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            table.add(key, rules)
        return rules

    setattr(Stylesheet, "_textual_parse_rules", original)
    Stylesheet._parse_rules = parse_rules  # type: ignore[method-assign]


def _textual_files() -> str:
    """The Textual that parses (its version from importlib.metadata would cost a few ms at every start):
    the name of its dist-info folder (its version) and the size and time of each file that makes the
    rules or what they hold (css/, color, geometry), which a new install or a patch writes again."""
    import textual

    root = os.path.dirname(textual.__file__ or "")
    try:
        parts = sorted(n for n in os.listdir(os.path.dirname(root)) if n.startswith("textual-"))
        for name in sorted(os.listdir(os.path.join(root, "css"))):
            if name.endswith(".py"):
                parts.append(_stamp(os.path.join(root, "css", name)))
        parts += [_stamp(os.path.join(root, name)) for name in ("__init__.py", "color.py", "geometry.py")]
    except OSError:  # unknown: a stamp no other run has, so nothing kept by another is read
        return f"textual (unknown, run {os.getpid()} at {time.time_ns()})"
    return f"textual {root} " + " ".join(parts)


def _stamp(path: str) -> str:
    st = os.stat(path)
    return f"{os.path.basename(path)}:{st.st_size}:{st.st_mtime_ns}"


# ---------------------------------------------------------------- message dispatch, keys
# Used by tui/crash.py (an error in a handler does not end the app) and tui/keys.py (keys in
# the order typed: Textual issue 6605).

DISPATCH = "_dispatch_message"  # MessagePump's per-message coroutine


def wrap_dispatch(make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """Replace every message pump's dispatch with make(original) (process-wide)."""
    from textual.message_pump import MessagePump

    setattr(MessagePump, DISPATCH, make(getattr(MessagePump, DISPATCH)))


KEY_PARSER = "_sequence_to_key_events"  # XTermParser: a sequence read from the terminal -> key events


def wrap_key_parser(make: Callable[[Callable[..., Any]], Callable[..., Any]]) -> None:
    """Replace XTermParser's sequence -> keys step with make(original) (process-wide, once).

    Textual calls it with ESC + one character (sequence, alt=False) and, when an
    ESC sequence is given up on, with each following character (character, alt=True);
    see textual/_xterm_parser.py, XTermParser.parse."""
    from textual._xterm_parser import XTermParser

    original = getattr(XTermParser, KEY_PARSER)
    if getattr(original, "_sydnarke_wrapped", False):
        return
    wrapped = make(original)
    setattr(wrapped, "_sydnarke_wrapped", True)
    setattr(XTermParser, KEY_PARSER, wrapped)


PARSE = "parse"  # XTermParser.parse(self, token_callback): the generator that reads the terminal


def wrap_parser_tokens(make: Callable[[Any, Callable[[Any], None]], Callable[[Any], None]]) -> None:
    """Pass every token XTermParser.parse emits through make(parser, callback) (process-wide, once).

    Some of Textual's decisions are taken after the key parser returns (a
    given-up ESC sequence typed again turns each Esc into `^`), so only the
    token stream can undo them."""
    from textual._xterm_parser import XTermParser

    original = getattr(XTermParser, PARSE)
    if getattr(original, "_sydnarke_wrapped", False):
        return

    def parse(self: Any, token_callback: Callable[[Any], None]) -> Any:
        return original(self, make(self, token_callback))

    setattr(parse, "_sydnarke_wrapped", True)  # a marker on the function: wrap once
    setattr(XTermParser, PARSE, parse)


def wrap_parser_feed(make: Callable[[Any, str], str]) -> None:
    """XTermParser.feed parses make(parser, data) where the terminal's driver gave it data
    (process-wide, once); the end of input (empty data) goes to it as it is. feed is the parser's
    public entry: the drivers call it with each read."""
    from textual._xterm_parser import XTermParser

    original = XTermParser.feed
    if getattr(original, "_sydnarke_wrapped", False):
        return

    def feed(self: Any, data: str) -> Any:
        if not data:
            return original(self, data)
        given = make(self, data)
        return original(self, given) if given else iter(())  # all of it waits for the next read

    setattr(feed, "_sydnarke_wrapped", True)
    setattr(XTermParser, "feed", feed)


def log_first_error(error: BaseException, reported: list[BaseException]) -> None:
    """Code that works around a Textual internal and gives up on an error: the first error of each
    such part (its `reported` list) goes to the running app's crash log; the app keeps running."""
    if reported:
        return
    reported.append(error)
    try:
        write = getattr(running_app(), "_write_log", None)
    except LookupError:
        return
    if write is not None:
        write(error)


def running_app() -> Any:
    """The app whose message is being handled now; LookupError outside one."""
    from textual._context import active_app

    return active_app.get()


def app_keymap(app: Any) -> dict[str, str]:
    """The keymap the app applied with set_keymap ([keymap] in config.toml)."""
    return getattr(app, "_keymap", None) or {}


def own_bindings(widget: Any) -> Any:
    """A copy of the widget's own BindingsMap (its BINDINGS, before the keymap)."""
    return widget._bindings.copy()


# ---------------------------------------------------------------- strips (tui/inert.py)
def strip_unrendered_segments(strip: Strip) -> list[Segment] | None:
    """The strip's segments when it has not been rendered to text yet, else None."""
    return list(strip._segments) if strip._render_cache is None else None


def set_strip_segments(strip: Strip, segments: list[Segment]) -> None:
    strip._segments = segments


def name_binding(cls: type, action: str, description: str) -> None:
    """Give a Textual widget's own binding a Swedish name in the footer (before the widget is made)."""
    merged = getattr(cls, "_merged_bindings")
    for key, bindings in merged.key_to_bindings.items():
        merged.key_to_bindings[key] = [dataclasses.replace(b, description=description) if b.action == action else b
                                       for b in bindings]


def name_select_list_keys() -> None:
    """The open list of a Select (the export and import dialogs): its Esc reads Swedish in the footer."""
    name_binding(SelectOverlay, "dismiss", "Stäng listan")


def strip_rendered(strip: Strip) -> str | None:
    """The strip's terminal text when it has been rendered, else None (tui/output.py)."""
    return strip._render_cache


def set_strip_rendered(strip: Strip, text: str) -> None:
    strip._render_cache = text


# ---------------------------------------------------------------- terminal updates (tui/output.py)
def textual_chops_writer() -> Callable[[Any, Any], str]:
    """Textual's own ChopsUpdate.render_segments (as it was before filter_chop_writes replaced it)."""
    from textual._compositor import ChopsUpdate

    return getattr(ChopsUpdate, "_textual_render_segments", ChopsUpdate.render_segments)


def write_chops(update: Any, console: Any, keep: Callable[[Any, int, int, int, str], bool] | None) -> str:
    """What a partial update writes. keep=None: exactly Textual's ChopsUpdate.render_segments
    (textual/_compositor.py, its one loop repeated here; tests/tui/test_writer.py compares the
    bytes). With keep, a chop (a run of cells of one line) is written only when
    keep(console, y, x, end, text), and a line break only after a line something was written on."""
    from rich.control import Control

    sequences: list[str] = []
    append = sequences.append
    last_y = update.spans[-1][0]
    for y, x1, x2 in update.spans:
        wrote = keep is None
        for end, (x, strip) in zip(update.chop_ends[y], update.chops[y].items()):
            if strip is None or x > x2 or end <= x1:
                continue
            if not (x2 > x >= x1 and end <= x2):
                end = min(end, x2)
                strip = strip.crop(0, end - x)
            text = strip.render(console)
            if keep is None or keep(console, y, x, end, text):
                append(Control.move_to(x, y).segment.text)
                append(text)
                wrote = True
        if wrote and y != last_y:  # Textual's newline; skipped where the cursor is not on this line
            append("\n")
    return "".join(sequences)


# The first error in write_chops, once there was one (Textual's own writer writes from then on).
chops_broken: list[BaseException] = []


def filter_chop_writes(keep: Callable[[Any, int, int, int, str], bool], forget: Callable[[Any], None],
                       failed: Callable[[BaseException], None]) -> None:
    """Partial updates go through write_chops(keep); a full or inline update, and a resize of the
    terminal, call forget(console) first. Any error in write_chops: failed(error) once, and from then
    on Textual's own writer (the terminal is told everything again)."""
    from textual._compositor import ChopsUpdate, InlineUpdate, LayoutUpdate

    original = textual_chops_writer()  # Textual's own, even where this ran before

    def render_chops(self: ChopsUpdate, console: Any) -> str:
        if not chops_broken:
            try:
                return write_chops(self, console, keep)
            except Exception as error:  # noqa: BLE001 - Textual's writer takes over
                chops_broken.append(error)
                forget(console)
                failed(error)
        return original(self, console)

    def forgetting(original: Callable[..., str]) -> Callable[..., str]:
        def render(self: Any, console: Any) -> str:
            forget(console)
            return original(self, console)
        return render

    on_resize = App._on_resize

    async def resized(self: App[Any], event: Any) -> None:  # the terminal may have redrawn or cleared itself
        forget(self.console)
        await on_resize(self, event)

    # Replacing Textual's methods process-wide is the point here; mypy refuses any assignment to a method.
    App._on_resize = resized  # type: ignore[method-assign]
    setattr(ChopsUpdate, "_textual_render_segments", original)  # for textual_chops_writer
    ChopsUpdate.render_segments = render_chops  # type: ignore[method-assign]
    LayoutUpdate.render_segments = forgetting(LayoutUpdate.render_segments)  # type: ignore[method-assign]
    InlineUpdate.render_segments = forgetting(InlineUpdate.render_segments)  # type: ignore[method-assign]


def wrap_driver_write(app: Any, make: Callable[[Callable[[str], None]], Callable[[str], None]]) -> None:
    """The app's terminal writes go through make(driver.write) (App._display and its
    synchronised-update brackets call driver.write); nothing without a driver (headless)."""
    driver = getattr(app, "_driver", None)
    if driver is None or getattr(driver.write, "_sydnarke_wrapped", False):
        return
    wrapped = make(driver.write)
    setattr(wrapped, "_sydnarke_wrapped", True)
    driver.write = wrapped


# The first error in render_touched_only's filter, once there was one (Textual's own render from then on).
touched_broken: list[BaseException] = []


def render_touched_only(failed: Callable[[BaseException], None]) -> None:
    """A partial update (a key's frame) renders only the widgets whose shown part meets a region that
    changed. Textual renders every widget that meets the box around all of them, and on a screen with
    a form that box is most of the screen: a key in Drift's Utfall field rendered all 31 widgets
    (tabs, context line, every field, the table, the footer) where 13 meet what changed.

    The update is the same: a written chop (a run of cells of a line inside a changed span, between
    two cuts, so under the same widgets all along) comes from the front-most widget over its cells, or
    where that one's strip ends short, from the next behind; all of them are over changed cells, so
    they meet a changed region and are rendered. Chops outside the spans are never written
    (write_chops). The cuts stay those of every widget (computed first; cached until the next layout).
    tests/tui/test_output.py renders each update both ways and compares them, and keeps a model of the
    terminal to compare with a full render.

    Done by handing Textual's render_partial_update a narrowed visible_widgets for its one call.
    Any error in the narrowing: failed(error) once, and Textual's own render from then on."""
    from textual._compositor import Compositor

    original = getattr(Compositor, "_textual_render_partial_update", Compositor.render_partial_update)

    def render_partial_update(self: Compositor) -> Any:
        every = touched = None
        if not touched_broken:
            try:
                regions = self._dirty_regions
                if regions:
                    self.cuts  # noqa: B018 - computed (and cached) from every widget before the swap
                    every = self.visible_widgets
                    self._visible_widgets = touched = _touched_widgets(every, regions)
            except Exception as error:  # noqa: BLE001 - Textual's own render takes over
                touched_broken.append(error)
                if every is not None:
                    self._visible_widgets = every
                every = None
                failed(error)
        try:
            return original(self)
        finally:
            if every is not None and self._visible_widgets is touched:  # not reset by Textual meanwhile
                self._visible_widgets = every

    setattr(Compositor, "_textual_render_partial_update", original)
    Compositor.render_partial_update = render_partial_update  # type: ignore[method-assign]


def _touched_widgets(widgets: dict[Any, tuple[Any, Any]], regions: Any) -> dict[Any, tuple[Any, Any]]:
    """Of `widgets` (Textual's visible_widgets: widget -> (region, clip), front to back), those whose
    shown part meets one of `regions`, in the same order. Not only the front-most over each region: a
    widget behind shows where the strip of the one in front ends short (Textual fills those cells from
    the next widget down)."""
    touched = {}
    for widget, (region, clip) in widgets.items():
        shown = region.intersection(clip)  # once per widget, not once per region (every frame of a key)
        if any(shown.overlaps(changed) for changed in regions):
            touched[widget] = (region, clip)
    return touched
