"""The seven screens and the modal dialogs."""

from .accounts import InvestmentScreen, OperatingScreen
from .base import BaseScreen, ConfirmScreen, HelpScreen, PromptScreen
from .goals import GoalsScreen
from .other import ChecksScreen, KeyScreen, LogScreen
from .overview import OverviewScreen

ALL_SCREENS = [OverviewScreen, GoalsScreen, OperatingScreen, InvestmentScreen, KeyScreen, ChecksScreen, LogScreen]

__all__ = [
    "ALL_SCREENS", "BaseScreen", "ChecksScreen", "ConfirmScreen", "GoalsScreen", "HelpScreen",
    "InvestmentScreen", "KeyScreen", "LogScreen", "OperatingScreen", "OverviewScreen", "PromptScreen",
]
