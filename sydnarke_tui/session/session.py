"""The edit session: one open database, the shown year and period, results, edits, the year's work.

Below the UI and the CLI (no Textual, no argparse): `cli.py` and the screens
call this and never the store. Live recalculation never touches the
database; a save is one store call against the version the edit started
from. A worker thread gets its own connection (`thread_store`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator, ParamSpec, TypeVar

from ..config import Config
from ..core.checks import Finding, check
from ..core.compute import Computed, compute
from ..core.links import unlinked_message
from ..core.live import LiveYear
from ..core.model import Kind, Period, Value, Year
from ..core.numbers import ParseError
from ..store.chain import RECENT
from ..store.db import AuditRow, Store, StoreError
from . import log as _log
from . import workflows as wf
from .changes import Change, FieldSaved, FieldTyped, PeriodChanged, RowsChanged, YearChanged
from .edits import Busy, Conflict, Edit, Failed, FieldSpec, Saved, SaveJob, SaveResult, row_version, set_row_version
from .saving import RETRY_MS, last_saved_by, write
from .specs import Links

if TYPE_CHECKING:
    from ..io.rollover import TargetMove
    from .recovery import Journal

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Prepared:
    """A freshly read year's figures, computed on the reading thread (see `Session.prepare`)."""

    model: Year
    period_code: str
    live: LiveYear
    findings: list[Finding]


class SessionError(Exception):
    """A problem for the user, one Swedish line."""


class NoYear(SessionError):
    """Asked for the shown year (or its figures) while none is shown: an empty database, or before the first load."""

    def __init__(self) -> None:
        super().__init__("Inget år är öppet.")


class Session:
    def __init__(self, store: Store, config: Config) -> None:
        self.store = store
        self.config = config
        self._owner = threading.get_ident()
        self.years: list[int] = store.years()
        self.year_no: int | None = None
        self.model: Year | None = None
        self.period_code = ""
        self.computed: Computed | None = None
        self.findings: list[Finding] = []
        self.generation = 0  # counts full recomputes (a year read, a save, another period)
        self.invalid = False  # a field holds text that does not parse
        self.edits: list[Edit] = []  # the one list of edits: widgets look theirs up here (edit_of)
        self.revision = 0  # counts changes (session.changes): a screen compares it with the one it drew
        self.listener: Callable[[Change], None] | None = None  # told of each change (the app: the current screen)
        self._data_version: int | None = store.data_version()
        self._live: LiveYear | None = None  # incremental recalculation of self.model
        self.last_folder: Path | None = None  # where the last import or export was, for the next one
        self.writes = 0  # this session's saves so far: a year read before the last one is stale
        self.journal: Journal | None = None  # the app's: unsaved values on disk (touch, flush)

    # ------------------------------------------------------------ opening
    @classmethod
    def open(cls, config: Config, *, demo: bool = True, user: str | None = None,
             clock: Callable[[], _dt.datetime] | None = None) -> "Session":
        """Open the configured database; the default per-user folder is created on first run."""
        path = Path(config.db_path)
        if config.db_is_default:
            path.parent.mkdir(parents=True, exist_ok=True)
        return cls(Store.open(path, demo=demo, user=user, clock=clock), config)

    def close(self) -> None:
        self.store.close()

    @property
    def db_path(self) -> Path:
        return Path(self.store.path)

    @contextlib.contextmanager
    def thread_store(self) -> Iterator[Store]:
        """The store for the calling thread: the session's own, or a new connection on the same file."""
        if threading.get_ident() == self._owner:
            yield self.store
            return
        with self.store.for_thread() as other:
            yield other

    # ------------------------------------------------------------ the shown year and period
    def initial_year(self, requested: int | None = None) -> int | None:
        """The year to show: asked for, else organisation.default_year, else the newest."""
        if requested is not None:
            return requested
        if self.config.default_year in self.years:
            return self.config.default_year
        return self.years[-1] if self.years else None

    def year(self, year: int | None = None) -> Year:
        """A year read fresh (for the CLI); the default as initial_year."""
        year = self.initial_year(year)
        if year is None:
            raise SessionError("Databasen innehåller inga år: kör 'sydnarke-tui init --demo' eller 'load'.")
        with self.thread_store() as store:
            return store.load_year(year)

    def computed_for(self, year: int | None = None, period: str | None = None) -> Computed:
        y = self.year(year)
        p = y.full_year_period if period is None else y.find_period(period)
        return compute(y, p, self.config.options)

    def read_year(self, year: int) -> Year:
        """Read a year on any thread; `adopt` it on the session's thread."""
        with self.thread_store() as store:
            return store.load_year(year)

    def load(self, year: int, rows: str | None = None) -> None:
        self.year_no = year
        self.adopt(year, self.read_year(year), rows=rows)

    def _period_for(self, model: Year) -> str:
        """The shown period in `model`: the current one if the year has it, else the full year."""
        code = self.period_code
        return code if any(p.code == code for p in model.periods) else model.full_year_period.code

    def prepare(self, model: Year) -> Prepared | None:
        """On the thread that read `model`: its figures and findings, so `adopt` on the session's thread
        only takes them (the first screen stays responsive while a large year is computed). None while
        an edit is pending: its typed value goes into the year first, in `adopt`."""
        if self.edits:
            return None
        code = self._period_for(model)
        live = LiveYear(model, model.period(code), self.config.options)
        return Prepared(model, code, live, check(live.result))

    def adopt(self, year: int, model: Year, prepared: Prepared | None = None, *, rows: str | None = None) -> bool:
        """Take a freshly read year; pending edits keep their base and their typed value.
        `rows`: the entity whose rows were added, deleted or moved (the change says so)."""
        if year != self.year_no:
            return False
        self.model = model
        self.period_code = self._period_for(model)
        if (prepared is not None and prepared.model is model and prepared.period_code == self.period_code
                and not self.edits):
            self._live, self.computed, self.findings = prepared.live, prepared.live.result, prepared.findings
            self.generation += 1
        else:
            for e in self.edits:
                obj = e.spec.resolve(model)
                if obj is None:
                    continue
                e.latest = e.spec.get(obj)
                if e.valid and e.dirty:
                    e.spec.set(obj, e.value)
            self.recompute(full=True)
        self._tell(RowsChanged(self.revision + 1, rows) if rows else YearChanged(self.revision + 1, year))
        return True

    def _tell(self, change: Change) -> None:
        """The one way out of a change: the revision moves on, the listener draws it."""
        self.revision = change.revision
        if self.listener is not None:
            self.listener(change)

    @property
    def shown_year(self) -> Year:
        """The shown year (`model`), for code that runs only once one is shown (a screen, an edit):
        NoYear, a SessionError, instead of an unchecked None when none is."""
        if self.model is None:
            raise NoYear()
        return self.model

    @property
    def figures(self) -> Computed:
        """The shown year's figures for the shown period (`computed`); NoYear when no year is shown."""
        if self.computed is None:
            raise NoYear()
        return self.computed

    @property
    def period(self) -> Period:
        return self.shown_year.period(self.period_code)

    def _year_no(self) -> int:
        """The shown year's number, for a write into it; NoYear when none is shown."""
        if self.year_no is None:
            raise NoYear()
        return self.year_no

    def set_period(self, code: str) -> None:
        self.period_code = code
        self.recompute(full=True)
        self._tell(PeriodChanged(self.revision + 1, code))

    def next_period(self) -> Period | None:
        if self.model is None:
            return None
        codes = [p.code for p in self.model.periods]
        i = codes.index(self.period_code) if self.period_code in codes else -1
        self.set_period(codes[(i + 1) % len(codes)])
        return self.period

    def recompute(self, full: bool = False) -> None:
        """Everything again from the in-memory year (a keystroke goes through `_live_set` instead)."""
        if self.model is None:
            return
        if self._live is None:
            self._live = LiveYear(self.model, self.period, self.config.options)
            self.computed = self._live.result
        else:
            self.computed = self._live.reset(self.model, self.period, self.config.options)
        if full:
            self.findings = check(self.computed)
            self.generation += 1

    def changed_elsewhere(self) -> bool:
        """True once per commit by another connection (polling)."""
        try:
            dv = self.store.data_version()
        except StoreError:
            return False
        changed = self._data_version is not None and dv != self._data_version
        self._data_version = dv
        if changed:
            self.years = self.store.years()
        return changed

    def after_write(self, year: int | None = None, rows: str | None = None) -> None:
        """After an import, a new year or a load (or rows of `rows` changed): the years again, and the (new) year."""
        self.writes += 1
        self.years = self.store.years()
        self._data_version = self.store.data_version()
        if year is not None:
            self.year_no = year
        if self.year_no is not None:
            self.load(self.year_no, rows)

    # ------------------------------------------------------------ edits
    def links(self) -> Links:
        """For an indicator's form: the figures it can follow, and a linked one's outcome now."""
        def outcome(iid: int) -> Any:
            r = self.computed.assessment.by_indicator.get(iid) if self.computed is not None else None
            return None if r is None else r.outcome

        return Links(lambda: self.model, outcome)

    def value(self, spec: FieldSpec) -> Any:
        obj = spec.resolve(self.model) if self.model is not None else None
        return None if obj is None else spec.get(obj)

    def edit_of(self, spec: FieldSpec) -> Edit | None:
        """The edit of that field, if one is open (a form field, a table cell and the journal all ask here)."""
        ident = spec.ident
        return next((e for e in self.edits if e.spec.ident == ident), None)

    def type(self, spec: FieldSpec, text: str) -> Edit | None:
        """A field's text as typed now: its edit begins (unless the text is what is saved) or goes on."""
        edit = self.edit_of(spec)
        if edit is None:
            if text == spec.fmt(self.value(spec)):
                return None  # the field was filled in, nobody typed
            edit = self.begin_edit(spec)
            if edit is None:
                return None
        self.live(edit, text)
        return edit

    def begin_edit(self, spec: FieldSpec) -> Edit | None:
        """Start editing: remember the value and row version the user sees now."""
        obj = spec.resolve(self.model) if self.model is not None else None
        if obj is None:
            return None
        base = spec.get(obj)
        e = Edit(spec, base, row_version(spec, self.model), spec.fmt(base), base, latest=base)
        self.edits.append(e)
        return e

    def live(self, edit: Edit, text: str) -> str | None:
        """A keystroke: parse, put the value into the in-memory year, recompute. Returns the error.
        The listener hears of it when a figure or the invalid mark may have changed (not for a comment)."""
        edit.text = text
        obj = edit.spec.resolve(self.model) if self.model is not None else None
        if self.journal is not None:
            self.journal.touch()
        was_invalid = self.invalid
        try:
            value = edit.spec.parse(text)
        except ParseError as exc:
            edit.error = str(exc)
            self.invalid = True
        else:
            edit.error, edit.value = None, value
            self.invalid = any(not e.valid for e in self.edits)
            if obj is not None and not edit.spec.figures:
                edit.spec.set(obj, value)  # a comment or narrative: no figure to recompute
            elif obj is not None:
                self._live_set(edit.spec, obj, value)
        if (edit.spec.figures and edit.valid) or self.invalid != was_invalid:
            self._tell(FieldTyped(self.revision + 1, edit.spec))
        return edit.error

    def _live_set(self, spec: FieldSpec, obj: Any, value: Any) -> None:
        """Put a typed value into the year; a number recomputes only what depends on it (core.live)."""
        live = self._live
        try:
            if live is None or live.year is not self.model:
                raise ValueError("no live year")
            if spec.entity == "operating":
                self.computed = live.set_operating(spec.entity_id, spec.field, value, spec.period)
            elif spec.entity == "investment":
                self.computed = live.set_investment(spec.entity_id, spec.field, value, spec.period)
            elif spec.entity == "indicator":
                self.computed = live.set_indicator(spec.entity_id, spec.field, value, spec.period)
            elif spec.entity == "member" and spec.field in ("share_pct", "base"):
                self.computed = live.set_key_share(obj.municipality, spec.field, value)
            else:
                raise ValueError(spec.field)
        except (KeyError, ValueError):  # text and the rest: set it and recompute everything
            spec.set(obj, value)
            self.recompute()

    def cancel(self, edit: Edit) -> Any:
        """Esc: back to the saved value (as last loaded). Returns it."""
        obj = edit.spec.resolve(self.model) if self.model is not None else None
        if obj is not None:
            edit.spec.set(obj, edit.latest)
        self._end(edit)
        if edit.spec.figures:
            self.recompute()
        self._tell(FieldTyped(self.revision + 1, edit.spec))
        return edit.latest

    def _end(self, edit: Edit) -> None:
        self.give_up(edit)
        if edit in self.edits:
            self.edits.remove(edit)
        self.invalid = any(not e.valid for e in self.edits)
        if self.journal is not None:
            self.journal.flush()  # a field saved or put back leaves the journal at once

    def save(self, edit: Edit, *, wait_ms: int | None = None) -> SaveResult:
        """Save against the base version; a change by another session to this field is a Conflict.

        With `wait_ms` a database another session holds longer than that gives `Busy` (the
        edit's `job`) instead of waiting: the caller keeps trying off its thread (`keep_trying`)
        and hands the result back here (`finish_waiting`). Without it a lock waits the store's
        busy timeout and then fails.
        """
        if not edit.valid:
            return Failed(edit.error or "Ogiltigt värde.")
        job = SaveJob.of(edit)
        with self.thread_store() as store:
            result = write(store, job, wait_ms)
            if isinstance(result, Busy):
                result = Busy(job, last_saved_by(store))
        if isinstance(result, Busy):
            edit.job = job
            if self.journal is not None:
                self.journal.flush()  # the value waits: it is on disk before anything else happens
            return result
        return self._take(job, result)

    def keep_trying(self, job: SaveJob) -> SaveResult | None:
        """Off the session's thread, on its own connection: try until the save goes through or is
        refused; None once the user gave up (job.stop)."""
        with self.thread_store() as store:
            while not job.stop.is_set():
                result = write(store, job, RETRY_MS)
                if not isinstance(result, Busy):
                    return result
        return None

    def finish_waiting(self, job: SaveJob, result: SaveResult) -> SaveResult:
        """On the session's thread: a save that waited is done (after giving up too: what was saved is saved)."""
        if job.edit.job is job:
            job.edit.job = None
        return self._take(job, result)

    def give_up(self, edit: Edit) -> None:
        """Stop waiting for the database; the edit keeps its text (and stays in the journal)."""
        if edit.job is not None:
            edit.job.stop.set()
            edit.job = None

    def _take(self, job: SaveJob, result: SaveResult) -> SaveResult:
        if isinstance(result, Saved):
            self._saved(job.edit, result.value, result.version, typed_since=job.edit.text != job.text)
        return result

    def resolve(self, conflict: Conflict, keep_mine: bool, *, wait_ms: int | None = None) -> SaveResult:
        """The user's pick: save theirs over (against their version) or take theirs."""
        edit = conflict.edit
        if keep_mine:
            edit.base_value, edit.base_version = conflict.theirs, conflict.version
            return self.save(edit, wait_ms=wait_ms)
        edit.value, edit.text, edit.error = conflict.theirs, edit.spec.fmt(conflict.theirs), None
        self._saved(edit, conflict.theirs, conflict.version)
        return Saved(conflict.theirs, conflict.version)

    def _saved(self, edit: Edit, value: Any, version: int | None, typed_since: bool = False) -> None:
        """A value is stored. Typed on meanwhile (a save that waited): the edit goes on from it."""
        self.writes += 1
        obj = edit.spec.resolve(self.model) if self.model is not None else None
        if obj is not None:
            if not typed_since:
                edit.spec.set(obj, value)
            if version is not None:
                set_row_version(edit.spec, self.model, obj, version)
        if typed_since:
            edit.base_value, edit.base_version, edit.latest = value, version, value
            if self.journal is not None:
                self.journal.flush()
        else:
            self._end(edit)
        self._data_version = self.store.data_version()
        self.recompute(full=True)
        self._tell(FieldSaved(self.revision + 1, edit.spec))

    # ------------------------------------------------------------ rows: add, delete, move, undo
    def _structural(self, entity: str, fn: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        try:
            result = fn(*args, **kwargs)
        except StoreError as exc:
            raise SessionError(str(exc)) from None
        self.after_write(rows=entity)
        return result

    def add_goal(self, title: str) -> int:
        return self._structural("goal", self.store.add_goal, self._year_no(), title)

    def add_indicator(self, goal_id: int, name: str) -> int:
        return self._structural("indicator", self.store.add_indicator, goal_id, name)

    def add_operating_line(self, label: str, kind: Kind) -> int:
        return self._structural("operating", self.store.add_operating_line, self._year_no(), label, kind)

    def add_investment_line(self, label: str, parent_id: int | None = None) -> int:
        return self._structural("investment", self.store.add_investment_line, self._year_no(), label,
                                municipality=None, parent_id=parent_id)

    def add_member(self, municipality: str) -> int:
        return self._structural("member", self.store.add_member, self._year_no(), municipality)

    def delete(self, entity: str, entity_id: int, version: int | None) -> str | None:
        """Delete a row; a line that indicators followed leaves them unlinked, and the Swedish line
        returned names them (None when no link was cleared)."""
        return unlinked_message(self._structural(entity, self.store.delete, entity, entity_id, expected_version=version))

    def move(self, entity: str, entity_id: int, delta: int) -> None:
        self._structural(entity, self.store.move, entity, entity_id, delta)

    def undo(self, *, anyone: bool = False) -> AuditRow | None:
        """Undo the newest saved change (this session's user's unless `anyone`); the year is read again."""
        try:
            row = self.store.undo_last(anyone=anyone)
        except StoreError as exc:
            raise SessionError(str(exc)) from None
        if row is not None and self.year_no is not None:
            self.after_write()
        return row

    def redo(self, *, anyone: bool = False) -> AuditRow | None:
        """Put back the newest undone value (Ctrl+Y); None when there is nothing to redo."""
        try:
            row = self.store.redo_last(anyone=anyone)
        except StoreError as exc:
            raise SessionError(str(exc)) from None
        if row is not None and self.year_no is not None:
            self.after_write()
        return row

    # ------------------------------------------------------------ the log
    def audit(self, limit: int = 500) -> list[AuditRow]:
        with self.thread_store() as store:
            return store.audit(limit=limit)

    def log_lines(self, limit: int = 50) -> list[str]:
        return [_log.line(r) for r in self.audit(limit)]

    def verify_log(self, against: str | None = None) -> tuple[bool, str]:
        """The whole chain (or up to a printed head): (intact, one Swedish line)."""
        with self.thread_store() as store:
            return _log.verdict_text(store.verify_log(against=against), against)

    def log_warning(self) -> str | None:
        """The newest rows' chain, checked cheaply at start: a one-line warning when broken, else None."""
        try:
            with self.thread_store() as store:
                v = store.verify_log(recent=RECENT)
        except StoreError:
            return None
        return None if v.ok else _log.verdict_text(v, None)[1] + " Kör 'sydnarke-tui log --verify'."

    def log_head(self) -> tuple[int, str]:
        with self.thread_store() as store:
            return store.log_head()

    # ------------------------------------------------------------ the year's work (any thread)
    def plan_import(self, path: Path, *, year: int | None = None, period: str | None = None,
                    **options: Any) -> wf.PlannedImport:
        with self.thread_store() as store:
            return wf.plan_import(store, self.config, year if year is not None else self._year_no(),
                                  period if period is not None or year is not None else self.period_code,
                                  path, **options)

    def apply_import(self, planned: wf.PlannedImport) -> list[str]:
        with self.thread_store() as store:
            return wf.apply_import(store, planned)

    def export(self, fmt: str, path: Path | None, *, computed: Computed | None = None,
               table: str | None = None, with_checks: bool = False, template: Path | None = None,
               decision_date: str | None = None, decision_paragraph: str | None = None) -> list[Path]:
        """The report; the nämnd's report options come from `[report]` in the config unless given here."""
        c = computed if computed is not None else self.computed
        if c is None:
            raise SessionError("Inget år är öppet.")
        c = dataclasses.replace(c, audit=self.log_head())  # the report prints the log's head
        r = self.config.report
        options = wf.report_options(
            with_checks=with_checks, template=template or r.template,
            decision_date=r.decision_date if decision_date is None else decision_date,
            decision_paragraph=r.decision_paragraph if decision_paragraph is None else decision_paragraph)
        return wf.export(c, fmt, path, table=table, unit=self.config.display_unit, options=options)

    def new_year(self, from_year: int, to_year: int, targets: dict[int, Value | None] | None = None) -> Year:
        with self.thread_store() as store:
            return wf.new_year(store, self.config, from_year, to_year, targets)

    def moved_targets(self, from_year: int) -> list[TargetMove]:
        """The targets a new year moves to last year's outcome, for the officer to keep or change."""
        return wf.moved_targets(self.store, from_year)

    def load_toml(self, path: Path, *, replace: bool = False) -> wf.Loaded:
        with self.thread_store() as store:
            return wf.load_toml(store, path, replace=replace, max_bytes=self.config.limits.max_bytes)

    def init_year(self, year: int, **options: str | None) -> Year:
        with self.thread_store() as store:
            return wf.init_year(store, self.config, year, **options)

    def load_demo(self, *, replace: bool = False) -> Year:
        with self.thread_store() as store:
            return wf.load_demo(store, replace=replace)
