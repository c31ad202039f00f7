"""The year's work, written once for the app and the CLI: import, export, load, new year.

Each function that reads or writes the database takes the store to use, so a
worker thread passes its own connection (see Session.thread_store).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..core.compute import Computed
from ..core.model import Key, KeyShare, Value, Year
from ..io.exports import write_report
from ..io.plan import ImportPlan
from ..store.db import Store

if TYPE_CHECKING:  # imported where used: neither is needed to start the app
    from ..io.report_blocks import ReportOptions
    from ..io.rollover import TargetMove


class WorkflowError(ValueError):
    """Rejected input for a workflow, one Swedish line."""


@dataclass
class PlannedImport:
    """An import planned against the year as it was read (`base`); saved with `apply_import`."""

    source: Path
    base: Year
    plan: ImportPlan


def plan_import(store: Store, cfg: Config, year: int, period: str | None, path: Path,
                **options: Any) -> PlannedImport:
    """Plan an import (io.imports.plan_import's options: unit, signs, table, mapping, object_filter, strict)."""
    from ..io.imports import plan_import as _plan
    from ..io.start import missing_year_message

    years = store.years()
    if year not in years:
        raise WorkflowError(missing_year_message(year, years))
    base = store.load_year(year)
    code = base.full_year_period.code if period is None else base.find_period(period).code
    plan = _plan(base, Path(path).expanduser(), code, cfg, **options)
    return PlannedImport(Path(path), base, plan)


def apply_import(store: Store, planned: PlannedImport) -> list[str]:
    """Save a planned import in one transaction, three-way against its base (a conflict raises)."""
    if not planned.plan.changed:
        raise WorkflowError("Filen ger inga ändringar; inget sparat.")
    return store.replace_year(planned.plan.year, base=planned.base, action="import", source=planned.source.name)


def writes_folder(fmt: str) -> bool:
    """csv without a table is written as a folder of files (io.exports.write_report)."""
    return fmt == "csv"


def check_export_path(fmt: str, path: Path) -> str | None:
    """Why `path` cannot take a report in `fmt`, or None."""
    import os

    from ..core.text import one_line

    folder = writes_folder(fmt)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        return f"Katalogen {one_line(str(parent))} finns inte."
    if not folder and path.is_dir():
        return f"{one_line(str(path))} är en katalog; ange ett filnamn."
    if folder and path.exists() and not path.is_dir():
        return f"{one_line(str(path))} är en fil; {fmt} skrivs till en katalog."
    if not os.access(parent, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return f"Kan inte skriva {one_line(str(path))}: åtkomst nekad."
    return None


def report_options(*, with_checks: bool, template: Path | None, decision_date: str,
                   decision_paragraph: str) -> ReportOptions:
    """The nämnd's report options; a template that is not there is said before anything is written."""
    from ..core.text import one_line
    from ..io.report_blocks import ReportOptions

    if template is not None and not Path(template).is_file():
        raise WorkflowError(f"Mallen {one_line(str(template))} finns inte: ange en Word-fil (.docx).")
    return ReportOptions(with_checks=with_checks, template=str(template) if template else None,
                         decision_date=decision_date, decision_paragraph=decision_paragraph)


def export(computed: Computed, fmt: str, path: Path | None, *, table: str | None = None,
           unit: str = "tkr", options: ReportOptions | None = None) -> list[Path]:
    """Write the report (stdout when `path` is None); returns the files written."""
    if path is not None and not (fmt == "csv" and table is not None):
        err = check_export_path(fmt, path)
        if err:
            raise WorkflowError(err)
    return write_report(computed, fmt, path, table=table, unit=unit, options=options)


def moved_targets(store: Store, from_year: int) -> list[TargetMove]:
    """The "öka från" targets a new year from `from_year` moves (io.rollover.TargetMove)."""
    from ..io.rollover import moved_targets as moves

    return moves(store.load_year(from_year))


def new_year(store: Store, cfg: Config, from_year: int, to_year: int,
             targets: dict[int, Value | None] | None = None) -> Year:
    """Create `to_year` from `from_year` (io.rollover), the configured key when the source has none;
    `targets`: the officer's target per moved indicator (id -> value)."""
    from ..io.rollover import next_year

    if to_year in store.years():
        raise WorkflowError(f"Året {to_year} finns redan.")
    if to_year <= from_year:
        raise WorkflowError(f"Det nya året måste vara senare än {from_year}.")
    new = next_year(store.load_year(from_year), to_year, targets=targets)
    if not new.key.members and cfg.default_key:
        new.key = Key("shares", [KeyShare(m, cfg.default_key.get(m)) for m in cfg.members])
    new.organisation = new.organisation or cfg.organisation
    store.insert_year(new, action="new-year", source=str(from_year))
    return new


@dataclass
class Loaded:
    """A year read from a file and saved: what the user is told."""

    year: Year
    notes: list[str]
    replaced: str | None = None  # what the replaced year held, counted, when one was replaced


def load_toml(store: Store, path: Path, *, replace: bool = False, max_bytes: int | None = None) -> Loaded:
    """Read a year file (bounded, header checked: io.toml_io) and save it whole, or replace the stored year.

    The replaced year is kept in the log (its row holds both years), so undo brings it back.
    """
    from ..core.serial_write import contents, contents_sv
    from ..io.bounds import DEFAULT_MAX_BYTES, read_input
    from ..io.toml_io import load_year_toml

    notes: list[str] = []
    y = load_year_toml(read_input(path, max_bytes or DEFAULT_MAX_BYTES), file=Path(path).name, notes=notes)
    replaced = contents_sv(contents(store.load_year(y.year))) if replace and y.year in store.years() else None
    store.insert_year(y, action="load", source=Path(path).name, replace=replace)
    return Loaded(y, notes, replaced)


def init_year(store: Store, cfg: Config, year: int, **options: str | None) -> Year:
    """An empty year (io.start.init_year), refused when it exists."""
    from ..io.start import init_year as _init

    return _init(store, year, cfg, **options)


def load_demo(store: Store, *, replace: bool = False) -> Year:
    from ..store.demo import demo_year

    y = demo_year()
    store.insert_year(y, action="load", source="demo-2019.toml", replace=replace)
    return y
