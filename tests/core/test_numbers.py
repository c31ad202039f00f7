from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sydnarke_tui.core.numbers import (
    UNITS,
    ParseError,
    format_amount,
    format_decimal,
    format_pct,
    parse_amount,
    parse_decimal,
    parse_yes_no,
    round_half_up,
)


@pytest.mark.parametrize(
    "text, kronor",
    [
        ("1 417", 1_417_000),
        ("1417", 1_417_000),
        ("-1 717", -1_717_000),
        ("\u22121 717", -1_717_000),  # unicode minus
        ("\u2013 1 717", -1_717_000),  # en dash as printed by Word
        ("1 417,5", 1_417_500),
        ("1417.5", 1_417_500),
        ("159 tkr", 159_000),
        ("158 552 kr", 158_552),
        ("31\u00a0207", 31_207_000),  # no-break space from Excel
        ("31\u202f207", 31_207_000),  # narrow no-break space
        ("0", 0),
        ("  42  ", 42_000),
        ("1,5 mkr", 1_500_000),
        ("+12", 12_000),
        ("0,0005", 1),  # half a krona rounds up
    ],
)
def test_parse_amount_accepts_what_people_type(text, kronor):
    assert parse_amount(text) == kronor


def test_parse_amount_bare_amount_uses_configured_unit():
    assert parse_amount("158 552", unit="kr") == 158_552
    assert parse_amount("2", unit="mkr") == 2_000_000
    assert parse_amount("2 tkr", unit="kr") == 2_000  # explicit unit wins


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "12a", "1 41 7", "1.417.5", "1,2,3", "--5", "5-", "1 417 tkr kr", "tkr", "12 €", "[red]1", "1e5"],
)
def test_parse_amount_rejects_with_a_message_saying_what_is_expected(text):
    with pytest.raises(ParseError) as err:
        parse_amount(text)
    msg = str(err.value)
    assert "ange" in msg  # says what to type
    assert "\n" not in msg


@pytest.mark.parametrize(
    "text, value",
    [("3,58%", Decimal("3.58")), ("3,58 %", Decimal("3.58")), ("90", Decimal(90)), ("-2,5", Decimal("-2.5")),
     ("77,03", Decimal("77.03")), ("1 000,25", Decimal("1000.25"))],
)
def test_parse_decimal(text, value):
    assert parse_decimal(text) == value


def test_parse_decimal_suffixes_only_when_allowed():
    assert parse_decimal("13 st", allowed_suffixes=("st",)) == 13
    with pytest.raises(ParseError):
        parse_decimal("13 st")


def test_yes_no():
    assert parse_yes_no("Ja") is True
    assert parse_yes_no(" nej ") is False
    with pytest.raises(ParseError):
        parse_yes_no("kanske")


@pytest.mark.parametrize(
    "value, places, text",
    [(Decimal("112.5"), 0, "113"), (Decimal("-2.5"), 0, "-3"), (Decimal("0.5"), 0, "1"), (Decimal("2.675"), 2, "2.68"),
     (Decimal("148.857"), 0, "149"), (Decimal("69.5"), 0, "70")],
)
def test_round_half_up_is_excels_not_bankers(value, places, text):
    assert str(round_half_up(value, places)) == text


def test_format_swedish_style():
    assert format_amount(31_207_000) == "31 207"
    assert format_amount(-1_716_948) == "-1 717"
    assert format_amount(158_552, "kr") == "158 552"
    assert format_amount(None) == ""
    assert format_decimal(Decimal("77.03"), 2) == "77,03"
    assert format_decimal(Decimal("-0.4")) == "0"
    assert format_decimal(1_234_567) == "1 234 567"
    assert format_pct(Decimal("112.5")) == "113 %"
    assert format_pct(None) == "–"


@given(st.integers(min_value=-10**12, max_value=10**12))
def test_format_then_parse_round_trips_kronor(kronor):
    assert parse_amount(format_amount(kronor, "kr"), unit="kr") == kronor


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_format_then_parse_round_trips_whole_tkr(tkr):
    assert parse_amount(format_amount(tkr * 1000, "tkr")) == tkr * 1000


@given(st.decimals(min_value=-10**6, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_format_then_parse_round_trips_decimals(value):
    assert parse_decimal(format_decimal(value, 2)) == value


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_half_up_matches_integer_arithmetic(n):
    # n/2 rounded half up: away from zero on .5
    expected = (abs(n) + 1) // 2 * (1 if n >= 0 else -1)
    assert round_half_up(Decimal(n) / 2) == expected


@given(st.dictionaries(st.text(max_size=3), st.decimals(min_value=-10**9, max_value=10**9, places=2), max_size=12))
def test_round_preserving_sum(values):
    from sydnarke_tui.core.numbers import round_preserving_sum

    out = round_preserving_sum(values)
    assert sum(out.values()) == round_half_up(sum(values.values(), Decimal(0)))
    assert all(abs(out[k] - v) < 1 for k, v in values.items())


def test_round_preserving_sum_example():
    from sydnarke_tui.core.numbers import round_preserving_sum

    out = round_preserving_sum({"Intäkter": Decimal("-245000.50"), "Kostnader": Decimal("10381700.25")})
    assert sum(out.values()) == 10_136_700


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(sorted(UNITS)))
def test_format_amount_integer_path_equals_the_decimal_rounding(kronor, unit):
    """format_amount's integer shortcut gives what half-up rounding of the Decimal quotient gives."""
    assert format_amount(kronor, unit) == format_decimal(Decimal(kronor) / UNITS[unit], 0)


@pytest.mark.parametrize("kronor, unit, text", [(500, "tkr", "1"), (-500, "tkr", "-1"), (499, "tkr", "0"),
                                                (-499, "tkr", "0"), (-1_500, "tkr", "-2"), (1_234_567_890, "kr",
                                                                                            "1 234 567 890")])
def test_format_amount_rounds_half_away_from_zero(kronor, unit, text):
    assert format_amount(kronor, unit) == text


def test_counts_in_swedish():
    from sydnarke_tui.core.text import count_sv

    assert count_sv(1, "ändring", "ändringar") == "1 ändring"
    assert count_sv(0, "ändring", "ändringar") == "0 ändringar"
    assert count_sv(12345, "rad", "rader") == "12\u00a0345 rader"


def test_no_break_joins_a_figure_and_its_unit_but_not_the_words_around_it():
    from sydnarke_tui.core.numbers import no_break

    assert no_break("Totalt 2 480 384 kr") == "Totalt 2\u00a0480\u00a0384\u00a0kr"
    assert no_break("Nettoresultat -159 tkr, 113 %") == "Nettoresultat -159\u00a0tkr, 113\u00a0%"
    assert no_break("Askersund 4 021 = 3 179 + 842") == "Askersund 4\u00a0021 = 3\u00a0179 + 842"
    assert no_break("1 2345 och 12 kronor") == "1 2345 och 12 kronor"  # not a thousands group, not a unit
