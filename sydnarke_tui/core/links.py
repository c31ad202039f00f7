"""Linked indicators: an indicator whose outcome is a figure of the year (DESIGN §2.2).

`Indicator.link` is a figure path of the statements (the paths of
core.compute, e.g. "operating/total/net/deviation"). Its value in kronor is
taken from the period's statements and shown in the indicator's unit (tkr:
rounded half up to whole tkr, as the report prints it); so the indicator
follows the statement on every edit and the two can never disagree.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .accounts import Figures, InvestmentStatement, OperatingStatement
from .glossary import FIGURE_FIELDS, TOTALS
from .model import Indicator, Year
from .numbers import UNITS, round_half_up

LINK_FIELDS = ("budget", "outcome", "deviation", "forecast", "budget_to_date", "deviation_to_date")


def statement_figures(path: str, operating: OperatingStatement, investments: InvestmentStatement) -> Figures | None:
    """The figures of the line, total, subtotal or varav group a path names (its last part is ignored)."""
    parts = path.split("/")
    try:
        if parts[0] == "operating" and parts[1] == "total":
            return {"revenue": operating.revenue, "cost": operating.cost, "net": operating.net}.get(parts[2])
        if parts[0] == "operating" and parts[1] == "line":
            line_id = int(parts[2])
            return next((f for ln, f in operating.lines if ln.id == line_id), None)
        if parts[0] == "operating" and parts[1] == "section":
            label = "/".join(parts[2:-2])
            sec = next((s for s in operating.sections if s.label == label), None)
            return None if sec is None else sec.total(parts[-2])
        if parts[0] == "investments" and parts[1] == "total":
            return investments.total
        if parts[0] == "investments" and parts[1] == "line":
            line_id = int(parts[2])
            return next((f for ln, f in investments.rows() if ln.id == line_id), None)
        if parts[0] == "investments" and parts[1] == "varav":
            return investments.varav_totals.get("/".join(parts[2:-1]))
    except (IndexError, ValueError, KeyError):
        return None
    return None


def figure_of(path: str, operating: OperatingStatement, investments: InvestmentStatement) -> int | None:
    """The kronor of a statement figure path, None when the figure is absent (no outcome yet, no such line)."""
    field = path.rsplit("/", 1)[-1]
    if field not in LINK_FIELDS:
        return None
    fig = statement_figures(path, operating, investments)
    return None if fig is None else getattr(fig, field)


def in_unit(kronor: int | None, unit: str) -> Decimal | None:
    """Kronor as an indicator value in its unit: tkr/mkr rounded half up to whole units, else kronor."""
    if kronor is None:
        return None
    scale = UNITS.get(unit.strip().lower(), 1)
    return round_half_up(Decimal(kronor) / scale)


def link_choices(year: Year) -> list[tuple[str, str]]:
    """The figure paths an indicator can follow, with Swedish labels, in the statements' order."""
    out: list[tuple[str, str]] = []
    for total in ("net", "revenue", "cost"):
        for field in ("deviation", "outcome", "budget"):
            out.append((f"operating/total/{total}/{field}", f"Drift › {TOTALS[total]} › {FIGURE_FIELDS[field]}"))
    for field in ("deviation", "outcome", "budget"):
        out.append((f"investments/total/{field}", f"Investeringar › Totalt › {FIGURE_FIELDS[field]}"))
    for ln in year.operating:
        for field in ("deviation", "outcome"):
            out.append((f"operating/line/{ln.id}/{field}", f"Drift › {ln.label} › {FIGURE_FIELDS[field]}"))
    for inv in year.investments:
        if inv.parent_id is None:
            for field in ("deviation", "outcome"):
                out.append((f"investments/line/{inv.id}/{field}", f"Investeringar › {inv.label} › {FIGURE_FIELDS[field]}"))
    seen: set[str] = set()
    for inv in year.investments:
        label = inv.label.strip()
        if inv.parent_id is not None and label not in seen:
            seen.add(label)
            out.append((f"investments/varav/{label}/outcome", f"Investeringar › varav {label} › utfall"))
    return out


def link_label(path: str | None, year: Year) -> str:
    """The Swedish label of a link ("" for none; a broken link says so, with its path)."""
    if not path:
        return ""
    label = next((label for p, label in link_choices(year) if p == path), None)
    if label is not None:
        return label
    why = broken_reason(path, year)
    return path if why is None else f"{path}, som saknas: {why}"


# What a link needs of the year besides the totals: a line (by statement and id), a verksamhet or
# a varav group (by label). A delete or a rename can take it away; the totals are always there.
Target = tuple[str, str]


def link_target(path: str) -> Target | None:
    """The row or group a link's figure comes from; None for a total (or a path of no known shape)."""
    parts = path.split("/")
    if len(parts) == 4 and parts[0] in ("operating", "investments") and parts[1] == "line":
        return parts[0], parts[2]
    if len(parts) >= 5 and parts[0] == "operating" and parts[1] == "section":
        return "section", "/".join(parts[2:-2])
    if len(parts) >= 4 and parts[0] == "investments" and parts[1] == "varav":
        return "varav", "/".join(parts[2:-1])
    return None


def year_targets(year: Year) -> set[Target]:
    """Every row and group of the year a link can follow."""
    out: set[Target] = {("operating", str(ln.id)) for ln in year.operating}
    out |= {("investments", str(ln.id)) for ln in year.investments}
    out |= {("section", ln.section) for ln in year.operating if ln.section is not None}
    out |= {("varav", ln.label.strip()) for ln in year.investments if ln.parent_id is not None}
    return out


def broken_reason(path: str, year: Year, targets: set[Target] | None = None) -> str | None:
    """Why a link follows nothing of the year (Swedish), None when its figure is there."""
    if not valid_link(path):
        return "sökvägen är ingen siffra att följa"
    target = link_target(path)
    if target is None or target in (year_targets(year) if targets is None else targets):
        return None
    kind, key = target
    return {"operating": "driftraden har tagits bort", "investments": "investeringsraden har tagits bort",
            "section": f"ingen driftrad hör till verksamheten '{key}'",
            "varav": f"ingen varav-rad heter '{key}'"}[kind]


def broken_links(year: Year) -> list[tuple[Indicator, str]]:
    """Indicators whose link follows nothing of the year, with why: they show no outcome until relinked."""
    targets: set[Target] | None = None  # every row and group of the year: made only if a link needs it
    out: list[tuple[Indicator, str]] = []
    for ind in year.indicators():
        if not ind.link:
            continue
        targets = year_targets(year) if targets is None else targets
        why = broken_reason(ind.link, year, targets)
        if why is not None:
            out.append((ind, why))
    return out


def valid_link(path: str) -> bool:
    """Whether a path has the shape of a statement figure an indicator can follow."""
    parts = path.split("/")
    if len(parts) < 3 or parts[-1] not in LINK_FIELDS:
        return False
    if parts[0] == "operating":
        if parts[1] == "total":
            return len(parts) == 4 and parts[2] in TOTALS
        if parts[1] == "line":
            return len(parts) == 4 and parts[2].isdigit()
        return parts[1] == "section" and len(parts) >= 5 and parts[-2] in TOTALS
    if parts[0] == "investments":
        if parts[1] == "total":
            return len(parts) == 3
        if parts[1] == "line":
            return len(parts) == 4 and parts[2].isdigit()
        return parts[1] == "varav" and len(parts) >= 4
    return False


def followers(year: Year, statement: str, line_id: int) -> list[str]:
    """The indicators a delete of the line (an investment with its varav rows) would leave unlinked."""
    if statement == "operating":
        rest = replace(year, operating=[ln for ln in year.operating if ln.id != line_id])
    else:
        rest = replace(year, investments=[ln for ln in year.investments if line_id not in (ln.id, ln.parent_id)])
    lost = year_targets(year) - year_targets(rest)
    return [i.name for i in year.indicators() if i.link and link_target(i.link) in lost]


def unlinked_message(names: list[str], *, done: bool = True) -> str | None:
    """What a delete that clears indicators' links tells, before (`done` False) or after (None: it clears none)."""
    if not names:
        return None
    quoted = ", ".join(f"\u201d{n}\u201d" for n in names)
    one = len(names) == 1
    who = "Indikatorn" if one else "Indikatorerna"
    if not done:
        return f"{who} {quoted} mäts på raden och blir {'omätt' if one else 'omätta'}."
    return f"{who} {quoted} mättes på raden och är nu {'omätt' if one else 'omätta'} (Ctrl+Z ångrar)."
