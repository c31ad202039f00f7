"""Budget profiles: a line's full-year budget spread over the twelve months (DESIGN §2.4).

A line's `profile` is twelve whole-krona months. When they sum to the budget
they are the months as they stand (e.g. an SIE file's monthly `#PBUDGET`);
when the budget has changed since, they are weights and the budget is spread
in their proportion. Without a profile the budget is spread in twelfths.
Either way the months are whole kronor by the largest remainder, so they sum
to the budget exactly, for any budget, negative ones included.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

MONTHS = 12
# Named profiles the form offers (weights; "semester": July at half, for personnel with holiday pay).
PRESETS: dict[str, tuple[int, ...]] = {
    "jämn": (1,) * MONTHS,
    "semester": (2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2),
}


def spread(total: int, weights: Sequence[int]) -> tuple[int, ...]:
    """`total` over len(weights) months in proportion to the weights, summing to `total` exactly.

    Weights summing to 0 spread evenly. Ties in the remainder go to the earlier month.
    """
    n = len(weights)
    wsum = sum(weights)
    if wsum == 0:
        weights, wsum = (1,) * n, n
    if wsum < 0:
        weights, wsum = tuple(-w for w in weights), -wsum
    if total < 0:
        return tuple(-m for m in spread(-total, weights))
    exact = [Fraction(total * w, wsum) for w in weights]
    floors = [q.numerator // q.denominator for q in exact]
    rest = total - sum(floors)
    order = sorted(range(n), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:rest]:
        floors[i] += 1
    return tuple(floors)


def monthly_budget(budget: int | None, profile: Sequence[int] | None) -> tuple[int, ...] | None:
    """The budget per month: the profile when it sums to the budget, else the budget spread by it."""
    if budget is None:
        return None
    if profile is not None and len(profile) == MONTHS:
        if sum(profile) == budget:
            return tuple(profile)
        return spread(budget, profile)
    return spread(budget, PRESETS["jämn"])


def budget_to_date(budget: int | None, profile: Sequence[int] | None, months: int) -> int | None:
    """The budget of the first `months` months (at 12: the whole budget)."""
    monthly = monthly_budget(budget, profile)
    return None if monthly is None else sum(monthly[:months])
