"""What the session changed: one typed event per change, for the screen on show to draw.

The session owns the year, the period, the figures and every edit; after each
change it hands one of these to its listener (the app, which passes it to the
current screen). A screen not on show misses them and catches up when shown
again: every event carries the session's `revision` after it, and a screen
remembers the revision it last drew.
"""

from __future__ import annotations

from dataclasses import dataclass

from .edits import FieldSpec


@dataclass(frozen=True)
class FieldTyped:
    """A value typed into a field went into the year (or the saved one was put back, Esc): only
    what depends on that field changed; the findings are as before."""

    revision: int
    spec: FieldSpec


@dataclass(frozen=True)
class FieldSaved:
    """A field's value was saved (or theirs taken): the figures and the findings are computed again."""

    revision: int
    spec: FieldSpec


@dataclass(frozen=True)
class RowsChanged:
    """A row of `entity` was added, deleted or moved: the year was read again."""

    revision: int
    entity: str


@dataclass(frozen=True)
class YearChanged:
    """The year was read (again): another year, another session's save, an import, an undo or redo."""

    revision: int
    year: int


@dataclass(frozen=True)
class PeriodChanged:
    """Another period is shown: every figure is computed again."""

    revision: int
    period: str


Change = FieldTyped | FieldSaved | RowsChanged | YearChanged | PeriodChanged
