"""Budget profiles: a line's full-year budget spread over the twelve months (DESIGN §2.4).

A line's `profile` is twelve whole-krona months. When they sum to the budget
they are the months as they stand (e.g. an SIE file's monthly `#PBUDGET`);
when the budget has changed since, they are weights and the budget is spread
in their proportion. Without a profile the budget is spread in twelfths.
Either way the months are whole kronor rounded so that every budget to date
is the nearest krona and the months sum to the budget exactly, for any
budget, negative ones included.
"""

from __future__ import annotations

from typing import Sequence

MONTHS = 12
# Named profiles the form offers (weights; "semester": July at half, for personnel with holiday pay).
PRESETS: dict[str, tuple[int, ...]] = {
    "jämn": (1,) * MONTHS,
    "semester": (2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2),
}


def _div_half_up(n: int, d: int) -> int:
    """n / d rounded half away from zero (d > 0), in integers."""
    q, r = divmod(abs(n), d)
    q += 2 * r >= d
    return q if n >= 0 else -q


def spread(total: int, weights: Sequence[int]) -> tuple[int, ...]:
    """`total` over len(weights) months in proportion to the weights, summing to `total` exactly.

    Cumulative rounding: the months up to n sum to the exact share of months 1..n rounded half up,
    so every budget to date is the nearest krona (4 of 12 twelfths of 31 207 000 is 10 402 333),
    and the twelve months sum to the total. Weights summing to 0 spread evenly.
    """
    n = len(weights)
    wsum = sum(weights)
    if wsum == 0:
        weights, wsum = (1,) * n, n
    if wsum < 0:
        weights, wsum = tuple(-w for w in weights), -wsum
    out, done, cum = [], 0, 0
    for w in weights:
        cum += w
        upto = _div_half_up(total * cum, wsum)
        out.append(upto - done)
        done = upto
    return tuple(out)


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
