from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sydnarke_tui.core.model import Key, KeyShare
from sydnarke_tui.core.split import SplitError, key_shares_pct, largest_remainder, split_by_key


def test_ties_go_to_larger_share_then_name():
    # 1 kr between two equal shares: alphabetical
    assert largest_remainder(1, {"B": Fraction(1, 2), "A": Fraction(1, 2)}) == {"B": 0, "A": 1}
    # equal remainders (.5 each), larger share first
    assert largest_remainder(3, {"small": Fraction(1, 6), "big": Fraction(5, 6)}) == {"small": 0, "big": 3}


def test_negative_total_splits_the_magnitude():
    parts = largest_remainder(-158_552, {"A": Fraction(27512, 100000), "B": Fraction(72488, 100000)})
    assert sum(parts.values()) == -158_552
    assert parts["A"] == -43_621


def test_base_counts_derive_shares():
    key = Key("base", [KeyShare("A", base=11_000), KeyShare("B", base=16_000), KeyShare("C", base=5_700)])
    rows = split_by_key(1_000_000, key)
    assert sum(r.amount for r in rows) == 1_000_000
    shares = key_shares_pct(key)
    assert shares["A"] == Decimal("33.639144")


def test_empty_or_zero_key_is_a_clear_error():
    with pytest.raises(SplitError):
        split_by_key(100, Key("shares", []))
    with pytest.raises(SplitError):
        split_by_key(100, Key("base", [KeyShare("A", base=0)]))
    with pytest.raises(SplitError):
        split_by_key(100, Key("shares", [KeyShare("A", Decimal(0))]))


weights = st.dictionaries(
    st.text(alphabet="abcdefgh", min_size=1, max_size=4),
    st.fractions(min_value=Fraction(1, 1000), max_value=100),
    min_size=1, max_size=12,
)


@given(st.integers(min_value=-10**11, max_value=10**11), weights)
def test_parts_always_sum_to_the_whole_and_are_within_one_krona(total, w):
    parts = largest_remainder(total, w)
    assert sum(parts.values()) == total
    wsum = sum(w.values())
    for name, part in parts.items():
        exact = Fraction(total) * w[name] / wsum
        assert abs(part - exact) < 1


@given(st.integers(min_value=0, max_value=10**9), weights)
def test_split_is_monotone_in_share(total, w):
    parts = largest_remainder(total, w)
    names = sorted(w, key=lambda n: w[n])
    for a, b in zip(names, names[1:]):
        if w[a] < w[b]:
            assert parts[a] <= parts[b]


@given(st.lists(st.decimals(min_value=Decimal("0.001"), max_value=100, places=3), min_size=1, max_size=10),
       st.integers(min_value=-10**9, max_value=10**9))
def test_split_by_share_key(shares, total):
    key = Key("shares", [KeyShare(f"K{i}", s) for i, s in enumerate(shares)])
    rows = split_by_key(total, key)
    assert sum(r.amount for r in rows) == total
