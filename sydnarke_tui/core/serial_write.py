"""A year as plain data for the TOML file (the writing half of core.serial)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .model import InvestmentLine, LineValue, OperatingLine, PrintedValue, Value, Year
from .profile import monthly_budget

SCHEMA = "sydnarke-year/1"

# A TOML table as tomllib reads it and the writer takes it: keys to str/int/Decimal/bool, lists, tables.
Table = dict[str, Any]


def default_unit(path: str) -> str:
    head = path.split("/", 1)[0]
    return {"indicator": "%", "summary": "st", "split": "kr"}.get(head, "tkr")


# ---------------------------------------------------------------- writing


def _clean(d: Table) -> Table:
    """Drop None and empty values: TOML has no null, and empties are noise."""
    return {k: v for k, v in d.items() if v is not None and v != "" and v != {} and v != []}


def _out_value(v: Value | None) -> str | int | Decimal | None:
    if v is None:
        return None
    if isinstance(v, bool):
        return "Ja" if v else "Nej"
    return int(v) if v == v.to_integral_value() else v


def _out_printed(pv: PrintedValue, path: str) -> int | Decimal | Table:
    value = int(pv.value) if pv.value == pv.value.to_integral_value() else pv.value
    return value if pv.unit == default_unit(path) else {"value": value, "unit": pv.unit}


def _printed_for(y: Year, prefix: str) -> dict[str, Table]:
    out: dict[str, Table] = {}
    for period, figs in y.printed.items():
        for path, pv in figs.items():
            if path.startswith(prefix + "/") and "/" not in path[len(prefix) + 1:]:
                out.setdefault(period, {})[path[len(prefix) + 1:]] = _out_printed(pv, path)
    return out


def _line_values_out(values: dict[str, LineValue]) -> dict[str, Table]:
    return {p: _clean({"outcome": v.outcome, "forecast": v.forecast, "comment": v.comment}) for p, v in values.items()
            if _clean({"outcome": v.outcome, "forecast": v.forecast, "comment": v.comment})}


def contents(y: Year) -> dict[str, int]:
    """What a year file holds, counted (the header of a file the program writes; io.toml_io)."""
    return {"goals": len(y.goals), "indicators": sum(len(g.indicators) for g in y.goals),
            "operating_lines": len(y.operating), "investment_lines": len(y.investments),
            "members": len(y.key.members)}


CONTENTS_SV = {"goals": "mål", "indicators": "indikatorer", "operating_lines": "driftrader",
               "investment_lines": "investeringsrader", "members": "medlemmar"}


def contents_sv(counts: dict[str, int]) -> str:
    """'4 mål, 13 indikatorer, 8 driftrader, 10 investeringsrader, 4 medlemmar'."""
    return ", ".join(f"{counts[k]} {word}" for k, word in CONTENTS_SV.items())


def _file_ids(y: Year) -> dict[str, str]:
    """Line ids as the file numbers them (places from 1): what a link's path names in the file."""
    remap = {f"operating/line/{ln.id}/": f"operating/line/{i}/" for i, ln in enumerate(y.operating, 1)}
    n = 0
    for ln in y.investments:
        if ln.parent_id is None:
            n += 1
            remap[f"investments/line/{ln.id}/"] = f"investments/line/{n}/"
            for s in y.investments:
                if s.parent_id == ln.id:
                    n += 1
                    remap[f"investments/line/{s.id}/"] = f"investments/line/{n}/"
    return remap


def _out_profile(ln: OperatingLine | InvestmentLine) -> list[int] | None:
    """The months as they stand (they sum to the budget even when the profile is kept as weights)."""
    months = monthly_budget(ln.budget, ln.profile) if ln.profile is not None else None
    return list(months) if months is not None else None


def _out_link(link: str | None, remap: dict[str, str]) -> str | None:
    if link is None:
        return None
    for old, new in remap.items():
        if link.startswith(old):
            return new + link[len(old):]
    if link.startswith(("operating/line/", "investments/line/")):
        return None  # its line was deleted: its row id, read as a place in the file, would name another line
    return link


def year_to_dict(y: Year) -> Table:
    remap = _file_ids(y) if any(i.link for i in y.indicators()) else {}
    goals = []
    for g in y.goals:
        inds = []
        for i in g.indicators:
            vals = {}
            for p, v in i.values.items():
                vd = _clean({"outcome": _out_value(v.outcome), "forecast": _out_value(v.forecast),
                             "manual_status": v.manual_status.value if v.manual_status else None,
                             "justification": v.justification, "comment": v.comment})
                if vd:
                    vals[p] = vd
            inds.append(_clean({
                "name": i.name, "unit": i.unit, "comparison": i.comparison.value, "target": _out_value(i.target),
                "partly_from_pct": i.partly_from_pct, "lower_formula": i.lower_formula.value if i.lower_formula else None,
                "baseline": _out_value(i.baseline), "link": _out_link(i.link, remap), "values": vals,
                "printed": _printed_for(y, f"indicator/{i.id}"),
            }))
        goals.append(_clean({"title": g.title, "comments": dict(g.comments), "indicators": inds}))
    operating = [_clean({
        "label": ln.label, "kind": ln.kind.value, "section": ln.section, "budget": ln.budget, "contribution": ln.is_contribution or None,
        "previous_outcome": ln.previous_outcome, "profile": _out_profile(ln),
        "values": _line_values_out(ln.values), "printed": _printed_for(y, f"operating/line/{ln.id}"),
    }) for ln in y.operating]
    investments = []
    for ln in y.investments:
        if ln.parent_id is not None:
            continue
        varav = [_clean({"label": s.label, "budget": s.budget, "previous_outcome": s.previous_outcome,
                         "values": _line_values_out(s.values), "printed": _printed_for(y, f"investments/line/{s.id}")})
                 for s in y.investments if s.parent_id == ln.id]
        investments.append(_clean({
            "label": ln.label, "municipality": ln.municipality, "budget": ln.budget,
            "previous_outcome": ln.previous_outcome, "profile": _out_profile(ln),
            "values": _line_values_out(ln.values), "printed": _printed_for(y, f"investments/line/{ln.id}"),
            "varav": varav,
        }))
    year_printed: dict[str, Table] = {}
    for period, figs in y.printed.items():
        for path, pv in figs.items():
            if not path.startswith(("operating/line/", "investments/line/", "indicator/")):
                year_printed.setdefault(period, {})[path] = _out_printed(pv, path)
    key = {"basis": y.key.basis, "members": [
        _clean({"municipality": m.municipality, "share_pct": m.share_pct, "base": m.base}) for m in y.key.members]}
    return _clean({
        "schema": SCHEMA, "year": y.year, "organisation": y.organisation,
        "periods": [{"code": p.code, "name": p.name, "last_month": p.last_month, "full_year": p.full_year} for p in y.periods],
        "narrative": dict(y.narrative), "key": key, "goals": goals, "operating": operating,
        "investments": investments, "printed": year_printed,
    })
