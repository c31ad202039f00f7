"""Row codec: which field lives in which column, and model value <-> column value.

Values are stored exactly: decimals as text, kronor as integers, enums by
their value. The audit log keeps old and new column values as text.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, Callable

from ..core.model import Comparison, Kind, LowerFormula, Status, Year
from .errors import StoreError

# Entity -> its table. Every table has an integer `id` except `years` (keyed by year).
ENTITY_TABLE = {
    "goal": "goals",
    "indicator": "indicators",
    "operating": "operating_lines",
    "investment": "investment_lines",
    "member": "key_members",
    "year": "years",
}
PK = {"years": "year"}

# Editable fields per entity: field name -> (where, kind). "row" fields are
# columns of the entity's table; "period" fields live in its value table.
FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "goal": {"title": ("row", "text"), "comment": ("period", "text")},
    "indicator": {
        "name": ("row", "text"), "unit": ("row", "text"), "comparison": ("row", "comparison"),
        "target": ("row", "value"), "partly_from_pct": ("row", "int"), "lower_formula": ("row", "formula"),
        "baseline": ("row", "value"), "link": ("row", "link"),
        "outcome": ("period", "value"), "forecast": ("period", "value"), "manual_status": ("period", "status"),
        "justification": ("period", "text"), "comment": ("period", "text"),
    },
    "operating": {
        "label": ("row", "text"), "kind": ("row", "kind"), "budget": ("row", "int"),
        "is_contribution": ("row", "bool"), "previous_outcome": ("row", "int"), "section": ("row", "section"),
        "profile": ("row", "profile"),
        "outcome": ("period", "int"), "forecast": ("period", "int"), "comment": ("period", "text"),
    },
    "investment": {
        "label": ("row", "text"), "municipality": ("row", "text"), "budget": ("row", "int"),
        "previous_outcome": ("row", "int"), "profile": ("row", "profile"),
        "outcome": ("period", "int"), "forecast": ("period", "int"), "comment": ("period", "text"),
    },
    "member": {"municipality": ("row", "text"), "share_pct": ("row", "decimal"), "base": ("row", "int")},
    "year": {"organisation": ("row", "text"), "key_basis": ("row", "basis"), "narrative": ("period", "text")},
}

# Per-period fields: entity -> (value table, its foreign key); column names
# that differ from the field name.
VALUE_TABLE = {
    "goal": ("goal_values", "goal_id"),
    "indicator": ("indicator_values", "indicator_id"),
    "operating": ("operating_values", "line_id"),
    "investment": ("investment_values", "line_id"),
    "year": ("narratives", "year"),
}
PERIOD_COLUMN = {("goal", "comment"): "comment", ("year", "narrative"): "text"}
LABEL_COLUMN = {"goal": "title", "indicator": "name", "operating": "label", "investment": "label",
                "member": "municipality", "year": "year"}


def field_spec(entity: str, field: str) -> tuple[str, str]:
    """(where, kind) of a field, or a StoreError naming it."""
    try:
        return FIELDS[entity][field]
    except KeyError:
        raise StoreError(f"Okänt fält {entity}.{field}.") from None


def encode(kind: str, value: Any) -> Any:
    """Model value -> column value (exact: decimals as text)."""
    if value is None:
        return "" if kind == "text" else None
    if kind in ("value", "decimal"):
        if kind == "value" and isinstance(value, bool):
            return "Ja" if value else "Nej"
        return str(Decimal(value))
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            raise StoreError(f"Väntade ett heltal, fick {value!r}.")
        return value
    if kind == "bool":
        return 1 if value else 0
    if kind in ("comparison", "status", "formula", "kind"):
        return str(getattr(value, "value", value))
    if kind == "basis":
        if value not in ("shares", "base"):
            raise StoreError("Nyckelns grund måste vara 'shares' eller 'base'.")
        return value
    if kind in ("section", "link"):  # the verksamhet, a figure path: blank means none
        return str(value).strip() or None
    if kind == "profile":  # twelve monthly kronor, exact
        if len(value) != 12 or any(isinstance(v, bool) or not isinstance(v, int) for v in value):
            raise StoreError(f"En budgetprofil är 12 heltal (kronor), fick {value!r}.")
        return json.dumps(list(value))
    return str(value)


_DECODE: dict[str, Callable[[Any], Any]] = {
    "decimal": Decimal,
    "int": int,
    "bool": lambda raw: bool(int(raw)),
    "comparison": Comparison,
    "status": lambda raw: Status(raw) if raw else None,
    "formula": lambda raw: LowerFormula(raw) if raw else None,
    "kind": Kind,
    "link": lambda raw: raw or None,
    "profile": lambda raw: tuple(json.loads(raw)) if raw else None,
}


def decode(kind: str, raw: Any) -> Any:
    """Column value -> model value."""
    if raw is None:
        return None
    if kind == "value":
        return raw == "Ja" if raw in ("Ja", "Nej") else Decimal(raw)
    convert = _DECODE.get(kind)
    return convert(raw) if convert else raw


def same(old: Any, new: Any) -> bool:
    """Equal column values; an empty text and no value count as the same."""
    return old == new or (old in (None, "") and new in (None, ""))


def audit_text(raw: Any) -> str | None:
    return None if raw is None else str(raw)


def from_audit_text(kind: str, text: str | None) -> Any:
    """An audit log value back to a column value (for undo)."""
    if text is None:
        return "" if kind == "text" else None
    if kind in ("int", "bool"):
        return int(text)
    return text


def show(value: Any) -> str:
    """A value as the user reads it in a message."""
    if value is None or value == "":
        return "tomt"
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    return str(getattr(value, "value", value))


# ---------------------------------------------------------- whole-year snapshots (the log's values of a load)

def snapshot_text(year: Year) -> str:
    """A year as compact JSON of its readable form (core.serial, no row ids); decimals kept exact."""
    from ..core.serial_write import year_to_dict

    return json.dumps(year_to_dict(year), ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      default=lambda v: {"$decimal": str(v)})


def snapshot_year(text: str) -> Year:
    """The Year a snapshot holds (for undo of a load)."""
    from ..core.serial import year_from_dict

    def hook(d: dict[str, Any]) -> Any:
        return Decimal(d["$decimal"]) if d.keys() == {"$decimal"} else d

    return year_from_dict(json.loads(text, object_hook=hook))
