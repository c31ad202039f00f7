"""Splitting amounts between the members by the year's key (DESIGN §2.6).

Largest remainder to whole kronor, so the parts always sum to the whole.
Ties go to the larger share first, then to the name in alphabetical order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .model import Key

HUNDRED = Decimal(100)


class SplitError(ValueError):
    """The key cannot be used to split (no members, zero weights)."""


def key_weights(key: Key) -> dict[str, Fraction]:
    """Each member's exact share as a fraction of 1 (not normalised for share keys)."""
    if key.basis == "base":
        total = sum((m.base or 0) for m in key.members)
        if total <= 0:
            raise SplitError("Fördelningsnyckeln saknar underlag: ange antal för medlemmarna.")
        return {m.municipality: Fraction(m.base or 0, total) for m in key.members}
    return {m.municipality: Fraction(m.share_pct or 0) / 100 for m in key.members}


def key_shares_pct(key: Key) -> dict[str, Decimal]:
    """Shares in percent; derived exactly from base counts, to 6 decimals."""
    if key.basis == "base":
        return {
            name: (Decimal(w.numerator) / Decimal(w.denominator) * HUNDRED).quantize(Decimal("0.000001"))
            for name, w in key_weights(key).items()
        }
    return {m.municipality: Decimal(m.share_pct or 0) for m in key.members}


def key_total_pct(key: Key) -> Decimal:
    if key.basis == "base":
        return HUNDRED
    return sum((Decimal(m.share_pct or 0) for m in key.members), Decimal(0))


def largest_remainder(total: int, weights: dict[str, Fraction]) -> dict[str, int]:
    """Split `total` kronor by `weights` so the parts sum exactly to `total`.

    Weights need not sum to 1: they are normalised, so a key summing to 99.9 %
    still distributes the whole (the checker reports the key separately).
    """
    if not weights:
        raise SplitError("Fördelningsnyckeln har inga medlemmar.")
    wsum = sum(weights.values(), Fraction(0))
    if wsum <= 0 or any(w < 0 for w in weights.values()):
        raise SplitError("Fördelningsnyckelns andelar måste vara positiva och större än 0 tillsammans.")
    sign = -1 if total < 0 else 1
    magnitude = abs(total)
    # Integer arithmetic over a common denominator (exact, and far cheaper than
    # Fractions on every keystroke): weight_i = n_i / d, exact part = m * n_i / N.
    d = math.lcm(*(w.denominator for w in weights.values()))
    nums = {name: w.numerator * (d // w.denominator) for name, w in weights.items()}
    big_n = sum(nums.values())
    parts = {}
    rems = {}
    for name, n in nums.items():
        parts[name], rems[name] = divmod(magnitude * n, big_n)
    left = magnitude - sum(parts.values())
    order = sorted(nums, key=lambda k: (-rems[k], -nums[k], k))
    for name in order[:left]:
        parts[name] += 1
    return {name: sign * parts[name] for name in weights}


@dataclass(frozen=True, slots=True)
class SplitRow:
    """A member's part of an amount split by the key: its share and its kronor."""

    municipality: str
    share_pct: Decimal
    amount: int


def split_by_key(total: int, key: Key) -> list[SplitRow]:
    return split_by_weights(total, key, key_weights(key), key_shares_pct(key))


def split_by_weights(total: int, key: Key, weights: dict[str, Fraction], shares: dict[str, Decimal]) -> list[SplitRow]:
    """`split_by_key` with the key's weights and shares already derived (several splits, one key)."""
    parts = largest_remainder(total, weights)
    return [SplitRow(m.municipality, shares[m.municipality], parts[m.municipality]) for m in key.members]


@dataclass(frozen=True, slots=True)
class MemberInvestment:
    """A member's row of investments per member: its own lines, and its part of the common ones by the key."""

    municipality: str
    share_pct: Decimal
    own_budget: int
    own_outcome: int
    common_budget: int
    common_outcome: int

    @property
    def budget(self) -> int:
        return self.own_budget + self.common_budget

    @property
    def outcome(self) -> int:
        return self.own_outcome + self.common_outcome
