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
Budgets are copied as a starting point (the new year's budget is usually
adjusted from it).
"""

from __future__ import annotations

import copy

from ..core.model import Comparison, Goal, Indicator, InvestmentLine, OperatingLine, Year
from .errors import FileFormatError


def _moves_with_baseline(ind: Indicator) -> bool:
    if ind.comparison is not Comparison.GT or ind.target is None:
        return False
    return ind.baseline is None or ind.baseline == ind.target


def next_year(year: Year, to_year: int, period_code: str | None = None) -> Year:
    """A new Year for `to_year` built from `year` (see module doc); `year` is not changed.

    `period_code` selects whose outcomes become history (default: the full-year period).
    """
    if to_year <= year.year:
        raise FileFormatError(f"Nytt år ({to_year}) måste vara senare än {year.year}.")
    code = period_code or year.full_year_period.code
    new = Year(to_year, year.organisation, periods=list(year.periods))
    for g in year.goals:
        ng = Goal(g.id, g.title)
        for ind in g.indicators:
            outcome = ind.value(code).outcome
            target = ind.target
            if outcome is not None and _moves_with_baseline(ind):
                target = outcome
            ng.indicators.append(Indicator(
                ind.id, ind.name, ind.comparison, target, ind.unit, ind.partly_from_pct, ind.lower_formula,
                outcome if outcome is not None else None,
            ))
        new.goals.append(ng)
    for ln in year.operating:
        new.operating.append(OperatingLine(ln.id, ln.label, ln.kind, ln.budget, {}, ln.is_contribution,
                                           ln.value(code).outcome))
    for ln in year.investments:
        new.investments.append(InvestmentLine(ln.id, ln.label, ln.municipality, ln.budget, {}, ln.parent_id,
                                              ln.value(code).outcome))
    new.key = copy.deepcopy(year.key)
    new.key.version = 1
    return new
