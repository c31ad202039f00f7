"""SIE 4 import: a hand-written tokenizer and parser, and mapping accounts to operating lines.

Encoding: SIE prescribes PC8 (IBM codepage 437). A file that starts with a
UTF-8 BOM, or is valid UTF-8 and contains non-ASCII bytes, is read as UTF-8
instead (many programs write that today).

Amounts in SIE are kronor with decimals (`-1234.50`), ledger signs (revenues
negative, costs positive). They are summed exactly (Decimal) and rounded half
up to whole kronor only at the end, per operating line.

Outcome: the full year from #RES (year index 0); at interim periods (or when
no #RES row matches the object filter) the sum of #PSALDO for year 0 up to
the period's last month; failing both, the sum of the vouchers' #TRANS.
Budget: #PBUDGET for year 0 summed over the year. With an object filter
(dimension + object id) only rows with that object in their `{}` list are
used; without one only rows with an empty list.
"""

from __future__ import annotations

import copy
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ..core.model import Kind, LineValue, OperatingLine, Year
from ..core.numbers import format_amount, round_preserving_sum
from .errors import FileFormatError
from .plan import ImportPlan

ObjectList = tuple[tuple[str, str], ...]  # ((dim, object id), ...)


# ---------------------------------------------------------------- tokenizer


class _Tok(str):
    """A token; `quoted` tells "" (an empty quoted field) from nothing."""

    quoted: bool = False


def tokenize(line: str, lineno: int, file: str = "SIE-fil") -> list:
    """Split one SIE line into tokens: strings, and lists of strings for `{...}`.

    Quoted fields may contain spaces and backslash escapes (\\" and \\\\).
    """
    out: list = []
    stack: list[list] = [out]
    i, n = 0, len(line)
    while i < n:
        ch = line[i]
        if ch in " \t\r\n":
            i += 1
            continue
        if ch == "{":
            new: list = []
            stack[-1].append(new)
            stack.append(new)
            i += 1
            continue
        if ch == "}":
            if len(stack) == 1:
                raise FileFormatError("'}' utan matchande '{'.", file=file, line=lineno)
            stack.pop()
            i += 1
            continue
        if ch == '"':
            i += 1
            buf = []
            while True:
                if i >= n:
                    raise FileFormatError("citattecken saknar sitt slut (\").", file=file, line=lineno)
                c = line[i]
                if c == "\\" and i + 1 < n:
                    buf.append(line[i + 1])
                    i += 2
                    continue
                if c == '"':
                    i += 1
                    break
                buf.append(c)
                i += 1
            t = _Tok("".join(buf))
            t.quoted = True
            stack[-1].append(t)
            continue
        j = i
        while j < n and line[j] not in ' \t\r\n{}"':
            j += 1
        stack[-1].append(_Tok(line[i:j]))
        i = j
    if len(stack) != 1:
        raise FileFormatError("'{' saknar sitt avslutande '}'.", file=file, line=lineno)
    return out


def decode_sie(data: bytes) -> tuple[str, str]:
    """(text, encoding name): UTF-8 when marked or evidently so, else PC8 (cp437)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8"
    try:
        text = data.decode("utf-8")
        if any(b > 0x7F for b in data):
            return text, "utf-8"
    except UnicodeDecodeError:
        pass
    return data.decode("cp437"), "cp437"


# ---------------------------------------------------------------- model


@dataclass(frozen=True)
class Trans:
    account: str
    objects: ObjectList
    amount: Decimal
    line: int


@dataclass
class Voucher:
    series: str
    number: str
    date: str
    text: str
    line: int
    trans: list[Trans] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((t.amount for t in self.trans), Decimal(0))


@dataclass(frozen=True)
class Balance:
    """An #IB/#UB/#RES/#PSALDO/#PBUDGET row."""

    year_index: int
    account: str
    objects: ObjectList
    amount: Decimal
    period: str = ""  # YYYYMM for #PSALDO/#PBUDGET
    line: int = 0


@dataclass
class SieFile:
    encoding: str = "cp437"
    flagga: int | None = None
    format: str = ""
    sietyp: str = ""
    program: str = ""
    gen: str = ""
    fnamn: str = ""
    rar: dict[int, tuple[str, str]] = field(default_factory=dict)
    konto: dict[str, str] = field(default_factory=dict)
    ktyp: dict[str, str] = field(default_factory=dict)
    dim: dict[str, str] = field(default_factory=dict)
    objekt: dict[tuple[str, str], str] = field(default_factory=dict)
    ib: list[Balance] = field(default_factory=list)
    ub: list[Balance] = field(default_factory=list)
    res: list[Balance] = field(default_factory=list)
    psaldo: list[Balance] = field(default_factory=list)
    pbudget: list[Balance] = field(default_factory=list)
    vouchers: list[Voucher] = field(default_factory=list)
    unknown: Counter = field(default_factory=Counter)  # label -> count

    def account_name(self, account: str) -> str:
        return self.konto.get(account, "")


# ---------------------------------------------------------------- parser

_AMOUNT_RE = re.compile(r"^-?\d+(\.\d+)?$")
KNOWN = {"#FLAGGA", "#FORMAT", "#SIETYP", "#PROGRAM", "#GEN", "#FNAMN", "#RAR", "#KONTO", "#KTYP", "#DIM",
         "#OBJEKT", "#IB", "#UB", "#RES", "#PSALDO", "#PBUDGET", "#VER", "#TRANS"}


def _amount(tok, lineno: int, file: str, what: str = "belopp") -> Decimal:
    s = str(tok) if not isinstance(tok, list) else ""
    if not _AMOUNT_RE.match(s):
        raise FileFormatError(f"'{s}' är inget {what}: väntade t.ex. -1234.50.", file=file, line=lineno)
    try:
        return Decimal(s)
    except InvalidOperation:  # pragma: no cover - regex guarantees digits
        raise FileFormatError(f"'{s}' är inget {what}.", file=file, line=lineno) from None


def _objects(tok, lineno: int, file: str) -> ObjectList:
    if not isinstance(tok, list):
        raise FileFormatError(f"väntade en objektlista {{…}}, fick '{tok}'.", file=file, line=lineno)
    if any(isinstance(x, list) for x in tok) or len(tok) % 2:
        raise FileFormatError("objektlistan ska bestå av par: dimension och objekt, t.ex. {1 \"5100\"}.",
                              file=file, line=lineno)
    return tuple((str(tok[i]), str(tok[i + 1])) for i in range(0, len(tok), 2))


def _need(toks: list, count: int, lineno: int, file: str, form: str) -> None:
    if len(toks) < count:
        raise FileFormatError(f"för få fält: väntade {form}.", file=file, line=lineno)


def _int(tok, lineno: int, file: str, what: str) -> int:
    s = str(tok)
    if isinstance(tok, list) or not re.fullmatch(r"-?\d+", s):
        raise FileFormatError(f"'{s}' är inget {what} (ett heltal).", file=file, line=lineno)
    return int(s)


def parse_sie(data: bytes, file: str = "SIE-fil") -> SieFile:
    """Parse SIE 1–4 data. Every #VER must balance; unknown labels are counted, not fatal."""
    if not data.strip():
        raise FileFormatError("filen är tom: väntade en SIE-fil (rader som börjar med #FLAGGA, #KONTO …).", file=file)
    text, enc = decode_sie(data)
    sie = SieFile(encoding=enc)
    ver: Voucher | None = None
    ver_open = False  # inside { } of a #VER
    seen_label = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if "\x00" in line:
            raise FileFormatError("filen innehåller binära data: väntade en SIE-fil i textformat.", file=file, line=lineno)
        if line == "{":
            if ver is None or ver_open:
                raise FileFormatError("'{' utan föregående #VER.", file=file, line=lineno)
            ver_open = True
            continue
        if line == "}":
            if not ver_open or ver is None:
                raise FileFormatError("'}' utan öppen verifikation.", file=file, line=lineno)
            _close_voucher(ver, file)
            sie.vouchers.append(ver)
            ver, ver_open = None, False
            continue
        if not line.startswith("#"):
            raise FileFormatError(f"oväntad rad '{line[:40]}': varje rad i en SIE-fil börjar med #ETIKETT.",
                                  file=file, line=lineno)
        if ver is not None and not ver_open:
            raise FileFormatError(f"#VER på rad {ver.line} följs inte av '{{'.", file=file, line=lineno)
        toks = tokenize(line, lineno, file)
        label = str(toks[0]).upper()
        args = toks[1:]
        if label in KNOWN:
            seen_label = True
        if ver_open and label != "#TRANS":
            if label in ("#RTRANS", "#BTRANS"):
                sie.unknown[label] += 1  # added/removed rows: the #TRANS rows carry the amounts
                continue
            raise FileFormatError(f"{label} inne i verifikationen från rad {ver.line}: väntade #TRANS eller '}}'.",
                                  file=file, line=lineno)
        if label == "#TRANS":
            if not ver_open or ver is None:
                raise FileFormatError("#TRANS utanför en verifikation (#VER … { }).", file=file, line=lineno)
            _need(args, 3, lineno, file, "#TRANS konto {objekt} belopp")
            ver.trans.append(Trans(str(args[0]), _objects(args[1], lineno, file), _amount(args[2], lineno, file), lineno))
        elif label == "#VER":
            _need(args, 3, lineno, file, "#VER serie nummer datum [text]")
            ver = Voucher(str(args[0]), str(args[1]), str(args[2]), str(args[3]) if len(args) > 3 else "", lineno)
        elif label == "#FLAGGA":
            _need(args, 1, lineno, file, "#FLAGGA 0|1")
            sie.flagga = _int(args[0], lineno, file, "flaggvärde")
        elif label == "#FORMAT":
            sie.format = str(args[0]) if args else ""
        elif label == "#SIETYP":
            _need(args, 1, lineno, file, "#SIETYP 1–4")
            sie.sietyp = str(args[0])
            if sie.sietyp.upper().rstrip("EI") not in ("1", "2", "3", "4"):
                raise FileFormatError(f"okänd SIE-typ '{sie.sietyp}': väntade 1, 2, 3 eller 4.", file=file, line=lineno)
        elif label == "#PROGRAM":
            sie.program = " ".join(str(a) for a in args if not isinstance(a, list))
        elif label == "#GEN":
            sie.gen = str(args[0]) if args else ""
        elif label == "#FNAMN":
            sie.fnamn = str(args[0]) if args else ""
        elif label == "#RAR":
            _need(args, 3, lineno, file, "#RAR årsnr start slut")
            sie.rar[_int(args[0], lineno, file, "årsnummer")] = (str(args[1]), str(args[2]))
        elif label == "#KONTO":
            _need(args, 1, lineno, file, "#KONTO kontonr namn")
            sie.konto[str(args[0])] = str(args[1]) if len(args) > 1 else ""
        elif label == "#KTYP":
            _need(args, 2, lineno, file, "#KTYP kontonr T|S|K|I")
            sie.ktyp[str(args[0])] = str(args[1]).upper()
        elif label == "#DIM":
            _need(args, 1, lineno, file, "#DIM nr namn")
            sie.dim[str(args[0])] = str(args[1]) if len(args) > 1 else ""
        elif label == "#OBJEKT":
            _need(args, 2, lineno, file, "#OBJEKT dim objekt namn")
            sie.objekt[(str(args[0]), str(args[1]))] = str(args[2]) if len(args) > 2 else ""
        elif label in ("#IB", "#UB", "#RES"):
            _need(args, 3, lineno, file, f"{label} årsnr konto belopp")
            rest = args[2:]
            objs: ObjectList = ()
            if isinstance(rest[0], list):  # some programs add an object list
                objs = _objects(rest[0], lineno, file)
                rest = rest[1:]
                _need(rest, 1, lineno, file, f"{label} årsnr konto {{objekt}} belopp")
            b = Balance(_int(args[0], lineno, file, "årsnummer"), str(args[1]), objs, _amount(rest[0], lineno, file), "", lineno)
            {"#IB": sie.ib, "#UB": sie.ub, "#RES": sie.res}[label].append(b)
        elif label in ("#PSALDO", "#PBUDGET"):
            _need(args, 5, lineno, file, f"{label} årsnr period konto {{objekt}} belopp")
            period = str(args[1])
            if not re.fullmatch(r"\d{6}", period):
                raise FileFormatError(f"'{period}' är ingen period: väntade ÅÅÅÅMM.", file=file, line=lineno)
            b = Balance(_int(args[0], lineno, file, "årsnummer"), str(args[2]), _objects(args[3], lineno, file),
                        _amount(args[4], lineno, file), period, lineno)
            (sie.psaldo if label == "#PSALDO" else sie.pbudget).append(b)
        else:
            sie.unknown[label] += 1
    if ver is not None:
        raise FileFormatError(f"verifikationen på rad {ver.line} saknar avslutande '}}' (filen tar slut).", file=file)
    if not seen_label:
        raise FileFormatError("inga SIE-etiketter hittades: väntade rader som #FLAGGA, #SIETYP, #KONTO, #RES.", file=file)
    return sie


def _close_voucher(ver: Voucher, file: str) -> None:
    total = ver.total
    if total != 0:
        raise FileFormatError(
            f"verifikation {ver.series} {ver.number} ({ver.date}) balanserar inte: summan av #TRANS är {total}, "
            "väntade 0.", file=file, line=ver.line)


# ---------------------------------------------------------------- mapping


@dataclass(frozen=True)
class MapLine:
    label: str
    kind: Kind
    ranges: tuple[tuple[int, int], ...]

    def width(self, account: int) -> int | None:
        """The narrowest range containing the account (its width), or None."""
        widths = [hi - lo for lo, hi in self.ranges if lo <= account <= hi]
        return min(widths) if widths else None


DEFAULT_MAPPING = (
    MapLine("Intäkter", Kind.REVENUE, ((3000, 3999),)),
    MapLine("Kostnader", Kind.COST, ((4000, 7999),)),
)
PL_RANGE = (3000, 8999)  # result accounts (Kommun-Bas / BAS classes 3–8)


def parse_ranges(spec: str | list, where: str = "konton") -> tuple[tuple[int, int], ...]:
    """'3000-3999, 4010' or ['3000-3999', '4010'] -> ((3000, 3999), (4010, 4010))."""
    parts = spec if isinstance(spec, list) else re.split(r"[,;\s]+", str(spec))
    out = []
    for p in parts:
        p = str(p).strip().replace("–", "-").replace("−", "-")
        if not p:
            continue
        m = re.fullmatch(r"(\d+)\s*(?:-\s*(\d+))?", p)
        if not m:
            raise FileFormatError(f"{where}: '{p}' är inget kontointervall: ange t.ex. 3000-3999 eller 4010.")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if hi < lo:
            raise FileFormatError(f"{where}: intervallet '{p}' går baklänges.")
        out.append((lo, hi))
    if not out:
        raise FileFormatError(f"{where}: inga konton angivna.")
    return tuple(out)


def mapping_from_list(items: list[dict]) -> list[MapLine]:
    """[{label, kind, accounts}] -> mapping; kind: revenue/cost or intäkt/kostnad."""
    out = []
    for i, it in enumerate(items):
        where = f"mappning rad {i + 1}"
        if not isinstance(it, dict) or not str(it.get("label", "")).strip():
            raise FileFormatError(f"{where}: 'label' (radens namn) saknas.")
        k = str(it.get("kind", "")).strip().lower()
        kind = {"revenue": Kind.REVENUE, "intäkt": Kind.REVENUE, "intäkter": Kind.REVENUE,
                "cost": Kind.COST, "kostnad": Kind.COST, "kostnader": Kind.COST}.get(k)
        if kind is None:
            raise FileFormatError(f"{where}: 'kind' ska vara revenue/intäkt eller cost/kostnad, fick '{k}'.")
        accounts = it.get("accounts", it.get("konton"))
        if accounts is None:
            raise FileFormatError(f"{where}: 'accounts' (t.ex. \"4000-4999\") saknas.")
        out.append(MapLine(str(it["label"]).strip(), kind, parse_ranges(accounts, where)))
    return out


def load_mapping_toml(text: str, file: str = "mappning") -> list[MapLine]:
    """A mapping file: [[line]] label = "Personalkostnader", kind = "cost", accounts = ["5000-5999"]."""
    try:
        d = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(f"ogiltig TOML: {exc}", file=file) from None
    items = d.get("line", d.get("lines", d.get("rad")))
    if not isinstance(items, list):
        raise FileFormatError("väntade tabeller [[line]] med label, kind och accounts.", file=file)
    try:
        return mapping_from_list(items)
    except FileFormatError as exc:
        raise FileFormatError(str(exc), file=file) from None


def map_account(account: str, mapping: list[MapLine] | tuple[MapLine, ...]) -> MapLine | None:
    try:
        a = int(account)
    except ValueError:
        return None
    best: tuple[int, int, MapLine] | None = None
    for i, m in enumerate(mapping):
        w = m.width(a)
        if w is not None and (best is None or (w, i) < best[:2]):
            best = (w, i, m)
    return best[2] if best else None


def _is_pl(account: str) -> bool:
    try:
        return PL_RANGE[0] <= int(account) <= PL_RANGE[1]
    except ValueError:
        return False


# ---------------------------------------------------------------- import


def _month_index(period: str, start: str | None) -> int:
    """1-based month of the fiscal year for YYYYMM, given the year's start YYYYMMDD."""
    y, m = int(period[:4]), int(period[4:6])
    if start and re.fullmatch(r"\d{8}", start):
        sy, sm = int(start[:4]), int(start[4:6])
    else:
        sy, sm = y, 1
    return (y - sy) * 12 + (m - sm) + 1


def _matches(objs: ObjectList, object_filter: tuple[str, str] | None) -> bool:
    if object_filter is None:
        return not objs
    return (str(object_filter[0]), str(object_filter[1])) in objs


def _fmt(v: Decimal | int) -> str:
    d = Decimal(v)
    places = 0 if d == d.to_integral_value() else 2
    from ..core.numbers import format_decimal

    return f"{format_decimal(d, places)} kr"


def outcome_by_account(sie: SieFile, last_month: int, full_year: bool,
                       object_filter: tuple[str, str] | None) -> tuple[dict[str, Decimal], str]:
    """Result-account amounts for year 0 and the source used ('#RES', '#PSALDO' or '#TRANS')."""
    acc: dict[str, Decimal] = {}
    if full_year:
        rows = [b for b in sie.res if b.year_index == 0 and _is_pl(b.account) and _matches(b.objects, object_filter)]
        if rows:
            for b in rows:
                acc[b.account] = acc.get(b.account, Decimal(0)) + b.amount
            return acc, "#RES"
    start = sie.rar.get(0, ("", ""))[0]
    rows = [b for b in sie.psaldo if b.year_index == 0 and _is_pl(b.account) and _matches(b.objects, object_filter)
            and 1 <= _month_index(b.period, start) <= last_month]
    if rows:
        for b in rows:
            acc[b.account] = acc.get(b.account, Decimal(0)) + b.amount
        return acc, "#PSALDO"
    start_d = sie.rar.get(0, ("", ""))[0]
    for v in sie.vouchers:
        if not full_year and re.fullmatch(r"\d{8}", v.date) and _month_index(v.date[:6], start_d) > last_month:
            continue
        for t in v.trans:
            if _is_pl(t.account) and _matches(t.objects, object_filter):
                acc[t.account] = acc.get(t.account, Decimal(0)) + t.amount
    return acc, "#TRANS"


def budget_by_account(sie: SieFile, object_filter: tuple[str, str] | None) -> dict[str, Decimal]:
    acc: dict[str, Decimal] = {}
    for b in sie.pbudget:
        if b.year_index == 0 and _is_pl(b.account) and _matches(b.objects, object_filter):
            acc[b.account] = acc.get(b.account, Decimal(0)) + b.amount
    return acc


def plan_sie_import(year: Year, data: bytes, period_code: str, mapping: list[MapLine] | None = None,
                    object_filter: tuple[str | int, str] | None = None, file: str = "SIE-fil") -> ImportPlan:
    """Plan importing a SIE file's result accounts into the operating lines of `year`.

    Each mapped line gets the period's outcome (and the year's budget when the
    file has #PBUDGET) rounded half up to kronor; lines are matched by name or
    added. `reconciliation` compares the mapped sum with the file's result
    total and lists unmapped accounts.
    """
    try:
        period = year.period(period_code)
    except KeyError:
        codes = ", ".join(p.code for p in year.periods)
        raise FileFormatError(f"okänd period '{period_code}': välj en av {codes}.", file=file) from None
    sie = parse_sie(data, file)
    mapping = list(mapping) if mapping else list(DEFAULT_MAPPING)
    filt = None if object_filter is None else (str(object_filter[0]), str(object_filter[1]))
    if filt is not None and sie.objekt and filt not in sie.objekt:
        raise FileFormatError(f"objektet {filt[1]} i dimension {filt[0]} finns inte i filen (#OBJEKT).", file=file)
    rar = sie.rar.get(0)
    if rar and re.fullmatch(r"\d{8}", rar[0]) and int(rar[0][:4]) != year.year and int(rar[1][:4]) != year.year:
        raise FileFormatError(f"filens räkenskapsår ({rar[0]}–{rar[1]}) är inte {year.year}.", file=file)
    outcome, source = outcome_by_account(sie, period.last_month, period.full_year, filt)
    budget = budget_by_account(sie, filt)

    per_line_out: dict[str, Decimal] = {}
    per_line_bud: dict[str, Decimal] = {}
    unmapped: dict[str, Decimal] = {}
    for acct, amount in sorted(outcome.items()):
        m = map_account(acct, mapping)
        if m is None:
            unmapped[acct] = unmapped.get(acct, Decimal(0)) + amount
        else:
            per_line_out[m.label] = per_line_out.get(m.label, Decimal(0)) + amount
    unmapped_budget: dict[str, Decimal] = {}
    for acct, amount in sorted(budget.items()):
        m = map_account(acct, mapping)
        if m is None:
            unmapped_budget[acct] = amount
        else:
            per_line_bud[m.label] = per_line_bud.get(m.label, Decimal(0)) + amount

    # Whole kronor per line that add up to the file's rounded total.
    out_kr = round_preserving_sum(per_line_out)
    bud_kr = round_preserving_sum(per_line_bud)
    new = copy.deepcopy(year)
    plan = ImportPlan(new)
    default_labels = {_norm(m.label) for m in DEFAULT_MAPPING}
    if mapping == list(DEFAULT_MAPPING) and any(_norm(ln.label) not in default_labels for ln in year.operating):
        plan.warnings.append("Standardmappningen (klass 3 intäkter, 4–7 kostnader) lägger utfallet på raderna "
                             "'Intäkter' och 'Kostnader' bredvid årets egna rader, som då räknas dubbelt: ange "
                             "kontointervall per rad i config.toml ([[import.sie.lines]]) eller med --map.")
    existing = {_norm(ln.label): ln for ln in new.operating}
    next_id = max((ln.id for ln in new.operating), default=0) + 1
    for m in mapping:
        if m.label not in per_line_out and m.label not in per_line_bud:
            continue
        ln = existing.get(_norm(m.label))
        where = f"Driftredovisning › {m.label}"
        if ln is None:
            ln = OperatingLine(next_id, m.label, m.kind)
            next_id += 1
            new.operating.append(ln)
            existing[_norm(m.label)] = ln
            plan.changes.append(f"Ny rad: {where} ({'intäkt' if m.kind is Kind.REVENUE else 'kostnad'})")
        if m.label in per_line_bud:
            b = bud_kr[m.label]
            if ln.budget != b:
                plan.changes.append(f"{where} › budget: {_old(ln.budget)}{format_amount(b, 'kr')} kr")
                ln.budget = b
        if m.label in per_line_out:
            o = out_kr[m.label]
            lv = ln.values.setdefault(period.code, LineValue())
            if lv.outcome != o:
                plan.changes.append(f"{where} › utfall {period.name}: {_old(lv.outcome)}{format_amount(o, 'kr')} kr")
                lv.outcome = o

    # reconciliation
    total = sum(outcome.values(), Decimal(0))
    mapped = sum(per_line_out.values(), Decimal(0))
    scope = f"objekt {filt[1]} (dimension {filt[0]})" if filt else "rader utan objekt"
    rec = plan.reconciliation
    rec.append(f"Källa för utfall: {source} ({scope}), period {period.name} {year.year}.")
    rec.append(f"Resultatkonton i filen (3000–8999): {len(outcome)} konton, summa {_fmt(total)}.")
    for m in mapping:
        if m.label in per_line_out:
            rec.append(f"  {m.label}: {_fmt(per_line_out[m.label])} → {format_amount(out_kr[m.label], 'kr')} kr")
    rec.append(f"Mappat: {_fmt(mapped)}; omappat: {_fmt(total - mapped)}. Raderna avrundas till hela kronor "
               f"så att de summerar till {format_amount(sum(out_kr.values()), 'kr')} kr.")
    if mapped + sum(unmapped.values(), Decimal(0)) == total:
        rec.append("Avstämning: mappat + omappat = filens summa. Stämmer.")
    else:  # pragma: no cover - by construction
        rec.append("Avstämning: mappat + omappat skiljer sig från filens summa!")
    for acct, amount in unmapped.items():
        name = sie.account_name(acct)
        rec.append(f"Omappat konto {acct}{' ' + name if name else ''}: {_fmt(amount)}")
        plan.warnings.append(f"Kontot {acct}{' ' + name if name else ''} ({_fmt(amount)}) hör inte till någon rad och importeras inte.")
    for acct, amount in unmapped_budget.items():
        name = sie.account_name(acct)
        rec.append(f"Omappat budgetkonto {acct}{' ' + name if name else ''}: {_fmt(amount)}")
    if source == "#RES" and sie.vouchers and filt is None:
        tr = sum((t.amount for v in sie.vouchers for t in v.trans if _is_pl(t.account) and not t.objects), Decimal(0))
        if tr != total:
            rec.append(f"Obs: verifikationernas resultatkonton summerar till {_fmt(tr)}, #RES till {_fmt(total)}.")
    if not outcome:
        plan.warnings.append(f"Filen har inga resultatkonton (3000–8999) för {scope}: inget utfall importerades.")
    if sie.unknown:
        rec.append("Okända etiketter (lästes inte): " + ", ".join(f"{k} ×{n}" for k, n in sorted(sie.unknown.items())))
    return plan


def _old(v: int | None) -> str:
    return "" if v is None else f"{format_amount(v, 'kr')} kr → "


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()
