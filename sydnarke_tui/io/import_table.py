"""Import an operating or investment table from CSV or XLSX.

Reading and headers: `table_read`; rows, totals and verksamhet groups:
`table_rows`; matching names and applying: `table_apply`.

`table` is "operating" (drift) or "investments"; without it a table column
or the file's title decides (a project column, a municipality column or
varav rows mean investments). The old keyword `section` means the same.
A bad file raises FileFormatError and changes nothing.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path

from ..core.concepts import STATEMENT_SV, Statement
from ..core.model import Year
from ..core.numbers import UNITS
from ..core.text import one_line
from .bounds import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, open_input
from .errors import FileFormatError
from .plan import ImportPlan
from .table_apply import _Applier, _guess_section
from .table_read import (AMOUNT_FIELDS, FIELDS, SECTION_WORDS, SIGNS, SYNONYMS,  # noqa: F401
                         RawTable, find_header, read_csv_rows, read_xlsx_rows, sniff_delimiter)
from .table_rows import ParsedRow, _parse_rows, is_total_label  # noqa: F401

TABLES = tuple(s.value for s in Statement)


def _check_options(year: Year, t: RawTable, period_code: str, table: str | None, unit: str, signs: str) -> None:
    if unit not in UNITS:
        raise FileFormatError(f"okänd enhet '{one_line(unit)}': ange kr eller tkr.", file=t.name)
    if signs not in SIGNS:
        raise FileFormatError(f"okänd teckenkonvention '{one_line(signs)}': ange ledger eller costs-negative.",
                              file=t.name)
    if table is not None and table not in TABLES:
        raise FileFormatError(f"okänd tabell '{one_line(table)}': ange drift (operating) eller investeringar "
                              "(investments).", file=t.name)
    try:
        year.period(period_code)
    except KeyError:
        codes = ", ".join(p.code for p in year.periods)
        raise FileFormatError(f"okänd period '{one_line(period_code)}': välj en av {codes}.", file=t.name) from None
    if not t.rows or not any(any(c.strip() for c in cells) for _, cells in t.rows):
        raise FileFormatError("filen är tom: väntade en tabell med rubrikrad (t.ex. Slagtext; Budget; Utfall).",
                              file=t.name)


def plan_rows_import(year: Year, t: RawTable, period_code: str, table: str | None = None,
                     unit: str = "tkr", signs: str = "ledger", *, strict: bool = False,
                     section: str | None = None) -> ImportPlan:
    """Plan the import of already-read rows (see plan_table_import)."""
    table = table or section
    _check_options(year, t, period_code, table, unit, signs)
    h = find_header(t, year.year)
    rows = _parse_rows(t, h, unit, signs)
    plan = ImportPlan(copy.deepcopy(year))
    plan.warnings.extend(h.notes)
    for title in h.ignored:
        plan.warnings.append(f"{t.name}: kolumnen '{one_line(title)}' känns inte igen och läses inte.")
    default = table or _guess_section(h, rows)
    for r in rows:
        if r.section is None:
            r.section = default
        elif table is not None and r.section != table:
            raise FileFormatError(f"raden hör till {STATEMENT_SV[Statement(r.section)]}, men importen gäller "
                                  f"{STATEMENT_SV[Statement(table)]}.",
                                  file=t.name, line=r.line)
    ap = _Applier(plan.year, period_code, t.name, plan, strict)
    op = [r for r in rows if r.section == "operating"]
    inv = [r for r in rows if r.section == "investments"]
    if op:
        ap.operating(op)
    if inv:
        ap.investments(inv)
    return plan


def plan_table_import(year: Year, path: str | Path, period_code: str, table: str | None = None,
                      unit: str = "tkr", signs: str = "ledger", data: bytes | None = None, *,
                      strict: bool = False, section: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
                      max_rows: int = DEFAULT_MAX_ROWS) -> ImportPlan:
    """Plan importing a CSV/XLSX table into `year` for `period_code`; `year` itself is not changed.

    `data` may be given instead of reading `path` (the path then only names the file
    and tells xlsx from csv by its extension). The file is read as a stream, and refused
    in one line past `max_rows` rows (or, a workbook, past `max_bytes` unpacked).
    """
    table = table or section
    p = Path(path)
    name = p.name
    with (io.BytesIO(data) if data is not None else open_input(p, max_bytes)) as fh:
        magic = fh.read(4)
        fh.seek(0)
        if p.suffix.lower() in (".xlsx", ".xlsm") or magic == b"PK\x03\x04":
            tables = read_xlsx_rows(fh, name, table, max_rows=max_rows, max_bytes=max_bytes)
        else:
            tables = [read_csv_rows(fh, name, max_rows=max_rows)]
    first_error: FileFormatError | None = None
    for t in tables:
        try:
            return plan_rows_import(year, t, period_code, table, unit, signs, strict=strict)
        except FileFormatError as exc:
            if len(tables) == 1 or ("hittar ingen rubrikrad" not in str(exc) and "filen är tom" not in str(exc)):
                raise
            first_error = first_error or exc
    raise first_error or FileFormatError("arbetsboken har inga blad.", file=name)
