"""The report's tables as CSV, the way Swedish Excel opens them.

Choices (so that a double-click in Swedish Excel gives numbers, not text):
- separator `;` (Swedish Excel's list separator, since `,` is the decimal mark);
- decimal comma (`27,512`, `3,58`), no thousands separators;
- amounts in whole kronor with ledger signs (exact, re-importable with
  `--unit kr`);
- text cells starting with = + - @, a tab or CR get a leading apostrophe
  (Excel would otherwise run them as formulas); numbers, negative ones
  too, are written as numbers;
- control characters in text are written as visible escapes (`\\x1b`),
  in files and on the terminal alike;
- files are UTF-8 with a BOM (without it Excel assumes cp1252 and garbles
  å/ä/ö), CRLF line ends. Text for stdout has no BOM.
One file per table (`mal.csv`, `drift.csv`, `investeringar.csv`,
`fordelning.csv`, `kontroll.csv`) or a single named table.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.compute import Computed
from ..core.text import printable
from .tables import DataTable, find_table, report_tables

BOM = "\ufeff"
DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would read as a formula


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Ja" if v else "Nej"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, Decimal):
        if v == v.to_integral_value():
            return str(int(v))
        return format(v.normalize(), "f").replace(".", ",")
    raw = str(v)
    text = printable(raw)
    # A text cell starting with = + - @ (or a tab or CR, which Excel skips
    # before them) would be run as a formula by Excel (CSV injection); a
    # leading apostrophe keeps it text. Numbers are not affected (they are
    # ints/Decimals above). The table import strips it.
    if raw[:1] in DANGEROUS_START:
        return "'" + text
    return text


def table_to_csv(t: DataTable) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow([title for title, _ in t.columns])
    for row in t.rows:
        w.writerow([_cell(v) for v in row])
    pad = [""] * (len(t.columns) - 1)  # as many fields as the table: the delimiter sniffing counts them
    if t.notes:
        w.writerow(["", *pad])
    for note in t.notes:
        w.writerow([_cell(note), *pad])
    return buf.getvalue()


def report_csv(c: Computed, table: str) -> str:
    """One named table (mal, drift, investeringar, fordelning, kontroll) as CSV text, no BOM."""
    return table_to_csv(find_table(report_tables(c), table))


def write_csv_table(c: Computed, table: str, path: str | Path) -> Path:
    p = Path(path)
    p.write_text(BOM + report_csv(c, table), encoding="utf-8", newline="")
    return p


def write_csv_dir(c: Computed, directory: str | Path) -> list[Path]:
    """Every table into `directory` (created if missing), one `<slug>.csv` each."""
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for t in report_tables(c):
        p = d / f"{t.slug}.csv"
        p.write_text(BOM + table_to_csv(t), encoding="utf-8", newline="")
        out.append(p)
    return out
