"""The base of every screen: header, footer, changes, forms and the edit messages.

Screens read the session (`self.session`) and draw its changes (`apply`,
session/changes.py): a keystroke only what the field can change, anything
else in full. Fields hand typed text to the session themselves and post
Committed / Cancelled, which this class answers through the session, the
owner of every edit. Screens never import the app: what they need from it
is the `Host` protocol.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.css.query import NoMatches
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from ...core.numbers import format_amount
from ...core.overview import OverviewFigures
from ...session import Busy, Conflict, Edit, Failed, FieldSpec, Saved, SaveJob, SaveResult, Session, SessionError
from ...session.changes import Change, FieldTyped
from ...session.saving import SAVE_TRY_MS
from ..palette import Palette
from ..text import T
from ..table import LedgerTable
from ..textual_adapter import frame_held_at_start
from ..widgets import Cancelled, Committed, Field, FieldInput, HoldsEdit, KeyFooter, LeaveForm, LiveStatic
from .first_open import StyledOnce
from .modes import mode_info
from .size import SizeGuard

if TYPE_CHECKING:
    from ..notes import NoteField


class Host(Protocol):
    """What a screen needs from the application."""

    session: Session
    suppress_blur_commit: bool
    cursor_blink: bool
    palette: Palette
    early_figures: OverviewFigures | None  # Översikt's figures while the first year is still being read

    def tab_bar(self, current: str, width: int = 0) -> Text: ...

    def goto(self, mode: str) -> None: ...

    def show_year(self, year: int) -> None: ...

    def show_period(self, code: str) -> None: ...

    def after_write(self, year: int | None = None) -> None: ...

    def notify(self, message: str, **kwargs: Any) -> None: ...


class BaseScreen(StyledOnce, SizeGuard, Screen[None]):
    MODE: ClassVar[str] = ""  # a screen of the tab bar: its key in MODE_INFO (.modes), which says the rest
    TITLE_SV: ClassVar[str] = ""  # from MODE_INFO (the help and the palette name the screen by it)
    PALETTE: ClassVar[list[tuple[str, str, str]]] = []  # (action, label, description)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "MODE" in cls.__dict__:  # title, tab name and keys are declared once, in MODE_INFO
            cls.TITLE_SV = mode_info(cls.MODE, cls.__name__).title

    def __init__(self) -> None:
        super().__init__()
        self._revision = -1  # the session's revision this screen last drew
        self._palette: Palette | None = None  # the palette the screen was drawn in
        self.form_key: str | None = None

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    @property
    def session(self) -> Session:
        return self.host.session

    @property
    def unit(self) -> str:
        """The display unit of amounts (units.display)."""
        return self.session.config.display_unit

    @property
    def palette(self) -> Palette:
        """Styles by meaning for the current theme (figures and words keep 4.5:1)."""
        return self.host.palette

    def amount(self, kronor: int | None) -> str:
        return format_amount(kronor, self.unit)

    def compose(self) -> ComposeResult:
        yield LiveStatic(id="tabs")
        yield LiveStatic(id="context")
        yield from self.compose_body()
        yield KeyFooter()
        yield from self.too_small()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.refresh_view()

    def apply(self, change: Change) -> None:
        """A change of the session, while this screen is on show: a keystroke redraws what that field
        can change; anything else, or a change after one this screen missed, redraws it all."""
        if not self.is_mounted:
            return  # still being composed: on_mount draws it all
        if isinstance(change, FieldTyped) and self._revision == change.revision - 1:
            self.update_live(change.spec)
        else:
            self.refresh_view()

    def _compositor_refresh(self) -> None:
        if not frame_held_at_start(self):  # else painted when the start-up batch ends (textual_adapter.py)
            super()._compositor_refresh()

    def on_resize(self, event) -> None:
        self.show_header()  # the tab bar fits the new width

    def on_screen_resume(self) -> None:
        # Any change while another screen was on show (a keystroke on Drift moves a linked indicator
        # on Mål, the overview's net result): drawn again.
        if self._revision != self.session.revision or self._palette is not self.host.palette:
            self.refresh_view()
        else:
            self.show_header()

    # ------------------------------------------------------------ rendering
    @property
    def composed(self) -> bool:
        """The header exists (a query walks the whole DOM: too dear on every key)."""
        try:
            self.get_child_by_id("tabs")
        except NoMatches:
            return False
        return True

    def show_header(self) -> None:
        s = self.session
        if not self.composed:
            return
        self.query_one("#tabs", LiveStatic).show(self.host.tab_bar(self.MODE, self.size.width))
        if s.model is None:
            self.query_one("#context", LiveStatic).show(T(("Laddar…", "italic")))
            return
        parts: list[Any] = [(s.model.organisation or s.config.organisation, "bold"),
                            f" · {s.model.year} · {s.period.name}"]
        if any(e.job is not None for e in s.edits):
            room = self.size.width - T(*parts).cell_len
            notes = ["  ⏳ väntar på databasen · Esc slutar vänta", "  ⏳ väntar på databasen", "  ⏳ väntar"]
            parts.append((next((n for n in notes if len(n) <= room), notes[-1]), "bold reverse"))
        elif s.invalid:
            room = self.size.width - T(*parts).cell_len
            # The longest form that fits the line (a narrow terminal gets the short one).
            notes = ["  ✱ ogiltigt värde – panelerna visar senaste giltiga",
                     "  ✱ ogiltigt värde – senaste giltiga visas", "  ✱ ogiltigt värde"]
            parts.append((next((n for n in notes if len(n) <= room), notes[-1]), "bold reverse"))
        self.query_one("#context", LiveStatic).show(T(*parts))

    def refresh_view(self) -> None:
        """Full refresh (after load, save, reload)."""
        self.show_header()
        if self.session.model is None or self.session.computed is None or not self.composed:
            return
        self._revision = self.session.revision
        self._palette = self.host.palette
        self.render_full()

    def update_live(self, spec: FieldSpec) -> None:
        """A keystroke: update only what the edited value can change."""
        self.show_header()
        if self.session.computed is None or not self.composed:
            return
        self._revision = self.session.revision
        self.render_live(spec)

    def reload_cell(self, table: LedgerTable) -> None:
        """The year was read again: a table cell opened for editing, with nothing typed yet, shows its value now."""
        cell = table.cell_edit
        if cell is not None:
            cell.reload(self.session.value(cell.spec))

    def render_full(self) -> None:  # pragma: no cover - overridden
        pass

    def render_live(self, spec: FieldSpec) -> None:
        self.render_full()

    def jump(self, path: str) -> None:
        """Show the row of a figure path (from Kontroll)."""

    # ------------------------------------------------------------ forms
    def fill_form(self, container_id: str, key: str | None, specs: list[FieldSpec]) -> bool:
        """Show the selected row's fields in the fields there are (its values in place, the same fields
        taking its specs, or hidden for a heading); False when the form needs other fields (build_form)."""
        form = self.query_one(f"#{container_id}", VerticalScroll)
        fields = self._fields(form)
        if key == self.form_key and specs and len(fields) == len(specs) and all(f.display for f in fields):
            for f in fields:
                f.reload(self.session.value(f.spec))
            return True
        if not specs and fields and all(f.edit is None for f in fields):
            # A heading, subtotal or total row: the fields wait hidden for the next line (a remount
            # each way cost more than the rest of a cursor move).
            self.form_key = key
            self._show_hint(form, fields, True)
            return True
        if self._rebind(fields, specs):
            self.form_key = key
            self._show_hint(form, fields, False)
            return True
        # still the hint: a heading, subtotal or total row after another
        return not specs and self.form_key is None and not fields and bool(form.children)

    async def build_form(self, container_id: str, key: str | None, specs: list[FieldSpec]) -> None:
        """Show the selected row's fields: its values in place when the form has the same fields, else new ones."""
        if self.fill_form(container_id, key, specs):
            return
        form = self.query_one(f"#{container_id}", VerticalScroll)
        fields = self._fields(form)
        self.form_key = key
        for f in fields:
            if f.edit is not None and not f.edit.dirty:
                self.session.cancel(f.edit)
        await form.remove_children()
        if specs:
            blink = self.host.cursor_blink
            await form.mount_all([Field(s, self.session.value(s), cursor_blink=blink) for s in specs])
        else:
            await form.mount(Static(Text("Välj en rad i tabellen.", style="italic"), classes="form-hint"))

    @staticmethod
    def _fields(form: VerticalScroll) -> list[Field]:
        """The form's fields: its children (a query would walk every field's own widgets too)."""
        return [f for f in form.children if isinstance(f, Field)]

    @staticmethod
    def _show_hint(form: VerticalScroll, fields: list[Field], hint: bool) -> None:
        for f in fields:
            if f.display == hint:  # set only when it changes: the first set of a style costs a layout pass
                f.display = not hint
        shown = [w for w in form.children if w.has_class("form-hint")]
        if shown:
            if shown[0].display != hint:
                shown[0].display = hint
        elif hint:
            form.mount(Static(Text("Välj en rad i tabellen.", style="italic"), classes="form-hint"))

    def _rebind(self, fields: list[Field], specs: list[FieldSpec]) -> bool:
        """Another row of the same kind: the same fields take its specs and values (no remount, no message).

        Only when no field holds an edit: an edit (even an unchanged one) goes
        the old way, so nothing typed is ever replaced here.
        """
        if not specs or len(fields) != len(specs) or any(f.edit is not None for f in fields):
            return False
        if [f.shape for f in fields] != [Field.shape_of(s) for s in specs]:
            return False
        for f, spec in zip(fields, specs):
            f.rebind(spec, self.session.value(spec))
        return True

    @staticmethod
    def _inputs(form: Any) -> list[FieldInput]:
        """The form's inputs on show (a heading or total row keeps its fields hidden)."""
        return [f.input for f in form.query(Field) if f.display]

    def focus_form(self, container_id: str) -> None:
        inputs = self._inputs(self.query_one(f"#{container_id}"))
        if inputs:
            inputs[0].focus()

    def table_cell(self, specs: list[FieldSpec], column: str) -> tuple[FieldSpec, str] | None:
        """The spec of a table column among a row's specs, with its text now (for editing in place)."""
        spec = next((s for s in specs if s.key == column), None)
        return None if spec is None else (spec, spec.fmt(self.session.value(spec)))

    def focus_table(self) -> None:
        tables = self.query(LedgerTable)
        if tables:
            tables.first().focus()

    def on_ledger_table_row_selected(self, event: LedgerTable.RowSelected) -> None:
        """Enter on a cell that is not edited in place, or `f`: the row's form, at the column's field."""
        forms = self.query(".form")
        if not forms:
            return
        inputs = self._inputs(forms.first())
        column = event.table.current_column
        chosen = next((i for i in inputs if i.id == f"input-{column}"), inputs[0] if inputs else None)
        if chosen is not None:
            chosen.focus()

    def act(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Add, delete or move through the session; an error is one line, nothing changed."""
        try:
            result = fn(*args, **kwargs)
        except SessionError as exc:
            self.notify(str(exc), title="Ej sparat", severity="error", markup=False, timeout=10)
            return None
        return result

    def dirty_fields(self) -> list[Any]:
        """The widgets showing an unsaved edit, one per edit (a table cell and the form's field of the
        same value show the session's one edit)."""
        cells = [t.cell_edit for t in self.query(LedgerTable) if t.cell_edit is not None]
        shown: dict[int, Any] = {}
        # By name: tui/notes.py is imported only by the screens that have a NoteField.
        for f in [*self.query("Field, NoteField").results(HoldsEdit), *cells]:
            if f.dirty:
                shown.setdefault(id(f.edit), f)
        return list(shown.values())

    # ------------------------------------------------------------ the edit messages
    @on(Committed)
    def _committed(self, message: Committed) -> None:
        if message.edit is not None and not self.host.suppress_blur_commit:
            self.save_field(message.field, message.edit)

    @on(Cancelled)
    def _cancelled(self, message: Cancelled) -> None:
        edit = message.edit
        if edit is None or self.host.suppress_blur_commit:
            return
        if edit.job is not None and not message.left:  # Esc while the save waits: stop waiting, keep the value
            self.session.give_up(edit)
            message.field.replay(False)
            self.show_header()
            self.notify(f"{edit.spec.label}: slutade vänta på databasen. Värdet står kvar osparat; "
                        "Enter försöker igen.", severity="warning", markup=False)
            return
        if message.left and edit.dirty:
            self.notify(f"{edit.spec.label}: ogiltigt värde sparades inte; det sparade värdet är kvar.",
                        severity="warning", markup=False)
        self._finish(message.field, edit, self.session.cancel(edit))

    @on(LeaveForm)
    def _leave_form(self) -> None:
        self.focus_table()

    def save_field(self, field: Field | NoteField, edit: Edit) -> bool:
        """Save an edit; a conflict asks the user, a locked database is waited for off this thread. True when saved."""
        if edit.job is not None:  # already waiting for the database: one save per edit, again once it is done
            edit.job.again = edit.job.again or edit.text != edit.job.text
            return False
        return self._answer(field, edit, self.session.save(edit, wait_ms=SAVE_TRY_MS))

    def _answer(self, field: Field | NoteField, edit: Edit, result: SaveResult) -> bool:
        if isinstance(result, Busy):
            self._wait(field, result)
            return False
        if isinstance(result, Saved):
            self._finish(field, edit, result.value)
            return True
        if isinstance(result, Conflict):
            self._ask(field, result)
            return False
        assert isinstance(result, Failed)
        self.notify(result.message, title="Ej sparat", severity="error", markup=False, timeout=10)
        return False

    def _wait(self, field: Field | NoteField, busy: Busy) -> None:
        who = f" (senast sparat av {busy.holder})" if busy.holder else ""
        self.notify(f"Väntar på databasen: en annan session skriver{who}. Sparas när den blir ledig; "
                    "tangenterna fungerar, Esc slutar vänta.", title="Väntar", markup=False, timeout=6)
        self.show_header()
        self._keep_trying(field, busy.job)

    @work(thread=True, group="save")
    def _keep_trying(self, field: Field | NoteField, job: SaveJob) -> None:
        result = self.session.keep_trying(job)  # its own connection (Session.thread_store)
        if result is not None:
            self.app.call_from_thread(self._waited, field, job, result)

    def _waited(self, field: Field | NoteField, job: SaveJob, result: SaveResult) -> None:
        result = self.session.finish_waiting(job, result)
        self.show_header()
        edit = job.edit
        if isinstance(result, Saved) and any(e is edit for e in self.session.edits):
            field.replay(False)  # typed on meanwhile: the edit goes on from the saved value
            field.show_state()
            if job.again:  # … and Enter was pressed for the newer text
                self.save_field(field, edit)
            return
        field.replay(isinstance(result, Saved))  # keys held by a table cell follow its save and move
        self._answer(field, edit, result)

    def _finish(self, field: Field | NoteField, edit: Edit, value: Any) -> None:
        # A NoteField may meanwhile edit another text: only its own edit ends here.
        if field.spec is not None and field.spec.ident == edit.spec.ident and getattr(field, "is_attached", True):
            field.finished(value)

    def _ask(self, field: Field | NoteField, conflict: Conflict) -> None:
        host = self.host
        host.suppress_blur_commit = True

        def done(choice: str | None) -> None:
            host.suppress_blur_commit = False
            if choice in ("mine", "theirs"):
                self._answer(field, conflict.edit,
                             self.session.resolve(conflict, keep_mine=choice == "mine", wait_ms=SAVE_TRY_MS))

        from .dialogs import ConflictScreen  # the dialogs are not needed before the first paint

        self.app.push_screen(ConflictScreen(conflict.message()), done)

