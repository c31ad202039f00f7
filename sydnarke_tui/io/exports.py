"""One entry point for `sydnarke-tui report --format …` (the CLI stays thin).

    render_report(c, "json"|"md"|"html"|"toml", unit="tkr") -> str
    render_report(c, "xlsx") -> bytes; render_report(c, "docx" | "pdf", unit="tkr") -> bytes
    render_report(c, "csv", table="drift") -> str (one table, no BOM)
    write_report(c, fmt, output, table=None, unit="tkr") -> list[Path]
        output None: text formats to stdout (csv needs a table; xlsx needs a file);
        csv without a table: `output` is a directory, one file per table;
        csv with a table, and every other format: `output` is the file.

Every format is listed once, in REGISTRY (the CLI's --format choices and the
app's export dialog read FORMATS / format_choices()), with the function that
renders it; each imports its exporter on first use (docx and pdf pull in
large libraries). csv is rendered a table at a time: render_report and
write_report call export_csv themselves, so its entry has no renderer.

`unit` is the display unit of the md/html/docx/pdf statement tables (tkr as
printed, or kr). JSON, CSV and XLSX always carry whole kronor. `options`
(report_doc.ReportOptions: --with-checks, --template, the decision block) apply
to the nämnd's report: md, html, docx and pdf.
"""

from __future__ import annotations

import errno
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..core.compute import Computed
from ..core.numbers import UNITS
from ..core.text import one_line
from .errors import FileFormatError

if TYPE_CHECKING:
    from .report_blocks import ReportOptions

# A format's renderer: (Computed, display unit, the nämnd's report options) -> the file's text or bytes.
Render = Callable[[Computed, str, "ReportOptions | None"], str | bytes]


def _md(c: Computed, unit: str, options: ReportOptions | None) -> str:
    from .export_md import report_markdown

    return report_markdown(c, unit, options)


def _html(c: Computed, unit: str, options: ReportOptions | None) -> str:
    from .export_html import report_html

    return report_html(c, unit, options)


def _docx(c: Computed, unit: str, options: ReportOptions | None) -> bytes:
    from .export_docx import report_docx_bytes

    return report_docx_bytes(c, unit, options)


def _pdf(c: Computed, unit: str, options: ReportOptions | None) -> bytes:
    from .export_pdf import report_pdf_bytes

    return report_pdf_bytes(c, unit, options)


def _xlsx(c: Computed, unit: str, options: ReportOptions | None) -> bytes:
    from .export_xlsx import report_xlsx_bytes

    return report_xlsx_bytes(c)  # whole kronor, no report options


def _toml(c: Computed, unit: str, options: ReportOptions | None) -> str:
    from .toml_io import dump_year_toml

    return dump_year_toml(c.year)  # the year's data, not a report


def _json(c: Computed, unit: str, options: ReportOptions | None) -> str:
    return report_json_text(c)


@dataclass(frozen=True)
class ExportFormat:
    """One report format: the single list the CLI's --format and the app's export dialog read."""

    name: str  # --format value and file suffix
    label: str  # Swedish, for the app's format list
    render: Render | None  # None for csv (a table at a time, see the module doc)
    binary: bool = False  # bytes, written to a file only


REGISTRY: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("md", "md – Markdown", _md),
    ExportFormat("html", "html – webbsida", _html),
    ExportFormat("docx", "docx – Word", _docx, binary=True),
    ExportFormat("xlsx", "xlsx – Excel", _xlsx, binary=True),
    ExportFormat("csv", "csv – en fil per tabell (katalog)", None),
    ExportFormat("toml", "toml – årets data", _toml),
    ExportFormat("json", "json – maskinläsbar", _json),
    ExportFormat("pdf", "pdf – utskrift (A4)", _pdf, binary=True),
)}
FORMATS = tuple(sorted(REGISTRY, key=("json", "md", "html", "csv", "xlsx", "toml", "docx", "pdf").index))


def format_choices() -> list[tuple[str, str]]:
    """(name, Swedish label) for a format picker, in the order a finance officer reaches for them."""
    return [(f.name, f.label) for f in REGISTRY.values()]


def _check(fmt: str, unit: str = "tkr") -> str:
    f = fmt.strip().lower()
    if f == "markdown":
        f = "md"
    if f == "word":
        f = "docx"
    if f not in REGISTRY:
        raise FileFormatError(f"Okänt format '{one_line(fmt)[:30]}': välj ett av {', '.join(FORMATS)}.")
    if unit not in UNITS:
        raise FileFormatError(f"Okänd enhet '{one_line(unit)[:30]}': välj kr eller tkr.")
    return f


_C1 = re.compile("[\u007f-\u009f\u2028\u2029]")


def json_text(d: Any) -> str:
    """JSON text with DEL, the C1 controls (U+009B is a terminal's CSI) and line separators escaped."""
    from .report_json import dumps_json

    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", dumps_json(d)) + "\n"


def report_json_text(c: Computed) -> str:
    from .report_json import report_dict

    return json_text(report_dict(c))


def render_report(c: Computed, fmt: str, table: str | None = None, unit: str = "tkr",
                  options: ReportOptions | None = None) -> str | bytes:
    f = _check(fmt, unit)
    if f == "csv":
        from .export_csv import report_csv

        if table is None:
            raise FileFormatError("CSV till skärmen kräver en tabell (--table mal, drift, investeringar, fordelning "
                                  "eller kontroll), eller -o KATALOG för alla tabeller.")
        return report_csv(c, table)
    render = REGISTRY[f].render
    assert render is not None  # only csv has none, handled above
    return render(c, unit, options)


def write_report(c: Computed, fmt: str, output: str | Path | None, table: str | None = None,
                 unit: str = "tkr", stdout: TextIO | None = None, options: ReportOptions | None = None) -> list[Path]:
    """Write the report; returns the files written (empty when written to stdout)."""
    f = _check(fmt, unit)
    if output is None:
        if REGISTRY[f].binary:
            raise FileFormatError(f"{f} skrivs till en fil: ange -o FIL.{f}.")
        text = render_report(c, f, table, unit, options)
        assert isinstance(text, str)  # the binary formats were refused just above
        (stdout or sys.stdout).write(text)
        return []
    p = Path(output)
    existed = p.exists()
    try:
        if f == "csv":
            from .export_csv import write_csv_dir, write_csv_table

            if table is None:
                return write_csv_dir(c, p)
            return [write_csv_table(c, table, p)]
        data = render_report(c, f, table, unit, options)
        if isinstance(data, bytes):
            p.write_bytes(data)
        else:
            p.write_text(data, encoding="utf-8")
        return [p]
    except OSError as exc:
        if not existed and p.is_file():  # nothing half-written is left behind
            p.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC:
            raise FileFormatError("Disken är full: rapporten skrevs inte; frigör utrymme eller välj en annan plats.",
                                  file=str(p)) from None
        raise FileFormatError(f"kan inte skriva ({exc.strerror}).", file=str(p)) from None
