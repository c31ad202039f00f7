"""Unsaved edits kept across a crash: written as plain data, saved back against their base.

The app writes `pending(session)` to its recovery file when an unexpected
error happens; the next start offers `restore(session, values)`, which saves
each value against the version its edit started from, so a value another
session changed since then is reported, never overwritten.
"""

from __future__ import annotations

from typing import Any

from ..core.text import one_line
from ..store.codec import decode, encode, field_spec
from ..store.errors import StoreError


def pending(session: Any) -> list[dict[str, Any]]:
    """Every edit with typed, unsaved text, as JSON-ready data."""
    out = []
    for e in session.edits:
        if not e.dirty:
            continue
        spec = e.spec
        entry: dict[str, Any] = {
            "entity": spec.entity, "id": spec.entity_id, "field": spec.field, "period": spec.period,
            "label": spec.label, "text": e.text, "year": session.year_no, "version": e.base_version,
            "valid": e.valid,
        }
        if e.valid:
            entry["raw"] = encode(field_spec(spec.entity, spec.field)[1], e.value)
        out.append(entry)
    return out


def restore(session: Any, values: list[dict[str, Any]]) -> tuple[int, list[str]]:
    """Save recovered values; returns how many were saved and the ones that were not."""
    saved, skipped = 0, []
    for v in values:
        try:
            if not v.get("valid"):
                raise StoreError("ogiltigt värde")
            kind = field_spec(v["entity"], v["field"])[1]
            session.store.set_field(v["entity"], int(v["id"]), v["field"], decode(kind, v["raw"]),
                                    period=v.get("period"), expected_version=v.get("version"))
            saved += 1
        except (StoreError, KeyError, TypeError, ValueError):
            skipped.append(one_line(f"{v.get('label')} = '{v.get('text')}'"))
    return saved, skipped
