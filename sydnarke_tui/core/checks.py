"""The checker (DESIGN §2.7): printed vs computed, invariants, missing data."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .compute import Computed, compute, rounded_year
from .concepts import INDICATOR_STATUS, Statement, place, status_of_path
from .glossary import FIGURE_FIELDS, TOTALS
from .links import broken_links
from .model import Comparison, Options, PrintedValue, Severity
from .numbers import UNITS, format_decimal, round_half_up


@dataclass(frozen=True)
class Finding:
    """One of the checker's findings: how severe, where, the printed and computed figures, and what is wrong."""

    severity: Severity
    path: str  # figure path or entity path, for jumping to it
    where: str  # Swedish, human readable
    printed: Decimal | None
    computed: Decimal | None
    message: str
    unit: str = ""


def describe(path: str, c: Computed) -> str:
    """A Swedish location for a figure path."""
    parts = path.split("/")
    year = c.year
    try:
        if parts[0] == "operating" and parts[1] == "section":
            # the verksamhet may itself contain "/": the total and field are the last two parts
            label = "/".join(parts[2:-2])
            return place(Statement.OPERATING, label, TOTALS[parts[-2]], FIGURE_FIELDS[parts[-1]])
        if parts[0] == "operating" and parts[1] == "line":
            ln = next(x for x in year.operating if x.id == int(parts[2]))
            return place(Statement.OPERATING, ln.label, FIGURE_FIELDS[parts[3]])
        if parts[0] == "operating" and parts[1] == "total":
            return place(Statement.OPERATING, TOTALS[parts[2]], FIGURE_FIELDS[parts[3]])
        if parts[0] == "investments" and parts[1] == "line":
            inv = next(x for x in year.investments if x.id == int(parts[2]))
            return place(Statement.INVESTMENTS, inv.label, FIGURE_FIELDS[parts[3]])
        if parts[0] == "investments" and parts[1] == "total":
            return place(Statement.INVESTMENTS, "Totalt", FIGURE_FIELDS[parts[2]])
        if parts[0] == "investments" and parts[1] == "varav":
            return place(Statement.INVESTMENTS, f"varav {parts[2]} totalt", FIGURE_FIELDS["outcome"])
        if parts[0] == "indicator":
            ind = next(x for x in year.indicators() if x.id == int(parts[1]))
            return f"Indikator › {ind.name} › måluppfyllelse"
        if parts[0] == "split" and parts[1] == "sum":
            what = {"result": "Fördelning av resultat", "contribution": "Fördelning av driftbidrag",
                    "investments": "Investeringar per medlem"}[parts[2]]
            return f"{what} › Summa"
        if parts[0] == "split" and parts[1] == "investments":
            return f"Investeringar per medlem › {parts[2]}"
        if parts[0] == "split":
            what = {"result": "Fördelning av resultat", "contribution": "Fördelning av driftbidrag"}[parts[1]]
            return f"{what} › {parts[2]}"
        if parts[0] == "summary" and (status := status_of_path(path)) is not None:
            return f"Måluppfyllelse › antal {INDICATOR_STATUS[status].label}"
        if parts[0] == "key":
            return "Fördelningsnyckel"
    except (StopIteration, KeyError, ValueError, IndexError):
        pass
    return path


def _in_unit(value: Decimal, unit: str) -> Decimal:
    return round_half_up(value / UNITS[unit]) if unit in UNITS else round_half_up(value)


def _fmt(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "–"
    return f"{format_decimal(value)} {unit}".strip()


def check(c: Computed) -> list[Finding]:
    findings: list[Finding] = []
    printed = c.year.printed.get(c.period.code, {})
    rounded_cache: dict[int, Computed] = {}

    def rounded_figures(unit: int) -> dict[str, Decimal]:
        if unit not in rounded_cache:
            rounded_cache[unit] = compute(rounded_year(c.year, unit), c.period, c.options)
        return rounded_cache[unit].figures

    for path, pv in printed.items():
        where = describe(path, c)
        exact = c.figures.get(path)
        if exact is None:
            findings.append(Finding(Severity.WARNING, path, where, pv.value, None,
                                    f"Tryckt värde {_fmt(pv.value, pv.unit)} saknar beräknad motsvarighet.", pv.unit))
            continue
        shown = _in_unit(exact, pv.unit)
        if shown == pv.value:
            continue
        computed_kr = exact if pv.unit in UNITS else round_half_up(exact)
        severity = Severity.ERROR
        if pv.unit in UNITS and UNITS[pv.unit] > 1:
            unit = UNITS[pv.unit]
            alt = rounded_figures(unit).get(path)
            if alt is not None and _in_unit(alt, pv.unit) == pv.value:
                severity = Severity.ROUNDING
            elif _amounts_are_rounded(c, path, unit) and abs(pv.value * unit - exact) * 2 <= _terms(c, path) * unit:
                # The stored lines are themselves rounded (e.g. imported from a
                # printed tkr table): each term may be off by half a unit.
                severity = Severity.ROUNDING
        if severity is Severity.ROUNDING:
            msg = (f"Tryckt {_fmt(pv.value, pv.unit)}, beräknat {_fmt(shown, pv.unit)}: "
                   f"skillnaden förklaras av avrundning per rad.")
        else:
            msg = f"Tryckt {_fmt(pv.value, pv.unit)} men beräknat {_fmt(shown, pv.unit)}."
        if path.startswith("split/"):
            msg += _printed_split_sum_note(c, printed, path)
        printed_base = pv.value * UNITS.get(pv.unit, 1)
        findings.append(Finding(severity, path, where, printed_base, computed_kr, msg, pv.unit))

    from .consistency import consistency  # it builds on Finding

    findings.extend(_invariants(c))
    findings.extend(consistency(c))
    findings.extend(_missing_and_uncommented(c))
    order = {s: i for i, s in enumerate(Severity)}  # errors first, as the enumeration (and its table) lists them
    return sorted(findings, key=lambda f: order[f.severity])


def _amounts_are_rounded(c: Computed, path: str, unit: int) -> bool:
    """Are the stored amounts this figure adds up all whole `unit`s (e.g. imported in tkr)?"""
    lines = c.year.operating if path.startswith("operating/") else c.year.investments
    for ln in lines:
        for v in (ln.budget, ln.previous_outcome, *(x for lv in ln.values.values() for x in (lv.outcome, lv.forecast))):
            if v is not None and v % unit:
                return False
    return True


def _terms(c: Computed, path: str) -> int:
    """How many stored (rounded) amounts a figure adds up."""
    parts = path.split("/")
    per_line = 2 if parts[-1] == "deviation" else 1
    if parts[0] == "operating" and parts[1] == "section":
        kinds = {"revenue": ("revenue",), "cost": ("cost",), "net": ("revenue", "cost")}[parts[-2]]
        label = "/".join(parts[2:-2])
        return per_line * sum(1 for ln in c.year.operating if ln.kind.value in kinds and ln.section == label)
    if parts[0] == "operating" and parts[1] == "total":
        kinds = {"revenue": ("revenue",), "cost": ("cost",), "net": ("revenue", "cost")}[parts[2]]
        return per_line * sum(1 for ln in c.year.operating if ln.kind.value in kinds)
    if parts[0] == "investments" and parts[1] == "total":
        return per_line * len(c.investments.lines)
    if parts[0] == "investments" and parts[1] == "varav":
        return sum(1 for ln in c.year.investments if ln.parent_id is not None and ln.label.strip() == parts[2])
    if parts[1] == "line":
        return per_line
    return 0


def _printed_split_sum_note(c: Computed, printed: dict[str, PrintedValue], path: str) -> str:
    kind = path.split("/")[1]
    rows = c.result_split if kind == "result" else c.contribution_split
    names = [r.municipality for r in rows]
    paths = [f"split/{kind}/{n}" for n in names]
    if not all(p in printed for p in paths):
        return ""
    total = sum(printed[p].value * UNITS.get(printed[p].unit, 1) for p in paths)
    whole = sum(r.amount for r in rows)
    if total != whole:
        return f" De tryckta delarna summerar till {format_decimal(total)} kr, inte {format_decimal(whole)} kr."
    return ""


def _invariants(c: Computed) -> list[Finding]:
    out: list[Finding] = []
    if c.year.key.members and c.year.key.basis == "shares" and c.key_total_pct != 100:
        out.append(Finding(Severity.ERROR, "key", "Fördelningsnyckel", None, c.key_total_pct,
                           f"Andelarna summerar till {format_decimal(c.key_total_pct, 3)} %, inte 100 %.", "%"))
    if c.split_error:
        out.append(Finding(Severity.ERROR, "key", "Fördelningsnyckel", None, None, c.split_error))
    members = {m.municipality for m in c.year.key.members}
    for ln in c.year.investments:
        if ln.parent_id is None and ln.municipality is not None and ln.municipality not in members:
            path = f"investments/line/{ln.id}/outcome"
            out.append(Finding(Severity.ERROR, path, describe(path, c), None, None,
                               f"Kommunen '{ln.municipality}' finns inte i fördelningsnyckeln; "
                               "raden kommer inte med i fördelningen per medlem."))
    if c.investment_split:
        total = sum(m.outcome for m in c.investment_split)
        if total != (c.investments.total.compared or 0):
            out.append(Finding(Severity.ERROR, "investments/total/outcome", "Investeringar per medlem", None,
                               Decimal(total), f"Investeringar per medlem summerar till {format_decimal(total)} kr, "
                               f"inte totalen {format_decimal(c.investments.total.compared or 0)} kr."))
    for kind, rows, whole in (
        ("result", c.result_split, c.surplus),
        ("contribution", c.contribution_split, c.contribution_total),
    ):
        if rows and sum(r.amount for r in rows) != whole:  # pragma: no cover - guarded by largest remainder
            out.append(Finding(Severity.ERROR, f"split/{kind}", describe(f"split/{kind}/-", c), None,
                               Decimal(whole), "Delarna summerar inte till helheten."))
    return out


def _is_large(deviation: int, budget: int, o: Options) -> bool:
    if abs(deviation) < o.large_deviation_min_kr:
        return False
    if not budget:
        return True
    return abs(deviation) * 100 >= abs(budget) * o.large_deviation_pct


def _missing_and_uncommented(c: Computed) -> list[Finding]:
    out: list[Finding] = []
    code = c.period.code
    if c.period.full_year:
        broken = {ind.id for ind, _ in broken_links(c.year)}
        for ind in c.year.indicators():
            iv = ind.value(code)
            if ind.comparison is Comparison.MANUAL:
                if iv.manual_status is None and not iv.justification.strip():
                    out.append(Finding(Severity.WARNING, f"indicator/{ind.id}", f"Indikator › {ind.name}", None, None,
                                       "Manuell indikator utan bedömning vid helår."))
                continue
            if c.assessment.by_indicator[ind.id].outcome is None and not iv.justification.strip() \
                    and ind.id not in broken:  # a broken link is its own finding (consistency.dangling)
                out.append(Finding(Severity.WARNING, f"indicator/{ind.id}", f"Indikator › {ind.name}", None, None,
                                   "Utfall saknas vid helår (ange utfall eller en motivering)."))
    o = c.options
    for section, rows in (("operating", c.operating.lines), ("investments", c.investments.lines)):
        for ln, fig in rows:
            # a line without a budget (e.g. just imported from SIE) has no deviation to explain
            dev = fig.deviation
            if (fig.budget is not None and dev is not None and _is_large(dev, fig.budget, o)
                    and not ln.value(code).comment.strip()):
                path = f"{section}/line/{ln.id}/deviation"
                out.append(Finding(Severity.WARNING, path, describe(path, c), None, Decimal(dev),
                                   f"Stor avvikelse ({format_decimal(Decimal(dev) / 1000)} tkr) utan kommentar.",
                                   "kr"))
    return out


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity is Severity.ERROR for f in findings)
