"""Which SIE rows make a period's outcome and budget, and their totals.

Rows with an object list are dimensions, not exclusions:

- `#TRANS`: every row of a voucher dated in the period counts (with an object
  filter, the rows whose list holds that object). Vouchers dated outside the
  fiscal year are left out and reported.
- `#RES`, `#PSALDO`, `#PBUDGET`: a row with an empty list `{}` is the
  account's total and its object rows are a breakdown of it; an account (and
  month) with no `{}` row is the sum of its object rows of one dimension
  (the fewest, lowest dimensions), so nothing is counted twice. With an
  object filter, the rows whose list holds that object, by the same rule.

Outcome source per period: full year `#RES` (year 0); otherwise, or when
`#RES` has no result rows, `#PSALDO` for year 0 months 1..last; failing both,
`#TRANS` by voucher date. Closing accounts (8990–8999, årets resultat) are
never result lines: they are reported apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from .sie_map import is_closing, is_result_account
from .sie_parse import Balance, ObjectList, SieFile, Voucher

Filter = tuple[str, str] | None


@dataclass
class Source:
    """A period's amounts per result account from one source, with what was left out."""

    name: str  # "#RES", "#PSALDO", "#TRANS"
    by_account: dict[str, Decimal] = field(default_factory=dict)
    rows: int = 0  # rows used
    object_rows: int = 0  # of which with an object list
    breakdown_rows: int = 0  # object rows not added because a {} row has the account's total
    outside_filter: Decimal = Decimal(0)  # amounts on rows the object filter left out
    outside_filter_rows: int = 0
    closing: dict[str, Decimal] = field(default_factory=dict)  # 8990–8999
    total: Decimal = Decimal(0)  # sum over the used rows, counted row by row

    def add(self, account: str, amount: Decimal, objects: ObjectList) -> None:
        if is_closing(account):
            self.closing[account] = self.closing.get(account, Decimal(0)) + amount
            return
        self.by_account[account] = self.by_account.get(account, Decimal(0)) + amount
        self.rows += 1
        self.object_rows += bool(objects)
        self.total += amount


def fiscal_range(sie: SieFile, year: int) -> tuple[date, date]:
    """Year 0 from #RAR, else the calendar year being imported."""
    rar = sie.rar.get(0)
    if rar:
        try:
            return _date(rar[0]), _date(rar[1])
        except ValueError:
            pass
    return date(year, 1, 1), date(year, 12, 31)


def _date(s: str) -> date:
    if not re.fullmatch(r"[0-9]{8}", s):
        raise ValueError(s)
    return date(int(s[:4]), int(s[4:6]), int(s[6:]))


def month_index(period: str, start: date) -> int:
    """1-based month of the fiscal year for YYYYMM."""
    return (int(period[:4]) - start.year) * 12 + (int(period[4:6]) - start.month) + 1


def _matches(objs: ObjectList, filt: Filter) -> bool:
    return filt is None or filt in objs


def _pick(rows: list[Balance], filt: Filter, src: Source) -> list[Balance]:
    """The rows of one account (and month) that add up to its amount, without double counting."""
    if filt is None:
        plain = [b for b in rows if not b.objects]
        if plain:
            src.breakdown_rows += len(rows) - len(plain)
            return plain
    else:
        rows = [b for b in rows if filt in b.objects]
    groups: dict[tuple[str, ...], list[Balance]] = {}
    for b in rows:
        groups.setdefault(tuple(sorted(d for d, _ in b.objects)), []).append(b)
    if not groups:
        return []
    best = min(groups, key=lambda dims: (len(dims), dims))
    src.breakdown_rows += sum(len(g) for k, g in groups.items() if k != best)
    return groups[best]


def balances(name: str, rows: list[Balance], filt: Filter, keep=lambda b: True) -> Source:
    """Year-0 result rows of #RES/#PSALDO/#PBUDGET by the {}-is-the-total rule."""
    src = Source(name)
    keyed: dict[tuple[str, str], list[Balance]] = {}
    for b in rows:
        if b.year_index == 0 and (is_result_account(b.account) or is_closing(b.account)) and keep(b):
            keyed.setdefault((b.account, b.period), []).append(b)
    for key in sorted(keyed):
        group = keyed[key]
        used = _pick(group, filt, src)
        if filt is not None:  # for the reconciliation: other objects' rows, left out
            left = [b for b in group if b.objects and filt not in b.objects]
            src.outside_filter += sum((b.amount for b in left), Decimal(0))
            src.outside_filter_rows += len(left)
        for b in used:
            src.add(b.account, b.amount, b.objects)
    return src


def transactions(sie: SieFile, first: date, last: date, filt: Filter) -> Source:
    """#TRANS rows of vouchers dated first..last (every row; with a filter, that object's)."""
    src = Source("#TRANS")
    for v in sie.vouchers:
        d = voucher_date(v)
        if d is None or not first <= d <= last:
            continue
        for t in v.trans:
            if not (is_result_account(t.account) or is_closing(t.account)):
                continue
            if _matches(t.objects, filt):
                src.add(t.account, t.amount, t.objects)
            else:
                src.outside_filter += t.amount
                src.outside_filter_rows += 1
    return src


def voucher_date(v: Voucher) -> date | None:
    try:
        return _date(v.date)
    except ValueError:
        return None


def outside_year(sie: SieFile, first: date, last: date) -> list[Voucher]:
    """Vouchers dated outside the fiscal year (or with no readable date)."""
    out = []
    for v in sie.vouchers:
        d = voucher_date(v)
        if d is None or not first <= d <= last:
            out.append(v)
    return out


def period_end(first: date, last_month: int) -> date:
    """The last day of fiscal month `last_month`."""
    m = first.month - 1 + last_month
    y, m = first.year + m // 12, m % 12 + 1  # the month after
    return date.fromordinal(date(y, m, 1).toordinal() - 1)


def outcome_source(sie: SieFile, year: int, last_month: int, full_year: bool, filt: Filter) -> Source:
    """The period's outcome per result account, and where it came from (see the module doc)."""
    first, last = fiscal_range(sie, year)
    if full_year:
        src = balances("#RES", sie.res, filt)
        if src.by_account or src.closing:
            return src
    src = balances("#PSALDO", sie.psaldo, filt, lambda b: 1 <= month_index(b.period, first) <= last_month)
    if src.by_account or src.closing:
        return src
    end = last if full_year else min(last, period_end(first, last_month))
    return transactions(sie, first, end, filt)


def budget_source(sie: SieFile, filt: Filter) -> Source:
    """#PBUDGET for year 0, every month."""
    return balances("#PBUDGET", sie.pbudget, filt)
