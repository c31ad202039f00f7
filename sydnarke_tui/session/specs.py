"""The editable fields of each row: label, parser, formatter and where the value lives.

Every spec is saved against the version the store keeps for it: its row's, or
the key basis' and each period's narrative's own (store.field_version, through
edits.row_version).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core.links import link_choices, link_label
from ..core.model import (
    Comparison,
    Goal,
    Indicator,
    IndicatorValue,
    InvestmentLine,
    KeyShare,
    LineValue,
    OperatingLine,
    Period,
    Year,
)
from . import parsing as P
from .edits import FieldSpec

Line = OperatingLine | InvestmentLine


def find_goal(model: Year, gid: int) -> Goal | None:
    return next((g for g in model.goals if g.id == gid), None)


def find_indicator(model: Year, iid: int) -> Indicator | None:
    return next((i for g in model.goals for i in g.indicators if i.id == iid), None)


def find_line(model: Year, entity: str, lid: int) -> Line | None:
    pool: list[OperatingLine] | list[InvestmentLine] = model.operating if entity == "operating" else model.investments
    return next((x for x in pool if x.id == lid), None)


def find_member(model: Year, mid: int) -> KeyShare | None:
    return next((x for x in model.key.members if x.id == mid), None)


def _ind_value(obj: Indicator, period: str) -> IndicatorValue:
    return obj.values.setdefault(period, IndicatorValue())


def _line_value(obj: Line, period: str) -> LineValue:
    return obj.values.setdefault(period, LineValue())


def goal_specs(gid: int) -> list[FieldSpec]:
    # The goal's analysis is multi-line text: edited on 8 Verksamhetsberättelse.
    return [FieldSpec("title", "Mål", "goal", gid, "title", P.text_parser(True, "Målet"), P.fmt_text,
                      lambda m: find_goal(m, gid), lambda o: o.title, lambda o, v: setattr(o, "title", v))]


@dataclass(frozen=True)
class Links:
    """What an indicator's form needs to show and choose a link: the year now and its computed outcomes."""

    model: Callable[[], Year | None]
    outcome: Callable[[int], Any]  # a linked indicator's outcome as computed now

    def choices(self) -> list[tuple[str, str]]:
        model = self.model()
        return [] if model is None else link_choices(model)

    def label(self, path: str | None) -> str:
        model = self.model()
        return (path or "") if model is None else link_label(path, model)


def _outcome_spec(ind: Indicator, period: Period, value: P.Parser, links: Links | None) -> FieldSpec:
    """The period's outcome; for a linked indicator its figure, shown and never typed (each
    keystroke refused), whether it was linked before the form opened or while it is open."""
    iid, code = ind.id, period.code

    def current(o: Indicator) -> bool:
        return bool(o.link) and o.comparison is not Comparison.MANUAL

    def get(o: Indicator) -> Any:
        if current(o):
            return links.outcome(iid) if links is not None else None
        return o.value(code).outcome

    def parse(text: str) -> Any:
        model = links.model() if links is not None else None
        ind_now = ind if model is None else find_indicator(model, iid)
        if ind_now is not None and current(ind_now):
            link = ind_now.link
            return P.linked_outcome_parser(lambda: links.label(link) if links else link or "")(text)
        return value(text)

    def put(o: Indicator, v: Any) -> None:
        if not current(o):  # a linked figure is shown, never stored as a typed outcome (e.g. by Esc)
            _ind_value(o, code).outcome = v

    return FieldSpec("outcome", f"Utfall {period.name}", "indicator", iid, "outcome", parse, P.fmt_value,
                     lambda m: find_indicator(m, iid), get, put, period=code)


def indicator_specs(ind: Indicator, period: Period, links: Links | None = None) -> list[FieldSpec]:
    iid, code = ind.id, period.code
    res = lambda m: find_indicator(m, iid)  # noqa: E731
    yes_no = isinstance(ind.target, bool)

    def row(key: str, label: str, field: str, parse: P.Parser, fmt: P.Formatter, placeholder: str = "") -> FieldSpec:
        return FieldSpec(key, label, "indicator", iid, field, parse, fmt, res, lambda o: getattr(o, field),
                         lambda o, v: setattr(o, field, v), placeholder=placeholder)

    def per(key: str, label: str, field: str, parse: P.Parser, fmt: P.Formatter, figures: bool = True) -> FieldSpec:
        return FieldSpec(key, label, "indicator", iid, field, parse, fmt, res,
                         lambda o: getattr(o.value(code), field),
                         lambda o, v: setattr(_ind_value(o, code), field, v), period=code, figures=figures)

    value = P.value_parser(ind.unit, yes_no)
    specs = [
        row("name", "Indikator", "name", P.text_parser(True, "Namnet"), P.fmt_text),
        row("unit", "Enhet", "unit", P.text_parser(), P.fmt_text),
        row("comparison", "Jämförelse", "comparison", P.parse_comparison, P.fmt_comparison, "≥ > ≤ < = manuell"),
        row("target", "Målvärde", "target", P.value_parser(ind.unit), P.fmt_value),
        _outcome_spec(ind, period, value, links),
    ]
    if not period.full_year:
        specs.append(per("forecast", "Prognos helår", "forecast", value, P.fmt_value))
    return specs + [
        row("baseline", "Utfall föreg. år", "baseline", value, P.fmt_value),
        row("partly", "Delvis från %", "partly_from_pct", P.parse_pct_int, P.fmt_int, "standard"),
        row("formula", "Formel (≤/<)", "lower_formula", P.parse_formula, P.fmt_formula, "standard"),
        per("manual", "Manuell status", "manual_status", P.parse_status, P.fmt_status),
        row("link", "Kopplad till", "link", P.link_parser(links.choices if links else lambda: []),
            P.link_formatter(links.label if links else lambda p: p or ""), "ingen: utfallet skrivs in"),
        per("justification", "Motivering", "justification", P.text_parser(), P.fmt_text, figures=False),
        per("comment", "Kommentar", "comment", P.text_parser(), P.fmt_text, figures=False),
    ]


def line_specs(entity: str, lid: int, period: Period, unit: str, members: list[str]) -> list[FieldSpec]:
    code = period.code
    res = lambda m: find_line(m, entity, lid)  # noqa: E731
    amount, afmt = P.amount_parser(unit), P.amount_formatter(unit)

    def row(key: str, label: str, field: str, parse: P.Parser, fmt: P.Formatter) -> FieldSpec:
        return FieldSpec(key, label, entity, lid, field, parse, fmt, res,
                         lambda o: getattr(o, field), lambda o, v: setattr(o, field, v))

    def per(key: str, label: str, field: str, parse: P.Parser, fmt: P.Formatter, figures: bool = True) -> FieldSpec:
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
    profile = row("profile", "Profil (mån)", "profile", P.profile_parser(unit), P.profile_formatter(unit))
    profile.placeholder = "jämn / semester / 12 belopp med ;"
    if not period.full_year:
        specs.append(per("forecast", "Prognos helår", "forecast", amount, afmt))
    specs.append(per("comment", "Kommentar", "comment", P.text_parser(), P.fmt_text, figures=False))
    if entity == "operating":
        specs.append(row("contribution", "Driftbidrag", "is_contribution", P.parse_bool, P.fmt_bool))
    return specs + [profile]


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
