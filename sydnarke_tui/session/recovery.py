"""Unsaved edits kept across any end of the process: the journal, and saving its values back.

Each running app keeps a journal, `<database>.recovery-<pid>-<n>.json` beside the
database (in the user's state folder when that folder cannot be written): every
field with typed, unsaved text, with where it lives (entity, id, field, period),
the value, and the value and version the edit started from. The app writes it a
moment after typing stops (`Journal.touch` / `due_in`, its timer), at once when a
field is saved or put back (`flush`, from the session), and when it is ended by a
signal or an unexpected error. Each write is atomic (a temporary file, fsync,
rename), so the file is always one whole state: a kill -9 loses at most the typing
of the last `MAX_DELAY` seconds.

The next start takes over the journals whose process is gone (`Journal.take_over`)
and offers their values; `restore` saves each through `Session.save` against the
version it started from, so the session's rebase rule applies and a value another
session changed meanwhile is a Conflict for the user, never overwritten.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.model import Year
from ..core.text import one_line
from ..store.codec import decode, encode, field_spec
from ..store.errors import StoreError
from .edits import Busy, Conflict, Edit, FieldSpec, Saved
from .saving import SAVE_TRY_MS
from .specs import find_indicator, goal_comment_spec, goal_specs, indicator_specs, line_specs, member_specs, \
    narrative_spec

if TYPE_CHECKING:
    from .session import Session

FORMAT = "sydnarke-journal/1"
DELAY = 0.3  # seconds after the last key before the journal is written …
MAX_DELAY = 1.0  # … and never further behind than this while typing goes on

_numbers = itertools.count()  # several apps in one process (tests) keep one journal each


# ---------------------------------------------------------------- where
def state_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_path("sydnarke-tui"))


def location(db_path: Path | str | None) -> tuple[Path, str]:
    """(folder, file name prefix) of the crash log and the journals: beside the database, or, when
    its folder cannot be written (or it is in memory), the user's state folder with a name per database."""
    if db_path and str(db_path) != ":memory:":
        p = Path(db_path)
        if p.parent.is_dir() and os.access(p.parent, os.W_OK):
            return p.parent, p.name
        tag = hashlib.sha1(str(p.absolute()).encode("utf-8")).hexdigest()[:8]
        return state_dir(), f"{p.name}-{tag}"
    return state_dir(), "memory"


def _owner(name: str, prefix: str) -> int | None:
    """The process id in a journal's file name, None when the name is not a journal of `prefix`."""
    head = f"{prefix}.recovery-"
    if not (name.startswith(head) and name.endswith(".json")):
        return None
    pid = name[len(head):].split("-", 1)[0].split(".", 1)[0]
    return int(pid) if pid.isdigit() else 0


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if pid <= 0 or os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def ended_journals(db_path: Path | str | None) -> list[Path]:
    """Journals of this database whose process has ended (a crash, a kill, a later-answered offer)."""
    folder, prefix = location(db_path)
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [folder / n for n in names if (pid := _owner(n, prefix)) is not None and not _alive(pid)]


# ---------------------------------------------------------------- the file
def write_atomic(path: Path, text: str) -> None:
    """The whole text or the old file, never a part: a temporary file, fsync, rename, fsync of the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    try:
        fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def read_entries(path: Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("entries"), list):
        return []
    return [e for e in data["entries"] if isinstance(e, dict)]


def pending(session: Session) -> list[dict[str, Any]]:
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
        try:
            kind = field_spec(spec.entity, spec.field)[1]
            entry["base"] = encode(kind, e.base_value)
            if e.valid:
                entry["raw"] = encode(kind, e.value)
        except (StoreError, KeyError, TypeError, ValueError):
            entry["valid"] = False  # the text is kept; the user types it again
        out.append(entry)
    return out


class Journal:
    """This app's journal: values carried over from ended sessions, and this session's unsaved edits."""

    def __init__(self, session: Session, db_path: Path | str | None) -> None:
        folder, prefix = location(db_path)
        self.session = session
        self.path = folder / f"{prefix}.recovery-{os.getpid()}-{next(_numbers)}.json"
        self.db_path = db_path
        self.carried: list[dict[str, Any]] = []  # offered, not yet saved or discarded
        self._written: str | None = None  # what the file holds (None: no file)
        self._first: float | None = None  # the first and last change not yet written
        self._last = 0.0

    def touch(self) -> None:
        """A key was typed: write a moment after typing stops (the app's timer asks `due_in`)."""
        self._last = time.monotonic()
        if self._first is None:
            self._first = self._last

    @property
    def behind(self) -> bool:
        return self._first is not None

    def due_in(self) -> float:
        """Seconds until the next write is due: DELAY after the last key, at most MAX_DELAY after the first."""
        if self._first is None:
            return 0.0
        return max(0.0, min(self._last + DELAY, self._first + MAX_DELAY) - time.monotonic())

    def flush(self, own: bool = True) -> bool:
        """Write what is unsaved now, if it changed; without `own`, only what was carried over
        (the user quit and discarded this session's edits). True when the file holds it."""
        self._first = None
        entries = self.carried + (pending(self.session) if own else [])
        text = json.dumps({"format": FORMAT, "db": str(self.db_path), "entries": entries},
                          ensure_ascii=False, indent=1) if entries else None
        if text == self._written:
            return True
        try:
            if text is None:
                self.path.unlink(missing_ok=True)
            else:
                write_atomic(self.path, text)
        except OSError:
            return False
        self._written = text
        return True

    def take_over(self) -> list[dict[str, Any]]:
        """At start: the values of ended sessions' journals, carried by this one from now on."""
        claimed = []
        for i, path in enumerate(ended_journals(self.db_path)):
            mine = self.path.with_name(f"{self.path.stem}.taken{i}.json")  # still an ended journal if we die
            try:
                os.replace(path, mine)  # one process wins a journal, never two
            except OSError:
                continue
            claimed.append(mine)
            self.carried += read_entries(mine)
        if claimed and self.flush():
            for path in claimed:
                path.unlink(missing_ok=True)
        return list(self.carried)

    def drop(self, entries: list[dict[str, Any]]) -> None:
        """Carried values saved or discarded: out of the journal at once."""
        self.carried = [e for e in self.carried if all(e is not d for d in entries)]
        self.flush()


# ---------------------------------------------------------------- saving them back
@dataclass
class Restored:
    """What `restore` did with recovered values: how many it saved; those skipped, in conflict, or left for later."""

    saved: int = 0
    skipped: list[str] = field(default_factory=list)  # "label = 'text'" (gone, invalid or refused)
    conflicts: list[tuple[dict[str, Any], Conflict]] = field(default_factory=list)  # the user picks
    later: list[dict[str, Any]] = field(default_factory=list)  # the database was locked: offered again


def restore(session: Session, entries: list[dict[str, Any]]) -> Restored:
    """Save recovered values through the session's save path, each against the version it started from."""
    out = Restored()
    years: dict[int, Year] = {}
    for v in entries:
        shown = one_line(f"{v.get('label')} = '{v.get('text')}'")
        try:
            edit = recovered_edit(session, v, years)
        except (StoreError, KeyError, TypeError, ValueError):
            edit = None
        if edit is None or not edit.valid:
            out.skipped.append(shown + (" (ogiltigt)" if edit is not None else " (raden finns inte)"))
            continue
        result = session.save(edit, wait_ms=SAVE_TRY_MS)  # locked: offered again later, never a freeze
        if isinstance(result, Saved):
            out.saved += 1
        elif isinstance(result, Conflict):
            out.conflicts.append((v, result))
        elif isinstance(result, Busy):
            session.give_up(edit)
            out.later.append(v)
        else:
            out.skipped.append(f"{shown} ({result.message})")
    return out


def recovered_edit(session: Session, v: dict[str, Any], years: dict[int, Year]) -> Edit | None:
    """The journal entry as the edit it was: its field, typed text, value, and base value and version."""
    year = int(v["year"])
    model = session.model if session.model is not None and session.model.year == year else None
    if model is None:
        model = years[year] if year in years else years.setdefault(year, session.read_year(year))
    spec = spec_for(model, v["entity"], int(v["id"]), v["field"], v.get("period"), session.config.input_unit)
    if spec is None:
        return None
    kind = field_spec(spec.entity, spec.field)[1]
    base = decode(kind, v.get("base"))
    valid = bool(v.get("valid")) and "raw" in v
    return Edit(spec, base, v.get("version"), str(v.get("text", "")), decode(kind, v["raw"]) if valid else None,
                None if valid else "ogiltigt värde", latest=base)


def spec_for(model: Year, entity: str, eid: int, name: str, period: str | None, unit: str) -> FieldSpec | None:
    """The FieldSpec the screens use for this field (so a conflict reads as it does there)."""
    try:
        p = model.period(period) if period else model.full_year_period
    except KeyError:
        return None
    if entity in ("operating", "investment"):
        specs = line_specs(entity, eid, p, unit, [m.municipality for m in model.key.members])
    elif entity == "indicator":
        ind = find_indicator(model, eid)
        specs = indicator_specs(ind, p) if ind is not None else []
    elif entity == "goal":
        specs = [*goal_specs(eid), goal_comment_spec(eid, p.code)]
    elif entity == "member":
        specs = member_specs(eid, model.year)
    elif entity == "year":
        specs = [member_specs(0, model.year)[0], narrative_spec(model.year, p.code)]
    else:
        return None
    found = next((s for s in specs if s.field == name and s.period == period), None)
    return found if found is not None and found.resolve(model) is not None else None
