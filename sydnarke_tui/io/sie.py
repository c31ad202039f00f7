"""SIE 4 import: a period's result accounts into the operating lines, every krona reconciled.

Reading (encoding, tokenizer, what refuses a file) is in `sie_parse` and
`sie_read`; which rows count (object lists are dimensions, `#RES` /
`#PSALDO` / `#TRANS` by date) in `sie_source`; account ranges in `sie_map`.

Amounts in SIE are kronor with decimals (`-1234.50`), ledger signs (revenues
negative, costs positive). They are summed exactly (Decimal) per operating
line, and each line is rounded half up to whole kronor on its own; the
reconciliation says when the rounded lines differ from the rounded total.

The reconciliation states the fiscal year and the months taken, the
period's source and how its object rows were read; it compares the imported
lines plus the unmapped accounts with the source's total counted row by row,
and, when the file also has vouchers, the source with the vouchers of the
same months and object: "Stämmer" only when they agree to the öre.

Monthly `#PBUDGET` rows become each line's budget profile: its months
rounded to whole kronor by largest remainder, so they sum exactly to the
line's rounded budget.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from ..core.concepts import Statement, place
from ..core.model import KIND_SV, LineValue, OperatingLine, Period, Year
from ..core.numbers import format_amount, format_decimal, round_half_up
from ..core.text import one_line
from .errors import FileFormatError
from .plan import ImportPlan
from .sie_map import (CLOSING_RANGE, DEFAULT_MAPPING, PL_RANGE, MapLine, is_result_account,  # noqa: F401
                      load_mapping_toml, map_account, mapping_from_list, parse_ranges)
from .sie_parse import SieFile, tokenize
from .sie_read import parse_sie
from .sie_source import (Filter, Fiscal, Source, balances, budget_source, fiscal_for, fiscal_years, month_index,
                         outcome_source, outside_year, period_end, transactions, within)

__all__ = ["DEFAULT_MAPPING", "MapLine", "SieFile", "load_mapping_toml", "map_account", "mapping_from_list",
           "parse_ranges", "parse_sie", "plan_sie_import", "spread_months", "tokenize"]

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")


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


def _fiscal(sie: SieFile, year: Year, file: str) -> Fiscal:
    """The fiscal year ending in `year` (see sie_source), or a refusal that names the file's years."""
    fy = fiscal_for(sie, year.year)
    if fy is None:
        rars = sorted(fiscal_years(sie).values())
        shown = ", ".join(f"{a.isoformat()}–{b.isoformat()}" for a, b in rars)
        ends = ", ".join(str(y) for y in sorted({b.year for _, b in rars}))
        raise FileFormatError(f"filens räkenskapsår ({shown}) är inte {year.year}: ett räkenskapsår hör till "
                              f"året det slutar; välj --year {ends}.", file=file)
    if not fy.from_rar and sie.vouchers and not sie.res and not sie.psaldo:
        count, _ = outside_year(sie, fy.first, fy.last)
        if count == sie.vouchers:
            years = sorted({d[:4] for d in sie.voucher_dates})
            raise FileFormatError(f"filen har ingen #RAR och verifikationerna är daterade {', '.join(years)}, "
                                  f"inte {year.year}: välj rätt år (--year).", file=file)
    return fy


def plan_sie_import(year: Year, data: bytes, period_code: str, mapping: list[MapLine] | None = None,
                    object_filter: tuple[str | int, str] | None = None, file: str = "SIE-fil") -> ImportPlan:
    """Plan importing a SIE file's result accounts into the operating lines of `year`.

    Each mapped line gets the period's outcome (and the year's budget, with its
    monthly profile, when the file has #PBUDGET), its exact sum rounded half up
    to kronor; lines are matched by name or added. Without `object_filter`
    every row counts; with one ((dimension, object)), the rows tagged with that
    object. An object need not be declared by #OBJEKT: one the rows use will do.
    """
    period = _period(year, period_code, file)
    sie = parse_sie(data, file)
    mapping = list(mapping) if mapping else list(DEFAULT_MAPPING)
    filt = None if object_filter is None else (str(object_filter[0]), str(object_filter[1]))
    if filt is not None and filt not in sie.objekt and filt not in sie.used_objects():
        raise FileFormatError(f"objektet {one_line(filt[1])} i dimension {one_line(filt[0])} finns inte i filen "
                              "(varken som #OBJEKT eller på någon rad).", file=file)
    fy = _fiscal(sie, year, file)
    out_src = outcome_source(sie, fy, period.last_month, period.full_year, filt)
    bud_src = budget_source(sie, fy, filt)
    out, bud = _split(out_src, mapping), _split(bud_src, mapping)
    plan = ImportPlan(copy.deepcopy(year))
    plan.warnings.extend(sie.warnings)
    _double_count_warning(plan, year, mapping)
    _apply(plan, period, mapping, out, bud)
    _reconcile(plan, sie, fy, year, period, filt, out_src, out, bud, bud_src)
    _profiles(plan, fy, mapping, bud_src)
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
        where = place(Statement.OPERATING, m.label)
        if ln is None:
            ln = OperatingLine(next_id, m.label, m.kind)
            next_id += 1
            new.operating.append(ln)
            existing[_norm(m.label)] = ln
            plan.new_lines.append(where)
            plan.changes.append(f"Ny rad: {where} ({KIND_SV[m.kind]})")
        if m.label in bud_kr and ln.budget != bud_kr[m.label]:
            plan.changes.append(f"{where} › budget: {_old(ln.budget)}{_kr(bud_kr[m.label])}")
            ln.budget = bud_kr[m.label]
        if m.label in out_kr:
            lv = ln.values.setdefault(period.code, LineValue())
            if lv.outcome != out_kr[m.label]:
                plan.changes.append(f"{where} › utfall {period.name}: {_old(lv.outcome)}{_kr(out_kr[m.label])}")
                lv.outcome = out_kr[m.label]


def spread_months(months: list[Decimal], total: int) -> list[int]:
    """Exact monthly amounts to whole kronor summing to `total` (their sum rounded half up): each month
    floored, and the kronor left over go to the months that lost most (ties: the earlier month)."""
    floors = [int(m.to_integral_value(ROUND_FLOOR)) for m in months]
    left = total - sum(floors)
    if not 0 <= left <= len(months):
        raise ValueError(f"{total} is not the months' sum rounded")
    for i in sorted(range(len(months)), key=lambda i: (floors[i] - months[i], i))[:left]:
        floors[i] += 1
    return floors


def _profiles(plan: ImportPlan, fy: Fiscal, mapping: list[MapLine], bud: Source) -> None:
    """Each mapped line's budget per month from #PBUDGET, when the file spreads it over months."""
    periods = {p for _, p in bud.by_period}
    if len(periods) < 2:
        if periods:
            plan.reconciliation.append(f"#PBUDGET har bara månad {_month_name(next(iter(periods)))}: läst som "
                                       "årsbudget, utan fördelning per månad.")
        return
    months: dict[str, list[Decimal]] = {}
    outside: set[str] = set()
    for (acct, per), amount in sorted(bud.by_period.items()):
        m = map_account(acct, mapping)
        if m is None:
            continue
        i = month_index(per, fy.first)
        if not 1 <= i <= 12:
            outside.add(m.label)
            continue
        months.setdefault(m.label, [Decimal(0)] * 12)[i - 1] += amount
    lines = {_norm(ln.label): ln for ln in plan.year.operating}
    for label, ms in months.items():
        ln = lines.get(_norm(label))
        if ln is None or ln.budget is None or label in outside:
            continue
        profile = tuple(spread_months(ms, ln.budget))
        if ln.profile != profile:
            shown = " · ".join(format_amount(v, "kr") for v in profile)
            plan.changes.append(place(Statement.OPERATING, label, f"budget per månad (#PBUDGET): {shown} kr"))
            ln.profile = profile
    for label in sorted(outside):
        plan.warnings.append(f"#PBUDGET för {label} har månader utanför räkenskapsårets tolv: ingen "
                             "månadsfördelning sattes.")


def _month_name(period: str) -> str:
    return f"{MONTHS[int(period[4:6]) - 1]} {period[:4]}"


def _months_line(plan: ImportPlan, fy: Fiscal, year: Year, period: Period) -> None:
    """Which fiscal year and months the import took; a year that is not a calendar year is also a note."""
    last = _period_last(fy, period)
    start = MONTHS[fy.first.month - 1] if fy.first.year == last.year else _month_name(f"{fy.first:%Y%m}")
    months = f"{start}–{_month_name(f'{last:%Y%m}')}"
    source = f"#RAR {fy.index}" if fy.from_rar else "ingen #RAR: kalenderåret"
    plan.reconciliation.append(f"Räkenskapsår {fy.first.isoformat()}–{fy.last.isoformat()} ({source}); "
                               f"{period.name} tar dess månader {months}.")
    if not fy.calendar:
        plan.warnings.append(f"Räkenskapsåret {fy.first.isoformat()}–{fy.last.isoformat()} är inte ett kalenderår: "
                             f"det räknas till {year.year}, året det slutar, och {period.name} är {months}.")


def _source_line(src: Source, fy: Fiscal, year: Year, period: Period, filt: Filter) -> str:
    scope = f"objekt {filt[1]} (dimension {filt[0]})" if filt else "alla rader, med och utan objekt"
    what = {"#RES": "årets saldon", "#PSALDO": f"periodsaldon månad 1–{period.last_month}",
            "#TRANS": "verifikationer efter datum"}[src.name]
    if src.name == "#TRANS":
        what += f" {fy.first.isoformat()}–{_period_last(fy, period).isoformat()}"
    return (f"Källa för utfall {period.name} {year.year}: {src.name} ({what}; {scope}): {src.rows} rader, "
            f"varav {src.object_rows} med objekt.")


def _period_last(fy: Fiscal, period: Period) -> date:
    return fy.last if period.full_year else min(fy.last, period_end(fy.first, period.last_month))


def _reconcile(plan: ImportPlan, sie: SieFile, fy: Fiscal, year: Year, period: Period, filt: Filter, src: Source,
               out: _Split, bud: _Split, bud_src: Source) -> None:
    rec = plan.reconciliation
    rec.append(_source_line(src, fy, year, period, filt))
    _months_line(plan, fy, year, period)
    for reading in (src.reading, bud_src.reading):
        if reading is not None:
            rec.append(reading.sentence())
            if reading.against:
                plan.warnings.append(f"{reading.against} avstämningar av objektraderna i {reading.label} stämmer "
                                     f"bara med den andra läsningen ({reading.basis}): kontrollera objektens belopp.")
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
    _like_with_like(plan, sie, fy, period, src, filt)
    _outside_year(plan, sie, fy)
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


def _left_out(plan: ImportPlan, sie: SieFile, src: Source, filt: Filter, out: _Split, bud: _Split) -> None:
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
        rec.append(f"{src.breakdown_rows} objektrader i {src.name} är fördelningar av ett belopp som kontots "
                   "{} rad eller en annan dimension redan har, och räknas inte en gång till.")


def _like_with_like(plan: ImportPlan, sie: SieFile, fy: Fiscal, period: Period, src: Source, filt: Filter) -> None:
    """The source against the file's other record of the same months and object: the vouchers, and for a
    full year's #RES the twelve months of #PSALDO. "Stämmer" only to the öre."""
    scope = f"objekt {filt[1]}" if filt else "alla objekt"
    last = fy.last if src.name == "#RES" else _period_last(fy, period)
    if src.name != "#TRANS" and any(within(d, fy.first, last) for d in sie.voucher_dates):
        _compare(plan, src, transactions(sie, fy.first, last, filt), "verifikationerna",
                 f"{fy.first.isoformat()}–{last.isoformat()}, {scope}")
    if src.name == "#RES" and any(b.year_index == fy.index for b in sie.psaldo):
        months = balances("#PSALDO", sie.psaldo, filt, fy.index, lambda b: 1 <= month_index(b.period, fy.first) <= 12)
        _compare(plan, src, months, "periodsaldona", f"månad 1–12, {scope}")


def _compare(plan: ImportPlan, src: Source, ref: Source, what: str, basis: str) -> None:
    if ref.total == src.total:
        plan.reconciliation.append(f"Avstämning mot {what} ({basis}): {src.name} och {ref.name} summerar båda till "
                                   f"{_fmt(ref.total)}. Stämmer.")
        return
    accounts = sorted(set(ref.by_account) | set(src.by_account))
    diff = [(a, src.by_account.get(a, Decimal(0)) - ref.by_account.get(a, Decimal(0))) for a in accounts]
    shown = ", ".join(f"{a} {_fmt(d)}" for a, d in diff if d)[:300]
    plan.reconciliation.append(f"Avstämning mot {what} ({basis}): {src.name} {_fmt(src.total)}, {ref.name} "
                               f"{_fmt(ref.total)}; skillnad per konto: {shown}. Stämmer inte!")
    plan.warnings.append(f"{ref.name} ({_fmt(ref.total)}) och {src.name} ({_fmt(src.total)}) skiljer sig för samma "
                         "månader och objekt: filen kan vara ofullständig.")


def _outside_year(plan: ImportPlan, sie: SieFile, fy: Fiscal) -> None:
    count, named = outside_year(sie, fy.first, fy.last)
    if not count or fy.index != 0:  # a file's vouchers are its year 0's: importing an earlier year, no news
        return
    shown = ", ".join(f"{one_line(s)} {one_line(n)} ({one_line(d)}, rad {line})" for s, n, d, line in named)
    more = f" och {count - len(named)} till" if count > len(named) else ""
    plan.warnings.append(f"{count} verifikationer är daterade utanför räkenskapsåret "
                         f"{fy.first.isoformat()}–{fy.last.isoformat()} och räknas inte: {shown}{more}.")


def _old(v: int | None) -> str:
    return "" if v is None else f"{_kr(v)} → "


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip().casefold()
