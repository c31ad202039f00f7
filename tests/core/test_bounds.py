"""Numbers entering a year from TOML (and typed ones) are finite and in range, or refused in one Swedish line."""

import copy
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.numbers import ParseError, parse_amount, parse_decimal, parse_share
from sydnarke_tui.core.serial import SerialError, year_from_dict, year_to_dict
from sydnarke_tui.io.errors import FileFormatError
from sydnarke_tui.io.toml_io import load_year_toml
from sydnarke_tui.store.demo import demo_year

DEMO = year_to_dict(demo_year())

# (where in the dict, the key, the words the message must name)
AMOUNT_KEYS = [
    (lambda d: d["operating"][2], "budget", "operating[2].budget"),
    (lambda d: d["operating"][0], "previous_outcome", "operating[0].previous_outcome"),
    (lambda d: d["operating"][1]["values"]["helar"], "outcome", "operating[1].values.helar.outcome"),
    (lambda d: d["operating"][1]["values"]["helar"], "forecast", "operating[1].values.helar.forecast"),
    (lambda d: d["investments"][0], "budget", "investments[0].budget"),
    (lambda d: d["investments"][0]["varav"][0]["values"]["helar"], "outcome", "varav[0].values.helar.outcome"),
]
VALUE_KEYS = [
    (lambda d: d["goals"][0]["indicators"][0], "target", "indicators[0].target"),
    (lambda d: d["goals"][0]["indicators"][0], "baseline", "indicators[0].baseline"),
    (lambda d: d["goals"][0]["indicators"][1]["values"]["helar"], "outcome", "indicators[1].values.helar.outcome"),
    (lambda d: d["goals"][0]["indicators"][1]["values"].setdefault("t1", {}), "forecast", "values.t1.forecast"),
    (lambda d: d["operating"][3]["printed"]["helar"], "deviation", "printed.helar.deviation"),
    (lambda d: d["printed"]["helar"], "split/result/Laxå", "split/result/Laxå"),
]
SHARE_KEYS = [(lambda d, i=i: d["key"]["members"][i], "share_pct", f"key.members[{i}].share_pct") for i in range(4)]

NON_FINITE = [Decimal("Infinity"), Decimal("-Infinity"), Decimal("NaN"), Decimal("sNaN")]
HUGE = st.one_of(
    st.sampled_from(NON_FINITE),
    st.integers(min_value=15, max_value=400).map(lambda e: Decimal(10) ** e),
    st.integers(min_value=15, max_value=400).map(lambda e: -(Decimal(10) ** e)),
    st.integers(min_value=10**15, max_value=10**40),
    st.sampled_from([Decimal("1e308"), Decimal("1e300"), Decimal("-1E+999999"), Decimal("1E-999999")]),
)


def _one_line(msg: str) -> None:
    assert msg and "\n" not in msg and "Traceback" not in msg and len(msg) < 300


def _refused(d: dict, named: str) -> str:
    with pytest.raises(SerialError) as exc:
        year_from_dict(d)
    msg = str(exc.value)
    _one_line(msg)
    assert named in msg, msg
    return msg


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(AMOUNT_KEYS + VALUE_KEYS), HUGE)
def test_non_finite_and_huge_numbers_are_refused_naming_the_key(where, bad):
    get, key, named = where
    d = copy.deepcopy(DEMO)
    get(d)[key] = bad
    _refused(d, named)


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(SHARE_KEYS), st.one_of(
    st.sampled_from(NON_FINITE),
    st.decimals(min_value=Decimal("100.000001"), max_value=Decimal("1e30"), allow_nan=False, places=3),
    st.decimals(max_value=Decimal("-0.001"), min_value=Decimal("-1e30"), allow_nan=False, places=3),
    st.integers(min_value=101, max_value=10**30), st.integers(max_value=-1, min_value=-10**30),
))
def test_shares_outside_0_to_100_are_refused(where, bad):
    get, key, named = where
    d = copy.deepcopy(DEMO)
    get(d)[key] = bad
    _refused(d, named)


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.integers(max_value=1899, min_value=-10**30), st.integers(min_value=2201, max_value=10**30)))
def test_years_outside_1900_to_2200_are_refused(bad):
    d = copy.deepcopy(DEMO)
    d["year"] = bad
    _refused(d, "år.year")


@pytest.mark.parametrize("key, value", [
    ("partly_from_pct", 101), ("partly_from_pct", -1), ("partly_from_pct", 10**30),
])
def test_percent_options_are_bounded(key, value):
    d = copy.deepcopy(DEMO)
    d["goals"][0]["indicators"][0][key] = value
    _refused(d, f"indicators[0].{key}")


@pytest.mark.parametrize("value", ["inf", "nan", "-Infinity", "1e400", "1e-40", "9" * 40])
def test_values_as_text_are_bounded_too(value):
    d = copy.deepcopy(DEMO)
    d["goals"][0]["indicators"][1]["values"]["helar"]["outcome"] = value
    _refused(d, "indicators[1].values.helar.outcome")


def test_member_base_is_bounded():
    d = copy.deepcopy(DEMO)
    d["key"] = {"basis": "base", "members": [{"municipality": "A", "base": 10**20}]}
    _refused(d, "key.members[0].base")


def test_deeply_nested_data_is_refused():
    d = copy.deepcopy(DEMO)
    deep: list = []
    for _ in range(50):
        deep = [deep]
    d["operating"][0]["values"]["helar"]["comment"] = deep
    _refused(d, "nästlad")


@pytest.mark.parametrize("literal", ["inf", "-inf", "nan", "1e308", "1e300", "1e16"])
def test_toml_literals_are_refused_through_the_loader(literal):
    text = f"year = 2021\n[[operating]]\nlabel = \"L\"\nkind = \"cost\"\nbudget = {literal}\n"
    with pytest.raises(FileFormatError) as exc:
        load_year_toml(text)
    _one_line(str(exc.value))
    assert "operating[0].budget" in str(exc.value)
    text = f"year = 2021\n[key]\n[[key.members]]\nmunicipality = \"A\"\nshare_pct = {literal}\n"
    with pytest.raises(FileFormatError, match="share_pct"):
        load_year_toml(text)


@pytest.mark.parametrize("good", [
    {"year": 1900}, {"year": 2200},
])
def test_boundaries_are_accepted(good):
    d = copy.deepcopy(DEMO)
    d.update(good)
    d["key"]["members"][0]["share_pct"] = Decimal(100)
    d["key"]["members"][1]["share_pct"] = 0
    d["goals"][0]["indicators"][0]["target"] = Decimal("999999999999999.9999")
    y = year_from_dict(d)
    compute(y, y.full_year_period).figures  # no overflow anywhere


@settings(max_examples=100, deadline=None)
@given(st.one_of(
    st.integers(min_value=16, max_value=2000).map(lambda n: "9" * n),
    st.integers(min_value=16, max_value=2000).map(lambda n: "-" + "1" * n + ",5"),
))
def test_typed_numbers_are_bounded(text):
    for parse in (parse_decimal, parse_amount, parse_share):
        with pytest.raises(ParseError) as exc:
            parse(text)
        _one_line(str(exc.value))


@pytest.mark.parametrize("text", ["100,5", "-0,1", "250 %"])
def test_typed_share_outside_0_to_100(text):
    with pytest.raises(ParseError, match="0–100"):
        parse_share(text)
