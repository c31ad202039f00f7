"""The Textual application: the session, modes, undo, polling, keys and palette.

The app holds no edit state of its own: the session owns the year, the
period, the figures and every edit, and tells of each change with one typed
event (session/changes.py); the app hands it to the screen on show, which
draws what it changed. Other screens catch up when shown (their revision).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import partial
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from .. import startcache, startgc
from ..config import ConfigError
from ..core.model import Year
from ..core.overview import OverviewFigures
from ..session import Prepared, Session, SessionError
from ..session.changes import Change
from ..session.early import EarlyOverview
from ..session.log import redone, undone
from .crash import CrashGuard
from .first_year import FirstYear
from .inert import InertText, guard_strips
from .keymap import keymap_problems
from .keys import KeyGate, binding_commands, esc_is_esc
from .output import merge_strip_runs, render_changed_widgets, skip_idle_frames, skip_unchanged_chops
from .palette import Palette, PlainFilter, palette_for
from .screens import MODE_INFO, MODES, BaseScreen, dialog_classes
from .screens.size import is_too_small
from .tabbar import fit_tabs
from .table import LedgerTable
from .table.ledger import FilterInput
from .textual_adapter import (css_kept_if_same, keep_parsed_css, name_select_list_keys, paint_held_start,
                               styled_as_app)
from .widgets import FieldInput


EARLY_WAIT_S = 1.0  # the longest the first year's read waits for the child's figures (session.early)


def _few_colours() -> bool:
    if os.environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return False
    term = os.environ.get("TERM", "")
    return "256" not in term and "truecolor" not in term and "direct" not in term


def _new_screen(mode: str) -> BaseScreen:
    return MODES[mode]()


class SydnarkeApp(KeyGate, CrashGuard, InertText, App):
    CSS_PATH = "app.tcss"
    TITLE = "sydnarke-tui"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"  # the footer shows the "palette" binding under this key
    COMMAND_PALETTE_DISPLAY = "^p"
    # The first mode is Textual's start mode: its screen is the first one composed (no blank default
    # screen, no switch and CSS reparse before the first paint).
    DEFAULT_MODE = next(iter(MODE_INFO))

    BINDINGS = [
        Binding("f1,question_mark", "help", "Hjälp", id="help"),
        # Both keys in our own binding: Textual registers COMMAND_PALETTE_BINDING as one literal key.
        Binding("ctrl+p,f12", "command_palette", "Kommandon", id="palette", show=False, priority=True,
                key_display="^p"),
        *[Binding(",".join(m.keys), f"goto('{mode}')", m.title, id=f"screen.{mode}", show=False)
          for mode, m in MODE_INFO.items()],
        Binding("ctrl+z,f9", "undo", "Ångra", id="undo", priority=True),
        # Shift+F9 arrives as F21 from xterm-like terminals; Ctrl+Y is the other key.
        Binding("ctrl+y,ctrl+shift+z,f21", "redo", "Gör om", id="redo", priority=True, show=False),
        Binding("ctrl+q,f10", "quit", "Avsluta", id="quit", priority=True),
        Binding("ctrl+r,f11", "next_period", "Period", id="period.next", show=False),
        Binding("e,ctrl+e", "export", "Exportera rapport", id="export", show=False),
        Binding("i,ctrl+o", "import", "Importera fil", id="import", show=False),
        Binding("N,ctrl+n", "new_year", "Nytt år", id="new_year", show=False),
    ]

    # Screen classes for the layouts of small terminals (app.tcss); -too-small is set by the screens.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (80, "-normal")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(self, session: Session, year: int | None = None, *, load_in_thread: bool = True,
                 first: FirstYear | None = None, early: EarlyOverview | None = None) -> None:
        self.session = session
        session.listener = self._changed  # each change of the session goes to the screen on show
        self._first = first  # the first year, being read since before Textual was loaded (cli's cmd_app)
        self._early = early  # or Översikt's figures, being computed by a child process (cli's cmd_app)
        self.early_figures: OverviewFigures | None = None  # those figures, until the year is read
        self._first_pending = False  # the first year is still to be read (after the child's figures)
        self._early_dropped = False  # its figures no longer wanted (a failed read): any still to come too
        ui = session.config.ui
        self.cursor_blink = ui.cursor_blink
        self.load_in_thread = load_in_thread
        self.poll_interval = ui.poll_ms / 1000
        self.suppress_blur_commit = False
        self._first_year = session.initial_year(year)
        self.start_batch_open = True  # until Textual's start-up batch ends (textual_adapter.frame_held_at_start)
        self.start_frame_held = False  # a frame was held meanwhile
        keep_parsed_css(startcache.CSS)  # before Textual parses any CSS (nothing kept unless the entry point)
        super().__init__()
        for mode in MODE_INFO:  # a screen's module is imported when the screen is first shown
            self.add_mode(mode, partial(self._new_screen, mode))
        self._plain_filter = PlainFilter()
        self._crash_init(session)
        guard_strips()
        esc_is_esc()  # ESC + a key in one read: Esc, then the key (not Alt+key)
        if not os.environ.get("SYDNARKE_PLAIN_OUTPUT"):  # the escape hatch if a terminal ever shows stale cells
            merge_strip_runs()
            skip_unchanged_chops()
            render_changed_widgets()
        if not ui.animations:
            self.animation_level = "none"
        # NO_COLOR: no colour codes at all (get_line_filters); "auto" keeps the default theme.
        if ui.theme == "ansi" or (ui.theme == "auto" and _few_colours() and not self.no_color):
            self.theme = "ansi-dark"
        elif ui.theme not in ("auto", "") and ui.theme in self.available_themes:
            self.theme = ui.theme
        if session.config.keymap:
            self.set_keymap(dict(session.config.keymap))
        name_select_list_keys()  # the footer of an open Select list (the export and import dialogs)

    def _new_screen(self, mode: str) -> BaseScreen:
        """A mode's screen, built with what its first resize would set (size classes) and counted as
        styled by the app's CSS: its first open styles every node once, at mount, not three times."""
        self._first_year_now()
        if self._early is not None and self._early.ready():
            self._take_early(self._early.figures)
        screen = MODES[mode]()
        width, height = self.size
        classes = {name: False for _, name in [*self.HORIZONTAL_BREAKPOINTS, *self.VERTICAL_BREAKPOINTS]}
        for size, breakpoints in ((width, self.HORIZONTAL_BREAKPOINTS), (height, self.VERTICAL_BREAKPOINTS)):
            hit = [name for at, name in sorted(breakpoints) if size >= at]  # as Textual picks them
            if hit:
                classes[hit[-1]] = True
        classes["-too-small"] = is_too_small(self.size)
        screen.update_classes(classes, update=False)
        styled_as_app(screen, self)
        return screen

    # ------------------------------------------------------------ colour
    @property
    def palette(self) -> Palette:
        """Styles by meaning (better, worse, partly, muted) that keep 4.5:1 in this theme (tui/palette.py)."""
        key = (self.theme, self.no_color, self.native_ansi_color)
        if getattr(self, "_palette_key", None) != key:
            self._palette_key, self._palette = key, palette_for(self)
        return self._palette

    def get_line_filters(self):
        # NO_COLOR: nothing but attributes reaches the terminal (Textual's filters keep colour codes).
        return (self._plain_filter,) if self.no_color else super().get_line_filters()

    def _end_batch(self) -> None:
        super()._end_batch()
        if self.start_batch_open and not self._batch_count:
            paint_held_start(self)  # the frame held while Textual's start-up batch held (textual_adapter.py)

    def refresh_css(self, animate: bool = True) -> None:
        with css_kept_if_same(self):  # the first screen's restyle parsed every source twice more
            super().refresh_css(animate)

    def watch_theme(self, theme: str) -> None:
        """Another theme: the screens draw their figures again in its palette."""
        if self.is_running and isinstance(self.screen, BaseScreen):
            self.screen.refresh_view()  # the others when shown next (BaseScreen.on_screen_resume)

    def _first_year_now(self) -> None:
        """The year read at start, taken before the first screen is built if it is read by then: the
        screen's first paint shows its figures."""
        first = self._first
        if first is not None and first.done() and first.model is not None and first.read_at == self.session.writes:
            self._first = None
            self.session.year_no = first.year
            self.session.adopt(first.year, first.model, first.prepared)

    def _take_early(self, figures: OverviewFigures | None) -> None:
        """Översikt's figures from the child, shown while the year is read for editing (not once it is,
        nor if they are of another year than the one being read)."""
        self._early = None
        year = self._first_year if self.session.year_no is None else self.session.year_no
        if figures is not None and self.session.model is None and figures.year == year and not self._early_dropped:
            self.early_figures = figures
            self._redraw_all()
        if self._first_pending:  # the year is read once these figures are on the screen
            self.call_after_refresh(self._read_first_year)

    def _redraw_all(self) -> None:
        for screen in self.screen_stack:  # Översikt may be under a dialog (the recovery offer)
            if isinstance(screen, BaseScreen):
                screen.refresh_view()

    def _drop_early(self) -> None:
        """The child's figures are not the year's to show (any still to come neither): off the screens."""
        self._early, self._early_dropped = None, True
        if self.early_figures is not None:
            self.early_figures = None
            self._redraw_all()

    def _read_first_year(self) -> None:
        """Read the first year for editing, once (not if another year was asked for meanwhile)."""
        startgc.resume()  # the first figures are painted, or never came (startgc.py)
        if self._first_pending:
            self.show_year(self._first_year)  # type: ignore[arg-type] # pending only when there is one

    @property
    def reading_year(self) -> bool:
        """A year is being read for the screens (the key gate holds keys until it is shown)."""
        return self._first_pending or any(w.group == "load" and not w.is_finished for w in self.workers)

    def _hand_over(self, call: Any, *args: Any) -> None:
        """On a start-up thread: run `call` on the app's thread (not once the app has ended). An error
        it raises comes back here, outside the crash guard: logged, never a traceback on the screen."""
        try:
            self.call_from_thread(call, *args)
        except Exception as exc:  # noqa: BLE001 - see the docstring
            if self.is_running:  # else the app ended first (call_from_thread refuses)
                self._write_log(exc)

    def _early_read(self, figures: OverviewFigures | None) -> None:
        """On the receiving thread: the child's figures to the app (the first year is read even if taking
        them fails: by the EARLY_WAIT_S timer)."""
        self._hand_over(self._take_early, figures)

    def _take_first_year(self) -> None:
        """The year read at start, once it is read (after the first paint, which said "Laddar…")."""
        startgc.resume()  # the year read while Textual loaded is in (startgc.py)
        first, self._first = self._first, None
        if first is None:
            return
        if first.model is None:
            self.notify(f"Kunde inte läsa {first.year}: {first.error}", severity="error", markup=False)
            return
        self._adopt(first.year, first.model, first.prepared, first.read_at)

    def _first_year_read(self) -> None:
        """On the reading thread: the year read to the app."""
        self._hand_over(self._take_first_year)

    def on_mount(self) -> None:
        # The collector back on whatever the start met (an error before the resume below, a read
        # never started): the first paint is long past by then.
        self.set_timer(2 * EARLY_WAIT_S, startgc.resume)
        if not os.environ.get("SYDNARKE_PLAIN_OUTPUT"):
            skip_idle_frames(self)  # the driver exists from here on
        if self._first is not None:
            self.session.year_no = self._first.year
            if not self._first.then(self._first_year_read):
                self._take_first_year()
        elif self._first_year is not None and self.session.model is None:
            if self.load_in_thread:  # paint the first screen ("Laddar…") before the reading thread takes the GIL
                self.session.year_no = self._first_year
                self._first_pending = True
                if self._early is None:
                    self.call_after_refresh(self._read_first_year)
                elif self._early.then(self._early_read):
                    # The child's figures are painted first, then the year is read: on the one interpreter
                    # lock the read would slow their paint. A child that never answers delays it EARLY_WAIT_S.
                    self.set_timer(EARLY_WAIT_S, self._read_first_year)
                else:
                    self._take_early(self._early.figures)
            else:
                self.show_year(self._first_year)
        if not self._first_pending and self._first is None:
            startgc.resume()  # no year to read after the first paint: the start is done (startgc.py)
        if self.poll_interval:
            self.set_interval(self.poll_interval, self._poll)
        self._catch_signals()
        self.offer_recovery()
        if warning := self.session.log_warning():  # the log's newest rows changed outside the program
            self.notify(warning, severity="warning", markup=False, timeout=15)

    # ------------------------------------------------------------ changes and the shown year
    def _changed(self, change: Change) -> None:
        """The session changed something: the screen on show draws it (the others when shown next)."""
        stack = self.screen_stack
        if stack and isinstance(stack[-1], BaseScreen):
            stack[-1].apply(change)
        self.journal_soon()

    def show_year(self, year: int) -> None:
        self._first_pending = False
        if self.early_figures is not None and self.early_figures.year != year:
            self._drop_early()  # another year asked for before the first was read
        self.session.year_no = year
        if self.load_in_thread:
            self._load_worker(year)
        else:
            self._adopt(year, self.session.read_year(year))

    def show_period(self, code: str) -> None:
        self.session.set_period(code)

    @work(thread=True, exclusive=True, group="load")
    def _load_worker(self, year: int) -> None:
        read_at = self.session.writes
        try:
            model = self.session.read_year(year)  # its own connection (Session.thread_store)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self.call_from_thread(self._read_failed, year, exc)
            return
        try:
            prepared = self.session.prepare(model)  # the figures too, off the UI thread
        except Exception:  # noqa: BLE001 - adopt computes them again, where an error meets the crash guard
            prepared = None
        self.call_from_thread(self._adopt, year, model, prepared, read_at)

    def _read_failed(self, year: int, exc: Exception) -> None:
        """The year could not be read: said, and no figures of it left on Översikt under "Laddar…"."""
        if year == self.session.year_no:  # not a read replaced by another meanwhile
            self._drop_early()
        self.notify(f"Kunde inte läsa {year}: {exc}", severity="error", markup=False)

    def _adopt(self, year: int, model: Year, prepared: Prepared | None = None, read_at: int | None = None) -> None:
        if read_at is not None and read_at != self.session.writes:
            self.show_year(year)  # read before a save of this session (it would undo it on screen): again
            return
        self._early, self.early_figures = None, None  # the year is read: the screens draw it from here on
        self.session.adopt(year, model, prepared)

    def _poll(self) -> None:
        if self.session.changed_elsewhere() and self.session.year_no is not None:
            self.show_year(self.session.year_no)

    def after_write(self, year: int | None = None) -> None:
        """After an import or a new year: the years again, and the (new) year."""
        self.session.after_write(year)

    # ------------------------------------------------------------ actions
    def goto(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_goto(self, mode: str) -> None:
        self.goto(mode)

    def action_next_period(self) -> None:
        p = self.session.next_period()
        if p is not None:
            self.notify(f"Period: {p.name}", markup=False, timeout=2)

    def action_help(self) -> None:
        from .screens import HelpScreen

        screens = [(cls.TITLE_SV, [b for b in cls.BINDINGS if isinstance(b, Binding)]) for cls in MODES.values()]
        own = [b for b in self.BINDINGS if isinstance(b, Binding)]
        ids = [b.id for b in own if b.id] + [b.id for _, bs in screens for b in bs if b.id]
        ids += sorted(known_binding_ids() - set(ids))
        self.push_screen(HelpScreen(own, screens, dict(self.session.config.keymap), ids))

    def _dirty_fields(self) -> list:
        screen = self.screen
        return screen.dirty_fields() if isinstance(screen, BaseScreen) else []

    def action_undo(self) -> None:
        dirty = self._dirty_fields()
        if dirty:
            for f in dirty:
                f.revert()
            self.notify("Osparad ändring återställd.", markup=False, timeout=3)
            return
        try:
            row = self.session.undo()
        except SessionError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if row is None:
            self.notify("Inget att ångra.", markup=False, timeout=3)
            return
        self.notify(undone(row), markup=False, timeout=5)

    def action_redo(self) -> None:
        if self._dirty_fields():
            self.notify("Spara eller ångra den osparade ändringen först.", markup=False, timeout=3)
            return
        try:
            row = self.session.redo()
        except SessionError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if row is None:
            self.notify("Inget att göra om.", markup=False, timeout=3)
            return
        self.notify(redone(row), markup=False, timeout=5)

    async def action_quit(self) -> None:
        from .screens import ConfirmScreen  # the dialogs are imported when first needed

        dirty = self._dirty_fields()
        if not dirty:
            self.exit()
            return
        screen = self.screen
        assert isinstance(screen, BaseScreen)
        self.suppress_blur_commit = True
        names = ", ".join(f.spec.label for f in dirty)

        def done(answer: str | None) -> None:
            self.suppress_blur_commit = False
            if answer == "save":
                if all(screen.save_field(f, f.edit) for f in dirty):
                    self.exit()
            elif answer == "discard":
                self.exit()

        self.push_screen(ConfirmScreen(f"Osparad ändring i: {names}. Spara innan du avslutar?",
                                       [("save", "Spara, avsluta", "s"), ("discard", "Kasta, avsluta", "a"),
                                        ("cancel", "Fortsätt", "escape")]), done)

    def action_export(self) -> None:
        from .screens import ExportScreen

        if self.session.computed is not None:
            self.push_screen(ExportScreen())

    def action_import(self) -> None:
        from .screens import ImportScreen

        if self.session.model is not None:
            self.push_screen(ImportScreen())

    def action_new_year(self) -> None:
        from .screens import NewYearScreen

        if self.session.model is not None:
            self.push_screen(NewYearScreen())

    # ------------------------------------------------------------ header and palette
    def tab_bar(self, current: str, width: int = 0) -> Text:
        """Every screen's tab, fitted to `width` (tui/tabbar.py): the current one always whole."""
        tabs = [(m.keys[0].upper(), m.short, mode == current) for mode, m in MODE_INFO.items()]
        return fit_tabs(tabs, width)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for mode, m in MODE_INFO.items():
            k1, k2 = m.keys
            yield SystemCommand(f"Gå till {m.title}", f"Skärm ({k1.upper()} eller {k2})",
                                lambda m=mode: self.goto(m))
        yield SystemCommand("Ångra senaste ändringen", "Ctrl+Z eller F9", self.action_undo)
        yield SystemCommand("Gör om det som ångrades", "Ctrl+Y eller Shift+F9", self.action_redo)
        yield SystemCommand("Exportera rapporten", "md, html, xlsx, csv, toml eller json (e / Ctrl+E)",
                            self.action_export)
        yield SystemCommand("Importera fil", "Drift/investeringar från csv, xlsx eller SIE (i / Ctrl+O)",
                            self.action_import)
        yield SystemCommand("Nytt år", "Skapa nästa år från det visade (N / Ctrl+N)", self.action_new_year)
        yield SystemCommand("Hjälp: alla tangenter", "F1 eller ?", self.action_help)
        if self.session.model is not None:
            for p in self.session.model.periods:
                yield SystemCommand(f"Period: {p.name}", "Byt period (Ctrl+R / F11 växlar)",
                                    lambda c=p.code: self.show_period(c))
        for y in self.session.years:
            yield SystemCommand(f"År: {y}", "Byt år", lambda y=y: self.show_year(y))
        if isinstance(screen, BaseScreen):
            for action, label, desc in screen.PALETTE:
                yield SystemCommand(label, desc, lambda a=action, s=screen: s.run_action(a))
        yield from binding_commands(self, screen)  # the rest of the screen's keys (tui/keys.py)
        yield SystemCommand("Avsluta", "Ctrl+Q eller F10", self.action_quit)
        yield SystemCommand("Tema", "Byt färgtema", self.action_change_theme)


def binding_classes() -> list[Any]:
    """The app, every screen and dialog, fields and tables: whatever has bindings (imports every screen)."""
    return [SydnarkeApp, *MODES.values(), *dialog_classes(), FieldInput, LedgerTable, FilterInput]


def known_binding_ids() -> set[str]:
    """Every binding id that [keymap] in config.toml may name."""
    return {b.id for c in binding_classes() for b in c.BINDINGS if isinstance(b, Binding) and b.id}


def check_keymap(keymap: dict[str, str]) -> None:
    """An unknown id, or two bindings on one key, is a config error (before the app starts)."""
    if not keymap:  # nothing to check (and no screen to import before the first one is shown)
        return
    problems = keymap_problems(keymap, SydnarkeApp.BINDINGS, [list(c.BINDINGS) for c in binding_classes()[1:]])
    if problems:
        raise ConfigError("[keymap]: " + "; ".join(problems) + ". Se F1 i programmet för giltiga id:n.")


def run_app(session: Session, year: int | None = None, first: FirstYear | None = None,
            early: EarlyOverview | None = None) -> int:
    check_keymap(session.config.keymap)
    app = SydnarkeApp(session, year, first=first, early=early)
    app.run()
    return app.return_code or (1 if app.crashed else 0)
