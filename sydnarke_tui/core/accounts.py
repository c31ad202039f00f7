"""Operating and investment statements (DESIGN §2.4-2.5).

Ledger signs: revenues negative, costs positive. Deviation = budget - compared,
so a positive deviation is better than budget on every line.

What a line is compared with (its `compared` figure) is one basis for the
whole statement, so that net result, deviation and split agree:
- full year: the outcome;
- interim period: the full-year forecast where one is given, otherwise the
  budget (deviation 0): a year-end projection, never four months' outcome
  beside twelve months' budget. Until the period has any outcome or forecast
  on the statement's lines there is nothing to project: compared stays None,
  as for a full year without outcomes.
`Basis` records which applies and on how many lines, for screens and reports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .model import InvestmentLine, Kind, LineValue, OperatingLine, Period
from .profile import budget_to_date
from .text import count_sv


@dataclass(frozen=True)
class Basis:
    """What a statement's lines are compared with (see the module docstring)."""

    interim: bool
    lines: int = 0
    forecast_lines: int = 0  # interim: lines compared on their full-year forecast
    reported_lines: int = 0  # lines with an outcome, or at interim a forecast, in the period

    @property
    def kind(self) -> str:
        """"outcome" (full year) or "forecast" (interim: forecast where given, budget otherwise)."""
        return "forecast" if self.interim else "outcome"

    @property
    def reported(self) -> bool:
        """False for a period without outcomes yet: no figure is compared."""
        return self.reported_lines > 0

    @property
    def budget_lines(self) -> int:
        """Interim: lines compared on their budget (no forecast given); 0 when nothing is compared."""
        return self.lines - self.forecast_lines if self.interim and self.reported else 0

    def text_sv(self) -> str | None:
        """'Helårsprognos: prognos på 2 rader, budget på övriga 6'; None at full year or before any outcome."""
        if not self.interim or not self.reported:
            return None
        if not self.forecast_lines:
            return "Helårsprognos: budget på alla rader (ingen prognos angiven)"
        if not self.budget_lines:
            return "Helårsprognos: prognos på alla rader"
        return (f"Helårsprognos: prognos på {count_sv(self.forecast_lines, 'rad', 'rader')}, "
                f"budget på övriga {self.budget_lines}")


def reports(lv: LineValue, period: Period) -> bool:
    """Whether a line has a value for the period: an outcome, or at interim a forecast."""
    return lv.outcome is not None or (not period.full_year and lv.forecast is not None)


def basis_of(lines: Iterable[OperatingLine | InvestmentLine], period: Period) -> Basis:
    """The basis of a statement over these (main) lines."""
    code, interim = period.code, not period.full_year
    n = fc = rep = 0
    for ln in lines:
        lv = ln.value(code)
        n += 1
        fc += interim and lv.forecast is not None
        rep += reports(lv, period)
    return Basis(interim, n, fc, rep)


@dataclass(frozen=True, slots=True)
class Figures:
    """A line's or a total's figures for one period, whole kronor in ledger signs; None where there is none."""

    budget: int | None
    outcome: int | None
    deviation: int | None
    forecast: int | None = None
    compared: int | None = None  # what deviation measures: outcome, or forecast
    previous: int | None = None  # the previous year's outcome
    # Interim periods: the budget of the months so far (core.profile) and budget_to_date - outcome.
    budget_to_date: int | None = None
    deviation_to_date: int | None = None

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(*(_add(a, b) for a, b in zip(self.values(), other.values())))

    def values(self) -> tuple[int | None, ...]:
        """The fields in FIELDS order."""
        return (self.budget, self.outcome, self.deviation, self.forecast, self.compared, self.previous,
                self.budget_to_date, self.deviation_to_date)


def _add(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def compared_value(budget: int | None, lv: LineValue, period: Period, reported: bool = True) -> int | None:
    """What the budget is compared with: the outcome at full year; at interim the forecast, else the budget.

    `reported`: whether the statement has any value for the period (`Basis.reported`).
    """
    if period.full_year:
        return lv.outcome
    if not reported:
        return None
    return lv.forecast if lv.forecast is not None else budget


def line_figures(budget: int | None, lv: LineValue, period: Period, previous: int | None = None,
                 reported: bool = True, profile: tuple[int, ...] | None = None) -> Figures:
    compared = compared_value(budget, lv, period, reported)
    # No outcome yet means no deviation (not "all of the budget").
    deviation = None if compared is None else (budget or 0) - compared
    if period.full_year:
        return Figures(budget, lv.outcome, deviation, lv.forecast, compared, previous)
    # Interim: the outcome is to date, so it is compared with the budget of the same months.
    to_date = budget_to_date(budget, profile, period.last_month)
    dev_to_date = None if to_date is None or lv.outcome is None else to_date - lv.outcome
    return Figures(budget, lv.outcome, deviation, lv.forecast, compared, previous, to_date, dev_to_date)


def _sum(figs: list[Figures]) -> Figures:
    """Field-wise totals; a field no line has stays None (no outcome yet is not zero)."""
    # Plain accumulation: this runs over thousands of lines on every full recompute.
    budget = outcome = deviation = forecast = compared = previous = to_date = dev_to_date = None
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
        if f.budget_to_date is not None:
            to_date = (to_date or 0) + f.budget_to_date
        if f.deviation_to_date is not None:
            dev_to_date = (dev_to_date or 0) + f.deviation_to_date
    return Figures(budget if budget is not None else 0, outcome, deviation, forecast, compared, previous, to_date,
                   dev_to_date)


FIELDS = ("budget", "outcome", "deviation", "forecast", "compared", "previous", "budget_to_date",
          "deviation_to_date")


class Accumulator:
    """Running field-wise totals that lines can be added to and taken out of.

    `figures()` equals `_sum` over the lines currently added: that is what lets
    an edit move one line's contribution in O(1) (see core.live).
    """

    __slots__ = ("sums", "counts")

    def __init__(self, figs: Iterable[Figures] = ()) -> None:
        self.sums = [0] * len(FIELDS)
        self.counts = [0] * len(FIELDS)
        for f in figs:
            self.add(f)

    def add(self, f: Figures, sign: int = 1) -> None:
        for i, v in enumerate(f.values()):
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


def section_totals(label: str, rows: list[tuple[OperatingLine, Figures]]) -> Section:
    revenue = _sum([f for ln, f in rows if ln.kind is Kind.REVENUE])
    cost = _sum([f for ln, f in rows if ln.kind is Kind.COST])
    return Section(label, revenue, cost, revenue + cost)


@dataclass(frozen=True)
class OperatingStatement:
    """The operating statement for a period: each line's figures, revenue, cost and net, verksamhet subtotals."""

    lines: list[tuple[OperatingLine, Figures]]
    revenue: Figures
    cost: Figures
    net: Figures
    sections: list[Section] = field(default_factory=list)  # in order of first appearance; empty when flat
    basis: Basis = Basis(False)

    @property
    def surplus(self) -> int:
        """The year's result as a surplus (positive) or deficit (negative)."""
        return -(self.net.compared or 0)


def operating_statement(lines: list[OperatingLine], period: Period) -> OperatingStatement:
    code = period.code
    basis = basis_of(lines, period)
    rows = [(ln, line_figures(ln.budget, ln.value(code), period, ln.previous_outcome, basis.reported, ln.profile))
            for ln in lines]
    revenue = _sum([f for ln, f in rows if ln.kind is Kind.REVENUE])
    cost = _sum([f for ln, f in rows if ln.kind is Kind.COST])
    by_section: dict[str, list[tuple[OperatingLine, Figures]]] = {}
    for row in rows:
        if row[0].section is not None:
            by_section.setdefault(row[0].section, []).append(row)
    sections = [section_totals(label, rs) for label, rs in by_section.items()]
    return OperatingStatement(rows, revenue, cost, revenue + cost, sections, basis)


@dataclass(frozen=True)
class InvestmentStatement:
    """The investment statement for a period: main lines, their varav rows, the total and varav totals."""

    lines: list[tuple[InvestmentLine, Figures]]  # main lines, in order
    varav: dict[int, list[tuple[InvestmentLine, Figures]]]  # parent id -> rows
    total: Figures
    varav_totals: dict[str, Figures]  # varav label -> sum over parents
    basis: Basis = Basis(False)  # over the main lines (varav rows follow it)

    def rows(self) -> Iterator[tuple[InvestmentLine, Figures]]:
        """Main lines with their varav rows right after, for display."""
        for ln, f in self.lines:
            yield ln, f
            yield from self.varav.get(ln.id, [])


def varav_figures(ln: InvestmentLine, period: Period, reported: bool = True) -> Figures:
    f = line_figures(ln.budget, ln.value(period.code), period, ln.previous_outcome, reported, ln.profile)
    if ln.budget is None:  # a varav row is a breakdown, not a budgeted line
        f = Figures(None, f.outcome, None, f.forecast, f.compared, f.previous)
    return f


def investment_statement(lines: list[InvestmentLine], period: Period) -> InvestmentStatement:
    basis = basis_of([ln for ln in lines if ln.parent_id is None], period)
    main = [(ln, line_figures(ln.budget, ln.value(period.code), period, ln.previous_outcome, basis.reported,
                              ln.profile))
            for ln in lines if ln.parent_id is None]
    varav: dict[int, list[tuple[InvestmentLine, Figures]]] = {}
    varav_totals: dict[str, Figures] = {}
    for ln in lines:
        if ln.parent_id is None:
            continue
        f = varav_figures(ln, period, basis.reported)
        varav.setdefault(ln.parent_id, []).append((ln, f))
        key = ln.label.strip()
        varav_totals[key] = varav_totals[key] + f if key in varav_totals else f
    return InvestmentStatement(main, varav, _sum([f for _, f in main]), varav_totals, basis)
