"""The screens, one per file, and the one registry of modes (MODE_INFO / MODES), in tab order.

A screen's module is imported the first time the screen is needed (start-up
imports only the first screen): MODE_INFO (.modes) holds what the app's bindings,
tab bar and palette need before that, and is where each screen's title, tab name
and keys are declared; MODES[mode] imports and returns the class.
Every class named in __all__ is importable from here as before, on first use.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

from .base import BaseScreen, Host
from .modes import MODE_INFO, ModeInfo

if TYPE_CHECKING:  # for readers and type checkers; at run time __getattr__ imports on first use
    from .checks import ChecksScreen
    from .dialogs import ConfirmScreen, ConflictScreen, PromptScreen
    from .export_dialog import ExportScreen
    from .goals import GoalsScreen
    from .help import HelpScreen
    from .import_dialog import ImportScreen
    from .investments import InvestmentScreen
    from .key import KeyScreen
    from .log import LogScreen
    from .narrative import NarrativeScreen
    from .new_year_dialog import NewYearScreen
    from .operating import OperatingScreen
    from .overview import OverviewScreen


class _Modes(Mapping[str, "type[BaseScreen]"]):
    """mode -> screen class; the module is imported on the first lookup."""

    def __getitem__(self, mode: str) -> type[BaseScreen]:
        return MODE_INFO[mode].load()

    def __iter__(self) -> Iterator[str]:
        return iter(MODE_INFO)

    def __len__(self) -> int:
        return len(MODE_INFO)


MODES: Mapping[str, type[BaseScreen]] = _Modes()

# The screens and dialogs: (module, class), imported on first use (the small dialogs too: none is
# needed for the first paint, and their module is a millisecond of the start).
_LAZY: dict[str, str] = {
    **{m.cls: m.module for m in MODE_INFO.values()},
    "HelpScreen": "help", "ExportScreen": "export_dialog", "ImportScreen": "import_dialog",
    "NewYearScreen": "new_year_dialog", "ConfirmScreen": "dialogs", "ConflictScreen": "dialogs",
    "PromptScreen": "dialogs",
}
DIALOG_NAMES = ("HelpScreen", "PromptScreen", "ConfirmScreen", "ConflictScreen", "ExportScreen", "ImportScreen",
                "NewYearScreen")


def dialog_classes() -> list[type]:
    """Every dialog class (imports the lazy ones): for the keymap check and the help screen. (Not named
    `dialogs`: importing the .dialogs module sets that name on this package.)"""
    return [globals()[name] if name in globals() else __getattr__(name) for name in DIALOG_NAMES]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    if name == "DIALOGS":
        return dialog_classes()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DIALOGS", "DIALOG_NAMES", "MODES", "MODE_INFO", "BaseScreen", "ChecksScreen", "ConfirmScreen", "ConflictScreen",
    "ExportScreen", "GoalsScreen", "HelpScreen", "Host", "ImportScreen", "InvestmentScreen", "KeyScreen", "LogScreen",
    "ModeInfo", "NarrativeScreen", "NewYearScreen", "OperatingScreen", "OverviewScreen", "PromptScreen",
    "dialog_classes",
]
