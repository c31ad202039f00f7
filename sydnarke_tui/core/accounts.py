"""Operating and investment statements (DESIGN §2.4-2.5).

Ledger signs: revenues negative, costs positive. Deviation = budget - outcome,
so a positive deviation is better than budget on every line. At an interim
period the line is compared on its full-year forecast when one is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import InvestmentLine, Kind, LineValue, OperatingLine, Period


@dataclass(frozen=True, slots=True)
class Figures:
    budget: int | None
    outcome: int | None
    deviation: int | None
    forecast: int | None = None
    compared: int | None = None  # what deviation measures: outcome, or forecast
    previous: int | None = None  # the previous year's outcome

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            _add(self.budget, other.budget),
            _add(self.outcome, other.outcome),
            _add(self.deviation, other.deviation),
            _add(self.forecast, other.forecast),
            _add(self.compared, other.compared),
            _add(self.previous, other.previous),
        )


def _add(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def compared_value(lv: LineValue, period: Period) -> int | None:
    """What the budget is compared with: the forecast at interim periods when given."""
    if not period.full_year and lv.forecast is not None:
        return lv.forecast
    return lv.outcome


def line_figures(budget: int | None, lv: LineValue, period: Period, previous: int | None = None) -> Figures:
    compared = compared_value(lv, period)
    # No outcome yet means no deviation (not "all of the budget").
    deviation = None if compared is None else (budget or 0) - compared
    return Figures(budget, lv.outcome, deviation, lv.forecast, compared, previous)


def _sum(figs: list[Figures]) -> Figures:
    """Field-wise totals; a field no line has stays None (no outcome yet is not zero)."""
    # Plain accumulation: this runs on every keystroke over thousands of lines.
    budget = outcome = deviation = forecast = compared = previous = None
    for f in figs:
        if f.budget is not None:
            budget = (budget or 0) + f.budget
        if f.outcome is not None:
            outcome = (outcome or 0) + f.outcome
        if f.deviation is not None:
            deviation = (deviation or 0) + f.deviation
        if f.forecast is not None:
            forecast = (forecast or 0) + f.forecast
        if f.compared is not None:
            compared = (compared or 0) + f.compared
        if f.previous is not None:
            previous = (previous or 0) + f.previous
    return Figures(budget if budget is not None else 0, outcome, deviation, forecast, compared, previous)


FIELDS = ("budget", "outcome", "deviation", "forecast", "compared", "previous")


class Accumulator:
    """Running field-wise totals that lines can be added to and taken out of.

    `figures()` equals `_sum` over the lines currently added: that is what lets
    an edit move one line's contribution in O(1) (see core.live).
    """

    __slots__ = ("sums", "counts")

    def __init__(self, figs=()) -> None:
        self.sums = [0] * len(FIELDS)
        self.counts = [0] * len(FIELDS)
        for f in figs:
            self.add(f)

    def add(self, f: Figures, sign: int = 1) -> None:
        for i, v in enumerate((f.budget, f.outcome, f.deviation, f.forecast, f.compared, f.previous)):
            if v is not None:
                self.sums[i] += sign * v
                self.counts[i] += sign

    def figures(self) -> Figures:
        vals = [s if n else None for s, n in zip(self.sums, self.counts)]
        if vals[0] is None:
            vals[0] = 0  # like _sum: a statement's budget is 0, never missing
        return Figures(*vals)


@dataclass(frozen=True, slots=True)
class Section:
    """A verksamhet's subtotals (DESIGN §2.4)."""

    label: str
    revenue: Figures
    cost: Figures
    net: Figures

    def total(self, name: str) -> Figures:
        return {"revenue": self.revenue, "cost": self.cost, "net": self.net}[name]


def section_totals(label: str, rows) -> Section:
    revenue = _sum([f for ln, f in rows if ln.kind is Kind.REVENUE])
    cost = _sum([f for ln, f in rows if ln.kind is Kind.COST])
    return Section(label, revenue, cost, revenue + cost)


@dataclass(frozen=True)
class OperatingStatement:
    lines: list[tuple[OperatingLine, Figures]]
    revenue: Figures
    cost: Figures
    net: Figures
    sections: list[Section] = field(default_factory=list)  # in order of first appearance; empty when flat

    @property
    def surplus(self) -> int:
        """The year's result as a surplus (positive) or deficit (negative)."""
        return -(self.net.compared or 0)


def operating_statement(lines: list[OperatingLine], period: Period) -> OperatingStatement:
    code = period.code
    rows = [(ln, line_figures(ln.budget, ln.value(code), period, ln.previous_outcome)) for ln in lines]
    revenue = _sum([f for ln, f in rows if ln.kind is Kind.REVENUE])
    cost = _sum([f for ln, f in rows if ln.kind is Kind.COST])
    by_section: dict[str, list] = {}
    for row in rows:
        if row[0].section is not None:
            by_section.setdefault(row[0].section, []).append(row)
    sections = [section_totals(label, rs) for label, rs in by_section.items()]
    return OperatingStatement(rows, revenue, cost, revenue + cost, sections)


@dataclass(frozen=True)
class InvestmentStatement:
    lines: list[tuple[InvestmentLine, Figures]]  # main lines, in order
    varav: dict[int, list[tuple[InvestmentLine, Figures]]]  # parent id -> rows
    total: Figures
    varav_totals: dict[str, Figures]  # varav label -> sum over parents

    def rows(self):
        """Main lines with their varav rows right after, for display."""
        for ln, f in self.lines:
            yield ln, f
            yield from self.varav.get(ln.id, [])


def varav_figures(ln: InvestmentLine, period: Period) -> Figures:
    f = line_figures(ln.budget, ln.value(period.code), period, ln.previous_outcome)
    if ln.budget is None:  # a varav row is a breakdown, not a budgeted line
        f = Figures(None, f.outcome, None, f.forecast, f.compared, f.previous)
    return f


def investment_statement(lines: list[InvestmentLine], period: Period) -> InvestmentStatement:
    main = [(ln, line_figures(ln.budget, ln.value(period.code), period, ln.previous_outcome))
            for ln in lines if ln.parent_id is None]
    varav: dict[int, list[tuple[InvestmentLine, Figures]]] = {}
    varav_totals: dict[str, Figures] = {}
    for ln in lines:
        if ln.parent_id is None:
            continue
        f = varav_figures(ln, period)
        varav.setdefault(ln.parent_id, []).append((ln, f))
        key = ln.label.strip()
        varav_totals[key] = varav_totals[key] + f if key in varav_totals else f
    return InvestmentStatement(main, varav, _sum([f for _, f in main]), varav_totals)
