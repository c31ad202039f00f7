"""Field specs and edits: what a field edits, the base an edit started from, a conflict.

No Textual and no store here: a widget holds an `Edit`, the session parses
its text, puts the live value into the in-memory year and saves it against
the version the edit started from.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Callable


@dataclass
class FieldSpec:
    """One editable value: where it lives in the model and in the store, how it reads and shows."""

    key: str
    label: str
    entity: str
    entity_id: int
    field: str
    parse: Callable[[str], Any]
    fmt: Callable[[Any], str]
    resolve: Callable[[Any], Any]  # model (Year) -> object holding the value, or None
    get: Callable[[Any], Any]
    set: Callable[[Any, Any], None]
    period: str | None = None
    placeholder: str = ""

    def same(self, a: Any, b: Any) -> bool:
        """Equal as the user sees them ('' and None are both an empty field)."""
        return self.fmt(a) == self.fmt(b)


# ---------------------------------------------------------------- versions
# The one place that knows where a row's version lives in the model. The
# year row (narrative, key basis) carries its version on `Year.version` once
# the model has that field, and on `Key.version` (loaded from the year row)
# until then.


def _has_field(obj: Any, name: str) -> bool:
    return name in {f.name for f in fields(obj)}


def row_version(spec: FieldSpec, obj: Any) -> int | None:
    if spec.entity == "year":
        v = obj.version if _has_field(obj, "version") else None
        return v if v is not None else obj.key.version
    return obj.version


def set_row_version(spec: FieldSpec, obj: Any, version: int) -> None:
    if spec.entity == "year":
        if _has_field(obj, "version"):
            obj.version = version
        obj.key.version = version
    else:
        obj.version = version


# ---------------------------------------------------------------- edits


@dataclass
class Edit:
    """A field being edited: the value and row version it started from, and what is typed.

    A reload from another session never moves the base: saving then compares
    against what the user saw when the edit began.
    """

    spec: FieldSpec
    base_value: Any
    base_version: int | None
    text: str
    value: Any = None  # the last valid parsed value
    error: str | None = None  # why the text does not parse, or None
    latest: Any = None  # the saved value as last loaded (what Esc restores)

    @property
    def dirty(self) -> bool:
        return self.text != self.spec.fmt(self.base_value)

    @property
    def valid(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Conflict:
    """Another session saved the same field since this edit began: the user picks."""

    edit: Edit
    yours: Any
    theirs: Any
    before: Any  # the value the edit started from
    version: int | None  # the row version that holds `theirs`

    def message(self) -> str:
        fmt = self.edit.spec.fmt

        def show(v: Any) -> str:
            return f"'{fmt(v)}'" if fmt(v) != "" else "(tomt)"

        return (f"Konflikt: {self.edit.spec.label.lower()} har ändrats i en annan session medan du skrev.\n"
                f"Ditt värde:      {show(self.yours)}\n"
                f"Deras värde:     {show(self.theirs)}\n"
                f"Sparat före:     {show(self.before)}")


@dataclass(frozen=True)
class Saved:
    value: Any
    version: int | None


@dataclass(frozen=True)
class Failed:
    message: str


SaveResult = Saved | Conflict | Failed
