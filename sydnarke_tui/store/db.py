"""SQLite store through sqlite-utils: schema, migrations, versions, audit log.

Every write is one transaction (BEGIN IMMEDIATE, with a busy timeout so a
second session waits instead of failing) and adds an audit row. Editable rows
carry a version; a save based on a stale version raises ConflictError naming
the current value, and nothing is overwritten.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import getpass
import json
import os
import shutil
import sqlite3
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterator

import sqlite_utils

from ..core.model import (
    Comparison,
    Goal,
    Indicator,
    IndicatorValue,
    InvestmentLine,
    Key,
    KeyShare,
    Kind,
    LineValue,
    LowerFormula,
    OperatingLine,
    Period,
    PrintedValue,
    Status,
    Value,
    Year,
)

SCHEMA_VERSION = 2
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A problem with the database, said in one Swedish line for the user."""


class ConflictError(StoreError):
    """The row changed in another session since it was read."""

    def __init__(self, message: str, current: Any = None, version: int | None = None):
        super().__init__(message)
        self.current = current
        self.version = version


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str  # ISO 8601, local time, seconds
    user: str
    year: int | None
    entity: str
    entity_id: int | None
    label: str
    field: str
    period: str | None
    old: str | None
    new: str | None
    action: str  # set, add, delete, move, undo, import, load
    undone: bool = False


# Editable fields per entity: field name -> (table, column, kind).
# Per-period fields live in the *_values tables and need `period`.
ENTITY_TABLE = {
    "goal": "goals",
    "indicator": "indicators",
    "operating": "operating_lines",
    "investment": "investment_lines",
    "member": "key_members",
    "year": "years",
}

FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "goal": {"title": ("row", "text"), "comment": ("period", "text")},
    "indicator": {
        "name": ("row", "text"), "unit": ("row", "text"), "comparison": ("row", "comparison"),
        "target": ("row", "value"), "partly_from_pct": ("row", "int"), "lower_formula": ("row", "formula"),
        "baseline": ("row", "value"),
        "outcome": ("period", "value"), "forecast": ("period", "value"), "manual_status": ("period", "status"),
        "justification": ("period", "text"), "comment": ("period", "text"),
    },
    "operating": {
        "label": ("row", "text"), "kind": ("row", "kind"), "budget": ("row", "int"),
        "is_contribution": ("row", "bool"), "previous_outcome": ("row", "int"),
        "outcome": ("period", "int"), "forecast": ("period", "int"), "comment": ("period", "text"),
    },
    "investment": {
        "label": ("row", "text"), "municipality": ("row", "text"), "budget": ("row", "int"),
        "previous_outcome": ("row", "int"),
        "outcome": ("period", "int"), "forecast": ("period", "int"), "comment": ("period", "text"),
    },
    "member": {"municipality": ("row", "text"), "share_pct": ("row", "decimal"), "base": ("row", "int")},
    "year": {"organisation": ("row", "text"), "key_basis": ("row", "basis"), "narrative": ("period", "text")},
}
