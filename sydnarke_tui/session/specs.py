"""The editable fields of each row: label, parser, formatter and where the value lives.

Every spec is saved with the version of its row (the year row for the
narrative and the key basis), see edits.row_version.
"""

from __future__ import annotations

from typing import Any

from ..core.model import IndicatorValue, LineValue, Period, Year
from . import parsing as P
from .edits import FieldSpec


def find_goal(model: Year, gid: int):
    return next((g for g in model.goals if g.id == gid), None)


def find_indicator(model: Year, iid: int):
    return next((i for g in model.goals for i in g.indicators if i.id == iid), None)


def find_line(model: Year, entity: str, lid: int):
    pool = model.operating if entity == "operating" else model.investments
    return next((x for x in pool if x.id == lid), None)


def find_member(model: Year, mid: int):
    return next((x for x in model.key.members if x.id == mid), None)


def _ind_value(obj: Any, period: str) -> IndicatorValue:
    return obj.values.setdefault(period, IndicatorValue())


def _line_value(obj: Any, period: str) -> LineValue:
    return obj.values.setdefault(period, LineValue())


def goal_specs(gid: int) -> list[FieldSpec]:
    # The goal's analysis is multi-line text: edited on 8 Verksamhetsberättelse.
    return [FieldSpec("title", "Mål", "goal", gid, "title", P.text_parser(True, "Målet"), P.fmt_text,
                      lambda m: find_goal(m, gid), lambda o: o.title, lambda o, v: setattr(o, "title", v))]


def indicator_specs(ind: Any, period: Period) -> list[FieldSpec]:
    iid, code = ind.id, period.code
    res = lambda m: find_indicator(m, iid)  # noqa: E731
    yes_no = isinstance(ind.target, bool)

    def row(key, label, field, parse, fmt, placeholder=""):
        return FieldSpec(key, label, "indicator", iid, field, parse, fmt, res, lambda o: getattr(o, field),
                         lambda o, v: setattr(o, field, v), placeholder=placeholder)

    def per(key, label, field, parse, fmt, figures=True):
        return FieldSpec(key, label, "indicator", iid, field, parse, fmt, res,
                         lambda o: getattr(o.value(code), field),
                         lambda o, v: setattr(_ind_value(o, code), field, v), period=code, figures=figures)

    value = P.value_parser(ind.unit, yes_no)
    specs = [
        row("name", "Indikator", "name", P.text_parser(True, "Namnet"), P.fmt_text),
        row("unit", "Enhet", "unit", P.text_parser(), P.fmt_text),
        row("comparison", "Jämförelse", "comparison", P.parse_comparison, P.fmt_comparison, "≥ > ≤ < = manuell"),
        row("target", "Målvärde", "target", P.value_parser(ind.unit), P.fmt_value),
        per("outcome", f"Utfall {period.name}", "outcome", value, P.fmt_value),
    ]
    if not period.full_year:
        specs.append(per("forecast", "Prognos helår", "forecast", value, P.fmt_value))
    return specs + [
        row("baseline", "Utfall föreg. år", "baseline", value, P.fmt_value),
        row("partly", "Delvis från %", "partly_from_pct", P.parse_pct_int, P.fmt_int, "standard"),
        row("formula", "Formel (≤/<)", "lower_formula", P.parse_formula, P.fmt_formula, "standard"),
        per("manual", "Manuell status", "manual_status", P.parse_status, P.fmt_status),
        per("justification", "Motivering", "justification", P.text_parser(), P.fmt_text, figures=False),
        per("comment", "Kommentar", "comment", P.text_parser(), P.fmt_text, figures=False),
    ]


def line_specs(entity: str, lid: int, period: Period, unit: str, members: list[str]) -> list[FieldSpec]:
    code = period.code
    res = lambda m: find_line(m, entity, lid)  # noqa: E731
    amount, afmt = P.amount_parser(unit), P.amount_formatter(unit)

    def row(key, label, field, parse, fmt):
        return FieldSpec(key, label, entity, lid, field, parse, fmt, res,
                         lambda o: getattr(o, field), lambda o, v: setattr(o, field, v))

    def per(key, label, field, parse, fmt, figures=True):
        return FieldSpec(key, label, entity, lid, field, parse, fmt, res,
                         lambda o: getattr(o.value(code), field),
                         lambda o, v: setattr(_line_value(o, code), field, v), period=code, figures=figures)

    specs = [row("label", "Rad", "label", P.text_parser(True, "Radens namn"), P.fmt_text)]
    if entity == "operating":
        specs.append(row("kind", "Typ", "kind", P.parse_kind, P.fmt_kind))
    else:
        specs.append(row("municipality", "Kommun", "municipality",
                         P.municipality_parser(lambda: members), P.fmt_municipality))
    specs += [row("budget", f"Budget ({unit})", "budget", amount, afmt),
              per("outcome", f"Utfall {period.name}", "outcome", amount, afmt)]
    if not period.full_year:
        specs.append(per("forecast", "Prognos helår", "forecast", amount, afmt))
    specs.append(per("comment", "Kommentar", "comment", P.text_parser(), P.fmt_text, figures=False))
    if entity == "operating":
        specs.append(row("contribution", "Driftbidrag", "is_contribution", P.parse_bool, P.fmt_bool))
    return specs


def member_specs(mid: int, year_no: int) -> list[FieldSpec]:
    res = lambda m: find_member(m, mid)  # noqa: E731
    return [
        FieldSpec("basis", "Nyckel", "year", year_no, "key_basis", P.parse_basis, P.fmt_basis,
                  lambda m: m if m is not None and m.year == year_no else None,
                  lambda y: y.key.basis, lambda y, v: setattr(y.key, "basis", v), placeholder="andelar / underlag"),
        FieldSpec("municipality", "Kommun", "member", mid, "municipality", P.text_parser(True, "Kommunens namn"),
                  P.fmt_text, res, lambda o: o.municipality, lambda o, v: setattr(o, "municipality", v)),
        FieldSpec("share", "Andel %", "member", mid, "share_pct", P.parse_share, P.fmt_share, res,
                  lambda o: o.share_pct, lambda o, v: setattr(o, "share_pct", v)),
        FieldSpec("base", "Underlag", "member", mid, "base", P.parse_base, P.fmt_base, res,
                  lambda o: o.base, lambda o, v: setattr(o, "base", v)),
    ]


def narrative_spec(year_no: int, period: str) -> FieldSpec:
    return FieldSpec("narrative", "Verksamhetsberättelse", "year", year_no, "narrative", P.note_parser, P.fmt_text,
                     lambda m: m if m is not None and m.year == year_no else None,
                     lambda y: y.narrative.get(period, ""), lambda y, v: y.narrative.__setitem__(period, v),
                     period=period, figures=False)


def goal_comment_spec(gid: int, period: str) -> FieldSpec:
    return FieldSpec(f"goal-{gid}", "Analys", "goal", gid, "comment", P.note_parser, P.fmt_text,
                     lambda m: find_goal(m, gid), lambda g: g.comments.get(period, ""),
                     lambda g, v: g.comments.__setitem__(period, v), period=period, figures=False)
