"""The JSON report (DESIGN §5, schema "sydnarke-report/1").

`report_dict(c)` turns a `Computed` into plain data: amounts in whole kronor
with ledger signs (ints), percentages as ints rounded half up, key shares and
indicator values as Decimal (serialised exactly by `dumps_json`). The other
exports (md, html, csv, xlsx) are rendered from this same dict so that every
format shows the same figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from json.encoder import encode_basestring as _string  # the C encoder's ensure_ascii=False string
from typing import Any, cast, overload

from ..core.accounts import Basis, Figures
from ..core.checks import Finding, check
from ..core.compute import Computed
from ..core.concepts import INDICATOR_STATUS
from ..core.model import Comparison, Value
from ..core.numbers import UNITS
from .report_shapes import (
    BasisDict,
    CheckDict,
    FiguresDict,
    GoalDict,
    IndicatorDict,
    IndicatorValueOut,
    InvestmentLineDict,
    InvestmentsDict,
    Number,
    OperatingDict,
    OperatingLineDict,
    ReportDict,
    SectionDict,
    SplitDict,
    SummaryDict,
    TotalsDict,
    VaravDict,
    VaravTotalDict,
)

SCHEMA = "sydnarke-report/1"


@overload
def _num(v: Decimal | int) -> Number: ...
@overload
def _num(v: Decimal | int | None) -> Number | None: ...


def _num(v: Decimal | int | None) -> Number | None:
    if v is None:
        return None
    if isinstance(v, int):
        return v
    return int(v) if v == v.to_integral_value() else v.normalize()


def value_out(v: Value | None) -> IndicatorValueOut:
    """An indicator value: a number, "Ja"/"Nej" for yes/no, None when missing."""
    if v is None:
        return None
    if isinstance(v, bool):
        return "Ja" if v else "Nej"
    return _num(v)


def _goals(c: Computed) -> list[GoalDict]:
    code = c.period.code
    out: list[GoalDict] = []
    for gr in c.assessment.goals:
        inds: list[IndicatorDict] = []
        for ind, r in gr.indicators:
            iv = ind.value(code)
            d: IndicatorDict = {
                "name": ind.name,
                "unit": ind.unit,
                "comparison": ind.comparison.value,
                "target": None if ind.comparison is Comparison.MANUAL else value_out(ind.target),
                "outcome": value_out(r.outcome),  # as typed, or the linked figure's
                "fulfilment_pct": r.fulfilment_pct,
                "status": r.status.value,
                "link": ind.link,
            }
            if iv.forecast is not None:
                d["forecast"] = value_out(iv.forecast)
            if ind.baseline is not None:
                d["previous_outcome"] = value_out(ind.baseline)
            inds.append(d)
        out.append({"title": gr.goal.title, "status": gr.status.value, "clause": gr.clause, "indicators": inds})
    return out


def _fig(f: Figures, interim: bool = False) -> FiguresDict:
    """budget, outcome, deviation; at an interim period also `compared`, what the deviation is
    measured against (the full-year forecast, else the budget: see `basis`), and `to_date`: the
    period's outcome against the budget of the same months (the line's profile, core.profile)."""
    d: FiguresDict = {"budget": f.budget, "outcome": f.outcome, "deviation": f.deviation}
    if interim:
        d["compared"] = f.compared
        d["to_date"] = {"budget": f.budget_to_date, "outcome": f.outcome, "deviation": f.deviation_to_date}
    return d


def basis_dict(b: Basis) -> BasisDict:
    """A statement's `basis` (core.accounts.Basis): kind "outcome" (full year) or "forecast" (interim)."""
    return {"kind": b.kind, "lines": b.lines, "forecast_lines": b.forecast_lines, "budget_lines": b.budget_lines,
            "reported_lines": b.reported_lines, "text": b.text_sv()}


def _total(f: Figures, any_forecast: bool, any_prev: bool, interim: bool = False) -> FiguresDict:
    """A total or subtotal; forecast and previous year only when some line has them."""
    t = _fig(f, interim)
    if any_forecast:
        t["forecast"] = f.forecast
    if any_prev:
        t["previous_outcome"] = f.previous
    return t


def _operating(c: Computed) -> OperatingDict:
    st = c.operating
    interim = not c.period.full_year
    any_forecast = any(f.forecast is not None for _, f in st.lines)
    any_prev = any(ln.previous_outcome is not None for ln, _ in st.lines)
    lines: list[OperatingLineDict] = []
    for ln, f in st.lines:
        fig = _fig(f, interim)
        if any_forecast:
            fig["forecast"] = f.forecast
        if any_prev:
            fig["previous_outcome"] = ln.previous_outcome
        lines.append({"label": ln.label, "kind": ln.kind.value, "section": ln.section, **fig})

    def total(f: Figures) -> FiguresDict:
        return _total(f, any_forecast, any_prev, interim)

    sections: list[SectionDict] = [{"label": sec.label, "revenue": total(sec.revenue), "cost": total(sec.cost),
                                    "net": total(sec.net)} for sec in st.sections]
    totals: TotalsDict = {"revenue": total(st.revenue), "cost": total(st.cost), "net": total(st.net)}
    return {"lines": lines, "sections": sections, "totals": totals, "basis": basis_dict(st.basis)}


def _investments(c: Computed) -> InvestmentsDict:
    st = c.investments
    interim = not c.period.full_year
    any_forecast = any(f.forecast is not None for _, f in st.rows())
    any_prev = any(ln.previous_outcome is not None for ln, _ in st.rows())  # varav rows' too
    lines: list[InvestmentLineDict] = []
    for ln, f in st.lines:
        fig = _fig(f, interim)
        if any_forecast:
            fig["forecast"] = f.forecast
        if any_prev:
            fig["previous_outcome"] = ln.previous_outcome
        varav: list[VaravDict] = [
            {"label": s.label, "outcome": sf.outcome, "previous_outcome": s.previous_outcome} if any_prev
            else {"label": s.label, "outcome": sf.outcome} for s, sf in st.varav.get(ln.id, [])]
        lines.append({"label": ln.label, "municipality": ln.municipality, **fig, "varav": varav})
    varav_totals: list[VaravTotalDict] = [{"label": label, "outcome": f.outcome} for label, f in st.varav_totals.items()]
    return {"lines": lines, "total": _total(st.total, any_forecast, any_prev, interim), "varav_totals": varav_totals,
            "basis": basis_dict(st.basis)}


def _split(c: Computed) -> SplitDict:
    d: SplitDict = {
        "basis": "surplus",
        "surplus": c.surplus,
        "result": [{"municipality": r.municipality, "share_pct": _num(r.share_pct), "amount": r.amount}
                   for r in c.result_split],
        "contribution": [{"municipality": r.municipality, "share_pct": _num(r.share_pct), "amount": r.amount}
                         for r in c.contribution_split],
        "investments": [{"municipality": m.municipality, "share_pct": _num(m.share_pct),
                         "own_outcome": m.own_outcome, "common_outcome": m.common_outcome, "outcome": m.outcome}
                        for m in c.investment_split],
    }
    if c.result_split:
        inv = c.investment_split_sum
        d["sum"] = {"share_pct": _num(c.key_total_pct), "result": c.result_split_sum,
                    "contribution": c.contribution_split_sum, "own_outcome": inv.own_outcome,
                    "common_outcome": inv.common_outcome, "outcome": inv.outcome}
    if c.split_error:
        d["error"] = c.split_error
    return d


def checks_list(findings: list[Finding]) -> list[CheckDict]:
    """Checker findings as plain data (the report's `checks`, and `check --format json`)."""
    out: list[CheckDict] = []
    for f in findings:
        out.append({
            "severity": f.severity.value,
            "where": f.where,
            "printed": _num(f.printed),
            "computed": _num(f.computed),
            # the unit of `printed`/`computed` (amounts are converted to kronor)
            "unit": "kr" if f.unit in UNITS else (f.unit or None),
            "message": f.message,
        })
    return out


def report_dict(c: Computed) -> ReportDict:
    """The report as plain data, keys in the order of DESIGN §5."""
    a = c.assessment
    counts = {info.json_key: a.counts[s] for s, info in INDICATOR_STATUS.items()}
    # The count keys come from the status table; the shape test holds them to SummaryDict's.
    summary = cast(SummaryDict, {**counts, "verdict": a.verdict.value, "clause": a.clause})
    d: ReportDict = {
        "schema": SCHEMA,
        "organisation": c.year.organisation,
        "year": c.year.year,
        "period": c.period.name,
        "period_code": c.period.code,
        "summary": summary,
        "goals": _goals(c),
        "operating": _operating(c),
        "investments": _investments(c),
        "split": _split(c),
        "checks": checks_list(check(c)),
    }
    if c.audit:
        d["audit"] = {"rows": c.audit[0], "head": c.audit[1]}
    return d


# ---------------------------------------------------------------- JSON text


def _decimal_text(d: Decimal) -> str:
    if not d.is_finite():
        raise ValueError(f"cannot serialise {d} as JSON")
    if d == d.to_integral_value():
        return str(int(d))
    return format(d.normalize(), "f")


def _leaf(v: Any) -> str | None:
    """The JSON text of a scalar; None for a container (or a type JSON has no text for)."""
    t = type(v)
    if t is str:
        return _string(v)
    if t is int:
        return str(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if t is Decimal:
        return _decimal_text(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, int):
        return str(int(v))
    if isinstance(v, Decimal):
        return _decimal_text(v)
    return None


class _Encoder:
    """Appends the JSON text of a value to `out`: one pass, the text of repeated keys made once."""

    def __init__(self, indent: int) -> None:
        self.out: list[str] = []
        self.indent = indent
        self.pads = ["\n"]
        self.keys: dict[Any, str] = {}

    def pad(self, level: int) -> str:
        while len(self.pads) <= level:
            self.pads.append("\n" + " " * (self.indent * len(self.pads)))
        return self.pads[level]

    def key(self, k: Any) -> str:
        text = self.keys.get(k)
        if text is None:
            text = self.keys[k] = _string(str(k)) + ": "
        return text

    def encode(self, v: Any, level: int) -> None:
        leaf = _leaf(v)
        if leaf is not None:
            self.out.append(leaf)
            return
        items: Iterable[tuple[Any, Any]]
        if isinstance(v, dict):
            items, opening, closing = v.items(), "{", "}"
        elif isinstance(v, (list, tuple)):
            items, opening, closing = ((None, x) for x in v), "[", "]"
        else:
            raise TypeError(f"cannot serialise {type(v).__name__} as JSON")
        out, pad, is_dict, keys = self.out, self.pad(level + 1), opening == "{", self.keys
        sep = opening
        for k, x in items:
            head = sep + pad + ((keys.get(k) or self.key(k)) if is_dict else "")
            t = type(x)  # the common leaves inline: this loop runs once per value of the report
            leaf = str(x) if t is int else _string(x) if t is str else "null" if x is None else _leaf(x)
            if leaf is not None:
                out.append(head + leaf)
            else:
                out.append(head)
                self.encode(x, level + 1)
            sep = ","
        out.append(opening + closing if sep == opening else self.pad(level) + closing)


def dumps_json(d: Any, indent: int = 2) -> str:
    """JSON text like json.dumps(ensure_ascii=False, indent=2), Decimal written exactly.

    An integral Decimal is written as an int; others with their exact digits
    (27.512, never 27.511999999). No float is involved anywhere.
    """
    enc = _Encoder(indent)
    enc.encode(d, 0)
    return "".join(enc.out)
