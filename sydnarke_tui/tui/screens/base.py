"""The base screen (header, footer, refresh protocol) and the modal screens."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Static

from ..widgets import Field, FieldInput, LiveStatic, SyncTable, T

if TYPE_CHECKING:
    from ..app import SydnarkeApp


class BaseScreen(Screen):
    MODE = ""
    PALETTE: list[tuple[str, str, str]] = []  # (action, label, description)

    def __init__(self) -> None:
        super().__init__()
        self._gen = -1
        self.form_key: str | None = None

    @property
    def sapp(self) -> "SydnarkeApp":
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield LiveStatic(id="tabs")
        yield LiveStatic(id="context")
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        yield from ()

    def on_mount(self) -> None:
        self.refresh_view()

    def on_screen_resume(self) -> None:
        if self._gen != self.sapp.generation:
            self.refresh_view()
        else:
            self.show_header()

    # ------------------------------------------------------------ protocol
    def show_header(self) -> None:
        from ..app import title_text

        app = self.sapp
        if not self.query("#tabs"):
            return
        self.query_one("#tabs", LiveStatic).show(title_text(app, self.MODE))
        if app.model is None:
            self.query_one("#context", LiveStatic).show(T(("Laddar…", "italic")))
            return
        parts: list[Any] = [(app.model.organisation or app.organisation, "bold"),
                            f" · {app.model.year} · {app.period.name}"]
        if app.invalid_marker:
            parts.append(("  ✱ ogiltigt värde – panelerna visar senaste giltiga", "bold reverse"))
        self.query_one("#context", LiveStatic).show(T(*parts))

    def refresh_view(self) -> None:
        """Full refresh from app.model / app.computed (after load, commit, reload)."""
        self.show_header()
        if self.sapp.model is None or self.sapp.computed is None or not self.query("#tabs"):
            return
        self._gen = self.sapp.generation
        self.render_full()

    def update_live(self, field: Field | None) -> None:
        """A keystroke: update only what the edited value can change."""
        self.show_header()
        if self.sapp.computed is None or not self.query("#tabs"):
            return
        self.render_live(field)

    def render_full(self) -> None:  # pragma: no cover - overridden
        pass

    def render_live(self, field: Field | None) -> None:
        self.render_full()

    def jump(self, path: str) -> None:
        pass

    # ------------------------------------------------------------ forms
    async def build_form(self, container_id: str, key: str | None, specs: list) -> None:
        """Replace the form's fields (when the selected entity changes)."""
        form = self.query_one(f"#{container_id}", VerticalScroll)
        if key == self.form_key and len(form.children) == len(specs):
            for f in form.query(Field):
                f.reload()
            return
        self.form_key = key
        await form.remove_children()
        if specs:
            await form.mount_all([Field(s) for s in specs])
        else:
            await form.mount(Static(Text("Välj en rad i tabellen.", style="italic")))

    def focus_form(self, container_id: str) -> None:
        inputs = self.query_one(f"#{container_id}").query(FieldInput)
        if inputs:
            inputs.first().focus()

    def focus_table(self) -> None:
        tables = self.query(SyncTable)
        if tables:
            tables.first().focus()

    def on_data_table_row_selected(self, event) -> None:
        forms = self.query(".form")
        if forms:
            inputs = forms.first().query(FieldInput)
            if inputs:
                inputs.first().focus()


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Stäng", id="help.close")]

    def compose(self) -> ComposeResult:
        from ..app import SydnarkeApp
        from . import ALL_SCREENS

        app = self.app
        keymap = getattr(app, "_keymap", {}) or {}

        def keys(b: Binding) -> str:
            k = keymap.get(b.id, b.key) if b.id else b.key
            return ", ".join(x.strip().replace("question_mark", "?").replace("left_square_bracket", "[")
                             for x in k.split(","))

        t = Text()
        t.append("Tangenter (F1 eller ? öppnar, Esc stänger)\n", style="bold")
        t.append("Alla åtgärder finns också i kommandopaletten (Ctrl+P eller F12).\n\n")
        t.append("Överallt\n", style="bold underline")
        for b in SydnarkeApp.BINDINGS:
            t.append(f"  {keys(b):<22}", style="bold")
            t.append(f"{b.description}\n")
        t.append(f"  {'tab / shift+tab':<22}", style="bold")
        t.append("Nästa / föregående fält\n")
        t.append(f"  {'Enter':<22}", style="bold")
        t.append("Spara fältet / öppna raden i formuläret\n")
        t.append(f"  {'Esc':<22}", style="bold")
        t.append("Återställ fältet till sparat värde (andra Esc: tillbaka till tabellen)\n")
        for cls in ALL_SCREENS:
            shown = [b for b in cls.BINDINGS if isinstance(b, Binding)]
            if not shown:
                continue
            t.append(f"\n{cls.TITLE_SV}\n", style="bold underline")
            for b in shown:
                t.append(f"  {keys(b):<22}", style="bold")
                t.append(f"{b.description}\n")
        t.append("\nBindningar kan ändras i config.toml under [keymap] med id:t, t.ex.\n")
        t.append('  undo = "ctrl+z,f9"\n')
        known = app.known_binding_ids() if hasattr(app, "known_binding_ids") else set()
        ids = [b.id for b in SydnarkeApp.BINDINGS if b.id] + [b.id for c in ALL_SCREENS for b in c.BINDINGS if b.id]
        ids += sorted(known - set(ids))
        t.append(f"Id:n: {', '.join(ids)}\n")
        with VerticalScroll(id="help-body"):
            yield Static(t, markup=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[str]):
    """A question with buttons; each option also has a key."""

    def __init__(self, message: str, options: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.message = message
        self.options = options

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(T(self.message), markup=False)  # user text (a label) shown inert
            with Horizontal(id="confirm-buttons"):
                for value, label, key in self.options:
                    hint = "Esc" if key == "escape" else key
                    yield Button(Text(f"{label} ({hint})"), id=f"opt-{value}")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event) -> None:
        for value, _, key in self.options:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return
        if event.key in ("left", "right"):
            event.stop()
            if event.key == "left":
                self.focus_previous()
            else:
                self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss((event.button.id or "opt-cancel")[4:])


class PromptScreen(ModalScreen):
    """Ask for one line of text (a name for a new row)."""

    BINDINGS = [Binding("escape", "cancel", "Avbryt", id="prompt.cancel")]

    def __init__(self, question: str, initial: str = "") -> None:
        super().__init__()
        self.question = question
        self.initial = initial

    def compose(self) -> ComposeResult:
        from ..keys import OrderedInput

        with Vertical(id="confirm"):
            yield Static(Text(self.question + "  (Enter = ok, Esc = avbryt)"), markup=False)
            yield OrderedInput(value=self.initial, id="prompt-input")
            yield Static("", id="prompt-error", markup=False)

    def on_mount(self) -> None:
        from textual.widgets import Input

        inp = self.query_one(Input)
        inp.cursor_blink = getattr(self.app, "cursor_blink", False)
        inp.focus()

    def on_input_submitted(self, event) -> None:
        event.stop()
        value = event.value.strip()
        if not value or any(ord(c) < 32 for c in value):
            self.query_one("#prompt-error", Static).update(Text("⚠ Ange ett namn (utan styrtecken)."))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)
