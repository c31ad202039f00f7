"""Next year: create the following year from the shown one (io.rollover through the session)."""

from __future__ import annotations

import re

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from ...core.model import Value
from ...core.numbers import ParseError, format_value
from ...core.text import one_line
from ...session import parsing as P
from ..keys import OrderedInput
from ..text import T
from .file_dialog import FileDialog, dialog_row, error_line


class NewYearScreen(FileDialog[int]):
    """Create the next year from the shown one (io.rollover.next_year)."""

    BINDINGS = [Binding("escape", "cancel", "Avbryt", id="new_year.cancel")]

    def compose_dialog(self) -> ComposeResult:
        self.from_year = self.session.shown_year.year  # opened only with a year shown (app.action_new_year)
        to = self.from_year + 1
        with Vertical(id="dialog"):
            yield Static(self._question(str(to)), id="new-year-question", markup=False)
            yield Static(Text("Mål, indikatorer, rader, budget och nyckel kopieras. Årets utfall blir "
                              "föregående års utfall; utfall, kommentarer och berättelse töms."), markup=False)
            yield dialog_row("Nytt år", OrderedInput(value=str(to), compact=True, id="new-year-input", max_length=8))
            self.moves = self.session.moved_targets(self.from_year)
            if self.moves:
                yield Static(Text("Mål som flyttas till fjolårets utfall (behåll eller ändra):"), markup=False)
            for i, m in enumerate(self.moves):
                # "Värde medarbetare… > 74 →" then the new target, editable (user text: Text, never markup)
                label = f"{m.name[:24]}{'…' if len(m.name) > 24 else ''} {m.comparison.symbol} " \
                        f"{format_value(m.old)} →"
                yield dialog_row(label, OrderedInput(value=format_value(m.new), compact=True, id=f"target-{i}",
                                                     max_length=20), width=len(label) + 1)
            yield Static("", id="dialog-error", markup=False)
            yield Static("", id="dialog-busy", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(Text("Skapa (Enter)"), id="run", compact=True)
                yield Button(Text("Avbryt (Esc)"), id="cancel", compact=True)

    def _question(self, to: str) -> Text:
        return T((f"Skapa {to or '…'} från {self.from_year}?", "bold"))

    def on_mount(self) -> None:
        self.query_one("#new-year-input", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.id == "new-year-input":
            self.query_one("#new-year-question", Static).update(self._question(event.value.strip()))
        self.show_error(None)

    def validate(self, text: str) -> tuple[int | None, str | None]:
        s = text.strip()
        if not re.fullmatch(r"\d{4}", s):
            return None, f"'{one_line(s)}': ange ett årtal med fyra siffror, t.ex. {self.from_year + 1}."
        to = int(s)
        if to in self.session.years:
            return None, f"Året {to} finns redan."
        if to <= self.from_year:
            return None, f"Det nya året måste vara senare än {self.from_year}."
        return to, None

    def _targets(self) -> tuple[dict[int, Value | None], str | None]:
        """The officer's target per moved indicator, or the first field's error."""
        targets: dict[int, Value | None] = {}
        for i, m in enumerate(self.moves):
            text = self.query_one(f"#target-{i}", Input).value
            try:
                targets[m.indicator_id] = P.value_parser(m.unit)(text)
            except ParseError as exc:
                return {}, f"{m.name}: {exc}"
        return targets, None

    def action_run(self) -> None:
        to, err = self.validate(self.query_one("#new-year-input", Input).value)
        targets, terr = self._targets()
        self.show_error(err or terr)
        if to is None or terr:
            return
        self.show_busy(f"Skapar {to}…")
        self._create(self.from_year, to, targets)

    @work(thread=True, exclusive=True, group="new-year")
    def _create(self, from_year: int, to: int, targets: dict[int, Value | None]) -> None:
        try:
            self.session.new_year(from_year, to, targets)
        except Exception as exc:  # noqa: BLE001 - StoreError, WorkflowError: one line
            self.app.call_from_thread(self.failed, error_line(exc))
            return
        self.app.call_from_thread(self._created, from_year, to)

    def _created(self, from_year: int, to: int) -> None:
        host = self.host
        self.dismiss(to)
        host.after_write(year=to)
        host.notify(f"Året {to} är skapat från {from_year} och visas nu.", title="Nytt år", markup=False, timeout=8)
