import tomllib
from decimal import Decimal

import pytest

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.serial import SerialError, year_from_dict, year_to_dict
from sydnarke_tui.store.demo import demo_text


def test_dict_round_trip_is_identical(demo):
    d = year_to_dict(demo)
    assert year_to_dict(year_from_dict(d)) == d


def test_round_trip_keeps_every_figure(demo):
    again = year_from_dict(year_to_dict(demo))
    a, b = compute(demo, demo.full_year_period), compute(again, again.full_year_period)
    assert a.figures == b.figures and again.printed == demo.printed


def test_demo_printed_values_are_attached_to_their_figures(demo):
    p = demo.printed["helar"]
    assert p["operating/line/4/deviation"].value == 784
    assert p["split/result/Laxå"].unit == "kr"
    assert p["indicator/11/fulfilment"].unit == "%"


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda d: d.pop("year"), "year"),
        (lambda d: d["operating"][0].update(kind="income"), "kind"),
        (lambda d: d["operating"][0].update(budget=Decimal("1.5")), "hela kronor"),
        (lambda d: d["operating"][0].update(budget="100"), "budget"),
        (lambda d: d["goals"][0]["indicators"][0].update(comparison="~"), "jämförelse"),
        (lambda d: d["goals"][0]["indicators"][0]["values"]["helar"].update(outcome="many"), "outcome"),
        (lambda d: d["goals"][0]["indicators"][0]["values"]["helar"].update(manual_status="great"), "manual_status"),
        (lambda d: d["key"].update(basis="votes"), "basis"),
        (lambda d: d.update(schema="other/9"), "format"),
    ],
)
def test_bad_data_names_the_key(mutate, message):
    d = tomllib.loads(demo_text(), parse_float=Decimal)
    mutate(d)
    with pytest.raises(SerialError) as err:
        year_from_dict(d)
    assert message in str(err.value)


from hypothesis import given, settings
from hypothesis import strategies as st

_JUNK = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.text(max_size=3), st.lists(st.integers(), max_size=2),
                  st.dictionaries(st.text(max_size=2), st.integers(), max_size=2), st.decimals(allow_nan=False,
                                                                                               allow_infinity=False))


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _paths(v, (*prefix, i))


_DEMO = tomllib.loads(demo_text(), parse_float=Decimal)
_ALL_PATHS = [p for p in _paths(_DEMO) if p]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_ALL_PATHS), _JUNK)
def test_any_wrong_value_anywhere_is_a_serial_error_never_a_crash(path, junk):
    import copy

    d = copy.deepcopy(_DEMO)
    target = d
    for k in path[:-1]:
        target = target[k]
    target[path[-1]] = junk
    try:
        year_from_dict(d)
    except SerialError as exc:
        assert "\n" not in str(exc)
