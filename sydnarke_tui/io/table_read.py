"""Reading import tables: CSV (delimiter and encoding sniffed) and XLSX rows, and the header row.

Recognised columns (Swedish or English header names, case- and
space-insensitive; a year or a unit in parentheses may follow):

    tabell/table · verksamhet/avsnitt/område/enhet (group) · rad/slagtext/
    projekt/benämning/line/label · typ/kind · kommun/municipality · budget ·
    utfall/outcome · prognos/forecast · avvikelse/deviation ·
    "Utfall <föregående år>" (kept as previous_outcome)

The header row is found even below a title row. Columns for other years are
ignored (listed as warnings). A verksamhet column without a line column is
the line name (a statement with one row per verksamhet).
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO

from .errors import FileFormatError

FIELDS = ("section", "group", "label", "kind", "municipality", "budget", "outcome", "forecast", "deviation", "previous_outcome")
AMOUNT_FIELDS = ("budget", "outcome", "forecast", "deviation", "previous_outcome")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "section": ("section", "tabell", "table"),  # drift or investeringar
    "group": ("verksamhet", "avsnitt", "område", "omrade", "enhet", "verksamhetsområde", "ansvar"),
    "label": ("rad", "slagtext", "projekt", "benämning", "benamning", "line", "label", "text", "namn", "name",
              "post", "investering", "project"),
    "kind": ("typ", "kind", "type", "art"),
    "municipality": ("kommun", "municipality", "medlemskommun"),
    "budget": ("budget", "årsbudget", "budget helår"),
    "outcome": ("utfall", "outcome", "actual", "utfall tom", "ackumulerat utfall", "utfall hittills"),
    "forecast": ("prognos", "forecast", "prognos helår", "helårsprognos", "årsprognos"),
    "deviation": ("avvikelse", "deviation", "budgetavvikelse", "avvikelse mot budget", "avvikelse budget",
                  "diff", "differens", "variance"),
    "previous_outcome": ("utfall föregående år", "utfall fg år", "föregående år", "previous outcome",
                         "previous_outcome", "previous year"),
}

SECTION_WORDS = {
    "operating": ("drift", "driftredovisning", "operating"),
    "investments": ("investering", "investeringar", "investeringsredovisning", "investments", "investment"),
}

SIGNS = ("ledger", "costs-negative")

_EMPTY_MARKS = {"", "-", "–", "—", "−"}


# ---------------------------------------------------------------- reading rows


@dataclass
class RawTable:
    """An import table's cells as read from a CSV file or an XLSX sheet, each row with its line number."""

    name: str  # file name for messages
    rows: list[tuple[int, list[str]]]  # (line number, cells)


def _encoding(start: bytes) -> str:
    """utf-8 (with or without BOM) when the start decodes so, else cp1252 (a Swedish Excel's CSV)."""
    bom = start.startswith(b"\xef\xbb\xbf")
    try:
        start[3 if bom else 0:].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(start) - 3 - (3 if bom else 0):  # not just a character cut at the end of the sample
            return "cp1252"
    return "utf-8-sig" if bom else "utf-8"


def sniff_delimiter(text: str) -> str:
    """`;`, tab or `,`: the one giving the most lines with the same (>1) number of fields."""
    sample = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best, best_score = ";", (0, 0)
    for delim in (";", "\t", ","):
        try:
            counts = [len(r) for r in csv.reader(sample, delimiter=delim)]
        except csv.Error:  # a field over the limit: read_csv_rows says so
            continue
        counts = [n for n in counts if n > 1]
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        score = (freq, mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def too_many_rows(name: str, max_rows: int) -> FileFormatError:
    limit = f"{max_rows:_}".replace("_", " ")
    return FileFormatError(f"filen har fler än {limit} rader, fler än en resultaträkning kan ha ([import] max_rows"
                           " i config.toml); inget planerades.", file=name)


def read_csv_rows(source: bytes | BinaryIO, name: str, max_rows: int | None = None) -> RawTable:
    """The rows of a CSV file, read as a stream (the file is never held whole) and refused past `max_rows`."""
    fh = io.BytesIO(source) if isinstance(source, bytes) else source
    start = fh.read(64 * 1024)
    body = 3 if start.startswith(b"\xef\xbb\xbf") else 0  # where the text begins after a BOM
    encoding = _encoding(start)
    delim = sniff_delimiter(start[body:].decode(encoding, errors="ignore"))
    fh.seek(0 if encoding == "utf-8-sig" else body)
    try:
        return _csv_rows(fh, name, encoding, delim, max_rows)
    except UnicodeDecodeError:  # Windows-1252 further on (even after a BOM): read as the body is
        fh.seek(body)
        return _csv_rows(fh, name, "cp1252", delim, max_rows)


def _csv_rows(fh: BinaryIO, name: str, encoding: str, delim: str, max_rows: int | None) -> RawTable:
    text = io.TextIOWrapper(fh, encoding=encoding, errors="replace" if encoding == "cp1252" else "strict",
                            newline="")
    reader = csv.reader(text, delimiter=delim)
    rows = []
    try:
        start = 1
        for cells in reader:
            rows.append((start, [c.strip() for c in cells]))
            if max_rows is not None and len(rows) > max_rows:
                raise too_many_rows(name, max_rows)
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            limit = f"{csv.field_size_limit():_}".replace("_", " ")
            raise FileFormatError(f"ett fält är längre än {limit} tecken (ett citattecken som aldrig avslutas?): "
                                  "väntade en tabell med korta fält.",
                                  file=name, line=reader.line_num) from None
        raise FileFormatError(f"trasig CSV ({exc}).", file=name, line=reader.line_num) from None
    finally:
        text.detach()  # the caller closes the file
    if not any(any(c for c in cells) for _, cells in rows):
        raise FileFormatError("filen är tom: väntade en tabell med rubrikrad (t.ex. Slagtext; Budget; Utfall).",
                              file=name)
    return RawTable(name, rows)


def _xlsx_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "Ja" if v else "Nej"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, (Decimal,)):
        return format(v, "f")
    if hasattr(v, "is_integer"):  # a float cell: its shortest repr, never in e-notation
        return format(Decimal(repr(v)), "f")
    return str(v).strip()


def read_xlsx_rows(source: bytes | BinaryIO, name: str, section: str | None = None, *,
                   max_rows: int | None = None, max_bytes: int | None = None) -> list[RawTable]:
    """Every sheet of a workbook (the one named like `section` first), read row by row (openpyxl read_only).

    Refused in one line: a workbook that unpacks to more than `max_bytes` (a zip bomb, or a cell of
    hundreds of megabytes), a sheet of more than `max_rows` rows, a cell longer than a CSV field may be.
    """
    import zipfile

    from openpyxl import load_workbook

    fh = io.BytesIO(source) if isinstance(source, bytes) else source
    limit = csv.field_size_limit()
    try:
        with zipfile.ZipFile(fh) as z:
            unpacked = sum(i.file_size for i in z.infolist())
            if max_bytes is not None and unpacked > max_bytes:
                from .bounds import size_text

                raise FileFormatError(f"arbetsboken packas upp till {size_text(unpacked)}, mer än gränsen"
                                      f" {size_text(max_bytes)} ([import] max_bytes i config.toml); inget lästes in.",
                                      file=name)
            # openpyxl would build a long cell whole before cutting it to Excel's 32 767 characters
            for part in z.namelist():
                if part.startswith("xl/") and part.endswith(".xml") and _long_text(z, part, limit):
                    raise FileFormatError(f"en cell är längre än {limit:_} tecken: väntade en tabell med korta"
                                          " fält.".replace("_", " "), file=name)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileFormatError(f"kan inte läsas som Excel-fil (.xlsx): {exc.__class__.__name__}.", file=name) from None
    fh.seek(0)
    try:
        wb = load_workbook(fh, read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException ...
        raise FileFormatError(f"kan inte läsas som Excel-fil (.xlsx): {exc.__class__.__name__}.", file=name) from None
    tables = []
    try:
        for ws in wb.worksheets:
            rows = []
            for i, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if max_rows is not None and i > max_rows:
                    raise too_many_rows(f"{name} [{ws.title}]", max_rows)
                rows.append((i, [_xlsx_cell(v) for v in row]))
            tables.append(RawTable(f"{name} [{ws.title}]", rows))
    finally:
        wb.close()
    if section:
        words = SECTION_WORDS[section]
        tables.sort(key=lambda t: 0 if _fold(t.name.rsplit("[", 1)[-1].rstrip("]")) in words else 1)
    return tables


def _long_text(z: Any, part: str, limit: int) -> bool:
    """True when the XML part holds a run of more than `limit` bytes without a tag (a cell's text), read in
    chunks so that the run is never held whole."""
    run = re.compile(rb"[^<]{%d,}" % (limit + 1))
    tail = b""
    with z.open(part) as fh:
        while chunk := fh.read(1 << 20):
            chunk = tail + chunk
            if run.search(chunk):
                return True
            cut = chunk.rfind(b"<")
            tail = chunk[cut + 1:] if cut >= 0 else chunk
    return False


# ---------------------------------------------------------------- headers


def _fold(s: str) -> str:
    s = str(s).replace("\u00a0", " ").replace("\u202f", " ").strip().lower().rstrip(":").strip()
    return re.sub(r"\s+", " ", s)


@dataclass
class Header:
    """An import table's header row: which column holds which field, in which unit, and what was ignored."""

    line: int
    columns: dict[str, int]  # field -> column index
    units: dict[str, str]  # field -> unit given in the header
    titles: dict[str, str]  # field -> header text as written
    ignored: list[str] = field(default_factory=list)
    above: list[str] = field(default_factory=list)  # text of rows above the header
    notes: list[str] = field(default_factory=list)  # how the header was read, for the plan's warnings


def _classify(title: str, year: int | None) -> tuple[str | None, str | None]:
    """(field, unit) for a header cell, or (None, None)."""
    h = _fold(title)
    if not h:
        return None, None
    unit = None
    m = re.search(r"\(\s*(t?kr|mkr)\s*\)", h) or re.search(r"\s(t?kr|mkr)$", h)
    if m:
        unit = m.group(1)
    base = re.sub(r"\([^)]*\)", " ", h)
    base = re.sub(r"\s(t?kr|mkr)$", " ", base)
    ym = re.search(r"\b((?:19|20)\d\d)\b", base)
    col_year = int(ym.group(1)) if ym else None
    base = re.sub(r"\b(?:19|20)\d\d\b", " ", base)
    base = re.sub(r"\s+", " ", base).strip(" -–:")
    # the longest synonym that is the whole title or its first words wins
    # ("utfall föregående år" over "utfall")
    found = [(len(w), fld) for fld, words in SYNONYMS.items() for w in words
             if base == w or base.startswith(w + " ")]
    if not found:
        return None, None
    fld = max(found)[1]
    if col_year is not None and year is not None and fld in ("budget", "outcome", "forecast", "deviation"):
        if fld == "outcome" and col_year == year - 1:
            return "previous_outcome", unit
        if col_year != year:
            return None, f"year:{col_year}"
    return fld, unit


_NUMBER = re.compile(r"[-−–+]?[0-9][0-9 \u00a0\u202f.,]*%?")


def _blank_label_column(below: list[tuple[int, list[str]]], header: list[str], cols: dict[str, int]) -> int | None:
    """The column left of the amounts whose header cell is blank and whose cells below are text (names)."""
    first_amount = min(i for f, i in cols.items() if f in AMOUNT_FIELDS)
    for i in range(first_amount):
        if i in cols.values() or (i < len(header) and header[i].strip()):
            continue
        cells = [r[i].strip() for _, r in below if i < len(r) and r[i].strip()]
        if cells and sum(1 for c in cells if not _NUMBER.fullmatch(c)) * 2 > len(cells):
            return i
    return None


def find_header(t: RawTable, year: int | None) -> Header:
    other_years: set[str] = set()
    for idx, (line, cells) in enumerate(t.rows[:30]):
        cols: dict[str, int] = {}
        units: dict[str, str] = {}
        titles: dict[str, str] = {}
        ignored = []
        for i, cell in enumerate(cells):
            if not cell.strip():
                continue
            fld, unit = _classify(cell, year)
            if fld is None and unit and unit.startswith("year:"):
                other_years.add(unit[5:])
            if fld is None or fld in cols:
                ignored.append(cell)
                continue
            cols[fld], titles[fld] = i, cell
            if unit:
                units[fld] = unit
        # one row per verksamhet: the verksamhet is the line ("Enhet" may as well be a unit: not that one)
        if "label" not in cols and "group" in cols and not _fold(titles["group"]).startswith("enhet"):
            cols["label"], titles["label"] = cols.pop("group"), titles.pop("group")
        if "label" not in cols and any(f in cols for f in AMOUNT_FIELDS):
            blank = _blank_label_column(t.rows[idx + 1:idx + 31], cells, cols)
            if blank is not None:  # printed statements often leave the label column's header empty
                cols["label"], titles["label"] = blank, f"kolumn {blank + 1} (utan rubrik)"
        if "label" in cols and any(f in cols for f in AMOUNT_FIELDS):
            above = [" ".join(c for c in cells_ if c) for _, cells_ in t.rows[:idx]]
            notes = [f"{t.name}: kolumn {cols['label'] + 1} på rubrikraden (rad {line}) saknar rubrik; dess text "
                     "läses som radernas namn."] if titles["label"].endswith("(utan rubrik)") else []
            return Header(line, cols, units, titles, ignored, above, notes)
    if other_years:
        raise FileFormatError(
            f"kolumnerna gäller år {', '.join(sorted(other_years))}, men importen gäller {year}: "
            "välj rätt år (--year).", file=t.name)
    raise FileFormatError(
        "hittar ingen rubrikrad: väntade kolumner som Slagtext (eller Rad/Projekt), Budget, Utfall, "
        "Prognos och Avvikelse.", file=t.name)

