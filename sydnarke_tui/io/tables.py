"""The report's tables with typed cells, for the csv and xlsx exports.

Amounts are whole kronor (int, ledger signs: revenues negative, costs
positive), exact and re-importable with `--unit kr`; percentages are ints
rounded half up; key shares and indicator values are Decimal; yes/no values
are the strings "Ja"/"Nej". Column titles are Swedish and carry the unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..core.compute import Computed
from ..core.model import GOAL_STATUS_SV, KIND_SV, SEVERITY_SV, STATUS_SV, Comparison, GoalStatus, Severity, Status
from .report_json import report_dict

# column kinds: text, kr (int kronor), pct (int percent), share (Decimal percent), value (Decimal or text)


@dataclass
class DataTable:
    slug: str  # file name stem: mal, drift, investeringar, fordelning, kontroll
    title: str  # sheet name: Mål, Drift, Investeringar, Fördelning, Kontroll
    columns: list[tuple[str, str]]  # (title, kind)
    rows: list[list[Any]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # per row: "", "total", "varav"

    def add(self, cells: list[Any], style: str = "") -> None:
        self.rows.append(cells)
        self.styles.append(style)


TABLE_NAMES = ("mal", "drift", "investeringar", "fordelning", "kontroll")


def _val(v: Any) -> Any:
    if v is None or isinstance(v, str):
        return v
    return Decimal(v)


def report_tables(c: Computed, d: dict | None = None) -> list[DataTable]:
    d = d or report_dict(c)
    year = d["year"]
    out: list[DataTable] = []

    t = DataTable("mal", "Mål", [("Nämndmål", "text"), ("Målstatus", "text"), ("Indikator", "text"),
                                 ("Jämförelse", "text"), ("Målvärde", "value"), (f"Utfall {year}", "value"),
                                 ("Enhet", "text"), ("Måluppfyllelse (%)", "pct"), ("Status", "text")])
    for g in d["goals"]:
        gs = GOAL_STATUS_SV[GoalStatus(g["status"])]
        for ind in g["indicators"]:
            comp = Comparison(ind["comparison"])
            t.add([g["title"], gs, ind["name"], comp.symbol, _val(ind["target"]), _val(ind["outcome"]),
                   ind["unit"], ind["fulfilment_pct"], STATUS_SV[Status(ind["status"])]])
    out.append(t)

    out.append(_drift_table(d))

    out.append(_investment_data_table(d))

    sp = d["split"]
    t = DataTable("fordelning", "Fördelning", [
        ("Kommun", "text"), ("Andel (%)", "share"), ("Överskott (+) / underskott (-) (kr)", "kr"),
        ("Driftbidrag (kr)", "kr"), ("Investeringar egna (kr)", "kr"), ("Investeringar gemensamma (kr)", "kr"),
        ("Investeringar totalt (kr)", "kr")])
    contrib = {r["municipality"]: r["amount"] for r in sp["contribution"]}
    invs = {r["municipality"]: r for r in sp["investments"]}
    for r in sp["result"]:
        m = r["municipality"]
        i = invs.get(m, {})
        t.add([m, _val(r["share_pct"]), r["amount"], contrib.get(m), i.get("own_outcome"), i.get("common_outcome"),
               i.get("outcome")])
    if "sum" in sp:  # the sums come from core (Computed.*_split_sum), like every other figure
        s = sp["sum"]
        t.add(["Summa", _val(s["share_pct"]), s["result"], s["contribution"], s["own_outcome"],
               s["common_outcome"], s["outcome"]], "total")
    out.append(t)

    t = DataTable("kontroll", "Kontroll", [("Allvar", "text"), ("Var", "text"),
                                           ("Tryckt", "value"), ("Beräknat", "value"), ("Enhet", "text"),
                                           ("Meddelande", "text")])
    for x in d["checks"]:
        t.add([SEVERITY_SV[Severity(x["severity"])], x["where"], _val(x["printed"]), _val(x["computed"]),
               x["unit"] or "", x["message"]])
    out.append(t)
    return out


def find_table(tables: list[DataTable], name: str) -> DataTable:
    """A table by slug or Swedish title, case- and å/ä/ö-insensitive ('mål', 'mal', 'Drift')."""
    fold = str.maketrans("åäö", "aao")
    want = name.strip().lower().translate(fold)
    for t in tables:
        if want in (t.slug, t.title.lower().translate(fold)):
            return t
    from .errors import FileFormatError

    raise FileFormatError(f"Okänd tabell '{name}': välj en av {', '.join(TABLE_NAMES)}.")


def _drift_table(d: dict) -> DataTable:
    """Lines with kinds and totals; with a Verksamhet column and a subtotal per group when grouped."""
    year = d["year"]
    op = d["operating"]
    grouped = bool(op.get("sections"))
    has_fc = any("forecast" in ln for ln in op["lines"])
    has_prev = any(ln.get("previous_outcome") is not None for ln in op["lines"])
    cols = [("Slagtext", "text"), ("Typ", "text"), (f"Budget {year} (kr)", "kr"), (f"Utfall {year} (kr)", "kr")]
    if grouped:
        cols.insert(0, ("Verksamhet", "text"))
    if has_fc:
        cols.append(("Prognos helår (kr)", "kr"))
    cols.append(("Avvikelse (kr)", "kr"))
    if has_prev:
        cols.append((f"Utfall {year - 1} (kr)", "kr"))
    t = DataTable("drift", "Drift", cols)

    def op_row(label, kind, fig, style="", group=None):
        cells = [label, kind, fig["budget"], fig["outcome"]]
        if grouped:
            cells.insert(0, group)
        if has_fc:
            cells.append(fig.get("forecast"))
        cells.append(fig["deviation"])
        if has_prev:
            cells.append(fig.get("previous_outcome"))
        t.add(cells, style)

    if grouped:  # per verksamhet, lines in order and its subtotal (net); then ungrouped lines
        for sec in op["sections"]:
            for ln in op["lines"]:
                if ln["section"] == sec["label"]:
                    op_row(ln["label"], KIND_SV[ln["kind"]], ln, group=sec["label"])
            op_row(f"Summa {sec['label']}", "summa", sec["net"], "total", sec["label"])
        for ln in op["lines"]:
            if ln["section"] is None:
                op_row(ln["label"], KIND_SV[ln["kind"]], ln)
        for kind, label in (("revenue", "Totalt intäkter"), ("cost", "Totalt kostnader")):
            op_row(label, "summa", op["totals"][kind], "total")
    else:
        for kind, label in (("revenue", "Totalt intäkter"), ("cost", "Totalt kostnader")):
            for ln in op["lines"]:
                if ln["kind"] == kind:
                    op_row(ln["label"], KIND_SV[ln["kind"]], ln)
            op_row(label, "summa", op["totals"][kind], "total")
    op_row("Nettoresultat", "summa", op["totals"]["net"], "total")
    return t


def _investment_data_table(d: dict) -> DataTable:
    year = d["year"]
    inv = d["investments"]
    has_fc = any("forecast" in ln for ln in inv["lines"])
    has_prev = any(ln.get("previous_outcome") is not None for ln in inv["lines"])
    cols = [("Projekt", "text"), ("Kommun", "text"), ("Typ", "text"), (f"Budget {year} (kr)", "kr"),
            (f"Utfall {year} (kr)", "kr")]
    if has_fc:
        cols.append(("Prognos helår (kr)", "kr"))
    cols.append(("Avvikelse (kr)", "kr"))
    if has_prev:
        cols.append((f"Utfall {year - 1} (kr)", "kr"))
    t = DataTable("investeringar", "Investeringar", cols)

    def inv_row(label, muni, kind, fig, style=""):
        cells = [label, muni, kind, fig.get("budget"), fig.get("outcome")]
        if has_fc:
            cells.append(fig.get("forecast"))
        cells.append(fig.get("deviation"))
        if has_prev:
            cells.append(fig.get("previous_outcome"))
        t.add(cells, style)

    for ln in inv["lines"]:
        inv_row(ln["label"], ln["municipality"] or "Gemensamt", "projekt", ln)
        for v in ln["varav"]:
            inv_row(v["label"], ln["municipality"] or "Gemensamt", "varav", {"outcome": v["outcome"]}, "varav")
    inv_row("Totalt investerat", "", "summa", inv["total"], "total")
    return t
