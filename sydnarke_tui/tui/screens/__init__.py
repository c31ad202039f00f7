"""The screens, one per file, and the one registry of modes (MODES), in tab order."""

from .base import BaseScreen, Host, Results
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

MODES: dict[str, type[BaseScreen]] = {cls.MODE: cls for cls in (
    OverviewScreen, GoalsScreen, OperatingScreen, InvestmentScreen, KeyScreen, ChecksScreen, LogScreen,
    NarrativeScreen,
)}
DIALOGS = [HelpScreen, PromptScreen, ConfirmScreen, ConflictScreen, ExportScreen, ImportScreen, NewYearScreen]

__all__ = [
    "DIALOGS", "MODES", "BaseScreen", "ChecksScreen", "ConfirmScreen", "ConflictScreen", "ExportScreen",
    "GoalsScreen", "HelpScreen", "Host", "ImportScreen", "InvestmentScreen", "KeyScreen", "LogScreen",
    "NarrativeScreen", "NewYearScreen", "OperatingScreen", "OverviewScreen", "PromptScreen", "Results",
]
