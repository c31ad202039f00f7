"""Field specs and edits: what a field edits, the base an edit started from, a conflict.

No Textual here and no store call (only the store's rule for versions,
`field_version`): the session keeps every `Edit` (a widget looks its own up
by the field's `ident`), parses its text, puts the live value into the
in-memory year and saves it against the version the edit started from.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any, Callable

from ..store import field_version


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
    figures: bool = True  # False: a text no figure depends on (a comment): typing recomputes nothing

    @property
    def ident(self) -> tuple[str, int, str, str | None]:
        """Which stored value this is: specs built at different times for one field are the same field."""
        return self.entity, self.entity_id, self.field, self.period

    def same(self, a: Any, b: Any) -> bool:
        """Equal as the user sees them ('' and None are both an empty field)."""
        return self.fmt(a) == self.fmt(b)


# ---------------------------------------------------------------- versions
# Which version a save must name is the store's rule (store.field_version):
# the row's, the key basis' own, or each period's narrative's own. After a
# save the model takes the new one in the same place.


def row_version(spec: FieldSpec, model: Any) -> int:
    return field_version(model, spec.entity, spec.entity_id, spec.field, spec.period)


def set_row_version(spec: FieldSpec, model: Any, obj: Any, version: int) -> None:
    if spec.entity != "year":
        obj.version = version
    elif spec.field == "narrative":
        model.narrative_versions[spec.period or ""] = version
    elif spec.field == "key_basis":
        model.key.version = version
    else:
        model.version = version


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
    job: "SaveJob | None" = field(default=None, compare=False)  # a save waiting for the database

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


@dataclass(eq=False)
class SaveJob:
    """One save of an edit, as it was when the save began (a save that waits for a locked database
    runs on another thread while the user may go on typing in the field)."""

    edit: Edit
    value: Any
    base_value: Any
    base_version: int | None
    text: str
    stop: threading.Event = field(default_factory=threading.Event)  # the user gave up waiting
    again: bool = False  # Enter for newer text while this save waited: save again after it

    @classmethod
    def of(cls, edit: Edit) -> "SaveJob":
        return cls(edit, edit.value, edit.base_value, edit.base_version, edit.text)


@dataclass(frozen=True)
class Busy:
    """Another session holds the database's write lock: the save waits (Session.keep_trying)."""

    job: SaveJob
    holder: str = ""  # who saved last, from the log ("ekonom kl. 09:14"); "" when it cannot tell


@dataclass(frozen=True)
class Saved:
    """The save went through: the value now stored and the row version that holds it."""

    value: Any
    version: int | None


@dataclass(frozen=True)
class Failed:
    """The save was refused or could not be made: the message for the user."""

    message: str


SaveResult = Saved | Conflict | Failed | Busy
