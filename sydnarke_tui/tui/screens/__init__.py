"""The seven screens and the modal dialogs."""

from .accounts import InvestmentScreen, OperatingScreen
from .base import BaseScreen, ConfirmScreen, HelpScreen, PromptScreen
from .goals import GoalsScreen
from .other import ChecksScreen, KeyScreen, LogScreen
from .narrative import NarrativeScreen
from .overview import OverviewScreen

ALL_SCREENS = [OverviewScreen, GoalsScreen, OperatingScreen, InvestmentScreen, KeyScreen, ChecksScreen, LogScreen,
               NarrativeScreen]


def _modals() -> list:
    from .files import ExportScreen, ImportScreen, NewYearScreen

    return [HelpScreen, PromptScreen, ExportScreen, ImportScreen, NewYearScreen]


def __getattr__(name: str):
    if name == "ALL_MODALS":  # the file dialogs load lazily (not needed for the first screen)
        return _modals()
    raise AttributeError(name)

__all__ = [
    "ALL_SCREENS", "BaseScreen", "ChecksScreen", "ConfirmScreen", "GoalsScreen", "HelpScreen",
    "InvestmentScreen", "KeyScreen", "LogScreen", "NarrativeScreen", "OperatingScreen", "OverviewScreen", "PromptScreen",
]
