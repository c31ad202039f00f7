"""SIE 4 import: a period's result accounts into the operating lines, every krona reconciled.

Reading (encoding, tokenizer, what refuses a file) is in `sie_parse` and
`sie_read`; which rows count (object lists are dimensions, `#RES` /
`#PSALDO` / `#TRANS` by date) in `sie_source`; account ranges in `sie_map`.

Amounts in SIE are kronor with decimals (`-1234.50`), ledger signs (revenues
negative, costs positive). They are summed exactly (Decimal) per operating
line, and each line is rounded half up to whole kronor on its own; the
reconciliation says when the rounded lines differ from the rounded total.

The reconciliation states the period's source and compares the imported
lines plus the unmapped accounts with the source's total counted row by row:
"Stämmer" only when they agree to the öre before rounding.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ..core.model import Kind, LineValue, OperatingLine, Period, Year
from ..core.numbers import format_amount, format_decimal, round_half_up
from ..core.text import one_line
from .errors import FileFormatError
from .plan import ImportPlan
from .sie_map import (CLOSING_RANGE, DEFAULT_MAPPING, PL_RANGE, MapLine, is_result_account,  # noqa: F401
                      load_mapping_toml, map_account, mapping_from_list, parse_ranges)
from .sie_parse import Balance, SieFile, Trans, Voucher, decode_sie, tokenize  # noqa: F401
from .sie_read import parse_sie
from .sie_source import Source, budget_source, fiscal_range, outcome_source, outside_year, transactions

__all__ = ["DEFAULT_MAPPING", "MapLine", "SieFile", "load_mapping_toml", "map_account", "mapping_from_list",
           "parse_ranges", "parse_sie", "plan_sie_import", "tokenize", "fiscal_year"]


def _fmt(v: Decimal | int) -> str:
    d = Decimal(v)
    places = 0 if d == d.to_integral_value() else 2
    return f"{format_decimal(d, places)} kr"


def _kr(v: int) -> str:
    return f"{format_amount(v, 'kr')} kr"


@dataclass
class _Split:
    """A source's accounts split over the mapping's lines."""

    lines: dict[str, Decimal] = field(default_factory=dict)  # label -> exact sum
    unmapped: dict[str, Decimal] = field(default_factory=dict)  # account -> amount

    @property
    def mapped(self) -> Decimal:
        return sum(self.lines.values(), Decimal(0))

    @property
    def rounded(self) -> dict[str, int]:
        return {k: int(round_half_up(v)) for k, v in self.lines.items()}


def _split(src: Source, mapping: list[MapLine]) -> _Split:
    out = _Split()
    for acct, amount in sorted(src.by_account.items()):
        m = map_account(acct, mapping)
        target = out.unmapped if m is None else out.lines
        key = acct if m is None else m.label
        target[key] = target.get(key, Decimal(0)) + amount
    return out


def _period(year: Year, code: str, file: str) -> Period:
    try:
        return year.period(code)
    except KeyError:
        codes = ", ".join(p.code for p in year.periods)
        raise FileFormatError(f"okänd period '{one_line(code)}': välj en av {codes}.", file=file) from None


def _check_year(sie: SieFile, year: Year, file: str) -> None:
    rar = sie.rar.get(0)
    if rar and int(rar[0][:4]) != year.year and int(rar[1][:4]) != year.year:
        raise FileFormatError(f"filens räkenskapsår ({rar[0]}–{rar[1]}) är inte {year.year}.", file=file)
    if not rar and sie.vouchers and not sie.res and not sie.psaldo:
        first, last = fiscal_range(sie, year.year)
        if len(outside_year(sie, first, last)) == len(sie.vouchers):
            years = sorted({v.date[:4] for v in sie.vouchers})
            raise FileFormatError(f"filen har ingen #RAR och verifikationerna är daterade {', '.join(years)}, "
                                  f"inte {year.year}: välj rätt år (--year).", file=file)


def plan_sie_import(year: Year, data: bytes, period_code: str, mapping: list[MapLine] | None = None,
                    object_filter: tuple[str | int, str] | None = None, file: str = "SIE-fil") -> ImportPlan:
    """Plan importing a SIE file's result accounts into the operating lines of `year`.

    Each mapped line gets the period's outcome (and the year's budget when the
    file has #PBUDGET), its exact sum rounded half up to kronor; lines are
    matched by name or added. Without `object_filter` every row counts; with
    one ((dimension, object)), the rows tagged with that object.
    """
    period = _period(year, period_code, file)
    sie = parse_sie(data, file)
    mapping = list(mapping) if mapping else list(DEFAULT_MAPPING)
    filt = None if object_filter is None else (str(object_filter[0]), str(object_filter[1]))
    if filt is not None and sie.objekt and filt not in sie.objekt:
        raise FileFormatError(f"objektet {one_line(filt[1])} i dimension {one_line(filt[0])} finns inte i filen "
                              "(#OBJEKT).", file=file)
    _check_year(sie, year, file)
    out_src = outcome_source(sie, year.year, period.last_month, period.full_year, filt)
    bud_src = budget_source(sie, filt)
    out, bud = _split(out_src, mapping), _split(bud_src, mapping)
    plan = ImportPlan(copy.deepcopy(year))
    plan.warnings.extend(sie.warnings)
    _double_count_warning(plan, year, mapping)
    _apply(plan, period, mapping, out, bud)
    _reconcile(plan, sie, year, period, filt, out_src, out, bud)
    return plan


def _double_count_warning(plan: ImportPlan, year: Year, mapping: list[MapLine]) -> None:
    default_labels = {_norm(m.label) for m in DEFAULT_MAPPING}
    if mapping == list(DEFAULT_MAPPING) and any(_norm(ln.label) not in default_labels for ln in year.operating):
        plan.warnings.append("Standardmappningen (klass 3 intäkter, 4–7 kostnader) lägger utfallet på raderna "
                             "'Intäkter' och 'Kostnader' bredvid årets egna rader, som då räknas dubbelt: ange "
                             "kontointervall per rad i config.toml ([[import.sie.lines]]) eller med --map.")


def _apply(plan: ImportPlan, period: Period, mapping: list[MapLine], out: _Split, bud: _Split) -> None:
    new = plan.year
    existing = {_norm(ln.label): ln for ln in new.operating}
    next_id = max((ln.id for ln in new.operating), default=0) + 1
    out_kr, bud_kr = out.rounded, bud.rounded
    for m in mapping:
        if m.label not in out.lines and m.label not in bud.lines:
            continue
        ln = existing.get(_norm(m.label))
        where = f"Driftredovisning › {m.label}"
        if ln is None:
            ln = OperatingLine(next_id, m.label, m.kind)
            next_id += 1
            new.operating.append(ln)
            existing[_norm(m.label)] = ln
            plan.new_lines.append(where)
            plan.changes.append(f"Ny rad: {where} ({'intäkt' if m.kind is Kind.REVENUE else 'kostnad'})")
        if m.label in bud_kr and ln.budget != bud_kr[m.label]:
            plan.changes.append(f"{where} › budget: {_old(ln.budget)}{_kr(bud_kr[m.label])}")
            ln.budget = bud_kr[m.label]
        if m.label in out_kr:
            lv = ln.values.setdefault(period.code, LineValue())
            if lv.outcome != out_kr[m.label]:
                plan.changes.append(f"{where} › utfall {period.name}: {_old(lv.outcome)}{_kr(out_kr[m.label])}")
                lv.outcome = out_kr[m.label]


def _source_line(src: Source, sie: SieFile, year: Year, period: Period, filt) -> str:
    scope = f"objekt {filt[1]} (dimension {filt[0]})" if filt else "alla rader, med och utan objekt"
    what = {"#RES": "årets saldon", "#PSALDO": f"periodsaldon månad 1–{period.last_month}",
            "#TRANS": "verifikationer efter datum"}[src.name]
    if src.name == "#TRANS":
        first, last = fiscal_range(sie, year.year)
        what += f" {first.isoformat()}–{_period_last(first, last, period).isoformat()}"
    return (f"Källa för utfall {period.name} {year.year}: {src.name} ({what}; {scope}): {src.rows} rader, "
            f"varav {src.object_rows} med objekt.")


def _period_last(first: date, last: date, period: Period) -> date:
    from .sie_source import period_end

    return last if period.full_year else min(last, period_end(first, period.last_month))


def _reconcile(plan: ImportPlan, sie: SieFile, year: Year, period: Period, filt, src: Source,
               out: _Split, bud: _Split) -> None:
    rec = plan.reconciliation
    rec.append(_source_line(src, sie, year, period, filt))
    lo, hi = PL_RANGE[0], CLOSING_RANGE[0] - 1
    rec.append(f"Resultatkonton ({lo}–{hi}) i källan: {len(src.by_account)} konton, summa {_fmt(src.total)}.")
    out_kr = out.rounded
    for label, exact in out.lines.items():
        rec.append(f"  {label}: {_fmt(exact)} → {_kr(out_kr[label])}")
    unmapped = sum(out.unmapped.values(), Decimal(0))
    rec.append(f"Importerat: {_fmt(out.mapped)}; omappat: {_fmt(unmapped)}; tillsammans {_fmt(out.mapped + unmapped)}.")
    if out.mapped + unmapped == src.total:
        rec.append(f"Avstämning mot källans rader: importerat + omappat = {_fmt(src.total)}. Stämmer.")
    else:
        rec.append(f"Avstämning mot källans rader: importerat + omappat skiljer sig från {_fmt(src.total)} med "
                   f"{_fmt(src.total - out.mapped - unmapped)}. Stämmer inte!")
        plan.warnings.append("Importen stämmer inte mot filens rader: kontrollera mappningen innan du sparar.")
    _rounding_note(rec, out)
    _left_out(plan, sie, src, filt, out, bud)
    _cross_check(plan, sie, year, src, filt)
    _outside_year(plan, sie, year)
    if not src.by_account:
        scope = f"objekt {filt[1]}" if filt else "filen"
        plan.warnings.append(f"Källan har inga resultatkonton för {scope}: inget utfall importerades.")


def _rounding_note(rec: list[str], out: _Split) -> None:
    if not out.lines:
        return
    lines_sum = sum(out.rounded.values())
    whole = int(round_half_up(out.mapped))
    note = f"Raderna avrundas var för sig, halvt uppåt, till hela kronor: summa {_kr(lines_sum)}"
    if lines_sum != whole:
        note += f" (importerat avrundat i ett stycke: {_kr(whole)}; skillnad {_kr(lines_sum - whole)} av avrundning)"
    rec.append(note + ".")


def _left_out(plan: ImportPlan, sie: SieFile, src: Source, filt, out: _Split, bud: _Split) -> None:
    rec = plan.reconciliation
    for acct, amount in out.unmapped.items():
        name = one_line(sie.account_name(acct))
        rec.append(f"Omappat konto {acct}{' ' + name if name else ''}: {_fmt(amount)}")
        plan.warnings.append(f"Kontot {acct}{' ' + name if name else ''} ({_fmt(amount)}) hör inte till någon rad "
                             "och importeras inte.")
    for acct, amount in bud.unmapped.items():
        name = one_line(sie.account_name(acct))
        rec.append(f"Omappat budgetkonto {acct}{' ' + name if name else ''}: {_fmt(amount)}")
    for acct, amount in sorted(src.closing.items()):
        name = one_line(sie.account_name(acct))
        rec.append(f"Bokslutskonto {acct}{' ' + name if name else ''} ({_fmt(amount)}) är ingen intäkt eller "
                   "kostnad och räknas inte.")
    if filt is not None and src.outside_filter_rows:
        rec.append(f"Utanför objektfiltret: {src.outside_filter_rows} rader med andra objekt, summa "
                   f"{_fmt(src.outside_filter)}; de räknas inte.")
    if src.breakdown_rows:
        rec.append(f"{src.breakdown_rows} objektrader i {src.name} är fördelningar av kontots totalrad {{}} "
                   "och räknas inte en gång till.")


def _cross_check(plan: ImportPlan, sie: SieFile, year: Year, src: Source, filt) -> None:
    """A full year's #RES against the vouchers of the year, every row, when the file has both."""
    if src.name != "#RES" or not sie.vouchers:
        return
    first, last = fiscal_range(sie, year.year)
    tr = transactions(sie, first, last, filt)
    if tr.total != src.total:
        plan.reconciliation.append(f"Obs: verifikationernas resultatkonton summerar till {_fmt(tr.total)}, "
                                   f"#RES till {_fmt(src.total)}.")
        plan.warnings.append(f"Verifikationerna ({_fmt(tr.total)}) och #RES ({_fmt(src.total)}) skiljer sig: "
                             "filen kan vara ofullständig.")
    else:
        plan.reconciliation.append(f"Verifikationernas resultatkonton summerar till samma belopp som #RES "
                                   f"({_fmt(tr.total)}).")


def _outside_year(plan: ImportPlan, sie: SieFile, year: Year) -> None:
    first, last = fiscal_range(sie, year.year)
    outside = outside_year(sie, first, last)
    if not outside:
        return
    shown = ", ".join(f"{one_line(v.series)} {one_line(v.number)} ({one_line(v.date)}, rad {v.line})"
                      for v in outside[:5])
    more = f" och {len(outside) - 5} till" if len(outside) > 5 else ""
    plan.warnings.append(f"{len(outside)} verifikationer är daterade utanför räkenskapsåret "
                         f"{first.isoformat()}–{last.isoformat()} och räknas inte: {shown}{more}.")


def _old(v: int | None) -> str:
    return "" if v is None else f"{_kr(v)} → "


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()


def fiscal_year(sie: SieFile) -> int | None:
    rar = sie.rar.get(0)
    if rar and re.fullmatch(r"[0-9]{8}", rar[1]):
        return date(int(rar[1][:4]), int(rar[1][4:6]), int(rar[1][6:])).year
    return None
