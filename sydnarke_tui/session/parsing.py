"""Field parsers and formatters for the forms (Swedish input, exact values).

Every parser takes the text of an Input and returns the model value or raises
core.numbers.ParseError with a Swedish message. Formatters are the inverse, so
that `parse(fmt(v)) == v` and an untouched field is never "dirty".
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable

from ..core.concepts import alternatives
from ..core.model import STATUS_SV, Comparison, Kind, KIND_SV, LowerFormula, Status
from ..core.text import printable
from ..core.numbers import (
    UNITS,
    ParseError,
    format_decimal,
    format_value,
    parse_amount,
    parse_decimal,
    parse_yes_no,
)

Parser = Callable[[str], Any]
Formatter = Callable[[Any], str]


def optional(parse: Parser) -> Parser:
    """Empty text means 'no value' (None)."""

    def p(text: str) -> Any:
        return None if not text.strip() else parse(text)

    return p


def amount_parser(unit: str = "tkr") -> Parser:
    return optional(lambda t: parse_amount(t, unit))


def amount_formatter(unit: str = "tkr") -> Formatter:
    """Exact: 10 381 700 kr -> '10 381,7' tkr (no precision lost in a form)."""

    def f(kr: int | None) -> str:
        if kr is None:
            return ""
        d = Decimal(kr) / UNITS[unit]
        exp = d.normalize().as_tuple().exponent
        places = max(0, -exp) if isinstance(exp, int) else 0
        return format_decimal(d, places)

    return f


def text_parser(required: bool = False, what: str = "Namnet") -> Parser:
    def p(text: str) -> str:
        if required and not text.strip():
            raise ParseError(f"{what} får inte vara tomt.")
        if any(ord(c) < 32 and c not in "\t" for c in text):
            raise ParseError("Texten innehåller styrtecken; ta bort dem.")
        return text.strip() if required else text

    return p


def fmt_text(v: Any) -> str:
    return "" if v is None else str(v)


def value_parser(unit: str = "", yes_no: bool = False) -> Parser:
    """An indicator value: a number (with optional unit/percent suffix) or Ja/Nej."""

    def p(text: str) -> Any:
        s = text.strip()
        if yes_no:
            return parse_yes_no(s)
        if s.lower() in ("ja", "nej"):
            return parse_yes_no(s)
        suffixes = tuple(x for x in (unit.strip(), "st") if x and x != "%")
        return parse_decimal(s, suffixes)

    return optional(p)


def fmt_value(v: Any) -> str:
    return format_value(v)


def parse_comparison(text: str) -> Comparison:
    return Comparison.parse(text)


def fmt_comparison(c: Comparison | None) -> str:
    return "" if c is None else c.symbol


def parse_pct_int(text: str) -> int | None:
    if not text.strip():
        return None
    d = parse_decimal(text)
    if d != d.to_integral_value() or not (0 <= d <= 100):
        raise ParseError(f"'{text.strip()}': ange ett heltal 0–100 (procent), eller lämna tomt för standard.")
    return int(d)


def fmt_int(v: int | None) -> str:
    return "" if v is None else str(v)


_FORMULA = {"linjär": LowerFormula.LINEAR, "linjar": LowerFormula.LINEAR, "linear": LowerFormula.LINEAR,
            "kvot": LowerFormula.RATIO, "ratio": LowerFormula.RATIO}
FORMULA_SV = {LowerFormula.LINEAR: "linjär", LowerFormula.RATIO: "kvot"}


def parse_formula(text: str) -> LowerFormula | None:
    s = text.strip().lower()
    if not s:
        return None
    if s in _FORMULA:
        return _FORMULA[s]
    raise ParseError(f"'{text.strip()}': ange linjär eller kvot, eller lämna tomt för standard.")


def fmt_formula(v: LowerFormula | None) -> str:
    return "" if v is None else FORMULA_SV[v]


def parse_status(text: str) -> Status | None:
    s = text.strip().lower()
    if not s:
        return None
    for st, sv in STATUS_SV.items():
        if s in (sv, st.value, st.value.replace("_", " ")):
            return st
    raise ParseError(f"'{text.strip()}': ange {alternatives(list(STATUS_SV.values()))} (eller tomt).")


def fmt_status(v: Status | None) -> str:
    return "" if v is None else STATUS_SV[v]


def parse_kind(text: str) -> Kind:
    s = text.strip().lower()
    for k, sv in KIND_SV.items():
        if s in (sv, k.value, sv[0]):
            return k
    raise ParseError(f"'{text.strip()}': ange {alternatives(list(KIND_SV.values()))}.")


def fmt_kind(v: Kind) -> str:
    return KIND_SV[v]


def parse_share(text: str) -> Decimal | None:
    if not text.strip():
        return None
    d = parse_decimal(text)
    if d < 0 or d > 100:
        raise ParseError(f"'{text.strip()}': en andel anges 0–100 %, t.ex. 27,512.")
    return d


def fmt_share(v: Decimal | None) -> str:
    return "" if v is None else format_value(Decimal(v))


def parse_base(text: str) -> int | None:
    if not text.strip():
        return None
    d = parse_decimal(text)
    if d != d.to_integral_value() or d < 0:
        raise ParseError(f"'{text.strip()}': ange ett heltal ≥ 0, t.ex. 11 500 invånare.")
    return int(d)


def fmt_base(v: int | None) -> str:
    return "" if v is None else format_decimal(v)


def parse_basis(text: str) -> str:
    s = text.strip().lower()
    if s in ("andelar", "shares", "a"):
        return "shares"
    if s in ("underlag", "base", "u", "antal"):
        return "base"
    raise ParseError(f"'{text.strip()}': ange andelar eller underlag.")


def fmt_basis(v: str) -> str:
    return {"shares": "andelar", "base": "underlag"}.get(v, v)


def municipality_parser(members: Callable[[], list[str]]) -> Parser:
    def p(text: str) -> str | None:
        s = text.strip()
        if not s or s.lower() in ("gemensamt", "gemensam"):
            return None
        for m in members():
            if m.lower() == s.lower():
                return m
        names = ", ".join(members())
        raise ParseError(f"'{s}' är ingen medlem: ange {names} eller gemensamt.")

    return p


def fmt_municipality(v: str | None) -> str:
    return "gemensamt" if v is None else v


def parse_bool(text: str) -> bool:
    """Ja/Nej (an empty field means Nej)."""
    if not text.strip():
        return False
    return parse_yes_no(text)


def fmt_bool(v: bool | None) -> str:
    return "Ja" if v else "Nej"


def note_parser(text: str) -> str:
    """Multi-line text: newlines and tabs allowed, other control characters refused."""
    if printable(text) != text:
        raise ParseError("Texten innehåller styrtecken; ta bort dem.")
    return text


# ---------------------------------------------------------------- links and budget profiles


def _fold_label(text: str) -> str:
    return " ".join(text.replace("›", " ").replace(">", " ").casefold().split())


def link_parser(choices: Callable[[], list[tuple[str, str]]]) -> Parser:
    """A figure to follow: its number in the list, its label (or enough words of it), or empty for none."""

    def p(text: str) -> str | None:
        s = text.strip()
        if not s or s.casefold() == "ingen":
            return None
        options = choices()
        if s.isdigit() and 1 <= int(s) <= len(options):
            return options[int(s) - 1][0]
        want = _fold_label(s)
        exact = [path for path, label in options if _fold_label(label) == want or path == s]
        if exact:
            return exact[0]
        words = want.split()
        hits = [(path, label) for path, label in options if all(w in _fold_label(label) for w in words)]
        if len(hits) == 1:
            return hits[0][0]
        if hits:
            shown = "; ".join(label for _, label in hits[:3])
            raise ParseError(f"'{printable(s)}' passar {len(hits)} siffror ({shown}{' …' if len(hits) > 3 else ''}): "
                             "skriv mer av namnet eller välj i listan (b).")
        raise ParseError(f"Ingen siffra heter '{printable(s)}': välj i listan (b), t.ex. "
                         "'Nettoresultat avvikelse', eller lämna tomt för inskrivet utfall.")

    return p


def link_formatter(label_of: Callable[[str | None], str]) -> Formatter:
    return lambda path: label_of(path) if path else ""


def linked_outcome_parser(label: Callable[[], str]) -> Parser:
    """A linked indicator's outcome is never typed: every text is refused, saying what it follows."""

    def p(text: str) -> Any:
        raise ParseError(f"Utfallet följer {label()} och skrivs inte in; ta bort kopplingen för att skriva ett utfall.")

    return p


def profile_parser(unit: str) -> Parser:
    """A budget profile: 'jämn' (none: twelfths), a named preset, or 12 months separated by ';'.

    Months that do not sum to the budget are weights: the budget is spread in their proportion
    (core.profile), so the months always sum to the budget to the krona."""
    from ..core.profile import MONTHS, PRESETS

    def p(text: str) -> tuple[int, ...] | None:
        s = text.strip().casefold()
        if not s or s == "jämn":
            return None
        if s in PRESETS:
            return PRESETS[s]
        parts = [x for x in text.split(";") if x.strip()]
        if len(parts) != MONTHS:
            raise ParseError(f"Ange {MONTHS} månader åtskilda med ; (fick {len(parts)}), eller "
                             f"{' / '.join(PRESETS)}.")
        return tuple(parse_amount(x, unit) for x in parts)

    return p


def profile_formatter(unit: str) -> Formatter:
    from ..core.profile import PRESETS

    amount = amount_formatter(unit)

    def f(v: tuple[int, ...] | None) -> str:
        if v is None:
            return "jämn"
        name = next((n for n, w in PRESETS.items() if tuple(v) == w), None)
        return name or "; ".join(amount(m) for m in v)

    return f
