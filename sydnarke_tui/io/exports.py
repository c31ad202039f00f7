"""One entry point for `sydnarke-tui report --format …` (the CLI stays thin).

    render_report(c, "json"|"md"|"html"|"toml", unit="tkr") -> str
    render_report(c, "xlsx") -> bytes
    render_report(c, "csv", table="drift") -> str (one table, no BOM)
    write_report(c, fmt, output, table=None, unit="tkr") -> list[Path]
        output None: text formats to stdout (csv needs a table; xlsx needs a file);
        csv without a table: `output` is a directory, one file per table;
        csv with a table, and every other format: `output` is the file.

`unit` is the display unit of the md/html statement tables (tkr as printed,
or kr). JSON, CSV and XLSX always carry whole kronor.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TextIO

from ..core.compute import Computed
from ..core.numbers import UNITS
from .errors import FileFormatError


@dataclass(frozen=True)
class ExportFormat:
    """One report format: the CLI's --format choices, the export dialog and the tests read this."""

    name: str
    label: str  # Swedish, for the dialog
    render: Callable[[Computed, str | None, str], str | bytes]  # (computed, table, unit)
    folder: bool = False  # written as a folder of files (csv without a table)


def _json(c: Computed, table: str | None, unit: str) -> str:
    from .report_json import dumps_json, report_dict

    return dumps_json(report_dict(c)) + "\n"


def _md(c: Computed, table: str | None, unit: str) -> str:
    from .export_md import report_markdown

    return report_markdown(c, unit)


def _html(c: Computed, table: str | None, unit: str) -> str:
    from .export_html import report_html

    return report_html(c, unit)


def _toml(c: Computed, table: str | None, unit: str) -> str:
    from .toml_io import dump_year_toml

    return dump_year_toml(c.year)


def _xlsx(c: Computed, table: str | None, unit: str) -> bytes:
    from .export_xlsx import report_xlsx_bytes

    return report_xlsx_bytes(c)


def _csv(c: Computed, table: str | None, unit: str) -> str:
    from .export_csv import report_csv

    if table is None:
        raise FileFormatError("CSV till skärmen kräver en tabell (--table mal, drift, investeringar, fordelning "
                              "eller kontroll), eller -o KATALOG för alla tabeller.")
    return report_csv(c, table)


# The registry, in the order the dialog lists them. Add a format here (and its
# writer module); the CLI, the dialog and the tests follow.
EXPORT_FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("md", "md – Markdown", _md),
    ExportFormat("html", "html – webbsida", _html),
    ExportFormat("xlsx", "xlsx – Excel", _xlsx),
    ExportFormat("csv", "csv – en fil per tabell (katalog)", _csv, folder=True),
    ExportFormat("toml", "toml – årets data", _toml),
    ExportFormat("json", "json – maskinläsbar", _json),
)}
FORMATS = tuple(EXPORT_FORMATS)


def _check(fmt: str, unit: str = "tkr") -> str:
    f = fmt.strip().lower()
    if f == "markdown":
        f = "md"
    if f not in EXPORT_FORMATS:
        raise FileFormatError(f"Okänt format '{fmt}': välj ett av {', '.join(FORMATS)}.")
    if unit not in UNITS:
        raise FileFormatError(f"Okänd enhet '{unit}': välj kr eller tkr.")
    return f


def render_report(c: Computed, fmt: str, table: str | None = None, unit: str = "tkr") -> str | bytes:
    f = _check(fmt, unit)
    return EXPORT_FORMATS[f].render(c, table, unit)


def write_report(c: Computed, fmt: str, output: str | Path | None, table: str | None = None,
                 unit: str = "tkr", stdout: TextIO | None = None) -> list[Path]:
    """Write the report; returns the files written (empty when written to stdout)."""
    f = _check(fmt, unit)
    if output is None:
        if f == "xlsx":
            raise FileFormatError("xlsx skrivs till en fil: ange -o FIL.xlsx.")
        text = render_report(c, f, table, unit)
        (stdout or sys.stdout).write(text)  # type: ignore[arg-type]
        return []
    p = Path(output)
    try:
        if f == "csv":
            from .export_csv import write_csv_dir, write_csv_table

            if table is None:
                return write_csv_dir(c, p)
            return [write_csv_table(c, table, p)]
        data = render_report(c, f, table, unit)
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, encoding="utf-8")
        return [p]
    except OSError as exc:
        raise FileFormatError(f"kan inte skriva ({exc.strerror}).", file=str(p)) from None
