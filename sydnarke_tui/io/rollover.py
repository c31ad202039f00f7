"""Starting the next year from this one (`sydnarke-tui new-year --from Y --to Y+1`).

Copied: organisation, periods, goals and indicators (name, comparison,
target, unit, options), operating and investment lines (label, kind,
municipality, contribution flag, varav rows, budget), the key.
Carried over as history: each line's full-year outcome becomes its
`previous_outcome`; each indicator's full-year outcome becomes its
`baseline`.
Cleared: outcomes, forecasts, manual statuses, justifications, comments,
goal comments, printed values, the narrative.

Targets written as "öka från X" (comparison `>`): when the old target equals
the old baseline — the target *was* "more than last year" — the new target
moves to the old outcome, so "> 74" with outcome 59 becomes baseline 59,
target "> 59". When there was no baseline, a `>` target is treated the same
way (HME in 2019 has no recorded baseline; its "öka från 74" is last year's
value). Other targets (≥ 80, ≤ 10, = Ja, manual) are kept as they are; the
officer edits them when the new targets are decided.
Each target so moved is listed (`moved_targets`) for the officer, who may keep
or change it (`targets` of `next_year`: indicator id -> the target to use).
A linked indicator stays linked (its outcome, the figure's, becomes its
baseline); a line keeps its budget profile.
Budgets are copied as a starting point (the new year's budget is usually
adjusted from it).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

from ..core.compute import compute
from ..core.model import Comparison, Goal, Indicator, InvestmentLine, OperatingLine, Value, Year
from ..core.numbers import format_value
from .errors import FileFormatError


@dataclass(frozen=True)
class TargetMove:
    """An "öka från" target the new year moves to last year's outcome."""

    indicator_id: int
    name: str
    comparison: Comparison
    old: Value
    new: Value
    unit: str = ""

    def text_sv(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        sym = self.comparison.symbol
        return (f"{self.name}: {sym} {format_value(self.old)}{unit} → {sym} {format_value(self.new)}{unit} "
                "(fjolårets utfall)")


def _outcomes(year: Year, code: str) -> dict[int, Value | None]:
    """Each indicator's outcome of the period: as typed, or its linked figure's."""
    if not any(i.link for i in year.indicators()):
        return {i.id: i.value(code).outcome for i in year.indicators()}
    c = compute(year, year.period(code))
    return {i: r.outcome for i, r in c.assessment.by_indicator.items()}


def moved_targets(year: Year, period_code: str | None = None) -> list[TargetMove]:
    """The targets `next_year` moves, in the goals' order (HME: > 74 → > 59)."""
    code = period_code or year.full_year_period.code
    outcomes = _outcomes(year, code)
    moves: list[TargetMove] = []
    for ind in year.indicators():
        outcome, target = outcomes[ind.id], ind.target
        # _moves_with_baseline also requires a target: said again here for the type checker
        if outcome is not None and target is not None and _moves_with_baseline(ind) and outcome != target:
            moves.append(TargetMove(ind.id, ind.name, ind.comparison, target, outcome, ind.unit))
    return moves


def _moves_with_baseline(ind: Indicator) -> bool:
    if ind.comparison is not Comparison.GT or ind.target is None:
        return False
    return ind.baseline is None or ind.baseline == ind.target


def next_year(year: Year, to_year: int, period_code: str | None = None,
              targets: dict[int, Value | None] | None = None) -> Year:
    """A new Year for `to_year` built from `year` (see module doc); `year` is not changed.

    `period_code` selects whose outcomes become history (default: the full-year period);
    `targets` (indicator id -> target) are the officer's choices for the moved targets.
    """
    if to_year <= year.year:
        raise FileFormatError(f"Nytt år ({to_year}) måste vara senare än {year.year}.")
    code = period_code or year.full_year_period.code
    outcomes = _outcomes(year, code)
    chosen = targets or {}
    new = Year(to_year, year.organisation, periods=list(year.periods))
    for g in year.goals:
        ng = Goal(g.id, g.title)
        for ind in g.indicators:
            outcome = outcomes[ind.id]
            target = ind.target
            if outcome is not None and _moves_with_baseline(ind):
                target = outcome
            ng.indicators.append(Indicator(
                ind.id, ind.name, ind.comparison, chosen.get(ind.id, target), ind.unit, ind.partly_from_pct,
                ind.lower_formula, outcome, ind.link,
            ))
        new.goals.append(ng)
    for ln in year.operating:
        new.operating.append(OperatingLine(ln.id, ln.label, ln.kind, ln.budget, {}, ln.is_contribution,
                                           ln.value(code).outcome, section=ln.section, profile=ln.profile))
    for inv in year.investments:
        new.investments.append(InvestmentLine(inv.id, inv.label, inv.municipality, inv.budget, {}, inv.parent_id,
                                              inv.value(code).outcome, profile=inv.profile))
    new.key = copy.deepcopy(year.key)
    new.key.version = 1
    return new
