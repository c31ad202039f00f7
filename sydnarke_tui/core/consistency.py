"""Consistency rules of the checker (DESIGN §2.7): figures of one report that contradict each other.

- a line whose sign contradicts its kind (ledger signs: revenues negative, costs positive);
- "varav" rows beyond their project (of-which more than the whole);
- an indicator in kronor that is typed while the figure it reports is computed (the budgetram);
- an amount in the narrative that names a line, a project or a varav group and differs from it;
- an indicator linked to a figure the year no longer has (its line deleted, its group renamed).

The narrative rule is general: every amount with a krona unit ("4 655 tkr") in
a sentence that names a line, project or varav group (their labels, matched as
whole words, longest first) is compared with that figure; the figure is the
outcome unless the sentence speaks of the budget or a deviation, and the
amount agrees when it equals any of the figure's amounts in its unit.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .checks import Finding
from .compute import Computed
from .concepts import KIND, Statement, place
from .glossary import FIGURE_FIELDS
from .links import broken_links, figure_of, in_unit, statement_figures
from .model import Comparison, Severity
from .numbers import UNITS, format_decimal, round_half_up

MIN_NAME = 4  # shorter labels ("IT") would match words that are no line at all


def _kr(v: int) -> str:
    return f"{format_decimal(v)} kr"


def signs(c: Computed) -> list[Finding]:
    """Operating lines whose budget, outcome or forecast has the other kind's sign."""
    out = []
    code, full_year = c.period.code, c.period.full_year
    negative = {k: KIND[k].negative for k in KIND}
    for ln in c.year.operating:
        lv = ln.value(code)
        neg = negative[ln.kind]
        budget, outcome, forecast = ln.budget, lv.outcome, None if full_year else lv.forecast
        # Most lines are right: one test of all three before any tuple is built (20 000 lines on a large year).
        if not ((budget and (budget < 0) != neg) or (outcome and (outcome < 0) != neg)
                or (forecast and (forecast < 0) != neg)):
            continue
        kind = KIND[ln.kind]
        for field, name, v in (("budget", "budgeten", budget), ("outcome", "utfallet", outcome),
                               ("forecast", "prognosen", forecast)):
            if not v or (v < 0) == neg:
                continue
            path = f"operating/line/{ln.id}/{field}"
            out.append(Finding(
                Severity.WARNING, path, place(Statement.OPERATING, ln.label, FIGURE_FIELDS[field]), None, Decimal(v),
                f"{name.capitalize()} {_kr(v)} har fel tecken för en {kind.label} "
                f"({kind.plural} skrivs med {kind.sign_word}); kontrollera raden eller dess typ.", "kr"))
    return out


def varav(c: Computed) -> list[Finding]:
    """Varav rows whose sum goes beyond their project's outcome or budget."""
    out = []
    for ln, f in c.investments.lines:
        rows = c.investments.varav.get(ln.id)
        if not rows:
            continue
        for field in ("outcome", "budget"):
            parts = [getattr(rf, field) for _, rf in rows if getattr(rf, field) is not None]
            whole = getattr(f, field)
            if not parts or whole is None:
                continue
            total = sum(parts)
            if abs(total) > abs(whole) or total * whole < 0:
                names = ", ".join(sorted({r.label.strip() for r, _ in rows}))
                path = f"investments/line/{ln.id}/{field}"
                out.append(Finding(
                    Severity.ERROR, path, place(Statement.INVESTMENTS, ln.label, "varav"), Decimal(total),
                    Decimal(whole),
                    f"Varav-raderna ({names}) summerar till {_kr(total)}, mer än projektets "
                    f"{FIGURE_FIELDS[field]} {_kr(whole)}.", "kr"))
    return out


BUDGET_WORDS = ("budgetram", "budget")


def unlinked(c: Computed) -> list[Finding]:
    """An indicator in kronor, typed, whose figure the statements compute: they must agree.

    Which figure: the net result's deviation for a budget indicator ("håller sin budgetram"),
    else the outcome of a line or project the indicator names.
    """
    out = []
    named: list[tuple[str, str]] | None = None  # every label of the year: made only if an indicator needs it
    for ind in c.year.indicators():
        unit = ind.unit.strip().lower()
        if ind.link or ind.comparison is Comparison.MANUAL or unit not in UNITS:
            continue
        r = c.assessment.by_indicator.get(ind.id)
        typed = None if r is None else r.outcome
        if typed is None or isinstance(typed, bool):
            continue
        lowered = ind.name.lower()
        if any(w in lowered for w in BUDGET_WORDS):
            path, what = "operating/total/net/deviation", "nettoresultatets avvikelse"
        else:
            named = _names(c) if named is None else named
            hit = next(((label, p) for label, p in named if _word(label).search(ind.name)), None)
            if hit is None:
                continue
            path, what = hit[1] + "/outcome", f"utfallet för {hit[0]}"
        figure = in_unit(figure_of(path, c.operating, c.investments), unit)
        if figure is None or figure == typed:
            continue
        scale = UNITS[unit]
        out.append(Finding(
            Severity.WARNING, f"indicator/{ind.id}/outcome", f"Indikator › {ind.name} › utfall", typed * scale,
            figure * scale,
            f"Indikatorns utfall {format_decimal(typed)} {unit} skiljer sig från {what} "
            f"{format_decimal(figure)} {unit}; koppla indikatorn till siffran så följer den redovisningen.", unit))
    return out


# ---------------------------------------------------------------- the narrative

_AMOUNT = re.compile(r"(?<![\w,.])(-|−)?(\d{1,3}(?:[  ]\d{3})+|\d+)(?:,(\d+))?\s*(mkr|tkr|kr)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])")


def _names(c: Computed) -> list[tuple[str, str]]:
    """(label, figure path prefix) of every line, project and varav group, longest label first."""
    found: dict[str, str] = {}
    for ln in c.year.operating:
        found.setdefault(ln.label.strip(), f"operating/line/{ln.id}")
    for inv in c.year.investments:
        label = inv.label.strip()
        if inv.parent_id is None:
            found.setdefault(label, f"investments/line/{inv.id}")
        else:
            found.setdefault(label, f"investments/varav/{label}")
    return sorted(((k, v) for k, v in found.items() if len(k) >= MIN_NAME), key=lambda kv: -len(kv[0]))


def _word(label: str) -> re.Pattern[str]:
    """The label as whole words, any case."""
    return re.compile(rf"(?<!\w){re.escape(label)}(?!\w)", re.IGNORECASE)


def _field_of(sentence: str) -> str:
    s = sentence.lower()
    if "avvik" in s or "överskott" in s or "underskott" in s:
        return "deviation"
    if "budget" in s and "utfall" not in s:
        return "budget"
    return "outcome"


def narrative(c: Computed) -> list[Finding]:
    text = c.year.narrative.get(c.period.code, "")
    if not text.strip():
        return []
    names = _names(c)
    out = []
    for sentence in _SENTENCE.split(text.replace("\n", " ")):
        spans = []  # (start, end, label, prefix) of names, not overlapping
        blanked = sentence
        for label, prefix in names:
            for m in _word(label).finditer(blanked):
                spans.append((m.start(), m.end(), label, prefix))
            blanked = _word(label).sub(lambda m: "¤" * len(m.group(0)), blanked)
        if not spans:
            continue
        for m in _AMOUNT.finditer(blanked):
            before = [s for s in spans if s[1] <= m.start()]
            _, _, label, prefix = max(before, key=lambda s: s[1]) if before else min(spans, key=lambda s: s[0])
            found = _compare(m, sentence, label, prefix, c)
            if found is not None:
                out.append(found)
    return out


def _compare(m: re.Match[str], sentence: str, label: str, prefix: str, c: Computed) -> Finding | None:
    unit = m.group(4).lower()
    digits = m.group(2).replace(" ", "").replace(" ", "") + ("." + m.group(3) if m.group(3) else "")
    written = Decimal(digits) * (-1 if m.group(1) else 1)
    fig = statement_figures(prefix + "/outcome", c.operating, c.investments)
    if fig is None:
        return None
    scale = UNITS[unit]
    places = len(m.group(3) or "")

    def shown(v: int) -> Decimal:
        return round_half_up(Decimal(v) / scale, places)

    candidates = [v for v in (fig.outcome, fig.budget, fig.deviation, fig.forecast) if v is not None]
    if any(shown(v) == written or shown(abs(v)) == abs(written) for v in candidates):
        return None
    field = _field_of(sentence)
    value = getattr(fig, field)
    if value is None:
        field, value = "outcome", fig.outcome
    if value is None:
        return None
    computed = shown(value)
    excerpt = sentence.strip()
    excerpt = excerpt if len(excerpt) <= 90 else excerpt[:87] + "…"
    return Finding(  # printed and computed in kronor, as every finding's amounts
        Severity.ERROR, f"narrative/{c.period.code}", f"Verksamhetsberättelse › {label}", written * scale,
        Decimal(value),
        f"Berättelsen anger {format_decimal(written)} {unit} för {label}, men beräknat {FIGURE_FIELDS[field]} är "
        f"{format_decimal(computed)} {unit} (\u201d{excerpt}\u201d).", unit)


def dangling(c: Computed) -> list[Finding]:
    """Linked indicators whose figure is gone: they would be reported as not measured, unexplained."""
    return [Finding(Severity.ERROR, f"indicator/{ind.id}", f"Indikator › {ind.name} › koppling", None, None,
                    f"Indikatorn \u201d{ind.name}\u201d följer {ind.link}, som saknas: {why}. Utfallet blir ej "
                    "mätt; koppla indikatorn till en annan siffra (b på Mål) eller ta bort kopplingen.")
            for ind, why in broken_links(c.year)]


def consistency(c: Computed) -> list[Finding]:
    return [*signs(c), *varav(c), *unlinked(c), *narrative(c), *dangling(c)]
