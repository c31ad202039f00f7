"""The report's tables with typed cells, for the csv and xlsx exports.

Amounts are whole kronor (int, ledger signs: revenues negative, costs
positive), exact and re-importable with `--unit kr`; percentages are ints
rounded half up; key shares and indicator values are Decimal; yes/no values
are the strings "Ja"/"Nej". Column titles are Swedish and carry the unit.

Operating lines with a verksamhet (`OperatingLine.section`) get a
Verksamhet column, grouped in order of first appearance, each group closed
by a "Summa <verksamhet>" row (its net); the table imports back as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..core import glossary as G
from ..core.compute import Computed
from ..core.concepts import STATEMENT, Statement
from ..core.model import GOAL_STATUS_SV, KIND_SV, SEVERITY_SV, STATUS_SV, Comparison, GoalStatus, Kind, Severity, Status
from .report_json import report_dict
from .report_shapes import FiguresDict, InvestmentsDict, OperatingDict, OperatingLineDict, ReportDict, varav_figures

Cell = str | int | Decimal | None

# column kinds: text, kr (int kronor), pct (int percent), share (Decimal percent), value (Decimal or text)


@dataclass
class DataTable:
    """One table of the csv and xlsx exports (a file, a sheet): typed cells per row, row styles and notes."""

    slug: str  # file name stem: mal, drift, investeringar, fordelning, kontroll
    title: str  # sheet name: Mål, Drift, Investeringar, Fördelning, Kontroll
    columns: list[tuple[str, str]]  # (title, kind)
    rows: list[list[Cell]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)  # per row: "", "total", "varav"
    # lines of text under the table (after an empty row), e.g. the interim basis; the import skips them
    notes: list[str] = field(default_factory=list)

    def add(self, cells: list[Cell], style: str = "") -> None:
        self.rows.append(cells)
        self.styles.append(style)


TABLE_NAMES = ("mal", "drift", "investeringar", "fordelning", "kontroll")


def _val(v: int | Decimal | str | None) -> Decimal | str | None:
    if v is None or isinstance(v, str):
        return v
    return Decimal(v)


def report_tables(c: Computed, d: ReportDict | None = None) -> list[DataTable]:
    d = d or report_dict(c)
    sections = [ln.section for ln, _ in c.operating.lines]
    return [_goal_table(d), _operating_table(d, sections), _investment_table(d), _split_table(d), _check_table(d)]


def _goal_table(d: ReportDict) -> DataTable:
    t = DataTable("mal", "Mål", [("Nämndmål", "text"), ("Målstatus", "text"), ("Indikator", "text"),
                                 ("Jämförelse", "text"), ("Målvärde", "value"), (f"Utfall {d['year']}", "value"),
                                 ("Enhet", "text"), ("Måluppfyllelse (%)", "pct"), ("Status", "text")])
    for g in d["goals"]:
        gs = GOAL_STATUS_SV[GoalStatus(g["status"])]
        for ind in g["indicators"]:
            comp = Comparison(ind["comparison"])
            t.add([g["title"], gs, ind["name"], comp.symbol, _val(ind["target"]), _val(ind["outcome"]),
                   ind["unit"], ind["fulfilment_pct"], STATUS_SV[Status(ind["status"])]])
    return t


def _operating_table(d: ReportDict, sections: list[str | None]) -> DataTable:
    """The statement; with verksamheter, a Verksamhet column and a subtotal (net) per verksamhet."""
    year, op = d["year"], d["operating"]
    grouped = any(sections)
    has_fc = any("forecast" in ln for ln in op["lines"])
    has_prev = any(ln.get("previous_outcome") is not None for ln in op["lines"])
    cols = [("Verksamhet", "text")] if grouped else []
    cols += [("Slagtext", "text"), ("Typ", "text"), (f"Budget {year} (kr)", "kr"), (f"Utfall {year} (kr)", "kr")]
    cols += [("Prognos helår (kr)", "kr")] if has_fc else []
    cols.append(("Avvikelse (kr)", "kr"))
    cols += TO_DATE_COLUMNS if interim(op) else []
    cols += [(f"Utfall {year - 1} (kr)", "kr")] if has_prev else []
    t = DataTable(STATEMENT[Statement.OPERATING].slug, STATEMENT[Statement.OPERATING].sheet, cols)

    def row(section: str | None, label: str, kind: str, fig: FiguresDict, prev: int | None, style: str = "") -> None:
        cells: list[Cell] = ([section or ""] if grouped else [])
        cells += [label, kind, fig["budget"], fig["outcome"]]
        cells += [fig.get("forecast")] if has_fc else []
        cells.append(fig["deviation"])
        cells += to_date(fig) if interim(op) else []
        cells += [prev] if has_prev else []
        t.add(cells, style)

    if grouped:
        subtotals = {x["label"]: x["net"] for x in op["sections"]}
        by_section: dict[str | None, list[OperatingLineDict]] = {}  # in order of first appearance
        for ln, sec in zip(op["lines"], sections):
            by_section.setdefault(sec, []).append(ln)
        for sec, lines in by_section.items():
            for ln in lines:
                row(sec, ln["label"], KIND_SV[Kind(ln["kind"])], ln, ln.get("previous_outcome"))
            if sec:
                net = subtotals[sec]  # from core (operating.sections), like every total here
                row(sec, f"Summa {sec}", "summa", net, net.get("previous_outcome"), "total")
    for kind, label, total in (("revenue", G.TOTAL_REVENUE, op["totals"]["revenue"]),
                               ("cost", G.TOTAL_COST, op["totals"]["cost"])):
        if not grouped:
            for ln in op["lines"]:
                if ln["kind"] == kind:
                    row(None, ln["label"], KIND_SV[Kind(ln["kind"])], ln, ln.get("previous_outcome"))
        row(None, label, "summa", total, total.get("previous_outcome"), "total")
    row(None, G.NET_RESULT, "summa", op["totals"]["net"], op["totals"]["net"].get("previous_outcome"), "total")
    t.notes = basis_notes(op)
    return t


TO_DATE_COLUMNS = [("Budget t.o.m. (kr)", "kr"), ("Avvikelse t.o.m. (kr)", "kr")]


def interim(statement: OperatingDict | InvestmentsDict) -> bool:
    return statement["basis"]["kind"] == "forecast"


def to_date(fig: FiguresDict) -> list[Cell]:
    """Budget to date and its deviation (the report dict's `to_date`; none on a varav row)."""
    td = fig.get("to_date")
    return [None, None] if td is None else [td["budget"], td["deviation"]]


def basis_notes(statement: OperatingDict | InvestmentsDict) -> list[str]:
    """At an interim period, what the deviations are measured against (the report dict's `basis`)."""
    text = statement["basis"]["text"]
    return [text] if text else []


def _investment_table(d: ReportDict) -> DataTable:
    year, inv = d["year"], d["investments"]
    has_fc = any("forecast" in ln for ln in inv["lines"])
    has_prev = any(x.get("previous_outcome") is not None for ln in inv["lines"] for x in (ln, *ln["varav"]))
    cols = [("Projekt", "text"), ("Kommun", "text"), ("Typ", "text"), (f"Budget {year} (kr)", "kr"),
            (f"Utfall {year} (kr)", "kr")]
    cols += [("Prognos helår (kr)", "kr")] if has_fc else []
    cols.append(("Avvikelse (kr)", "kr"))
    cols += TO_DATE_COLUMNS if interim(inv) else []
    cols += [(f"Utfall {year - 1} (kr)", "kr")] if has_prev else []
    t = DataTable(STATEMENT[Statement.INVESTMENTS].slug, STATEMENT[Statement.INVESTMENTS].sheet, cols)

    def row(label: str, muni: str, kind: str, fig: FiguresDict, prev: int | None, style: str = "") -> None:
        cells: list[Cell] = [label, muni, kind, fig["budget"], fig["outcome"]]
        cells += [fig.get("forecast")] if has_fc else []
        cells.append(fig["deviation"])
        cells += to_date(fig) if interim(inv) else []
        cells += [prev] if has_prev else []
        t.add(cells, style)

    for ln in inv["lines"]:
        row(ln["label"], ln["municipality"] or "Gemensamt", "projekt", ln, ln.get("previous_outcome"))
        for v in ln["varav"]:
            row(v["label"], ln["municipality"] or "Gemensamt", "varav", varav_figures(v), v.get("previous_outcome"),
                "varav")
    row("Totalt investerat", "", "summa", inv["total"], inv["total"].get("previous_outcome"), "total")
    t.notes = basis_notes(inv)
    return t


def _split_table(d: ReportDict) -> DataTable:
    sp = d["split"]
    t = DataTable("fordelning", "Fördelning", [
        ("Kommun", "text"), ("Andel (%)", "share"), ("Överskott (+) / underskott (-) (kr)", "kr"),
        ("Driftbidrag (kr)", "kr"), ("Investeringar egna (kr)", "kr"), ("Investeringar gemensamma (kr)", "kr"),
        ("Investeringar totalt (kr)", "kr")])
    contrib = {r["municipality"]: r["amount"] for r in sp["contribution"]}
    invs = {r["municipality"]: r for r in sp["investments"]}
    for r in sp["result"]:
        m = r["municipality"]
        i = invs.get(m)
        own, common, total = (None, None, None) if i is None else (i["own_outcome"], i["common_outcome"], i["outcome"])
        t.add([m, _val(r["share_pct"]), r["amount"], contrib.get(m), own, common, total])
    if "sum" in sp:  # the sums come from core (Computed.*_split_sum)
        s = sp["sum"]
        t.add(["Summa", _val(s["share_pct"]), s["result"], s["contribution"], s["own_outcome"],
               s["common_outcome"], s["outcome"]], "total")
    return t


def _check_table(d: ReportDict) -> DataTable:
    t = DataTable("kontroll", "Kontroll", [("Allvar", "text"), ("Var", "text"),
                                           ("Tryckt", "value"), ("Beräknat", "value"), ("Enhet", "text"),
                                           ("Meddelande", "text")])
    for x in d["checks"]:
        t.add([SEVERITY_SV[Severity(x["severity"])], x["where"], _val(x["printed"]), _val(x["computed"]),
               x["unit"] or "", x["message"]])
    return t


def find_table(tables: list[DataTable], name: str) -> DataTable:
    """A table by slug or Swedish title, case- and å/ä/ö-insensitive ('mål', 'mal', 'Drift')."""
    fold = str.maketrans("åäö", "aao")
    want = name.strip().lower().translate(fold)
    for t in tables:
        if want in (t.slug, t.title.lower().translate(fold)):
            return t
    from .errors import FileFormatError

    raise FileFormatError(f"Okänd tabell '{name}': välj en av {', '.join(TABLE_NAMES)}.")
