"""Which SIE rows make a period's outcome and budget, and their totals.

The fiscal year: the `#RAR` year that ends in the year being imported (a
year May–April belongs to the year of its April); without `#RAR`, the
calendar year. Months are counted from its first month.

Rows with an object list are dimensions, not exclusions:

- `#TRANS`: every row of a voucher dated in the period counts (with an object
  filter, the rows whose list holds that object). Vouchers dated outside the
  fiscal year are left out and reported.
- `#RES`, `#PSALDO`, `#PBUDGET`: a row with an empty list `{}` is the
  account's total and its object rows are a breakdown of it. Programs write
  the object rows in one of two ways, and the file is read the way it was
  written (`Reading`):
  * *combinations* (what SIE defines): a row per combination of objects, each
    its own part; the parts add up to the account's amount. With an object
    filter, every row whose list holds the object counts.
  * *per dimension*: each dimension's rows are a whole breakdown on their
    own, so adding every row would count the amount once per dimension. The
    account's amount is the rows of one dimension (the fewest, lowest).
  Which one is decided by reconciling: with the vouchers of the same account
  and period (each object row against what was booked on exactly its
  objects, and on every list holding them; the account's amount either way
  against all that was booked on it), else with the `{}` rows. A file
  with neither is read by its rows' shape: rows of several objects whose
  objects also have rows of their own, or single-object rows in two
  dimensions that each sum alike, are per dimension; rows of several objects
  without such rows are combinations; failing all, SIE's definition.

Outcome source per period: full year `#RES`; otherwise, or when `#RES` has
no result rows, `#PSALDO` for months 1..last; failing both, `#TRANS` by
voucher date. Closing accounts (8990–8999, årets resultat) are never result
lines: they are reported apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .sie_map import is_closing, is_result_account
from .sie_parse import Balance, ObjectList, SieFile

Filter = tuple[str, str] | None


@dataclass
class Source:
    """A period's amounts per result account from one source, with what was left out."""

    name: str  # "#RES", "#PSALDO", "#PBUDGET", "#TRANS"
    by_account: dict[str, Decimal] = field(default_factory=dict)
    by_period: dict[tuple[str, str], Decimal] = field(default_factory=dict)  # (account, YYYYMM) for #P rows
    rows: int = 0  # rows used
    object_rows: int = 0  # of which with an object list
    breakdown_rows: int = 0  # object rows not added because other rows hold the account's amount
    outside_filter: Decimal = Decimal(0)  # amounts on rows the object filter left out
    outside_filter_rows: int = 0
    closing: dict[str, Decimal] = field(default_factory=dict)  # 8990–8999
    total: Decimal = Decimal(0)  # sum over the used rows, counted row by row
    reading: Reading | None = None  # how its object rows were read (balances with object rows)

    def add(self, account: str, amount: Decimal, objects: ObjectList, rows: int = 1, period: str = "") -> None:
        if is_closing(account):
            self.closing[account] = self.closing.get(account, Decimal(0)) + amount
            return
        self.by_account[account] = self.by_account.get(account, Decimal(0)) + amount
        if period:
            self.by_period[(account, period)] = self.by_period.get((account, period), Decimal(0)) + amount
        self.rows += rows
        self.object_rows += rows if objects else 0
        self.total += amount


@dataclass(frozen=True)
class Fiscal:
    """The fiscal year taken from the file: its #RAR index (0 = this year), first and last day."""

    index: int
    first: date
    last: date
    from_rar: bool = True

    @property
    def calendar(self) -> bool:
        return self.first.month == 1 and self.first.day == 1 and self.last == date(self.first.year, 12, 31)


def parse_date(s: str) -> date | None:
    if not re.fullmatch(r"[0-9]{8}", s):
        return None
    try:
        return date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        return None


def within(d: str, first: date, last: date) -> bool:
    day = parse_date(d)
    return day is not None and first <= day <= last


def fiscal_years(sie: SieFile) -> dict[int, tuple[date, date]]:
    """Every readable #RAR: index -> (first, last)."""
    out = {}
    for i, (a, b) in sie.rar.items():
        first, last = parse_date(a), parse_date(b)
        if first and last:
            out[i] = (first, last)
    return out


def fiscal_for(sie: SieFile, year: int) -> Fiscal | None:
    """The fiscal year that ends in `year` (this year's when two do); the calendar year without #RAR;
    None when the file's years all end in other years."""
    rars = fiscal_years(sie)
    if not rars:
        return Fiscal(0, date(year, 1, 1), date(year, 12, 31), from_rar=False)
    ending = sorted((i for i, (_, last) in rars.items() if last.year == year), key=lambda i: (i != 0, -i))
    if not ending:
        return None
    first, last = rars[ending[0]]
    return Fiscal(ending[0], first, last)


def month_index(period: str, start: date) -> int:
    """1-based month of the fiscal year for YYYYMM."""
    return (int(period[:4]) - start.year) * 12 + (int(period[4:6]) - start.month) + 1


def period_end(first: date, last_month: int) -> date:
    """The last day of fiscal month `last_month`."""
    m = first.month - 1 + last_month
    y, m = first.year + m // 12, m % 12 + 1  # the month after
    return date.fromordinal(date(y, m, 1).toordinal() - 1)


# ---------------------------------------------------------------- how object rows are read


SHAPE = "radernas form"


@dataclass
class Reading:
    """How a label's object rows were read, and on what evidence."""

    label: str
    combination: bool  # True: each row its own combination (rows add up); False: per dimension
    basis: str  # Swedish: what decided it
    agree: int = 0  # checks (rows or account-periods) that agree only when read this way
    against: int = 0  # ... only when read the other way

    def sentence(self) -> str:
        how = ("kombinationer av objekt: varje rad är en egen del och raderna summeras" if self.combination
               else "fördelningar per dimension: varje dimension för sig är hela saldot, en dimension räknas")
        what = "konto-perioder har den formen" if self.basis == SHAPE else "avstämningar stämmer bara så"
        tally = f"; {self.agree} {what}" if self.agree else ""
        return f"Objektraderna i {self.label} läses som {how} (avgjort av {self.basis}{tally})."


def _by_vouchers(group: list[Balance], booked: dict[ObjectList, Decimal], votes: dict[str, int]) -> None:
    """Each object row against what the vouchers booked: its exact combination, or every row holding its
    objects (per dimension). A row for which both give the same amount decides nothing."""
    for b in group:
        if not b.objects:
            continue
        want = set(b.objects)
        exact = booked.get(b.objects, Decimal(0))
        holding = sum((v for objs, v in booked.items() if want <= set(objs)), Decimal(0))
        if exact != holding:
            votes["combination" if b.amount == exact else "dimension" if b.amount == holding else "neither"] += 1
    if booked and all(b.objects for b in group):
        # The account's amount either reading gives, against all it was booked: rows of single objects in
        # two dimensions match their vouchers row by row both ways, and only the sum tells them apart.
        parts = sum((b.amount for b in group), Decimal(0))
        one_dimension = sum((b.amount for b in _dimension_rows(group)[0]), Decimal(0))
        if parts != one_dimension:
            total = sum(booked.values(), Decimal(0))
            votes["combination" if total == parts else "dimension" if total == one_dimension else "neither"] += 1


def _by_total(group: list[Balance], votes: dict[str, int]) -> None:
    """The object rows against the {} row. Rows of single objects that add up to it may as well be
    dimensions tagged one at a time (the readings then agree): only a row of several objects decides."""
    total = sum((b.amount for b in group if not b.objects), Decimal(0))
    objs = [b for b in group if b.objects]
    dims: dict[str, Decimal] = {}
    for b in objs:
        if len(b.objects) == 1:
            dims[b.objects[0][0]] = dims.get(b.objects[0][0], Decimal(0)) + b.amount
    c_ok = sum((b.amount for b in objs), Decimal(0)) == total
    d_ok = any(v == total for v in dims.values())
    if d_ok and not c_ok:
        votes["dimension"] += 1
    elif c_ok and not d_ok and any(len(b.objects) > 1 for b in objs):
        votes["combination"] += 1


def _evenly(group: list[Balance]) -> bool:
    """Rows of single objects in two or more dimensions, each dimension summing to the same amount."""
    dims: dict[str, Decimal] = {}
    for b in group:
        if len(b.objects) != 1:
            return False
        dims[b.objects[0][0]] = dims.get(b.objects[0][0], Decimal(0)) + b.amount
    return len(dims) >= 2 and len(set(dims.values())) == 1


def _shape(group: list[Balance]) -> str:
    """'dimension' when every row of several objects has each of its objects as a row of its own too
    (what writing each dimension whole gives), 'combination' when one has not, '' without such rows."""
    singles = {b.objects[0] for b in group if len(b.objects) == 1}
    multi = [b for b in group if len(b.objects) > 1]
    if not multi:
        return ""
    return "dimension" if all(pair in singles for b in multi for pair in b.objects) else "combination"


def object_reading(label: str, keyed: dict[tuple[str, str], list[Balance]],
                   reference: Callable[[], VoucherRef | None]) -> Reading | None:
    """Decide how `label`'s object rows are read (see the module doc); None when it has none.

    The vouchers decide when they tell the readings apart; else the {} rows; else the rows' shape
    (rows of several objects with or without rows of their single objects; single-object rows in two
    dimensions summing alike); else SIE's definition (combinations)."""
    by_v = {"combination": 0, "dimension": 0, "neither": 0}
    by_t = {"combination": 0, "dimension": 0}
    by_s = {"combination": 0, "dimension": 0, "": 0}
    vouchers: VoucherRef | None = None
    any_objects = False
    for key, group in keyed.items():
        if not any(b.objects for b in group):
            continue
        if not any_objects:
            any_objects, vouchers = True, reference()
        booked = vouchers.get(key) if vouchers is not None else None
        if booked is not None:
            _by_vouchers(group, booked, by_v)
        if any(not b.objects for b in group):
            _by_total(group, by_t)
        by_s[_shape(group) or ("dimension" if _evenly(group) else "")] += 1
    if not any_objects:
        return None
    for votes, basis in ((by_v, "verifikationerna"), (by_t, "{}-raderna"), (by_s, SHAPE)):
        if votes["combination"] or votes["dimension"]:
            comb = votes["combination"] >= votes["dimension"]
            against = votes["dimension" if comb else "combination"] if basis != SHAPE else 0  # no reconciling
            return Reading(label, comb, basis, votes["combination" if comb else "dimension"], against)
    return Reading(label, True, "SIE:s definition; inget att stämma mot")


@dataclass
class VoucherRef:
    """What the vouchers booked per (account, YYYYMM) (or (account, "") for the whole year) and object
    list, over the periods the file has vouchers in: a reference for balance rows of the same period."""

    booked: dict[tuple[str, str], dict[ObjectList, Decimal]]
    periods: set[str]

    def get(self, key: tuple[str, str]) -> dict[ObjectList, Decimal] | None:
        return self.booked.get(key, {}) if key[1] in self.periods else None


def voucher_reference(sie: SieFile, by_month: bool, first: date, last: date) -> VoucherRef | None:
    """None when the file has no vouchers."""
    if not sie.vouchers:
        return None
    inside = {d: within(d, first, last) for d in sie.voucher_dates}
    periods = {d[:6] if by_month else "" for d, ok in inside.items() if ok}
    booked: dict[tuple[str, str], dict[ObjectList, Decimal]] = {}
    for (d, acct, objs), (amount, _n) in sie.ledger.items():
        if inside[d]:
            per = booked.setdefault((acct, d[:6] if by_month else ""), {})
            per[objs] = per.get(objs, Decimal(0)) + amount
    return VoucherRef(booked, periods)


# ---------------------------------------------------------------- sources


def _pick(rows: list[Balance], filt: Filter, combination: bool, src: Source) -> list[Balance]:
    """The rows of one account (and month) that add up to its amount, without double counting."""
    if filt is None:
        plain = [b for b in rows if not b.objects]
        if plain:
            src.breakdown_rows += len(rows) - len(plain)
            return plain
    else:
        rows = [b for b in rows if filt in b.objects]
    if combination:
        return rows
    counted, left_out = _dimension_rows(rows)
    src.breakdown_rows += left_out
    return counted


def _dimension_rows(rows: list[Balance]) -> tuple[list[Balance], int]:
    """Read per dimension: the rows of the dimensions that count (the fewest, lowest), and how many
    rows that leaves out."""
    groups: dict[tuple[str, ...], list[Balance]] = {}
    for b in rows:
        groups.setdefault(tuple(sorted(d for d, _ in b.objects)), []).append(b)
    if not groups:
        return [], 0
    best = min(groups, key=lambda dims: (len(dims), dims))
    return groups[best], sum(len(g) for k, g in groups.items() if k != best)


def balances(name: str, rows: list[Balance], filt: Filter, index: int = 0,
             keep: Callable[[Balance], bool] = lambda b: True,
             reference: Callable[[], VoucherRef | None] = lambda: None) -> Source:
    """Result rows of year `index` of #RES/#PSALDO/#PBUDGET, object rows read as the file writes them."""
    src = Source(name)
    keyed: dict[tuple[str, str], list[Balance]] = {}
    for b in rows:
        if b.year_index == index and (is_result_account(b.account) or is_closing(b.account)) and keep(b):
            keyed.setdefault((b.account, b.period), []).append(b)
    src.reading = object_reading(name, keyed, reference)
    combination = src.reading is None or src.reading.combination
    for key in sorted(keyed):
        group = keyed[key]
        used = _pick(group, filt, combination, src)
        if filt is not None:  # for the reconciliation: other objects' rows, left out
            left = [b for b in group if b.objects and filt not in b.objects]
            src.outside_filter += sum((b.amount for b in left), Decimal(0))
            src.outside_filter_rows += len(left)
        for b in used:
            src.add(b.account, b.amount, b.objects, period=b.period)
    return src


def transactions(sie: SieFile, first: date, last: date, filt: Filter) -> Source:
    """#TRANS rows of vouchers dated first..last (every row; with a filter, that object's)."""
    src = Source("#TRANS")
    inside = {d: within(d, first, last) for d in sie.voucher_dates}
    for (d, acct, objs), (amount, n) in sie.ledger.items():
        if not inside[d]:
            continue
        if filt is None or filt in objs:
            src.add(acct, amount, objs, n)
        else:
            src.outside_filter += amount
            src.outside_filter_rows += n
    return src


def outside_year(sie: SieFile, first: date, last: date) -> tuple[int, list[tuple[str, str, str, int]]]:
    """Vouchers dated outside the fiscal year (or with no readable date): how many, and up to five
    (series, number, date, line) in file order."""
    count = 0
    named: list[tuple[str, str, str, int]] = []
    for d, (n, samples) in sie.voucher_dates.items():
        if not within(d, first, last):
            count += n
            named.extend((s, num, d, line) for s, num, line in samples)
    return count, sorted(named, key=lambda v: v[3])[:5]


def outcome_source(sie: SieFile, fy: Fiscal, last_month: int, full_year: bool, filt: Filter) -> Source:
    """The period's outcome per result account, and where it came from (see the module doc)."""
    if full_year:
        src = balances("#RES", sie.res, filt, fy.index,
                       reference=lambda: voucher_reference(sie, False, fy.first, fy.last))
        if src.by_account or src.closing:
            return src
    src = balances("#PSALDO", sie.psaldo, filt, fy.index, lambda b: 1 <= month_index(b.period, fy.first) <= last_month,
                   reference=lambda: voucher_reference(sie, True, fy.first, fy.last))
    if src.by_account or src.closing:
        return src
    end = fy.last if full_year else min(fy.last, period_end(fy.first, last_month))
    return transactions(sie, fy.first, end, filt)


def budget_source(sie: SieFile, fy: Fiscal, filt: Filter) -> Source:
    """#PBUDGET for the fiscal year, every month."""
    return balances("#PBUDGET", sie.pbudget, filt, fy.index)
