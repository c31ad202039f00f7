"""F1: every key, per screen, with the binding ids [keymap] may name."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


# Textual's key names as the keyboard and the README spell them.
_NAMES = {"escape": "Esc", "question_mark": "?", "left_square_bracket": "[", "right_square_bracket": "]",
          "slash": "/", "enter": "Enter", "tab": "Tab", "insert": "Insert", "delete": "Delete", "home": "Home",
          "end": "End", "pageup": "PageUp", "pagedown": "PageDown", "up": "Up", "down": "Down", "left": "Left",
          "right": "Right", "space": "Space", "backspace": "Backspace"}
KEY_COLUMN = 24


def key_name(key: str) -> str:
    """'ctrl+shift+z' -> 'Ctrl+Shift+Z', 'f21' -> 'Shift+F9' (what xterm-like terminals send for it)."""
    key = key.strip()
    *mods, last = key.split("+") if key != "+" else ["+"]
    f = re.fullmatch(r"f(\d+)", last)
    if f:
        n = int(f.group(1))
        if 13 <= n <= 24:
            mods, n = [*mods, "shift"], n - 12
        name = f"F{n}"
    else:
        name = _NAMES.get(last) or (last.upper() if mods and len(last) == 1 else last)
    return "+".join([*(m.capitalize() for m in mods), name])


def _keys(b: Binding, keymap: dict[str, str]) -> str:
    k = keymap.get(b.id, b.key) if b.id else b.key
    return ", ".join(key_name(x) for x in k.split(","))


def _row(t: Text, keys: str, what: str) -> None:
    """One key row: the keys, at least one space, the label (a long list of keys pushes it right)."""
    t.append(f"  {keys:<{KEY_COLUMN}} ", style="bold")
    t.append(f"{what}\n")


class HelpScreen(ModalScreen[None]):
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
            _row(t, _keys(b, self.keymap), b.description)

    def compose(self) -> ComposeResult:
        t = Text()
        t.append("Tangenter (F1 eller ? öppnar, Esc stänger)\n", style="bold")
        t.append("Alla åtgärder finns också i kommandopaletten (Ctrl+P eller F12).\n")
        self._section(t, "Överallt", self.global_bindings)
        for keys, what in (("Tab / Shift+Tab", "Nästa / föregående fält"),
                           ("Enter", "Spara fältet / öppna raden i formuläret"),
                           ("Esc", "Återställ fältet till sparat värde (andra Esc: tillbaka till tabellen)")):
            _row(t, keys, what)
        for title, bindings in self.screens:
            if bindings:
                self._section(t, title, bindings)
        t.append("\nBindningar kan ändras i config.toml under [keymap] med id:t, t.ex.\n")
        t.append('  undo = "ctrl+z,f9"\n')
        t.append(f"Id:n: {', '.join(self.ids)}\n")
        with VerticalScroll(id="help-body"):
            yield Static(t, markup=False)
