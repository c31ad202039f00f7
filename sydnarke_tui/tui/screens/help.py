"""F1: every key, per screen, with the binding ids [keymap] may name."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def _keys(b: Binding, keymap: dict[str, str]) -> str:
    k = keymap.get(b.id, b.key) if b.id else b.key
    return ", ".join(x.strip().replace("question_mark", "?").replace("left_square_bracket", "[")
                     for x in k.split(","))


class HelpScreen(ModalScreen):
    BINDINGS = [Binding("escape,f1,q", "dismiss", "Stäng", id="help.close")]

    def __init__(self, global_bindings: list[Binding], screens: list[tuple[str, list[Binding]]],
                 keymap: dict[str, str], ids: list[str]) -> None:
        super().__init__()
        self.global_bindings = global_bindings
        self.screens = screens
        self.keymap = keymap
        self.ids = ids

    def _section(self, t: Text, title: str, bindings: list[Binding]) -> None:
        t.append(f"\n{title}\n", style="bold underline")
        for b in bindings:
            t.append(f"  {_keys(b, self.keymap):<22}", style="bold")
            t.append(f"{b.description}\n")

    def compose(self) -> ComposeResult:
        t = Text()
        t.append("Tangenter (F1 eller ? öppnar, Esc stänger)\n", style="bold")
        t.append("Alla åtgärder finns också i kommandopaletten (Ctrl+P eller F12).\n")
        self._section(t, "Överallt", self.global_bindings)
        for keys, what in (("tab / shift+tab", "Nästa / föregående fält"),
                           ("Enter", "Spara fältet / öppna raden i formuläret"),
                           ("Esc", "Återställ fältet till sparat värde (andra Esc: tillbaka till tabellen)")):
            t.append(f"  {keys:<22}", style="bold")
            t.append(f"{what}\n")
        for title, bindings in self.screens:
            if bindings:
                self._section(t, title, bindings)
        t.append("\nBindningar kan ändras i config.toml under [keymap] med id:t, t.ex.\n")
        t.append('  undo = "ctrl+z,f9"\n')
        t.append(f"Id:n: {', '.join(self.ids)}\n")
        with VerticalScroll(id="help-body"):
            yield Static(t, markup=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)
