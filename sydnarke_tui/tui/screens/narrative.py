"""8. Verksamhetsberättelse: the year's narrative and each goal's analysis, per period.

A list (the year, then every goal) and a multi-line editor. The text is saved
when the editor is left or with Ctrl+S / Ctrl+L; Esc restores the saved text.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal

from ...core.model import GOAL_STATUS_SV
from ...session import FieldSpec
from ...session.specs import find_goal, goal_comment_spec, narrative_spec
from ..text import T, cell
from ..table import LedgerTable
from ..notes import NoteField
from .base import BaseScreen


class NarrativeScreen(BaseScreen):
    MODE = "berattelse"
    BINDINGS = [
        Binding("ctrl+s,ctrl+l", "save", "Spara text", id="narrative.save"),
        Binding("escape", "revert", "Återställ text", id="narrative.revert"),
        Binding("w", "edit", "Skriv", id="narrative.edit"),
    ]
    PALETTE = [("save", "Berättelse: spara texten", "Ctrl+S / Ctrl+L"),
               ("revert", "Berättelse: återställ sparad text", "Esc"),
               ("edit", "Berättelse: skriv i markerad text", "w / Enter")]

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="body note-body"):  # stacked in a narrow terminal (app.tcss)
            yield LedgerTable([("what", "Text", 20), ("has", "", 1), ("status", "Status", 10)],
                              id="note-list", classes="notelist")
            yield NoteField(id="note-field", cursor_blink=self.host.cursor_blink)

    def on_mount(self) -> None:
        self.query_one("#note-list").focus()

    @property
    def note(self) -> NoteField:
        return self.query_one("#note-field", NoteField)

    def _rows(self) -> Iterator[tuple[str, list[Text]]]:
        session = self.session
        model, c = session.shown_year, session.figures
        code = session.period_code
        has = "✎" if model.narrative.get(code, "").strip() else ""
        yield "y", [cell("Årets berättelse", "bold"), cell(has), cell("")]
        for gr in c.assessment.goals:
            g = gr.goal
            has = "✎" if g.comments.get(code, "").strip() else ""
            yield f"g:{g.id}", [cell(g.title), cell(has),
                                cell(GOAL_STATUS_SV[gr.status], self.palette.status(gr.status))]

    def render_full(self) -> None:
        self.query_one("#note-list", LedgerTable).sync(self._rows())
        self._selection_changed()

    def render_live(self, spec: FieldSpec) -> None:
        pass

    def _target(self) -> tuple[str, FieldSpec, Text] | None:
        session = self.session
        model, c = session.model, session.computed
        if model is None or c is None:
            return None
        key = self.query_one("#note-list", LedgerTable).current_key()
        p = session.period
        if key == "y":
            head = T(("Verksamhetsberättelse ", "bold"), f"{model.year} · {p.name}")
            return f"y:{p.code}", narrative_spec(model.year, p.code), head
        if key and key.startswith("g:"):
            gid = int(key[2:])
            goal = find_goal(model, gid)
            if goal is None:
                return None
            gr = next((x for x in c.assessment.goals if x.goal.id == gid), None)
            head = T(("Analys ", "bold"), f"{p.name}: ", goal.title)
            if gr is not None:
                head.append_text(T(" — ", (GOAL_STATUS_SV[gr.status], self.palette.status(gr.status))))
            return f"g:{gid}:{p.code}", goal_comment_spec(gid, p.code), head
        return None

    def _selection_changed(self) -> None:
        if self.session.model is None:
            return
        target = self._target()
        note = self.note
        if target is None:
            if self.form_key is not None:
                self.form_key = None
                note.bind(None, None, Text("Välj en rad i listan.", style="italic"))
            return
        key, spec, head = target
        if key != self.form_key:
            self.form_key = key
            note.bind(spec, self.session.value(spec), head)
        else:
            note.set_head(head)
            note.reload(self.session.value(spec))

    def on_screen_suspend(self) -> None:
        # Switching screens (F-keys) or opening a dialog does not blur the editor:
        # leaving the screen saves, like leaving the editor.
        note = self.note
        edit = note.edit
        if edit is not None and edit.dirty and not self.host.suppress_blur_commit and self.save_field(note, edit):
            self.notify(f"{edit.spec.label} sparad.", markup=False, timeout=2)

    def on_ledger_table_row_highlighted(self, event: LedgerTable.RowHighlighted) -> None:
        self._selection_changed()

    def on_ledger_table_row_selected(self, event: LedgerTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def focus_table(self) -> None:
        self.query_one("#note-list").focus()

    # ------------------------------------------------------------ actions
    def action_edit(self) -> None:
        if self.note.spec is not None:
            self.note.editor.focus()

    def action_save(self) -> None:
        note = self.note
        if note.spec is None:
            return
        if not note.dirty:
            self.notify("Inget osparat att spara.", markup=False, timeout=2)
            return
        if note.edit is not None and self.save_field(note, note.edit):
            self.notify(f"{note.spec.label} sparad.", markup=False, timeout=2)

    def action_revert(self) -> None:
        note = self.note
        if note.dirty:  # ask, as quitting does
            from .dialogs import ask_before_discarding

            ask_before_discarding(self.app, note, on_keep=note.editor.focus)
        elif note.invalid:
            note.revert()
        else:
            self.focus_table()

    def jump(self, path: str) -> None:
        self.focus_table()
