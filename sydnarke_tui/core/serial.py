"""A year as plain data (dicts of str/int/Decimal/bool) and back.

This is the readable TOML form of db/demo-2019.toml and of `sydnarke-tui
report --format toml`: no database ids, printed values beside the figure they
belong to. Reading and writing the file itself is the io layer's job.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal, TypeVar, overload

from .links import valid_link
from .numbers import MAX_KRONOR, ParseError, bound_value, bound_year
from .profile import MONTHS
from .serial_write import (  # noqa: F401 - the module's API
    CONTENTS_SV as CONTENTS_SV, SCHEMA as SCHEMA, Table, contents as contents,
    contents_sv as contents_sv, default_unit, year_to_dict as year_to_dict)
from .text import one_line
from .model import (
    Comparison,
    Goal,
    Indicator,
    IndicatorValue,
    InvestmentLine,
    Key,
    KeyShare,
    Kind,
    LineValue,
    LowerFormula,
    OperatingLine,
    Period,
    PrintedValue,
    Status,
    Value,
    Year,
)

AMOUNT_FIELDS = ("budget", "outcome", "deviation")


class SerialError(ValueError):
    """The data does not describe a year; the message names the key (one line, user text escaped)."""

    def __init__(self, message: str):
        super().__init__(one_line(message))


# ---------------------------------------------------------------- reading


T = TypeVar("T")
U = TypeVar("U")


@overload
def _get(d: Table, key: str, where: str, types: tuple[type[T]], *, required: Literal[True]) -> T: ...
@overload
def _get(d: Table, key: str, where: str, types: tuple[type[T]], *, default: T) -> T: ...
@overload
def _get(d: Table, key: str, where: str, types: tuple[type[T]]) -> T | None: ...
@overload
def _get(d: Table, key: str, where: str, types: tuple[type[T], type[U]], *, required: Literal[True]) -> T | U: ...
@overload
def _get(d: Table, key: str, where: str, types: tuple[type[T], type[U]]) -> T | U | None: ...


def _get(d: Table, key: str, where: str, types: tuple[type[Any], ...], required: bool = False,
         default: Any = None) -> Any:
    """d[key] checked against `types` (a bool is no int here); `default` when absent, unless required."""
    if key not in d:
        if required:
            raise SerialError(f"{where}: nyckeln '{key}' saknas.")
        return default
    v = d[key]
    if isinstance(v, bool) and bool not in types:
        raise SerialError(f"{where}.{key}: fel typ, väntade {types[0].__name__}.")
    if not isinstance(v, types):
        names = " eller ".join(t.__name__ for t in types)
        raise SerialError(f"{where}.{key}: fel typ ({type(v).__name__}), väntade {names}.")
    return v


ALLOWED_KEYS = {
    "år": {"schema", "year", "organisation", "periods", "narrative", "key", "goals", "operating", "investments",
           "printed"},
    "periods": {"code", "name", "last_month", "full_year"},
    "goals": {"title", "comments", "indicators"},
    "indicators": {"name", "unit", "comparison", "target", "partly_from_pct", "lower_formula", "baseline", "values",
                   "printed", "link"},
    "operating": {"label", "kind", "section", "budget", "contribution", "previous_outcome", "values", "printed",
                  "profile"},
    "investments": {"label", "municipality", "budget", "previous_outcome", "values", "printed", "varav", "profile"},
    "varav": {"label", "budget", "previous_outcome", "values", "printed"},
    "members": {"municipality", "share_pct", "base"},
    "key": {"basis", "members"},
    "line_values": {"outcome", "forecast", "comment"},
    "indicator_values": {"outcome", "forecast", "manual_status", "justification", "comment"},
}


def _known(d: Table, kind: str, where: str) -> None:
    unknown = sorted(set(d) - ALLOWED_KEYS[kind])
    if unknown:
        raise SerialError(f"{where}: okänd nyckel '{unknown[0]}' (kända: {', '.join(sorted(ALLOWED_KEYS[kind]))}).")


def _tables(d: Table, key: str, where: str) -> list[Table]:
    """A list of tables ([[key]]); each element must be a table with known keys."""
    items = _get(d, key, where, (list,), default=[])
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise SerialError(f"{where}.{key}[{i}]: väntade en tabell, fick {type(item).__name__}.")
        _known(item, key, f"{where}.{key}[{i}]")
    return items


def _by_period(d: Table, key: str, where: str) -> dict[str, Table]:
    """A table of tables keyed by period code."""
    table = _get(d, key, where, (dict,), default={})
    for period, item in table.items():
        if not isinstance(item, dict):
            raise SerialError(f"{where}.{key}.{period}: väntade en tabell, fick {type(item).__name__}.")
    return table


def _texts(d: Table, key: str, where: str) -> dict[str, str]:
    """Text per period (narrative, comments)."""
    table = _get(d, key, where, (dict,), default={})
    for period, text in table.items():
        if not isinstance(text, str):
            raise SerialError(f"{where}.{key}.{period}: väntade text, fick {type(text).__name__}.")
    return dict(table)


MAX_DEPTH = 12  # a year nests at most 7 levels (goals → indicators → values → period → field)


def _check_depth(d: Table) -> None:
    """Refuse absurdly nested data before walking it (iteratively: no recursion to exhaust)."""
    stack: list[tuple[object, str, int]] = [(d, "år", 0)]
    while stack:
        node, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise SerialError(f"{where}: data nästlad djupare än {MAX_DEPTH} nivåer; ett år ser inte ut så.")
        if isinstance(node, dict):
            stack.extend((v, f"{where}.{k}", depth + 1) for k, v in node.items())
        elif isinstance(node, list):
            stack.extend((v, f"{where}[{i}]", depth + 1) for i, v in enumerate(node))


def _bounded(v: Decimal, where: str, low: int | None = None, high: int | None = None) -> Decimal:
    try:
        return bound_value(v, where, low, high)
    except ParseError as exc:
        raise SerialError(str(exc)) from None


def _int(d: Table, key: str, where: str) -> int | None:
    v = _get(d, key, where, (int, Decimal))
    if v is None:
        return None
    if isinstance(v, Decimal):
        if not v.is_finite():
            raise SerialError(f"{where}.{key}: {v} är inget belopp; ange hela kronor, t.ex. 158552.")
        if abs(v) >= MAX_KRONOR:
            raise SerialError(f"{where}.{key}: {v:.3E} är för stort (högst 15 siffror i kronor).")
        if v != v.to_integral_value():
            raise SerialError(f"{where}.{key}: belopp anges i hela kronor, fick {v}.")
        v = int(v)
    if abs(v) >= MAX_KRONOR:
        raise SerialError(f"{where}.{key}: {v} är för stort (högst 15 siffror i kronor).")
    return v


def _value(v: object, where: str) -> Value | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, Decimal)):
        return _bounded(Decimal(v), where)
    if isinstance(v, str):
        s = v.strip().lower()
        if s in ("ja", "nej"):
            return s == "ja"
        # Types are strict: a number in quotes is text, and a year file that holds one was not
        # written by the program (nor by anyone who meant a number).
        raise SerialError(f"{where}: {_short_repr(v)} är text; ett tal skrivs utan citattecken (t.ex. 80),"
                          " annars Ja eller Nej.")
    raise SerialError(f"{where}: {_short_repr(v)} är inget värde (tal, Ja eller Nej).")


def _short_repr(v: object) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:36] + "…"


def _section(raw: Table, where: str) -> str | None:
    section = _get(raw, "section", where, (str,))
    if section is not None and not section.strip():
        raise SerialError(f"{where}.section: tom verksamhet; ange ett namn eller utelämna nyckeln.")
    return section


def _printed(d: Table, where: str, prefix: str) -> dict[str, dict[str, PrintedValue]]:
    """Inline printed values: {period: {field: value | {value, unit}}}."""
    out: dict[str, dict[str, PrintedValue]] = {}
    for period, fields in _by_period(d, "printed", where).items():
        for name, raw in fields.items():
            path = f"{prefix}/{name}" if prefix else name
            out.setdefault(period, {})[path] = _printed_value(raw, path, f"{where}.printed.{period}.{name}")
    return out


def _printed_value(raw: object, path: str, where: str) -> PrintedValue:
    unit = default_unit(path)
    if isinstance(raw, dict):
        unit = _get(raw, "unit", where, (str,), default=unit)
        raw = _get(raw, "value", where, (int, Decimal), required=True)
    if isinstance(raw, bool) or not isinstance(raw, (int, Decimal)):
        raise SerialError(f"{where}: väntade ett tal.")
    return PrintedValue(_bounded(Decimal(raw), where), unit)


def _merge(into: dict[str, dict[str, PrintedValue]], more: dict[str, dict[str, PrintedValue]]) -> None:
    for period, figs in more.items():
        into.setdefault(period, {}).update(figs)


def _line_values(d: Table, where: str) -> dict[str, LineValue]:
    out = {}
    for period, v in _by_period(d, "values", where).items():
        w = f"{where}.values.{period}"
        _known(v, "line_values", w)
        out[period] = LineValue(_int(v, "outcome", w), _int(v, "forecast", w), _get(v, "comment", w, (str,), default=""))
    return out


def year_from_dict(d: object) -> Year:
    """Build a Year; ids are assigned in file order from 1."""
    where = "år"
    if not isinstance(d, dict):
        raise SerialError(f"{where}: väntade en tabell, fick {type(d).__name__}.")
    _check_depth(d)
    schema = d.get("schema", SCHEMA)
    if schema != SCHEMA:
        raise SerialError(f"Okänt format {_short_repr(schema)}: väntade '{SCHEMA}'.")
    _known(d, "år", where)
    try:
        year_no = bound_year(_get(d, "year", where, (int,), required=True), "år.year")
    except ParseError as exc:
        raise SerialError(str(exc)) from None
    y = Year(year_no, _get(d, "organisation", where, (str,), default=""))
    if "periods" in d:
        y.periods = []
        for i, p in enumerate(_tables(d, "periods", where)):
            w = f"periods[{i}]"
            y.periods.append(Period(_get(p, "code", w, (str,), required=True), _get(p, "name", w, (str,), default=p.get("code", "")),
                                    _get(p, "last_month", w, (int,), required=True), _get(p, "full_year", w, (bool,), default=False)))
    y.narrative = _texts(d, "narrative", where)
    _read_goals(y, d)
    _read_operating(y, d)
    _read_investments(y, d)
    key = _get(d, "key", where, (dict,), default={})
    _known(key, "key", "key")
    basis = _get(key, "basis", "key", (str,), default="shares")
    if basis not in ("shares", "base"):
        raise SerialError("key.basis: väntade 'shares' eller 'base'.")
    y.key = Key(basis, [_member(m, f"key.members[{i}]") for i, m in enumerate(_tables(key, "members", "key"))])
    for period, figs in _by_period(d, "printed", where).items():
        for path, raw in figs.items():
            if path.startswith(("operating/line/", "investments/line/", "indicator/")):
                raise SerialError(f"printed.{period}.{path}: skrivs vid raden den hör till.")
            y.printed.setdefault(period, {})[path] = _printed_value(raw, path, f"printed.{period}.{path}")
    _validate(y)
    return y


def _read_goals(y: Year, d: Table) -> None:
    ind_id = 0
    for gi, g in enumerate(_tables(d, "goals", "år"), start=1):
        w = f"goals[{gi - 1}]"
        goal = Goal(gi, _get(g, "title", w, (str,), required=True), comments=_texts(g, "comments", w))
        for ii, raw in enumerate(_tables(g, "indicators", w)):
            ind_id += 1
            goal.indicators.append(_indicator(y, raw, ind_id, f"{w}.indicators[{ii}]"))
        y.goals.append(goal)


def _indicator(y: Year, raw: Table, ind_id: int, wi: str) -> Indicator:
    try:
        comparison = Comparison.parse(_get(raw, "comparison", wi, (str,), default=">="))
        formula = raw.get("lower_formula")
        lower = LowerFormula(formula) if formula else None
    except ValueError as exc:
        raise SerialError(f"{wi}: {exc}") from None
    ind = Indicator(
        ind_id, _get(raw, "name", wi, (str,), required=True), comparison,
        _value(raw.get("target"), f"{wi}.target"), _get(raw, "unit", wi, (str,), default=""),
        _pct(raw, "partly_from_pct", wi), lower, _value(raw.get("baseline"), f"{wi}.baseline"),
        _link(raw, wi),
    )
    for period, v in _by_period(raw, "values", wi).items():
        wv = f"{wi}.values.{period}"
        _known(v, "indicator_values", wv)
        ms = v.get("manual_status")
        try:
            status = Status(ms) if ms else None
        except (ValueError, TypeError):
            raise SerialError(f"{wv}.manual_status: {_short_repr(ms)} är ingen status.") from None
        ind.values[period] = IndicatorValue(
            _value(v.get("outcome"), f"{wv}.outcome"), _value(v.get("forecast"), f"{wv}.forecast"), status,
            _get(v, "justification", wv, (str,), default=""), _get(v, "comment", wv, (str,), default=""),
        )
    _merge(y.printed, _printed(raw, wi, f"indicator/{ind_id}"))
    return ind


def _link(raw: Table, where: str) -> str | None:
    """A figure path the indicator follows; line ids are the lines' places in the file (from 1)."""
    link = _get(raw, "link", where, (str,))
    if link is not None and not valid_link(link):
        raise SerialError(f"{where}.link: {_short_repr(link)} är ingen siffra att följa; väntade t.ex. "
                          "'operating/total/net/deviation'.")
    return link


def _profile(raw: Table, budget: int | None, where: str) -> tuple[int, ...] | None:
    """Twelve whole-krona months summing to the budget."""
    months = _get(raw, "profile", where, (list,))
    if months is None:
        return None
    if len(months) != MONTHS:
        raise SerialError(f"{where}.profile: väntade {MONTHS} månader, fick {len(months)}.")
    read = [_int({"m": m}, "m", f"{where}.profile[{i}]") for i, m in enumerate(months)]
    out = tuple(m for m in read if m is not None)
    if len(out) != len(read) or budget is None or sum(out) != budget:
        raise SerialError(f"{where}.profile: månaderna summerar till {sum(out)} kr, "
                          f"budgeten är {budget if budget is not None else 'tom'}; de ska vara lika.")
    return out


def _read_operating(y: Year, d: Table) -> None:
    for li, raw in enumerate(_tables(d, "operating", "år"), start=1):
        w = f"operating[{li - 1}]"
        try:
            kind = Kind(_get(raw, "kind", w, (str,), required=True))
        except ValueError:
            raise SerialError(f"{w}.kind: väntade 'revenue' eller 'cost'.") from None
        budget = _int(raw, "budget", w)
        ln = OperatingLine(li, _get(raw, "label", w, (str,), required=True), kind, budget,
                           _line_values(raw, w), _get(raw, "contribution", w, (bool,), default=False),
                           _int(raw, "previous_outcome", w), section=_section(raw, w),
                           profile=_profile(raw, budget, w))
        _merge(y.printed, _printed(raw, w, f"operating/line/{li}"))
        y.operating.append(ln)


def _read_investments(y: Year, d: Table) -> None:
    inv_id = 0
    for ii, raw in enumerate(_tables(d, "investments", "år")):
        w = f"investments[{ii}]"
        inv_id += 1
        budget = _int(raw, "budget", w)
        parent = InvestmentLine(inv_id, _get(raw, "label", w, (str,), required=True), _get(raw, "municipality", w, (str,)),
                                budget, _line_values(raw, w), None, _int(raw, "previous_outcome", w),
                                profile=_profile(raw, budget, w))
        _merge(y.printed, _printed(raw, w, f"investments/line/{inv_id}"))
        y.investments.append(parent)
        for vi, sub in enumerate(_tables(raw, "varav", w)):
            wv = f"{w}.varav[{vi}]"
            inv_id += 1
            y.investments.append(InvestmentLine(inv_id, _get(sub, "label", wv, (str,), required=True), parent.municipality,
                                                _int(sub, "budget", wv), _line_values(sub, wv), parent.id,
                                                _int(sub, "previous_outcome", wv)))
            _merge(y.printed, _printed(sub, wv, f"investments/line/{inv_id}"))


def _pct(d: Table, key: str, where: str) -> int | None:
    v = _get(d, key, where, (int,))
    if v is not None and not 0 <= v <= 100:
        raise SerialError(f"{where}.{key}: {_short_repr(v)} ligger utanför 0–100.")
    return v


def _member(m: Table, where: str) -> KeyShare:
    share = _get(m, "share_pct", where, (int, Decimal))
    if share is not None:
        share = _bounded(Decimal(share), f"{where}.share_pct", 0, 100)
    base = _get(m, "base", where, (int,))
    if base is not None and not 0 <= base < MAX_KRONOR:
        raise SerialError(f"{where}.base: {_short_repr(base)} ligger utanför 0–{MAX_KRONOR - 1}.")
    return KeyShare(_get(m, "municipality", where, (str,), required=True), share, base)


def _validate(y: Year) -> None:
    """Rules across the whole year that no single key can check."""
    codes = [p.code for p in y.periods]
    if not codes:
        raise SerialError("periods: minst en period krävs.")
    if len(set(codes)) != len(codes):
        raise SerialError(f"periods: samma kod står flera gånger ({', '.join(codes)}).")
    for p in y.periods:
        if not 1 <= p.last_month <= 12:
            raise SerialError(f"periods.{p.code}.last_month: väntade 1–12, fick {p.last_month}.")
        if not p.code.strip():
            raise SerialError("periods: en period saknar kod.")
    if sum(p.full_year for p in y.periods) != 1:
        raise SerialError("periods: exakt en period ska ha full_year = true.")
    known = set(codes)

    def periods_of(where: str, table: Mapping[str, object]) -> None:
        for code in table:
            if code not in known:
                raise SerialError(f"{where}: okänd period '{code}' (perioder: {', '.join(codes)}).")

    periods_of("narrative", y.narrative)
    periods_of("printed", y.printed)
    lines = {"operating": {ln.id for ln in y.operating}, "investments": {ln.id for ln in y.investments}}
    for gi, g in enumerate(y.goals):
        periods_of(f"mål '{g.title}' comments", g.comments)
        for ii, i in enumerate(g.indicators):
            periods_of(f"indikator '{i.name}' values", i.values)
            parts = (i.link or "").split("/")
            if len(parts) == 4 and parts[1] == "line" and int(parts[2]) not in lines[parts[0]]:
                raise SerialError(f"goals[{gi}].indicators[{ii}].link: '{i.link}' pekar på ingen rad (raderna"
                                  f" numreras från 1 i filens ordning, {len(lines[parts[0]])} st).")
    all_lines: list[OperatingLine | InvestmentLine] = [*y.operating, *y.investments]
    for ln in all_lines:
        periods_of(f"rad '{ln.label}' values", ln.values)
    names = [m.municipality for m in y.key.members]
    if len(set(names)) != len(names):
        raise SerialError(f"key.members: samma kommun står flera gånger ({', '.join(names)}).")
    for m in y.key.members:
        if (m.share_pct is not None and m.share_pct < 0) or (m.base is not None and m.base < 0):
            raise SerialError(f"key.members.{m.municipality}: andelen får inte vara negativ.")
