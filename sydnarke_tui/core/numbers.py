"""Swedish number parsing and formatting, exact and half-up (DESIGN §2.1).

Money is whole kronor (int). Indicator values and percentages are Decimal.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

UNITS = {"kr": 1, "tkr": 1000, "mkr": 1_000_000}
MAX_KRONOR = 10**15  # a thousand billion: beyond any municipal budget, within SQLite's integers
MAX_VALUE = Decimal(10**15)  # indicator values, targets and printed figures stay below this
MAX_PLACES = 10  # decimals kept in a value: beyond this the arithmetic can overflow
YEAR_MIN, YEAR_MAX = 1900, 2200

# Characters people (and PDFs, Excel) use as thousands separators.
_SPACES = "\u0020\u00a0\u202f\u2009\u2007"
_MINUSES = "\u2212\u2013\u2010"


class ParseError(ValueError):
    """Rejected user input; the message is Swedish and says what was expected."""


def round_half_up(value: Decimal | int, places: int = 0) -> Decimal:
    """Excel-style rounding: 112.5 -> 113, -2.5 -> -3."""
    q = Decimal(1).scaleb(-places)
    return Decimal(value).quantize(q, rounding=ROUND_HALF_UP)


def div_round(numerator: int, denominator: int) -> int:
    """Integer division rounded half up (away from zero on .5), exact."""
    return int(round_half_up(Decimal(numerator) / Decimal(denominator)))


def round_preserving_sum(values: dict[str, Decimal]) -> dict[str, int]:
    """Whole kronor per key whose sum is the rounded (half up) sum of the exact values.

    Each part is its half-up rounding, moved by one krona where needed, on the
    parts that lost the most to rounding (largest remainder), ties by key.
    """
    target = int(round_half_up(sum(values.values(), Decimal(0))))
    rounded = {k: int(round_half_up(v)) for k, v in values.items()}
    diff = target - sum(rounded.values())
    step = 1 if diff > 0 else -1
    order = sorted(values, key=lambda k: (-(values[k] - rounded[k]) * step, k))
    for k in order[: abs(diff)]:
        rounded[k] += step
    return rounded


def bound_value(value: Decimal, what: str, low: Decimal | int | None = None,
                high: Decimal | int | None = None) -> Decimal:
    """`value` if finite, within `low`–`high` (default ± MAX_VALUE, exclusive) and at most MAX_PLACES decimals.

    `what` names the field in the Swedish message (a key path or a label).
    """
    if not value.is_finite():
        raise ParseError(f"{what}: {value} är inget ändligt tal; ange ett vanligt tal, t.ex. 90 eller 3,58.")
    if low is None and high is None:
        if abs(value) >= MAX_VALUE:
            raise ParseError(f"{what}: {format_sci(value)} är för stort; högst 15 siffror före decimaltecknet.")
    elif (low is not None and value < low) or (high is not None and value > high):
        raise ParseError(f"{what}: {format_sci(value)} ligger utanför {low}–{high}.")
    exp = value.as_tuple().exponent
    if isinstance(exp, int) and exp < -MAX_PLACES and value != value.quantize(Decimal(1).scaleb(-MAX_PLACES),
                                                                                rounding=ROUND_HALF_UP):
        raise ParseError(f"{what}: {format_sci(value)} har för många decimaler (högst {MAX_PLACES}).")
    return value


def bound_year(year: int, what: str = "år") -> int:
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ParseError(f"{what}: {year} är inget rimligt år; ange ett år mellan {YEAR_MIN} och {YEAR_MAX}.")
    return year


def format_sci(value: Decimal) -> str:
    """A short text for an out-of-range number (never hundreds of digits in a message)."""
    text = str(value)
    return text if len(text) <= 24 else f"{value:.3E}"


def _normalise(text: str) -> str:
    s = text.strip()
    for ch in _MINUSES:
        s = s.replace(ch, "-")
    return s


_NUMBER_RE = re.compile(r"^([+-]?)\s*(\d{1,3}(?:[ ]\d{3})+|\d+)?(?:[.,](\d+))?$")


def _parse_plain(s: str) -> Decimal | None:
    """Parse a number with optional space thousands separators, ',' or '.' decimals."""
    for ch in _SPACES:
        s = s.replace(ch, " ")
    s = re.sub(r" +", " ", s.strip())
    m = _NUMBER_RE.match(s)
    if not m or (m.group(2) is None and m.group(3) is None):
        return None
    sign, whole, frac = m.group(1), (m.group(2) or "0").replace(" ", ""), m.group(3)
    try:
        d = Decimal(whole + ("." + frac if frac else ""))
    except InvalidOperation:  # pragma: no cover - regex guarantees digits
        return None
    return -d if sign == "-" else d


def parse_decimal(text: str, allowed_suffixes: tuple[str, ...] = ()) -> Decimal:
    """Parse a number such as '3,58', '1 417,5', '-1 717', '90 %', '13 st'.

    A trailing '%' is always allowed; other suffixes only when listed.
    """
    s = _normalise(text)
    if not s:
        raise ParseError("Tomt värde: ange ett tal, t.ex. 90 eller 3,58.")
    low = s.lower()
    for suffix in ("%", *allowed_suffixes):
        suf = suffix.lower()
        if suf and low.endswith(suf):
            s = s[: -len(suf)].strip()
            break
    value = _parse_plain(s)
    if value is None:
        raise ParseError(
            f"'{text.strip()}' är inte ett tal: ange t.ex. 90, 3,58 eller 1 417,5."
        )
    return bound_value(value, f"'{_short(text.strip())}'")


def _short(text: str) -> str:
    return text if len(text) <= 24 else text[:20] + "…"


def parse_share(text: str) -> Decimal:
    """A key share in percent, 0–100 ('27,512', '27,512 %')."""
    return bound_value(parse_decimal(text), "Andelen", 0, 100)


def parse_amount(text: str, unit: str = "tkr") -> int:
    """Parse a money amount to whole kronor.

    A bare amount is in `unit`; an explicit 'kr', 'tkr' or 'mkr' suffix wins.
    Fractions of a krona are rounded half up.
    """
    if unit not in UNITS:
        raise ValueError(f"unknown unit {unit!r}")
    s = _normalise(text)
    if not s:
        raise ParseError(f"Tomt belopp: ange ett belopp i {unit}, t.ex. 1 417 eller -1 717.")
    m = re.match(r"^(.*?)\s*(mkr|tkr|kr)\.?$", s, flags=re.IGNORECASE)
    if m and m.group(1):
        s, unit = m.group(1), m.group(2).lower()
    value = _parse_plain(s)
    if value is None:
        raise ParseError(
            f"'{text.strip()}' är inte ett belopp: ange t.ex. 1 417, -1 717, "
            f"1 417,5 ({unit}) eller 158 552 kr."
        )
    if abs(value) >= MAX_KRONOR:  # before scaling: a 400-digit paste must not be multiplied out
        raise ParseError(f"'{_short(text.strip())}' är för stort: högst 15 siffror i kronor.")
    kronor = int(round_half_up(value * UNITS[unit]))
    if abs(kronor) >= MAX_KRONOR:
        raise ParseError(f"'{_short(text.strip())}' är för stort: högst 15 siffror i kronor.")
    return kronor


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return " ".join(reversed(out))


def format_decimal(value: Decimal | int, places: int = 0) -> str:
    """'31 207', '-1 717', '77,03' (half up, space-grouped, decimal comma)."""
    d = round_half_up(Decimal(value), places)
    sign = "-" if d < 0 else ""
    whole, _, frac = f"{abs(d):f}".partition(".")
    text = sign + _group(whole)
    if places > 0:
        text += "," + frac.ljust(places, "0")[:places]
    return text[1:] if text.lstrip("-").strip("0,") == "" and text.startswith("-") else text


def format_amount(kronor: int | None, unit: str = "tkr", places: int = 0) -> str:
    """Whole kronor shown in `unit`: 31 207 000 -> '31 207' (tkr)."""
    if kronor is None:
        return ""
    if places == 0 and type(kronor) is int:
        # the common case (every amount cell of a report), in integers: half up = away from zero at .5
        n = UNITS[unit]
        q = (abs(kronor) + n // 2) // n
        return f"{'-' if kronor < 0 and q else ''}{q:,}".replace(",", " ")
    return format_decimal(Decimal(kronor) / UNITS[unit], places)


_BREAKABLE_IN_FIGURE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))|(?<=\d) (?=%|tkr\b|kr\b|mkr\b)")


def no_break(text: str) -> str:
    """`text` with the spaces inside and after its figures made no-break (U+00A0).

    For output that wraps (screen panels, Word, HTML, PDF): '2 480 384 kr' never
    breaks into '2 480' / '384 kr'. Machine formats (CSV, JSON) keep plain integers
    and the CLI's text keeps plain spaces, so only the wrapping layers call this.
    """
    return _BREAKABLE_IN_FIGURE.sub("\u00a0", text)


def format_pct(value: Decimal | int | None, places: int = 0) -> str:
    return "–" if value is None else f"{format_decimal(value, places)} %"


def format_value(value: Decimal | bool | None, places: int | None = None) -> str:
    """An indicator value: 'Ja'/'Nej', '3,58', '90'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Ja" if value else "Nej"
    if places is None:
        exp = value.normalize().as_tuple().exponent
        places = max(0, -exp) if isinstance(exp, int) else 0
    return format_decimal(value, places)


def parse_yes_no(text: str) -> bool:
    s = text.strip().lower()
    if s in ("ja", "j", "yes", "y", "1", "sant", "true"):
        return True
    if s in ("nej", "n", "no", "0", "falskt", "false"):
        return False
    raise ParseError(f"'{text.strip()}' är varken Ja eller Nej: ange Ja eller Nej.")
