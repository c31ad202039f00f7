"""Small modal dialogs: a question with keyed buttons, one line of text, an edit conflict."""

from __future__ import annotations

from typing import Any, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from ..keys import OrderedInput
from ..text import T
from ..textual_adapter import frame_held_at_start
from ..widgets import KeyFooter
from .size import SizeGuard

R = TypeVar("R")  # what the dialog returns to the callback given to push_screen (None on Esc)


class DialogScreen(SizeGuard, ModalScreen[R]):
    """A modal with its own footer, so the keys shown are the dialog's, not the screen's behind it."""

    def compose(self) -> ComposeResult:
        yield from self.compose_dialog()
        yield KeyFooter()
        yield from self.too_small()

    def compose_dialog(self) -> ComposeResult:  # pragma: no cover - every dialog defines it
        raise NotImplementedError

    def _compositor_refresh(self) -> None:
        if not frame_held_at_start(self):  # the recovery offer, pushed while the app starts (textual_adapter.py)
            super()._compositor_refresh()


class ConfirmScreen(DialogScreen[str]):
    """A question with buttons; each option also has a key."""

    def __init__(self, message: str, options: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.message = message
        self.options = options

    def compose_dialog(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(T(self.message), markup=False)  # user text (a label) shown inert
            with Horizontal(id="confirm-buttons"):
                for value, label, key in self.options:
                    hint = "Esc" if key == "escape" else key
                    yield Button(Text(f"{label} ({hint})"), id=f"opt-{value}")

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
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


class ConflictScreen(ConfirmScreen):
    """Another session saved the field being edited: yours, theirs and what was saved before; the user picks."""

    def __init__(self, message: str) -> None:
        super().__init__(message, [("mine", "Spara mitt", "m"), ("theirs", "Ta deras", "d"),
                                   ("cancel", "Fortsätt skriva", "escape")])


class PromptScreen(DialogScreen[str]):
    """Ask for one line of text (a name for a new row)."""

    BINDINGS = [Binding("escape", "cancel", "Avbryt", id="prompt.cancel")]

    def __init__(self, question: str, initial: str = "", *, cursor_blink: bool = False) -> None:
        super().__init__()
        self.question = question
        self.initial = initial
        self.cursor_blink = cursor_blink

    def compose_dialog(self) -> ComposeResult:
        with Vertical(id="confirm"):
            yield Static(Text(self.question + "  (Enter = ok, Esc = avbryt)"), markup=False)
            yield OrderedInput(value=self.initial, id="prompt-input")
            yield Static("", id="prompt-error", markup=False)

    def on_mount(self) -> None:
        inp = self.query_one(Input)
        inp.cursor_blink = self.cursor_blink
        inp.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value or any(ord(c) < 32 for c in value):
            self.query_one("#prompt-error", Static).update(Text("⚠ Ange ett namn (utan styrtecken)."))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceScreen(DialogScreen[tuple[str, Any]]):
    """Pick one of a list (Enter), or Esc for none; returns the chosen value, None on Esc."""

    BINDINGS = [Binding("escape", "cancel", "Avbryt", id="choice.cancel")]

    def __init__(self, question: str, options: list[tuple[Any, str]], current: Any = None) -> None:
        super().__init__()
        self.question = question
        self.options = options
        self.current = current

    def compose_dialog(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Text(self.question + "  (Enter = välj, Esc = avbryt)"), markup=False)
            # labels are user text (line names): Text, never markup
            yield OptionList(*(Option(Text(label), id=str(i)) for i, (_, label) in enumerate(self.options)),
                             id="choice-list")

    def on_mount(self) -> None:
        lst = self.query_one(OptionList)
        lst.highlighted = next((i for i, (v, _) in enumerate(self.options) if v == self.current), 0)
        lst.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(("chosen", self.options[int(event.option.id or 0)][0]))

    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_before_discarding(app: Any, note: Any, on_keep: Any = None) -> None:
    """Esc in a multi-line editor with unsaved text: keep writing, discard or save (as quitting asks).

    The question is a modal dialog, so a key typed after Esc (e.g. `w`) goes
    to the dialog, never into the text.
    """
    def done(answer: str | None) -> None:
        app.suppress_blur_commit = False
        if answer == "save":
            if note.commit():
                app.notify(f"{note.spec.label} sparad.", markup=False, timeout=2)
        elif answer == "discard":
            note.revert()
        elif on_keep is not None:
            on_keep()

    app.suppress_blur_commit = True  # opening the dialog must not save the text behind the user's back
    app.push_screen(
        ConfirmScreen(f"Osparad text i {note.spec.label}. Spara den?",
                      [("keep", "Fortsätt skriva", "escape"), ("discard", "Kasta", "k"), ("save", "Spara", "s")]),
        done,
    )
