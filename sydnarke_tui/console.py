"""The year's overview printed to a terminal with rich (`sydnarke-tui overview`)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .core.assessment import CLAUSE_SV
from .core.checks import Finding
from .core.compute import Computed
from .core.model import GOAL_STATUS_SV, KIND_SV, STATUS_SV, Status
from .core.text import printable
from .core.numbers import format_amount, format_decimal, format_pct, format_value


def _t(text: str) -> Text:
    """User text: never read as markup, control characters shown escaped."""
    return Text(printable(text))


def overview(c: Computed, findings: list[Finding], unit: str = "tkr") -> Group:
    a = c.assessment
    head = Text.assemble(
        (printable(f"{c.year.organisation} {c.year.year} – {c.period.name}\n"), "bold"),
        "Nämndmålen: ", (GOAL_STATUS_SV[a.verdict], "bold"), f"  ({CLAUSE_SV[a.clause]})\n",
        "  ".join(f"{STATUS_SV[s]}: {a.counts[s]}" for s in Status),
    )
    goals = Table(title="Nämndmål", title_justify="left", expand=False)
    goals.add_column("Mål / indikator")
    goals.add_column("Utfall", justify="right")
    goals.add_column("Mål", justify="right")
    goals.add_column("Uppfyllelse", justify="right")
    goals.add_column("Status")
    for gr in a.goals:
        goals.add_row(Text(printable(gr.goal.title), style="bold"), "", "", "", Text(GOAL_STATUS_SV[gr.status], style="bold"))
        for ind, r in gr.indicators:
            target = "manuell" if ind.target is None else f"{ind.comparison.symbol} {format_value(ind.target)}"
            goals.add_row(_t("  " + ind.name), _t(format_value(r.value)), _t(target),
                          format_pct(r.fulfilment_pct), STATUS_SV[r.status])
    op = Table(title=f"Driftredovisning ({unit})", title_justify="left")
    for col in ("Rad", "Typ", "Budget", "Utfall", "Avvikelse"):
        op.add_column(col, justify="left" if col in ("Rad", "Typ") else "right")
    for ln, f in c.operating.lines:
        op.add_row(_t(ln.label), KIND_SV[ln.kind], format_amount(f.budget, unit), format_amount(f.compared, unit),
                   format_amount(f.deviation, unit))
    for name, f in (("Totalt intäkter", c.operating.revenue), ("Totalt kostnader", c.operating.cost),
                    ("Nettoresultat", c.operating.net)):
        op.add_row(Text(name, style="bold"), "", format_amount(f.budget, unit), format_amount(f.compared, unit),
                   format_amount(f.deviation, unit))
    split = Table(title="Fördelning av årets resultat (kr)", title_justify="left")
    split.add_column("Kommun")
    split.add_column("Andel", justify="right")
    split.add_column("Överskott (+) / underskott (−)", justify="right")
    for row in c.result_split:
        split.add_row(_t(row.municipality), f"{format_decimal(row.share_pct, 3)} %", format_decimal(row.amount))
    split.add_row(Text("Summa", style="bold"), f"{format_decimal(c.key_total_pct, 3)} %", format_decimal(c.surplus))
    errors = sum(1 for f in findings if f.severity.value == "error")
    tail = Text(f"Kontroll: {len(findings)} anmärkningar, varav {errors} fel.")
    if c.split_error:
        tail.append(f"\n{c.split_error}", style="bold red")
    return Group(head, goals, op, split, tail)


def print_renderable(renderable, console: Console | None = None) -> None:
    (console or Console()).print(renderable)
