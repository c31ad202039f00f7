"""Indicator fulfilment and status, goal verdicts and the year's verdict (DESIGN §2.2-2.3)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from collections.abc import Callable, Mapping
from decimal import Decimal

from .concepts import GOAL_STATUS
from .model import (
    Comparison,
    Goal,
    GoalStatus,
    Indicator,
    LowerFormula,
    Options,
    Period,
    Status,
    Value,
    Year,
)
from .numbers import round_half_up

HUNDRED = Decimal(100)


class Clause:
    """Which clause of the report's assessment rule decided a verdict."""

    ALL_ACHIEVED = "all_achieved"
    MAJORITY_ACHIEVED_OR_PARTLY = "majority_achieved_or_partly"
    MAJORITY_NOT_ACHIEVED = "majority_not_achieved_or_missing"
    TIE = "tie"
    NO_INDICATORS = "no_indicators"
    NOTHING_MEASURED = "nothing_measured"


CLAUSE_SV = {
    Clause.ALL_ACHIEVED: "Alla indikatorer uppnådda",
    Clause.MAJORITY_ACHIEVED_OR_PARTLY: "Mer än hälften uppnådda eller delvis uppnådda",
    Clause.MAJORITY_NOT_ACHIEVED: "Mer än hälften uppnås inte eller saknar värde "
                                  "(en indikator utan värde räknas emot målet)",
    Clause.TIE: "Exakt hälften: utfall enligt inställningen för lika",
    Clause.NO_INDICATORS: "Inga indikatorer",
    Clause.NOTHING_MEASURED: "Ej bedömt: ingen indikator har utfall eller prognos ännu",
}


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """An indicator's assessment for a period: its status, its fulfilment and the value assessed."""

    status: Status
    fulfilment: Decimal | None  # exact, as a percentage
    fulfilment_pct: int | None  # rounded half up
    achieved: bool | None
    value: Value | None  # the value assessed (outcome or forecast)
    used_forecast: bool = False
    outcome: Value | None = None  # the period's outcome: as typed, or the linked figure's (core.links)

    @property
    def measured(self) -> bool:
        return self.status is not Status.NOT_MEASURED


def compare(comparison: Comparison, value: Value, target: Value) -> bool:
    if isinstance(value, bool) or isinstance(target, bool):
        if comparison is not Comparison.EQ:
            return False
        return value == target
    if comparison is Comparison.GE:
        return value >= target
    if comparison is Comparison.GT:
        return value > target
    if comparison is Comparison.LE:
        return value <= target
    if comparison is Comparison.LT:
        return value < target
    if comparison is Comparison.EQ:
        return value == target
    raise ValueError(comparison)


def fulfilment(
    comparison: Comparison,
    value: Value,
    target: Value,
    achieved: bool,
    formula: LowerFormula = LowerFormula.LINEAR,
) -> Decimal | None:
    """Exact fulfilment in percent, or None where undefined."""
    if comparison is Comparison.EQ or isinstance(value, bool) or isinstance(target, bool):
        return HUNDRED if achieved else Decimal(0)
    if target <= 0:
        # A ratio against zero or a negative target means nothing.
        return HUNDRED if achieved else Decimal(0)
    if comparison.higher_is_better:
        return value / target * HUNDRED
    if formula is LowerFormula.RATIO:
        if value <= 0:
            return None
        return target / value * HUNDRED
    return max(Decimal(0), 2 - value / target) * HUNDRED


def assess_indicator(ind: Indicator, period: Period, options: Options, linked: Value | None = None) -> IndicatorResult:
    """`linked`: the value of the indicator's linked figure (used only when it has a link)."""
    iv = ind.value(period.code)
    if ind.comparison is Comparison.MANUAL:
        status = iv.manual_status or Status.NOT_MEASURED
        return IndicatorResult(status, None, None, status is Status.ACHIEVED, None, outcome=iv.outcome)
    outcome = linked if ind.link else iv.outcome
    value, used_forecast = outcome, False
    if not ind.link and not period.full_year and iv.forecast is not None:
        value, used_forecast = iv.forecast, True
    if value is None or ind.target is None:
        return IndicatorResult(Status.NOT_MEASURED, None, None, None, value, used_forecast, outcome)
    achieved = compare(ind.comparison, value, ind.target)
    formula = ind.lower_formula or options.lower_formula
    exact = fulfilment(ind.comparison, value, ind.target, achieved, formula)
    pct = None if exact is None else int(round_half_up(exact))
    threshold = ind.partly_from_pct if ind.partly_from_pct is not None else options.partly_from_pct
    if achieved:
        status = Status.ACHIEVED
    elif pct is not None and pct >= threshold:
        status = Status.PARTLY
    else:
        status = Status.NOT_ACHIEVED
    return IndicatorResult(status, exact, pct, achieved, value, used_forecast, outcome)


def verdict(statuses: list[Status], tie: GoalStatus = GoalStatus.NOT_ACHIEVED,
            unassessed_if_unmeasured: bool = False) -> tuple[GoalStatus, str]:
    """The printed report's rule; returns the status and the deciding clause.

    `unassessed_if_unmeasured`: with no status measured, nothing is decided (not_assessed);
    False applies the rule as written (a full year that is reported: missing counts against).
    """
    achieved = partly = missing = 0
    for s in statuses:
        if s is Status.ACHIEVED:
            achieved += 1
        elif s is Status.PARTLY:
            partly += 1
        elif s is Status.NOT_MEASURED:
            missing += 1
    unmeasured = unassessed_if_unmeasured and missing == len(statuses)
    return verdict_from_counts(len(statuses), achieved, partly, tie, unmeasured)


def verdict_from_counts(n: int, achieved: int, partly: int, tie: GoalStatus = GoalStatus.NOT_ACHIEVED,
                        nothing_measured: bool = False) -> tuple[GoalStatus, str]:
    """The rule needs only the counts: what lets an edit re-decide the verdict in O(1) (core.live).

    `nothing_measured`: no indicator has a value yet (a new year, or an interim period before
    any outcome or forecast): not assessed rather than "uppnås ej" (DESIGN §2.3)."""
    if n == 0:
        return GoalStatus.NOT_ASSESSED, Clause.NO_INDICATORS
    if nothing_measured:
        return GoalStatus.NOT_ASSESSED, Clause.NOTHING_MEASURED
    good = achieved + partly
    if achieved == n:
        return GoalStatus.ACHIEVED, Clause.ALL_ACHIEVED
    if 2 * good > n:
        return GoalStatus.PARTLY, Clause.MAJORITY_ACHIEVED_OR_PARTLY
    if 2 * (n - good) > n:
        return GoalStatus.NOT_ACHIEVED, Clause.MAJORITY_NOT_ACHIEVED
    return tie, Clause.TIE


# How a goal counts when the year's verdict is taken over goals (verdict_basis = "goals").
GOAL_AS_INDICATOR: Mapping[GoalStatus, Status] = GOAL_STATUS.view(lambda i: i.as_indicator)


@dataclass(frozen=True, slots=True)
class GoalResult:
    """A goal's verdict for a period, the clause that decided it and its indicators' results."""

    goal: Goal
    status: GoalStatus
    clause: str
    indicators: list[tuple[Indicator, IndicatorResult]]


@dataclass(frozen=True)
class YearAssessment:
    """The year's assessment for a period: each goal's result, indicators per status and the year's verdict."""

    goals: list[GoalResult]
    counts: dict[Status, int]
    verdict: GoalStatus
    clause: str
    by_indicator: dict[int, IndicatorResult] = field(default_factory=dict)

    def goal_of(self, indicator_id: int) -> GoalResult | None:
        for gr in self.goals:
            if any(i.id == indicator_id for i, _ in gr.indicators):
                return gr
        return None


def goal_result(goal: Goal, results: list[tuple[Indicator, IndicatorResult]], period: Period, options: Options,
                year_measured: bool) -> GoalResult:
    """A goal's verdict. At an interim period a goal none of whose indicators has a value is not
    assessed; at full year only while the year has no value at all (then the rule as written)."""
    lenient = not period.full_year or not year_measured
    status, clause = verdict([r.status for _, r in results], options.tie, lenient)
    return GoalResult(goal, status, clause, results)


def assess_year(year: Year, period: Period, options: Options,
                links: Callable[[Indicator], Value | None] | None = None) -> YearAssessment:
    """`links`: the value of a linked indicator's figure (core.compute resolves it on the statements)."""
    results = [[(i, assess_indicator(i, period, options, links(i) if links and i.link else None))
                for i in g.indicators] for g in year.goals]
    all_results = [r for rs in results for _, r in rs]
    year_measured = any(r.measured for r in all_results)
    goals = [goal_result(g, rs, period, options, year_measured) for g, rs in zip(year.goals, results)]
    counts = Counter(r.status for r in all_results)
    counts_full = {s: counts.get(s, 0) for s in Status}
    status, clause = year_verdict(goals, counts_full, options)
    by_id = {i.id: r for gr in goals for i, r in gr.indicators}
    return YearAssessment(goals, counts_full, status, clause, by_id)


def year_verdict(goals: list[GoalResult], counts: dict[Status, int], options: Options) -> tuple[GoalStatus, str]:
    """The year's verdict over its indicators (or its goals); not assessed while nothing is measured."""
    if options.verdict_basis == "goals":
        by_status = {s: 0 for s in Status}
        for gr in goals:
            by_status[GOAL_AS_INDICATOR[gr.status]] += 1
        counts = by_status
    n = sum(counts.values())
    nothing = counts[Status.NOT_MEASURED] == n
    return verdict_from_counts(n, counts[Status.ACHIEVED], counts[Status.PARTLY], options.tie, nothing)
