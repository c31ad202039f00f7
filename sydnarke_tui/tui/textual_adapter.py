"""The only place that touches Textual internals; tests/tui/test_textual_adapter.py fails when they change.

DataTable.update_cell bumps a counter that drops every order and offset cache
(O(rows) per keystroke on a 2 000-line table); a keystroke here writes the
cell and drops only the render caches. Select has no public "composed" flag:
set_options before its children exist fails.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import DataTable, Select
from textual.widgets.data_table import ColumnKey, RowKey

# DataTable attributes used below (checked by the test).
DATA_TABLE_INTERNALS = ("_data", "_row_render_cache", "_cell_render_cache", "_row_renderable_cache", "_line_cache")


def write_cell(table: DataTable, row_key: str, column_key: str, value: Any) -> None:
    """Put a value into a cell without invalidating the table's layout caches."""
    table._data[RowKey(row_key)][ColumnKey(column_key)] = value


def repaint_row(table: DataTable, row_key: str) -> None:
    """Drop the render caches and repaint one row (after write_cell)."""
    table._row_render_cache.clear()
    table._cell_render_cache.clear()
    table._row_renderable_cache.clear()
    table._line_cache.clear()
    table.refresh_row(table.get_row_index(row_key))


def select_ready(select: Select) -> bool:
    """Select composed its label (set_options and value= work from then on)."""
    return bool(select.query("#label"))
