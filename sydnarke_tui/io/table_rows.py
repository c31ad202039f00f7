"""Rows of an import table: amounts in ledger signs, kinds, totals, varav rows and verksamhet groups.

Amounts are read as printed (`-1 717`, `31 207`, `1 417,5`, unicode minus) in
`unit` (a "(kr)"/"(tkr)" in the header wins). `signs="costs-negative"` is
for tables printed with revenues positive, costs negative and deviation =
outcome − budget: amounts are negated into ledger signs, so deviations are
kept exactly as printed.

Rows named "Totalt …", "Summa …", "Netto …" or "Nettoresultat" (or typ
"summa") are totals, never lines. A verksamhet (group) comes from a group
column (Verksamhet, Avsnitt, Område, Enhet) or from a heading row (a name
without amounts) that a subtotal row ("Summa <name>", or a bare "Summa")
closes; a heading no subtotal closes is only a sub-heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..core.model import PrintedValue
from ..core.numbers import UNITS, ParseError, parse_amount
from ..core.text import one_line
from .errors import FileFormatError
from .table_read import _EMPTY_MARKS, AMOUNT_FIELDS, SECTION_WORDS, Header, RawTable, _fold

@dataclass
class ParsedRow:
    """One row of an import table, read: its label, kind, verksamhet and amounts in ledger signs."""

    line: int
    label: str
    section: str | None
    kind: str | None  # "revenue", "cost", "total", "varav", None
    municipality: str | None
    amounts: dict[str, int]  # ledger signs, kronor
    printed: dict[str, PrintedValue]  # as printed, in the file's unit (deviation and totals)
    group: str | None = None  # the verksamhet the row is printed under
    under: str | None = None  # the heading row above it (a group once a subtotal closes it)


def _kind_word(s: str) -> str | None:
    k = _fold(s)
    if not k:
        return None
    if k in ("intäkt", "intäkter", "revenue", "revenues", "income", "i"):
        return "revenue"
    if k in ("kostnad", "kostnader", "cost", "costs", "expense", "k"):
        return "cost"
    if k in ("summa", "total", "totalt", "sum", "netto"):
        return "total"
    if k in ("varav", "of which"):
        return "varav"
    if k in ("projekt", "project", "rad", "line"):
        return None
    return "?"


def _section_word(s: str) -> str | None:
    k = _fold(s)
    for sec, words in SECTION_WORDS.items():
        if k in words or any(k.startswith(w) for w in words):
            return sec
    return "?" if k else None


_TOTAL_RE = re.compile(r"^(totalt|summa|total|nettoresultat|netto|resultat|årets resultat)\b", re.IGNORECASE)
# Headings that name a kind or a table, never a verksamhet.
_PLAIN_HEADINGS = re.compile(r"^(verksamhetens )?(intäkter|kostnader|driftredovisning|investeringar|"
                             r"investeringsredovisning|drift|personalkostnader|övriga kostnader)$")


def is_total_label(label: str) -> bool:
    return bool(_TOTAL_RE.match(_fold(label)))


def total_rest(label: str) -> str:
    """'Summa Politisk verksamhet' -> 'politisk verksamhet' (folded); '' for a bare total."""
    return _TOTAL_RE.sub("", _fold(label), count=1).strip(" :-–")


def _cell(h: Header, cells: list[str], fld: str) -> str:
    i = h.columns.get(fld)
    if i is None or i >= len(cells):
        return ""
    v = cells[i].strip()
    return v[1:] if v.startswith("'") else v


def _amounts(t: RawTable, h: Header, cells: list[str], line: int, unit: str,
             signs: str) -> tuple[dict[str, int], dict[str, PrintedValue]]:
    amounts: dict[str, int] = {}
    printed: dict[str, PrintedValue] = {}
    for fld in AMOUNT_FIELDS:
        raw = _cell(h, cells, fld)
        if raw in _EMPTY_MARKS:
            continue
        u = h.units.get(fld, unit)
        title = one_line(h.titles[fld])
        if "\n" in raw or len(raw) > 40:
            hint = " (ett citattecken som aldrig avslutas?)" if "\n" in raw else ""
            raise FileFormatError(f"kolumnen '{title}': '{one_line(raw.splitlines()[0][:30])}…' är inte ett belopp"
                                  f"{hint}: ange t.ex. 1 417 eller -1 717.", file=t.name, line=line)
        if sum(c.isdigit() for c in raw) > 18:
            raise FileFormatError(f"kolumnen '{title}': beloppet har för många siffror: högst 15 siffror i kronor "
                                  "(under 1 000 biljoner kronor).", file=t.name, line=line)
        try:
            kr = parse_amount(raw, u)
        except ParseError as exc:
            raise FileFormatError(f"kolumnen '{title}': {exc}", file=t.name, line=line) from None
        except ArithmeticError:  # Decimal overflow on a number too large to round
            raise FileFormatError(f"kolumnen '{title}': '{one_line(raw)[:30]}' är för stort för ett belopp.",
                                  file=t.name, line=line) from None
        shown = Decimal(kr) / UNITS[u]
        if signs == "costs-negative" and fld != "deviation":
            kr, shown = -kr, -shown
        amounts[fld] = kr
        printed[fld] = PrintedValue(shown.normalize() if shown != shown.to_integral_value() else Decimal(int(shown)), u)
    return amounts, printed


def _kind(t: RawTable, h: Header, cells: list[str], line: int, label: str) -> tuple[str | None, str]:
    kind = None
    if "kind" in h.columns:
        kind = _kind_word(_cell(h, cells, "kind"))
        if kind == "?":
            raise FileFormatError(f"kolumnen '{one_line(h.titles['kind'])}': '{one_line(_cell(h, cells, 'kind'))}' "
                                  "är ingen typ: ange intäkt, kostnad, summa eller varav.", file=t.name, line=line)
    low = _fold(label)
    if kind is None and low.startswith("varav "):
        kind = "varav"
    if kind == "varav" and low.startswith("varav "):
        label = label.split(" ", 1)[1].strip()
    if kind is None and is_total_label(label):
        kind = "total"
    return kind, label


def _section_and_group(t: RawTable, h: Header, cells: list[str], line: int) -> tuple[str | None, str | None]:
    section = None
    if "section" in h.columns:
        section = _section_word(_cell(h, cells, "section"))
        if section == "?":
            raise FileFormatError(f"kolumnen '{one_line(h.titles['section'])}': '{one_line(_cell(h, cells, 'section'))}'"
                                  " är ingen tabell: ange drift eller investeringar.", file=t.name, line=line)
    group = re.sub(r"\s+", " ", _cell(h, cells, "group")) or None
    if group is not None and _fold(group) in ("kr", "tkr", "mkr", "%", "st", "antal", "procent"):
        group = None  # an "Enhet" column holding units, not organisational units
    if group is not None and _section_word(group) in SECTION_WORDS:  # an old "Avsnitt: drift" column
        section, group = _section_word(group), None
    if group is not None:
        section = section or "operating"
    return section, group


def _parse_rows(t: RawTable, h: Header, unit: str, signs: str) -> list[ParsedRow]:
    out: list[ParsedRow] = []
    heading: str | None = None
    closed: set[str] = set()
    for line, cells in t.rows:
        if line <= h.line or not any(c.strip() for c in cells):
            continue
        label = re.sub(r"\s+", " ", _cell(h, cells, "label"))
        amounts, printed = _amounts(t, h, cells, line, unit, signs)
        if not label:
            if amounts:
                raise FileFormatError("raden har belopp men ingen benämning: fyll i kolumnen "
                                      f"'{one_line(h.titles['label'])}'.", file=t.name, line=line)
            continue
        kind, label = _kind(t, h, cells, line, label)
        section, group = _section_and_group(t, h, cells, line)
        if not amounts:
            if kind is None and group is None and not _PLAIN_HEADINGS.match(_fold(label)):
                heading = label  # a verksamhet, if a subtotal closes it
            continue
        row = ParsedRow(line, label, section, kind, _cell(h, cells, "municipality") or None, amounts, printed,
                        group, heading)
        out.append(row)
        if kind == "total" and heading is not None and total_rest(label) in ("", _fold(heading)):
            closed.add(heading)
            heading = None
    if not out:
        raise FileFormatError("tabellen har en rubrikrad men inga rader med belopp.", file=t.name, line=h.line)
    for r in out:
        if r.group is None and r.under in closed:
            r.group = r.under
            r.section = r.section or "operating"
    return out
