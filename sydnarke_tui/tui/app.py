"""The Textual application: state, commits, undo, polling, keys and palette.

Screens are thin: they read `app.model` / `app.computed` and call
`app.field_live` (every keystroke, no database) and `app.commit_field`
(Enter / leaving a field, one store call).
"""

from __future__ import annotations

import os
from typing import Any, Iterable

from rich.text import Text
from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from ..core.checks import check
from ..core.compute import Computed, compute
from ..core.model import Options, Year
from .crash import CrashGuard
from .inert import InertText, guard_strips
from .keys import KeyGate, binding_commands
from .widgets import Field, NoteField

SCREENS_SV: list[tuple[str, str, str, str]] = [
    # mode, Swedish name, primary key, second key
    ("oversikt", "Översikt", "f2", "1"),
    ("mal", "Mål och indikatorer", "f3", "2"),
    ("drift", "Driftredovisning", "f4", "3"),
    ("invest", "Investeringar", "f5", "4"),
    ("fordelning", "Fördelning", "f6", "5"),
    ("kontroll", "Kontroll", "f7", "6"),
    ("logg", "Logg", "f8", "7"),
    ("berattelse", "Verksamhetsberättelse", "8", "ctrl+f"),
]
SHORT_SV = {"oversikt": "Översikt", "mal": "Mål", "drift": "Drift", "invest": "Invest",
            "fordelning": "Fördeln.", "kontroll": "Kontroll", "logg": "Logg",
            "berattelse": "Berätt."}


def _store_errors():
    from ..store.db import ConflictError, StoreError

    return ConflictError, StoreError


def _few_colours() -> bool:
    if os.environ.get("COLORTERM", "").lower() in ("truecolor", "24bit"):
        return False
    term = os.environ.get("TERM", "")
    return "256" not in term and "truecolor" not in term and "direct" not in term


class SydnarkeApp(KeyGate, CrashGuard, InertText, App):
    CSS_PATH = "app.tcss"
    TITLE = "sydnarke-tui"
    ENABLE_COMMAND_PALETTE = True
    COMMAND_PALETTE_BINDING = "ctrl+p"  # the footer shows the "palette" binding under this key
    COMMAND_PALETTE_DISPLAY = "^p"

    BINDINGS = [
        Binding("f1,question_mark", "help", "Hjälp", id="help"),
        # Both keys in our own binding: Textual registers COMMAND_PALETTE_BINDING as one literal key.
        Binding("ctrl+p,f12", "command_palette", "palette", id="palette", show=False, priority=True,
                key_display="^p"),
        *[
            Binding(f"{k1},{k2}", f"goto('{mode}')", name, id=f"screen.{mode}", show=False)
            for mode, name, k1, k2 in SCREENS_SV
        ],
        Binding("ctrl+z,f9", "undo", "Ångra", id="undo", priority=True),
        Binding("ctrl+q,f10", "quit", "Avsluta", id="quit", priority=True),
        Binding("ctrl+r,f11", "next_period", "Period", id="period.next", show=False),
        Binding("e,ctrl+e", "export", "Exportera rapport", id="export", show=False),
        Binding("i,ctrl+o", "import", "Importera fil", id="import", show=False),
        Binding("N,ctrl+n", "new_year", "Nytt år", id="new_year", show=False),
    ]

    def __init__(self, store: Any, config: Any = None, year: int | None = None, *,
                 load_in_thread: bool = True, poll_interval: float = 0.5) -> None:
        self.store = store
        self.config = config
        ui = getattr(config, "ui", None)
        self.cursor_blink = bool(getattr(ui, "cursor_blink", False))
        self.options: Options = getattr(config, "options", None) or Options()
        self.input_unit: str = getattr(config, "input_unit", "tkr") or "tkr"
        self.display_unit: str = getattr(config, "display_unit", "tkr") or "tkr"
        self.organisation = getattr(config, "organisation", "") or ""
        self.load_in_thread = load_in_thread
        self.poll_interval = poll_interval
        years = store.years()
        self.years = years
        self.year_no: int | None = year if year is not None else (max(years) if years else None)
        self.model: Year | None = None
        self.computed: Computed | None = None
        self.findings: list = []
        self.period_code: str = ""
        self.generation = 0
        self.invalid_marker = False
        self.suppress_blur_commit = False
        self.editing: Field | None = None
        self._data_version = None
        super().__init__()
        self._crash_init()
        guard_strips()
        if not (ui and getattr(ui, "animations", False)):
            self.animation_level = "none"
        theme = getattr(ui, "theme", "auto") if ui else "auto"
        # NO_COLOR: Textual strips colour itself (a monochrome filter). With the
        # ANSI theme its NoColor filter can leave black-on-black in some
        # terminals, so under NO_COLOR "auto" keeps the default theme.
        if theme == "ansi" or (theme == "auto" and _few_colours() and not self.no_color):
            self.theme = "ansi-dark"
        elif theme not in ("auto", "", None) and theme in self.available_themes:
            self.theme = theme
        keymap = getattr(config, "keymap", None) or {}
        if keymap:
            self.set_keymap(dict(keymap))

    # ------------------------------------------------------------ modes
    def _make_modes(self) -> dict:
        from .screens import (
            ChecksScreen,
            GoalsScreen,
            InvestmentScreen,
            KeyScreen,
            LogScreen,
            NarrativeScreen,
            OperatingScreen,
            OverviewScreen,
        )

        return {
            "oversikt": OverviewScreen, "mal": GoalsScreen, "drift": OperatingScreen,
            "invest": InvestmentScreen, "fordelning": KeyScreen, "kontroll": ChecksScreen, "logg": LogScreen,
            "berattelse": NarrativeScreen,
        }

    def known_binding_ids(self) -> set[str]:
        """Every binding id that [keymap] in config.toml may name."""
        from .screens import ALL_MODALS, ALL_SCREENS
        from .widgets import FieldInput

        classes = [SydnarkeApp, *ALL_SCREENS, *ALL_MODALS, FieldInput]
        return {b.id for c in classes for b in c.BINDINGS if isinstance(b, Binding) and b.id}

    def _check_keymap(self) -> None:
        keymap = getattr(self.config, "keymap", None) or {}
        unknown = [k for k in keymap if k not in self.known_binding_ids()]
        if unknown:
            self.notify(
                f"config.toml [keymap]: okänt id {', '.join(repr(k) for k in unknown)} – ignoreras. "
                "Se F1 för giltiga id:n.",
                title="Tangentbindning", severity="warning", markup=False, timeout=10,
            )

    def on_mount(self) -> None:
        for mode, factory in self._make_modes().items():
            self.add_mode(mode, factory)
        self.switch_mode("oversikt")
        self._check_keymap()
        if self.year_no is not None:
            self.load_year(self.year_no)
        try:
            self._data_version = self.store.data_version()
        except Exception:  # pragma: no cover - store without data_version
            self._data_version = None
        if self.poll_interval:
            self.set_interval(self.poll_interval, self._poll)
        self.offer_recovery()

    # ------------------------------------------------------------ loading
    def load_year(self, year: int) -> None:
        if self.load_in_thread:
            self._load_worker(year)
        else:
            self._apply_loaded(year, self.store.load_year(year))

    @work(thread=True, exclusive=True, group="load")
    def _load_worker(self, year: int) -> None:
        try:
            model = self.store.load_year(year)
        except Exception as exc:  # noqa: BLE001 - shown to the user
            self.call_from_thread(self.notify, f"Kunde inte läsa {year}: {exc}", severity="error", markup=False)
            return
        self.call_from_thread(self._apply_loaded, year, model)

    def _apply_loaded(self, year: int, model: Year) -> None:
        if year != self.year_no:
            return
        self.model = model
        if not self.period_code or not any(p.code == self.period_code for p in model.periods):
            self.period_code = model.full_year_period.code
        # Keep a pending edit: re-apply the typed value on the fresh model.
        for f in list(self._fields()):
            f.reload()
        self.recompute(full=True)

    def _fields(self) -> list[Field | NoteField]:
        try:
            return [*self.screen.query(Field), *self.screen.query(NoteField)]
        except Exception:  # pragma: no cover
            return []

    @property
    def period(self):
        return self.model.period(self.period_code)

    def recompute(self, full: bool = False) -> None:
        if self.model is None:
            return
        self.computed = compute(self.model, self.period, self.options)
        if full:
            self.findings = check(self.computed)
            self.generation += 1
            self.invalid_marker = False
        screen = self.screen
        if hasattr(screen, "refresh_view"):
            if full:
                screen.refresh_view()
            else:
                screen.update_live(None)

    def _poll(self) -> None:
        try:
            dv = self.store.data_version()
        except Exception:
            return
        if self._data_version is not None and dv != self._data_version and self.year_no is not None:
            self._data_version = dv
            self.years = self.store.years()
            self.load_year(self.year_no)
        self._data_version = dv

    def set_year_period(self, year: int | None = None, period: str | None = None) -> None:
        if period:
            self.period_code = period
        if year is not None and year != self.year_no:
            self.year_no = year
            self.load_year(year)
        else:
            self.recompute(full=True)

    def action_next_period(self) -> None:
        if self.model is None:
            return
        codes = [p.code for p in self.model.periods]
        i = codes.index(self.period_code) if self.period_code in codes else -1
        self.set_year_period(period=codes[(i + 1) % len(codes)])
        self.notify(f"Period: {self.period.name}", markup=False, timeout=2)

    # ------------------------------------------------------------ live + commit
    def field_live(self, field: Field, valid: bool) -> None:
        """A keystroke in a field: recompute in memory and update the panels."""
        if self.model is None:
            return
        self.editing = field
        self.invalid_marker = not valid
        if valid:
            self.computed = compute(self.model, self.period, self.options)
        screen = self.screen
        if hasattr(screen, "update_live"):
            screen.update_live(field)

    def commit_field(self, field: Field, value: Any) -> bool:
        ConflictError, StoreError = _store_errors()
        spec = field.spec
        obj = field.obj()
        if obj is None:
            return False
        expected = getattr(obj, "version", None) if spec.versioned else None
        try:
            version = self.store.set_field(
                spec.entity, spec.entity_id, spec.field, value, period=spec.period, expected_version=expected
            )
        except ConflictError as exc:
            current = exc.current
            spec.set(obj, current)
            if spec.versioned and exc.version is not None:
                obj.version = exc.version
            field.saved = current
            field.set_text(spec.fmt(current))
            self.notify(
                f"Konflikt: en annan session har ändrat {spec.label.lower()} till "
                f"'{spec.fmt(current) or '(tomt)'}'. Ditt värde '{spec.fmt(value) or '(tomt)'}' sparades inte.",
                title="Ej sparat", severity="error", markup=False, timeout=10,
            )
            self.recompute(full=True)
            return False
        except StoreError as exc:
            spec.set(obj, field.saved)
            field.set_text(spec.fmt(field.saved))
            self.notify(str(exc), title="Ej sparat", severity="error", markup=False, timeout=10)
            self.recompute(full=True)
            return False
        if spec.versioned and isinstance(version, int):
            obj.version = version
        field.saved = value
        self.editing = None
        self.recompute(full=True)
        return True

    def structural(self, fn, *args, reload: bool = True, **kwargs) -> Any:
        """Add/delete/move through the store, then reload the year."""
        _, StoreError = _store_errors()
        try:
            result = fn(*args, **kwargs)
        except StoreError as exc:
            self.notify(str(exc), title="Ej sparat", severity="error", markup=False, timeout=10)
            return None
        if reload and self.year_no is not None:
            self._data_version = self.store.data_version()
            self._apply_loaded(self.year_no, self.store.load_year(self.year_no))
        return result

    # ------------------------------------------------------------ actions
    def action_goto(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_help(self) -> None:
        from .screens import HelpScreen

        self.push_screen(HelpScreen())

    def action_undo(self) -> None:
        field = self.editing if self.editing is not None and self.editing.is_attached else None
        if field is not None and field.dirty:
            field.revert()
            self.notify("Osparad ändring återställd.", markup=False, timeout=3)
            return
        _, StoreError = _store_errors()
        try:
            row = self.store.undo_last()
        except StoreError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        if row is None:
            self.notify("Inget att ångra.", markup=False, timeout=3)
            return
        from .widgets import FIELD_SV

        what = f"{row.label} › {FIELD_SV.get(row.field, row.field)}" if row.field else row.label
        self.notify(f"Ångrat: {what} ({row.new or '–'} → {row.old or '–'})", markup=False, timeout=5)
        if self.year_no is not None:
            self._data_version = self.store.data_version()
            self._apply_loaded(self.year_no, self.store.load_year(self.year_no))

    def dirty_fields(self) -> list[Field | NoteField]:
        return [f for f in self._fields() if f.dirty]

    async def action_quit(self) -> None:
        dirty = self.dirty_fields()
        if not dirty:
            self.exit()
            return
        from .screens import ConfirmScreen

        self.suppress_blur_commit = True
        names = ", ".join(f.spec.label for f in dirty)

        def done(answer: str | None) -> None:
            self.suppress_blur_commit = False
            if answer == "save":
                if all(f.commit() for f in dirty):
                    self.exit()
            elif answer == "discard":
                for f in dirty:
                    f.revert()
                self.exit()

        self.push_screen(
            ConfirmScreen(
                f"Osparad ändring i: {names}. Spara innan du avslutar?",
                [("save", "Spara, avsluta", "s"), ("discard", "Kasta, avsluta", "a"),
                 ("cancel", "Fortsätt", "escape")],
            ),
            done,
        )

    # ------------------------------------------------------------ files and the year's work
    def action_export(self) -> None:
        if self.computed is None:
            return
        from .screens.files import ExportScreen

        self.push_screen(ExportScreen())

    def action_import(self) -> None:
        if self.model is None:
            return
        from .screens.files import ImportScreen

        self.push_screen(ImportScreen())

    def action_new_year(self) -> None:
        if self.model is None:
            return
        from .screens.files import NewYearScreen

        self.push_screen(NewYearScreen())

    def reload_after_write(self, year: int | None = None) -> None:
        """After an import or a new year: re-read the years and the (new) year."""
        self.years = self.store.years()
        self._data_version = self.store.data_version()
        if year is not None and year != self.year_no:
            self.year_no = year
        if self.year_no is not None:
            self.load_year(self.year_no)

    # ------------------------------------------------------------ palette
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        for mode, name, k1, k2 in SCREENS_SV:
            yield SystemCommand(f"Gå till {name}", f"Skärm ({k1.upper()} eller {k2})",
                                lambda m=mode: self.action_goto(m))
        yield SystemCommand("Ångra senaste ändringen", "Ctrl+Z eller F9", self.action_undo)
        yield SystemCommand("Exportera rapporten", "md, html, xlsx, csv, toml eller json (e / Ctrl+E)",
                            self.action_export)
        yield SystemCommand("Importera fil", "Drift/investeringar från csv, xlsx eller SIE (i / Ctrl+O)",
                            self.action_import)
        yield SystemCommand("Nytt år", "Skapa nästa år från det visade (N / Ctrl+N)", self.action_new_year)
        yield SystemCommand("Hjälp: alla tangenter", "F1 eller ?", self.action_help)
        if self.model is not None:
            for p in self.model.periods:
                yield SystemCommand(f"Period: {p.name}", "Byt period (Ctrl+R / F11 växlar)",
                                    lambda c=p.code: self.set_year_period(period=c))
        for y in self.years:
            yield SystemCommand(f"År: {y}", "Byt år", lambda y=y: self.set_year_period(year=y))
        for action, label, desc in getattr(screen, "PALETTE", []):
            yield SystemCommand(label, desc, lambda a=action, s=screen: s.run_action(a))
        yield from binding_commands(self, screen)  # the rest of the screen's keys (tui/keys.py)
        yield SystemCommand("Avsluta", "Ctrl+Q eller F10", self.action_quit)
        yield SystemCommand("Tema", "Byt färgtema", self.action_change_theme)


def run_app(store: Any, config: Any = None, year: int | None = None) -> int:
    app = SydnarkeApp(store, config, year)
    app.run()
    return app.return_code or (1 if app.crashed else 0)


def title_text(app: SydnarkeApp, current: str) -> Text:
    t = Text(no_wrap=True, overflow="ellipsis")
    for mode, name, k1, _ in SCREENS_SV:
        style = "reverse bold" if mode == current else ""
        t.append(f"{k1.upper()}", style="bold" if mode != current else style)
        t.append(f" {SHORT_SV[mode]}", style=style)
        t.append(" ")
    return t
