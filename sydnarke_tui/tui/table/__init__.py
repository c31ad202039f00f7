"""The tables of every screen: virtual rows, a cell cursor, editing in place, a filter."""

from .editing import CellEdit
from .ledger import Ledger
from .view import LedgerTable

__all__ = ["CellEdit", "Ledger", "LedgerTable"]
