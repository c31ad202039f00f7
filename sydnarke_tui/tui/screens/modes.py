"""The one declaration of each screen's mode, title, tab name and keys, in tab order.

The app needs these before a screen's module is imported (bindings, the tab bar,
the command palette); the screen classes read theirs from here too
(BaseScreen.__init_subclass__), so a title or a key is written once.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import BaseScreen


@dataclass(frozen=True)
class ModeInfo:
    """A mode as the app knows it before its screen is imported."""

    mode: str
    module: str  # under sydnarke_tui.tui.screens
    cls: str
    title: str  # the screen's Swedish title (the class's TITLE_SV)
    short: str  # its name in the tab bar
    keys: tuple[str, str]  # the keys that show it: an F-key and one that survives SSH and tmux

    def load(self) -> type[BaseScreen]:
        cls: type[BaseScreen] = getattr(importlib.import_module(f"{__package__}.{self.module}"), self.cls)
        return cls


MODE_INFO: dict[str, ModeInfo] = {m.mode: m for m in (
    ModeInfo("oversikt", "overview", "OverviewScreen", "Översikt", "Översikt", ("f2", "1")),
    ModeInfo("mal", "goals", "GoalsScreen", "Mål och indikatorer", "Mål", ("f3", "2")),
    ModeInfo("drift", "operating", "OperatingScreen", "Driftredovisning", "Drift", ("f4", "3")),
    ModeInfo("invest", "investments", "InvestmentScreen", "Investeringar", "Invest", ("f5", "4")),
    ModeInfo("key", "key", "KeyScreen", "Fördelning", "Fördeln.", ("f6", "5")),
    ModeInfo("kontroll", "checks", "ChecksScreen", "Kontroll", "Kontroll", ("f7", "6")),
    ModeInfo("logg", "log", "LogScreen", "Logg", "Logg", ("f8", "7")),
    ModeInfo("berattelse", "narrative", "NarrativeScreen", "Verksamhetsberättelse", "Berätt.", ("8", "ctrl+f")),
)}


def mode_info(mode: str, cls: str) -> ModeInfo:
    """The registry's entry for a screen class declaring `MODE = mode`; a clear error when there is none."""
    try:
        return MODE_INFO[mode]
    except KeyError:
        raise LookupError(f"{cls}.MODE = {mode!r} is not in MODE_INFO (sydnarke_tui/tui/screens/modes.py): "
                          "add the screen's title, tab name and keys there") from None
