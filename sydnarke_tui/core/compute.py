"""Everything computed for one year and period, in one pure pass.

`compute(year, period, options)` is what the screens call on every keystroke
and what the report, the CLI and the checker read. Figures are addressed by
paths so that printed values can be attached to any of them:

    operating/line/<id>/<budget|outcome|deviation>
    operating/total/<revenue|cost|net>/<budget|outcome|deviation>
    investments/line/<id>/<budget|outcome|deviation>
    investments/total/<budget|outcome|deviation>
    investments/varav/<label>/outcome
    indicator/<id>/fulfilment
    split/result/<municipality>        (surplus positive, deficit negative)
    split/contribution/<municipality>
    summary/<achieved|partly|not_achieved|not_measured>
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property
from decimal import Decimal
from fractions import Fraction

from .accounts import (
    InvestmentStatement,
    OperatingStatement,
    investment_statement,
    operating_statement,
)
from .assessment import YearAssessment, assess_year
from .model import Options, Period, Year
from .split import (
    MemberInvestment,
    SplitError,
    SplitRow,
    key_shares_pct,
    key_total_pct,
    key_weights,
    largest_remainder,
    split_by_key,
)


@dataclass(frozen=True)
class Computed:
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

    @cached_property
    def figures(self) -> dict[str, Decimal]:
        """Every addressable figure, path -> exact value (built on first use: the checker's)."""
        return _figures(self)

    @property
    def surplus(self) -> int:
        return self.operating.surplus

    @property
    def contribution_total(self) -> int:
        return contribution_total(self.year)


def section_path(section: str, total: str, field: str) -> str:
    """Path of a verksamhet subtotal: total is revenue|cost|net, field budget|outcome|deviation."""
    return f"operating/section/{section}/{total}/{field}"


def contribution_total(year: Year) -> int:
    """What the members pay: minus the budget of the contribution lines (revenue, so negative)."""
    return -sum((ln.budget or 0) for ln in year.operating if ln.is_contribution)


def _figures(c: "Computed") -> dict[str, Decimal]:
    f: dict[str, Decimal] = {}

    def put(prefix: str, fig) -> None:
        for name in ("budget", "outcome", "deviation"):
            v = getattr(fig, name)
            if v is not None:
                f[f"{prefix}/{name}"] = Decimal(v)

    for ln, fig in c.operating.lines:
        put(f"operating/line/{ln.id}", fig)
    put("operating/total/revenue", c.operating.revenue)
    put("operating/total/cost", c.operating.cost)
    put("operating/total/net", c.operating.net)
    for ln, fig in c.investments.rows():
        put(f"investments/line/{ln.id}", fig)
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
    for status, n in c.assessment.counts.items():
        f[f"summary/{status.value}"] = Decimal(n)
    return f


def compute(year: Year, period: Period, options: Options | None = None) -> Computed:
    options = options or Options()
    assessment = assess_year(year, period, options)
    operating = operating_statement(year.operating, period)
    investments = investment_statement(year.investments, period)
    result_split: list[SplitRow] = []
    contribution_split: list[SplitRow] = []
    investment_split: list[MemberInvestment] = []
    split_error = None
    try:
        result_split = split_by_key(operating.surplus, year.key)
        contribution_split = split_by_key(contribution_total(year), year.key)
        investment_split = _investment_split(year, investments)
    except SplitError as exc:
        split_error = str(exc)
    return Computed(
        year, period, options, assessment, operating, investments,
        result_split, contribution_split, investment_split, key_total_pct(year.key), split_error,
    )


def _investment_split(year: Year, inv: InvestmentStatement) -> list[MemberInvestment]:
    weights: dict[str, Fraction] = key_weights(year.key)
    shares = key_shares_pct(year.key)
    common_budget = sum((f.budget or 0) for ln, f in inv.lines if ln.municipality is None)
    common_outcome = sum((f.compared or 0) for ln, f in inv.lines if ln.municipality is None)
    cb = largest_remainder(common_budget, weights)
    co = largest_remainder(common_outcome, weights)
    out = []
    for m in year.key.members:
        name = m.municipality
        own = [f for ln, f in inv.lines if ln.municipality == name]
        out.append(
            MemberInvestment(
                name, shares[name],
                sum((f.budget or 0) for f in own), sum((f.compared or 0) for f in own),
                cb[name], co[name],
            )
        )
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
    for ln in [*y.operating, *y.investments]:
        ln.budget = r(ln.budget)
        for lv in ln.values.values():
            lv.outcome, lv.forecast = r(lv.outcome), r(lv.forecast)
    return y

