"""Everything computed for one year and period, in one pure pass.

`compute(year, period, options)` is what the screens call on every keystroke
and what the report, the CLI and the checker read. Figures are addressed by
paths so that printed values can be attached to any of them:

    operating/line/<id>/<field>
    operating/total/<revenue|cost|net>/<field>
    operating/section/<verksamhet>/<revenue|cost|net>/<field>   (section_path)
    investments/line/<id>/<field>
    investments/total/<field>
    investments/varav/<label>/outcome
    indicator/<id>/fulfilment
    split/result/<municipality>        (surplus positive, deficit negative)
    split/contribution/<municipality>
    split/investments/<municipality>/<own_budget|own_outcome|common_budget|common_outcome>
    split/sum/<result|contribution>    split/sum/investments/<own_budget|...>
    key/total_pct
    summary/<achieved|partly|not_achieved|not_measured>

where <field> is budget, outcome, deviation, forecast (interim periods),
previous (the previous year's outcome), budget_to_date or deviation_to_date
(interim periods: core.profile); a field no line has is absent.
Deviations, the net result and the splits are on one basis (`Computed.basis`,
core.accounts): the outcome at full year; at interim periods each line's
full-year forecast where given, otherwise its budget.
Every total a screen or report shows is here (or an attribute of `Computed`
it comes from), so that nothing outside core adds figures up.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from .accounts import (
    Basis,
    Figures,
    InvestmentStatement,
    OperatingStatement,
    investment_statement,
    operating_statement,
)
from .assessment import YearAssessment, assess_year
from .concepts import INDICATOR_STATUS
from .glossary import FIGURE_FIELDS, TOTALS
from .links import figure_of, in_unit
from .model import Indicator, InvestmentLine, OperatingLine, Options, Period, Year
from .split import (
    MemberInvestment,
    SplitError,
    SplitRow,
    key_shares_pct,
    key_total_pct,
    key_weights,
    largest_remainder,
    split_by_weights,
)


@dataclass(frozen=True)
class Computed:
    """Everything computed for one year and period: the assessment, both statements and the splits by the key."""

    year: Year
    period: Period
    options: Options
    assessment: YearAssessment
    operating: OperatingStatement
    investments: InvestmentStatement
    result_split: list[SplitRow]  # the surplus (positive) or deficit (negative)
    contribution_split: list[SplitRow]
    investment_split: list[MemberInvestment]
    key_total_pct: Decimal
    split_error: str | None = None
    audit: tuple[int, str] | None = None  # the log's (rows, short checksum) the report prints, when known

    @cached_property
    def figures(self) -> dict[str, Decimal]:
        """Every addressable figure, path -> exact value (built on first use: the checker's)."""
        return _figures(self)

    @property
    def surplus(self) -> int:
        return self.operating.surplus

    @property
    def basis(self) -> Basis:
        """What the operating figures, the net result and the result split are compared on."""
        return self.operating.basis

    @property
    def contribution_total(self) -> int:
        return contribution_total(self.year)

    @property
    def result_split_sum(self) -> int:
        """The parts of the result split added up (equals `surplus` unless the key is broken)."""
        return sum(r.amount for r in self.result_split)

    @property
    def contribution_split_sum(self) -> int:
        return sum(r.amount for r in self.contribution_split)

    @property
    def investment_split_sum(self) -> MemberInvestment:
        """The investments-per-member table's sum row (municipality "", share the key's total)."""
        rows = self.investment_split
        return MemberInvestment(
            "", self.key_total_pct, sum(m.own_budget for m in rows), sum(m.own_outcome for m in rows),
            sum(m.common_budget for m in rows), sum(m.common_outcome for m in rows),
        )


def linked_value(ind: Indicator, operating: OperatingStatement, investments: InvestmentStatement) -> Decimal | None:
    """A linked indicator's outcome: its figure of the statements, in the indicator's unit."""
    return in_unit(figure_of(ind.link or "", operating, investments), ind.unit)


def section_path(section: str, total: str, field: str) -> str:
    """Path of a verksamhet subtotal: total is revenue|cost|net, field budget|outcome|deviation."""
    return f"operating/section/{section}/{total}/{field}"


def contribution_total(year: Year) -> int:
    """What the members pay: minus the budget of the contribution lines (revenue, so negative)."""
    return -sum((ln.budget or 0) for ln in year.operating if ln.is_contribution)


# A figure path's <field> (FIGURE_FIELDS) and an operating total (TOTALS) are the keys of the glossary's
# tables of their words: one list, so that every path the checker names has its word.
INVESTMENT_SPLIT_FIELDS = ("own_budget", "own_outcome", "common_budget", "common_outcome")


def _figures(c: "Computed") -> dict[str, Decimal]:
    f: dict[str, Decimal] = {}

    def put(prefix: str, fig: Figures) -> None:
        for name in FIGURE_FIELDS:
            v = getattr(fig, name)
            if v is not None:
                f[f"{prefix}/{name}"] = Decimal(v)

    for ln, fig in c.operating.lines:
        put(f"operating/line/{ln.id}", fig)
    put("operating/total/revenue", c.operating.revenue)
    put("operating/total/cost", c.operating.cost)
    put("operating/total/net", c.operating.net)
    for sec in c.operating.sections:
        for total in TOTALS:
            fig = sec.total(total)
            for name in FIGURE_FIELDS:
                v = getattr(fig, name)
                if v is not None:
                    f[section_path(sec.label, total, name)] = Decimal(v)
    for inv, fig in c.investments.rows():
        put(f"investments/line/{inv.id}", fig)
    put("investments/total", c.investments.total)
    for label, fig in c.investments.varav_totals.items():
        if fig.outcome is not None:
            f[f"investments/varav/{label}/outcome"] = Decimal(fig.outcome)
    for ind_id, r in c.assessment.by_indicator.items():
        if r.fulfilment is not None:
            f[f"indicator/{ind_id}/fulfilment"] = r.fulfilment
    for row in c.result_split:
        f[f"split/result/{row.municipality}"] = Decimal(row.amount)
    for row in c.contribution_split:
        f[f"split/contribution/{row.municipality}"] = Decimal(row.amount)
    for m in c.investment_split:
        for name in INVESTMENT_SPLIT_FIELDS:
            f[f"split/investments/{m.municipality}/{name}"] = Decimal(getattr(m, name))
    if c.result_split:
        f["split/sum/result"] = Decimal(c.result_split_sum)
        f["split/sum/contribution"] = Decimal(c.contribution_split_sum)
    if c.investment_split:
        sums = c.investment_split_sum
        for name in INVESTMENT_SPLIT_FIELDS:
            f[f"split/sum/investments/{name}"] = Decimal(getattr(sums, name))
    f["key/total_pct"] = c.key_total_pct
    for status, n in c.assessment.counts.items():
        f[INDICATOR_STATUS[status].figure_path] = Decimal(n)
    return f


def compute(year: Year, period: Period, options: Options | None = None) -> Computed:
    """The reference: everything from scratch. core.live keeps the same result up to date per edit."""
    options = options or Options()
    operating = operating_statement(year.operating, period)
    investments = investment_statement(year.investments, period)
    assessment = assess_year(year, period, options, lambda ind: linked_value(ind, operating, investments))
    splits = compute_splits(year, operating.surplus, contribution_total(year), investment_sums(investments))
    return Computed(year, period, options, assessment, operating, investments, *splits)


def investment_sums(inv: InvestmentStatement) -> dict[str | None, list[int]]:
    """Per municipality (None: common), [budget, compared] summed over main lines (missing = 0)."""
    sums: dict[str | None, list[int]] = {}
    for ln, f in inv.lines:
        s = sums.setdefault(ln.municipality, [0, 0])
        s[0] += f.budget or 0
        s[1] += f.compared or 0
    return sums


class Splits(NamedTuple):
    """The three splits by the key, the key's total % and why the key cannot split (then the splits are empty)."""

    result: list[SplitRow]
    contribution: list[SplitRow]
    investments: list[MemberInvestment]
    key_total_pct: Decimal
    error: str | None


def compute_splits(year: Year, surplus: int, contribution: int, inv_sums: dict[str | None, list[int]]) -> Splits:
    """The splits of the result, the contribution and the investments: O(members)."""
    key = year.key
    try:
        weights, shares = key_weights(key), key_shares_pct(key)
        return Splits(split_by_weights(surplus, key, weights, shares),
                      split_by_weights(contribution, key, weights, shares),
                      _investment_split(year, inv_sums, weights, shares), key_total_pct(key), None)
    except SplitError as exc:
        return Splits([], [], [], key_total_pct(key), str(exc))


def _investment_split(year: Year, inv_sums: dict[str | None, list[int]], weights: dict[str, Fraction],
                      shares: dict[str, Decimal]) -> list[MemberInvestment]:
    common_budget, common_outcome = inv_sums.get(None, (0, 0))
    cb = largest_remainder(common_budget, weights)
    co = largest_remainder(common_outcome, weights)
    out = []
    for m in year.key.members:
        name = m.municipality
        own_budget, own_outcome = inv_sums.get(name, (0, 0))
        out.append(MemberInvestment(name, shares[name], own_budget, own_outcome, cb[name], co[name]))
    return out


def rounded_year(year: Year, unit: int) -> Year:
    """A copy with every line amount rounded half up to `unit` kronor.

    Figures computed on it are what a report gets by adding up rounded lines,
    which is how per-line rounding differences are told from real errors.
    """
    from .numbers import div_round

    def r(v: int | None) -> int | None:
        return None if v is None else div_round(v, unit) * unit

    y = copy.deepcopy(year)
    lines: list[OperatingLine | InvestmentLine] = [*y.operating, *y.investments]
    for ln in lines:
        ln.budget = r(ln.budget)
        ln.previous_outcome = r(ln.previous_outcome)
        for lv in ln.values.values():
            lv.outcome, lv.forecast = r(lv.outcome), r(lv.forecast)
    return y

