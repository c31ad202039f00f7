"""Import an operating or investment table from CSV or XLSX.

Recognised columns (Swedish or English header names, case- and
space-insensitive; a year or a unit in parentheses may follow):

    avsnitt/section · rad/slagtext/projekt/benämning/line/label · typ/kind ·
    kommun/municipality · budget · utfall/outcome · prognos/forecast ·
    avvikelse/deviation · "Utfall <föregående år>" (kept as previous_outcome)

The header row is found even below a title row. Other columns are ignored
(listed as warnings). Amounts are read as printed (`-1 717`, `31 207`,
`1 417,5`, unicode minus) in `unit` (default tkr; a "(kr)"/"(tkr)" in the
header wins). `signs="costs-negative"` is for tables printed with revenues
positive, costs negative and deviation = outcome − budget: amounts are
negated into ledger signs, so deviations are kept exactly as printed.

Rows named "Totalt …", "Summa …" or "Nettoresultat" (or typ "summa") are
totals: their figures become printed values (operating/total/... or
investments/total/...) for the checker, never lines. A deviation column
becomes printed values too (operating/line/<id>/deviation). Without a kind
column a line's kind follows its sign in ledger signs (negative = revenue),
or, for all-zero lines, the total row that follows it. Rows named
"varav …" (or typ "varav") under an investment line are its of-which rows.

Lines are matched to existing ones by name (case- and whitespace-
insensitive) or added with fresh ids. A bad file raises FileFormatError and
changes nothing.
"""

from __future__ import annotations

import copy
import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..core.model import InvestmentLine, Kind, LineValue, OperatingLine, PrintedValue, Year
from ..core.numbers import div_round, UNITS, ParseError, format_amount, format_value, parse_amount
from .errors import FileFormatError
from .plan import ImportPlan

FIELDS = ("section", "label", "kind", "municipality", "budget", "outcome", "forecast", "deviation", "previous_outcome")
AMOUNT_FIELDS = ("budget", "outcome", "forecast", "deviation", "previous_outcome")

SYNONYMS: dict[str, tuple[str, ...]] = {
    "section": ("avsnitt", "section", "tabell", "table"),
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

SECTION_SV = {"operating": "Driftredovisning", "investments": "Investeringar"}
SIGNS = ("ledger", "costs-negative")

_EMPTY_MARKS = {"", "-", "–", "—", "−"}


# ---------------------------------------------------------------- reading rows


@dataclass
class RawTable:
    name: str  # file name for messages
    rows: list[tuple[int, list[str]]]  # (line number, cells)


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text: str) -> str:
    """`;`, tab or `,`: the one giving the most lines with the same (>1) number of fields."""
    sample = [ln for ln in text.splitlines()[:50] if ln.strip()]
    best, best_score = ";", (0, 0)
    for delim in (";", "\t", ","):
        counts = [len(r) for r in csv.reader(sample, delimiter=delim)]
        counts = [n for n in counts if n > 1]
        if not counts:
            continue
        mode, freq = Counter(counts).most_common(1)[0]
        score = (freq, mode)
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv_rows(data: bytes, name: str) -> RawTable:
    text = _decode(data)
    if not text.strip():
        raise FileFormatError("filen är tom: väntade en tabell med rubrikrad (t.ex. Slagtext; Budget; Utfall).",
                              file=name)
    delim = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows = []
    try:
        start = 1
        for cells in reader:
            rows.append((start, [c.strip() for c in cells]))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise FileFormatError(f"trasig CSV ({exc}).", file=name, line=reader.line_num) from None
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


def read_xlsx_rows(data: bytes, name: str, section: str | None = None) -> list[RawTable]:
    """Every sheet of a workbook (the one named like `section` first)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile.BadZipFile, KeyError, InvalidFileException ...
        raise FileFormatError(f"kan inte läsas som Excel-fil (.xlsx): {exc.__class__.__name__}.", file=name) from None
    tables = []
    for ws in wb.worksheets:
        rows = [(i, [_xlsx_cell(v) for v in row]) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)]
        tables.append(RawTable(f"{name} [{ws.title}]", rows))
    wb.close()
    if section:
        words = SECTION_WORDS[section]
        tables.sort(key=lambda t: 0 if _fold(t.name.rsplit("[", 1)[-1].rstrip("]")) in words else 1)
    return tables


# ---------------------------------------------------------------- headers


def _fold(s: str) -> str:
    s = str(s).replace("\u00a0", " ").replace("\u202f", " ").strip().lower().rstrip(":").strip()
    return re.sub(r"\s+", " ", s)


@dataclass
class Header:
    line: int
    columns: dict[str, int]  # field -> column index
    units: dict[str, str]  # field -> unit given in the header
    titles: dict[str, str]  # field -> header text as written
    ignored: list[str] = field(default_factory=list)
    above: list[str] = field(default_factory=list)  # text of rows above the header


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
        if "label" in cols and any(f in cols for f in AMOUNT_FIELDS):
            above = [" ".join(c for c in cells_ if c) for _, cells_ in t.rows[:idx]]
            return Header(line, cols, units, titles, ignored, above)
    if other_years:
        raise FileFormatError(
            f"kolumnerna gäller år {', '.join(sorted(other_years))}, men importen gäller {year}: "
            "välj rätt år (--year).", file=t.name)
    raise FileFormatError(
        "hittar ingen rubrikrad: väntade kolumner som Slagtext (eller Rad/Projekt), Budget, Utfall, "
        "Prognos och Avvikelse.", file=t.name)


# ---------------------------------------------------------------- rows


@dataclass
class ParsedRow:
    line: int
    label: str
    section: str | None
    kind: str | None  # "revenue", "cost", "total", "varav", None
    municipality: str | None
    amounts: dict[str, int]  # ledger signs, kronor
    printed: dict[str, PrintedValue]  # as printed, in the file's unit (deviation and totals)


def _norm_label(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip().casefold()


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


def is_total_label(label: str) -> bool:
    return bool(_TOTAL_RE.match(_fold(label)))


def _parse_rows(t: RawTable, h: Header, unit: str, signs: str) -> list[ParsedRow]:
    out = []
    for line, cells in t.rows:
        if line <= h.line:
            continue

        def get(fld: str) -> str:
            i = h.columns.get(fld)
            if i is None or i >= len(cells):
                return ""
            v = cells[i].strip()
            return v[1:] if v.startswith("'") else v

        if not any(c.strip() for c in cells):
            continue
        label = re.sub(r"\s+", " ", get("label"))
        amounts: dict[str, int] = {}
        printed: dict[str, PrintedValue] = {}
        for fld in AMOUNT_FIELDS:
            raw = get(fld)
            if raw in _EMPTY_MARKS:
                continue
            u = h.units.get(fld, unit)
            if "\n" in raw or len(raw) > 40:
                hint = " (ett citattecken som aldrig avslutas?)" if "\n" in raw else ""
                raise FileFormatError(f"kolumnen '{h.titles[fld]}': '{raw.splitlines()[0][:30]}…' är inte ett belopp"
                                      f"{hint}: ange t.ex. 1 417 eller -1 717.", file=t.name, line=line)
            try:
                kr = parse_amount(raw, u)
            except ParseError as exc:
                raise FileFormatError(f"kolumnen '{h.titles[fld]}': {exc}", file=t.name, line=line) from None
            shown = Decimal(kr) / UNITS[u]
            if signs == "costs-negative" and fld != "deviation":
                kr = -kr
                shown = -shown
            amounts[fld] = kr
            printed[fld] = PrintedValue(shown.normalize() if shown != shown.to_integral_value() else Decimal(int(shown)), u)
        if not label:
            if amounts:
                raise FileFormatError("raden har belopp men ingen benämning: fyll i kolumnen "
                                      f"'{h.titles['label']}'.", file=t.name, line=line)
            continue
        kind = None
        if "kind" in h.columns:
            kind = _kind_word(get("kind"))
            if kind == "?":
                raise FileFormatError(f"kolumnen '{h.titles['kind']}': '{get('kind')}' är ingen typ: ange intäkt, "
                                      "kostnad, summa eller varav.", file=t.name, line=line)
        low = _fold(label)
        if kind is None and low.startswith("varav "):
            kind = "varav"
        if kind == "varav" and low.startswith("varav "):
            label = label.split(" ", 1)[1].strip()
        if kind is None and is_total_label(label):
            kind = "total"
        section = None
        if "section" in h.columns:
            section = _section_word(get("section"))
            if section == "?":
                raise FileFormatError(f"kolumnen '{h.titles['section']}': '{get('section')}' är inget avsnitt: "
                                      "ange drift eller investeringar.", file=t.name, line=line)
        muni = get("municipality") or None
        if not amounts:
            continue  # a sub-heading
        out.append(ParsedRow(line, label, section, kind, muni, amounts, printed))
    if not out:
        raise FileFormatError("tabellen har en rubrikrad men inga rader med belopp.", file=t.name, line=h.line)
    return out


# ---------------------------------------------------------------- applying


def _fmt_kr(v: int | None) -> str:
    return "–" if v is None else f"{format_amount(v, 'kr')} kr"


def _total_kind(label: str) -> str:
    low = _fold(label)
    if "intäkt" in low or "intakt" in low or "revenue" in low:
        return "revenue"
    if "kostnad" in low or "cost" in low:
        return "cost"
    return "net"


def _guess_section(h: Header, rows: list[ParsedRow]) -> str:
    above = " ".join(h.above).lower()
    if "investering" in above:
        return "investments"
    if "drift" in above:
        return "operating"
    label_title = _fold(h.titles["label"])
    if label_title.startswith(("projekt", "investering", "project")) or "municipality" in h.columns:
        return "investments"
    if any(r.kind == "varav" for r in rows):
        return "investments"
    return "operating"


class _Applier:
    def __init__(self, year: Year, period_code: str, file: str, plan: ImportPlan):
        self.y = year
        self.code = period_code
        self.file = file
        self.plan = plan
        self.next_op = max((ln.id for ln in year.operating), default=0) + 1
        self.next_inv = max((ln.id for ln in year.investments), default=0) + 1

    def _set(self, where: str, old, new, setter) -> None:
        if old == new:
            return
        setter(new)
        if old is None:
            self.plan.changes.append(f"{where}: {_fmt_kr(new)}")
        else:
            self.plan.changes.append(f"{where}: {_fmt_kr(old)} → {_fmt_kr(new)}")

    def _printed(self, path: str, pv: PrintedValue, where: str) -> None:
        figs = self.y.printed.setdefault(self.code, {})
        old = figs.get(path)
        if old == pv:
            return
        figs[path] = pv
        shown = format_value(pv.value)
        self.plan.changes.append(f"Tryckt värde: {where} = {shown} {pv.unit}")

    def _exact(self, old: int | None, r: ParsedRow, fld: str, where: str) -> int:
        """Keep a stored exact amount that rounds to the file's rounded one (a printed tkr table
        must not replace 10 381 700 kr by 10 382 000 kr)."""
        new = r.amounts[fld]
        unit = UNITS.get(r.printed[fld].unit, 1)
        if old is not None and old != new and unit > 1 and div_round(old, unit) * unit == new:
            self.plan.warnings.append(f"{where}: det exakta beloppet {_fmt_kr(old)} behålls "
                                      f"(avrundat samma som filens {_fmt_kr(new)}).")
            return old
        return new

    def _values(self, ln, r: ParsedRow, where: str) -> None:
        a = {fld: v for fld, v in r.amounts.items()}
        if "budget" in a:
            a["budget"] = self._exact(ln.budget, r, "budget", f"{where} › budget")
            self._set(f"{where} › budget", ln.budget, a["budget"], lambda v: setattr(ln, "budget", v))
        lv = ln.values.get(self.code)
        if lv is None and ("outcome" in a or "forecast" in a):
            lv = ln.values[self.code] = LineValue()
        for fld in ("outcome", "forecast"):
            if fld in a:
                a[fld] = self._exact(getattr(lv, fld), r, fld, f"{where} › {_FIELD_SV.get(fld, 'prognos')}")
        if "outcome" in a:
            self._set(f"{where} › utfall", lv.outcome, a["outcome"], lambda v: setattr(lv, "outcome", v))
        if "forecast" in a:
            self._set(f"{where} › prognos", lv.forecast, a["forecast"], lambda v: setattr(lv, "forecast", v))
        if "previous_outcome" in a:
            self._set(f"{where} › utfall föregående år", ln.previous_outcome, a["previous_outcome"],
                      lambda v: setattr(ln, "previous_outcome", v))

    def operating(self, rows: list[ParsedRow]) -> None:
        existing = {_norm_label(ln.label): ln for ln in self.y.operating}
        seen: dict[str, int] = {}
        # kinds for lines whose sign does not tell: the next total row decides
        pending: list[ParsedRow] = []
        kinds: dict[int, str] = {}
        for r in rows:
            if r.kind == "varav":
                raise FileFormatError("varav-rader finns bara i investeringsredovisningen.", file=self.file, line=r.line)
            if r.kind == "total":
                tk = _total_kind(r.label)
                for p in pending:
                    kinds[p.line] = tk if tk in ("revenue", "cost") else "cost"
                pending = []
                continue
            if r.kind in ("revenue", "cost"):
                kinds[r.line] = r.kind
                continue
            key = _norm_label(r.label)
            ref = r.amounts.get("budget") or r.amounts.get("outcome") or r.amounts.get("forecast")
            if ref:
                kinds[r.line] = "revenue" if ref < 0 else "cost"
            elif key in existing:
                kinds[r.line] = existing[key].kind.value
            else:
                pending.append(r)
        for p in pending:
            kinds[p.line] = "cost"
            self.plan.warnings.append(f"{self.file}, rad {p.line}: typen för '{p.label}' kunde inte avgöras; "
                                      "den läses som kostnad.")
        for r in rows:
            if r.kind == "total":
                tk = _total_kind(r.label)
                what = {"revenue": "Totalt intäkter", "cost": "Totalt kostnader", "net": "Nettoresultat"}[tk]
                for fld in ("budget", "outcome", "deviation"):
                    if fld in r.printed:
                        self._printed(f"operating/total/{tk}/{fld}", r.printed[fld],
                                      f"Driftredovisning › {what} › {_FIELD_SV[fld]}")
                continue
            key = _norm_label(r.label)
            if key in seen:
                raise FileFormatError(f"raden '{r.label}' finns redan på rad {seen[key]}.", file=self.file, line=r.line)
            seen[key] = r.line
            kind = Kind(kinds[r.line])
            ln = existing.get(key)
            where = f"Driftredovisning › {ln.label if ln else r.label}"
            if ln is None:
                ln = OperatingLine(self.next_op, r.label, kind)
                self.next_op += 1
                self.y.operating.append(ln)
                existing[key] = ln
                self.plan.changes.append(f"Ny rad: {where} ({'intäkt' if kind is Kind.REVENUE else 'kostnad'})")
            elif r.kind in ("revenue", "cost") and ln.kind is not kind:
                self.plan.changes.append(f"{where}: typ {ln.kind.value} → {kind.value}")
                ln.kind = kind
            self._values(ln, r, where)
            if "deviation" in r.printed:
                self._printed(f"operating/line/{ln.id}/deviation", r.printed["deviation"], f"{where} › avvikelse")

    def investments(self, rows: list[ParsedRow]) -> None:
        mains = {_norm_label(ln.label): ln for ln in self.y.investments if ln.parent_id is None}
        seen: dict[tuple, int] = {}
        parent: InvestmentLine | None = None
        for r in rows:
            if r.kind == "total":
                for fld in ("budget", "outcome", "deviation"):
                    if fld in r.printed:
                        self._printed(f"investments/total/{fld}", r.printed[fld], f"Investeringar › Totalt › {_FIELD_SV[fld]}")
                parent = None
                continue
            if r.kind in ("revenue", "cost"):
                raise FileFormatError(f"typen '{r.kind}' hör till driftredovisningen, inte investeringar.",
                                      file=self.file, line=r.line)
            key = _norm_label(r.label)
            if r.kind == "varav":
                if parent is None:
                    raise FileFormatError(f"varav-raden '{r.label}' står inte under någon investeringsrad.",
                                          file=self.file, line=r.line)
                sk = (parent.id, key)
                if sk in seen:
                    raise FileFormatError(f"varav-raden '{r.label}' finns redan på rad {seen[sk]}.", file=self.file, line=r.line)
                seen[sk] = r.line
                sub = next((s for s in self.y.investments if s.parent_id == parent.id and _norm_label(s.label) == key), None)
                where = f"Investeringar › {parent.label} › varav {sub.label if sub else r.label}"
                if sub is None:
                    sub = InvestmentLine(self.next_inv, r.label, parent.municipality, None, {}, parent.id)
                    self.next_inv += 1
                    idx = max(i for i, s in enumerate(self.y.investments) if s.id == parent.id or s.parent_id == parent.id)
                    self.y.investments.insert(idx + 1, sub)
                    self.plan.changes.append(f"Ny varav-rad: {where}")
                self._values(sub, r, where)
                continue
            sk = (None, key)
            if sk in seen:
                raise FileFormatError(f"raden '{r.label}' finns redan på rad {seen[sk]}.", file=self.file, line=r.line)
            seen[sk] = r.line
            muni = r.municipality
            if muni is not None and _fold(muni) in ("gemensamt", "gemensam", "gemensamma", "common", "alla"):
                muni = None
            ln = mains.get(key)
            where = f"Investeringar › {ln.label if ln else r.label}"
            if ln is None:
                ln = InvestmentLine(self.next_inv, r.label, muni)
                self.next_inv += 1
                self.y.investments.append(ln)
                mains[key] = ln
                self.plan.changes.append(f"Ny rad: {where} ({muni or 'gemensamt'})")
            elif r.municipality is not None and ln.municipality != muni:
                self.plan.changes.append(f"{where} › kommun: {ln.municipality or 'gemensamt'} → {muni or 'gemensamt'}")
                ln.municipality = muni
            self._values(ln, r, where)
            if "deviation" in r.printed:
                self._printed(f"investments/line/{ln.id}/deviation", r.printed["deviation"], f"{where} › avvikelse")
            parent = ln


_FIELD_SV = {"budget": "budget", "outcome": "utfall", "deviation": "avvikelse"}


def plan_rows_import(year: Year, t: RawTable, period_code: str, section: str | None = None,
                     unit: str = "tkr", signs: str = "ledger") -> ImportPlan:
    """Plan the import of already-read rows (see plan_table_import)."""
    if unit not in UNITS:
        raise FileFormatError(f"okänd enhet '{unit}': ange kr eller tkr.", file=t.name)
    if signs not in SIGNS:
        raise FileFormatError(f"okänd teckenkonvention '{signs}': ange ledger eller costs-negative.", file=t.name)
    if section not in (None, "operating", "investments"):
        raise FileFormatError(f"okänt avsnitt '{section}': ange operating (drift) eller investments.", file=t.name)
    try:
        year.period(period_code)
    except KeyError:
        codes = ", ".join(p.code for p in year.periods)
        raise FileFormatError(f"okänd period '{period_code}': välj en av {codes}.", file=t.name) from None
    if not t.rows or not any(any(c.strip() for c in cells) for _, cells in t.rows):
        raise FileFormatError("filen är tom: väntade en tabell med rubrikrad (t.ex. Slagtext; Budget; Utfall).",
                              file=t.name)
    h = find_header(t, year.year)
    rows = _parse_rows(t, h, unit, signs)
    new = copy.deepcopy(year)
    plan = ImportPlan(new)
    for title in h.ignored:
        plan.warnings.append(f"{t.name}: kolumnen '{title}' känns inte igen och läses inte.")
    default = section or _guess_section(h, rows)
    for r in rows:
        if r.section is None:
            r.section = default
        elif section is not None and r.section != section:
            raise FileFormatError(f"raden hör till {SECTION_SV[r.section]}, men importen gäller {SECTION_SV[section]}.",
                                  file=t.name, line=r.line)
    ap = _Applier(new, period_code, t.name, plan)
    op = [r for r in rows if r.section == "operating"]
    inv = [r for r in rows if r.section == "investments"]
    if op:
        ap.operating(op)
    if inv:
        ap.investments(inv)
    return plan


def plan_table_import(year: Year, path: str | Path, period_code: str, section: str | None = None,
                      unit: str = "tkr", signs: str = "ledger", data: bytes | None = None) -> ImportPlan:
    """Plan importing a CSV/XLSX table into `year` for `period_code`; `year` itself is not changed.

    `data` may be given instead of reading `path` (the path then only names the file
    and tells xlsx from csv by its extension).
    """
    p = Path(path)
    name = p.name
    if data is None:
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise FileFormatError(f"kan inte läsa filen ({exc.strerror}).", file=str(p)) from None
    if not data.strip():
        raise FileFormatError("filen är tom: väntade en tabell med rubrikrad (t.ex. Slagtext; Budget; Utfall).",
                              file=name)
    if p.suffix.lower() in (".xlsx", ".xlsm") or data[:4] == b"PK\x03\x04":
        tables = read_xlsx_rows(data, name, section)
        first_error: FileFormatError | None = None
        for t in tables:
            try:
                return plan_rows_import(year, t, period_code, section, unit, signs)
            except FileFormatError as exc:
                if "hittar ingen rubrikrad" not in str(exc) and "filen är tom" not in str(exc):
                    raise
                first_error = first_error or exc
        raise first_error or FileFormatError("arbetsboken har inga blad.", file=name)
    return plan_rows_import(year, read_csv_rows(data, name), period_code, section, unit, signs)
