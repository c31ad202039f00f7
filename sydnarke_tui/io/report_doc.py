"""The printed report as a format-neutral document (headings, paragraphs, tables).

`report_document(c)` builds the printed report — a title page, then the
chapters of the nämnd's own report (1 Verksamheter: 1.1 Måluppfyllelse with
1.1.1 Nämndmål, 1.2 Verksamhetsberättelse, 1.3 Ekonomi) and, only when asked
for (`ReportOptions.with_checks`), the checker's findings as an appendix for
the officer — from
`report_dict(c)`, with every figure already formatted the Swedish way
(amounts in tkr, split parts in kr). The md and html exporters only render
these blocks and escape the text for their format.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
import datetime as _dt
from decimal import Decimal
from typing import cast

from ..core import glossary as G
from ..core.assessment import CLAUSE_SV
from ..core.charts import chart_deviations, fulfilment_items, weakest
from ..core.compute import Computed
from ..core.concepts import GOAL_STATUS, INDICATOR_STATUS, SEVERITY, STATEMENT, Statement, alternatives
from ..core.model import GOAL_STATUS_SV, SEVERITY_SV, STATUS_SV, Comparison, GoalStatus, Severity, Status
from ..core.numbers import UNITS, format_amount, format_decimal, format_pct
from ..core.text import count_sv
from .report_blocks import (Block, Bullets, Chart, Column, Heading, Paragraph, ReportOptions, Row, Table,
                            TitlePage)
from .report_json import report_dict
from .report_shapes import (
    FiguresDict,
    IndicatorDict,
    IndicatorValueOut,
    InvestmentsDict,
    Number,
    OperatingDict,
    OperatingLineDict,
    ReportDict,
    varav_figures,
)

# The assessment rule as printed in the report (1.1 Måluppfyllelse); at an interim period the indicators are
# judged on their forecasts ("prognostiserade uppnådda"), at full year on the year's outcomes.
RULE_INTRO = "Bedömningen görs enligt principen nedan."


def rule_text(full_year: bool) -> tuple[str, ...]:
    achieved = "uppnådda" if full_year else "prognostiserade uppnådda"
    return (
        f"Alla indikatorer {achieved} = Nämndmål uppnås",
        "Mer än hälften av indikatorerna uppnådda eller delvis uppnådda = Nämndmål uppnås delvis",
        "Mer än hälften av indikatorerna uppnås inte eller saknar värde = Nämndmål uppnås ej.",
    )


VARAV_INDENT = "\u2003"  # an em space: survives markdown table cells


CHART_MAX_BARS = 15  # a statement with more lines (or verksamheter) charts its largest deviations


CHART_MAX_STRIPS = 30  # more indicators: the chart shows those that most need attention (the table has all)


def fulfilment_chart(c: Computed) -> Chart:
    items = fulfilment_items(c)
    note = ""
    if len(items) > CHART_MAX_STRIPS:
        first = sorted((info for _, info in INDICATOR_STATUS.items()), key=lambda i: i.attention)[:-1]
        note = (f"De {CHART_MAX_STRIPS} indikatorer av {format_decimal(len(items))} som mest behöver uppmärksamhet "
                f"({', '.join(i.plural for i in first)}); alla står i tabellen ovan.")
        items = weakest(items, CHART_MAX_STRIPS)
    return Chart("fulfilment", "Måluppfyllelse per indikator", fulfilment=items, note=note)


def deviation_chart_block(c: Computed, unit: str) -> Chart:
    op = c.operating
    what = "verksamhet" if op.sections else "rad"
    items, total = chart_deviations(c, CHART_MAX_BARS)
    note = f"De {CHART_MAX_BARS} största avvikelserna av {format_decimal(total)}." if total > CHART_MAX_BARS else ""
    return Chart("deviation", f"Avvikelse mot budget per {what} ({unit})", deviation=items, unit=unit, note=note)


def value_text(v: IndicatorValueOut, unit: str = "") -> str:
    """An indicator value from the report dict: '90 %', '3,58 %', 'Ja', '13 st', '–'."""
    if v is None:
        return "–"
    if isinstance(v, str):
        return v
    d = Decimal(v)
    exp = d.normalize().as_tuple().exponent
    places = max(0, -exp) if isinstance(exp, int) else 0
    text = format_decimal(d, places)
    return f"{text} {unit}".strip() if unit else text


def target_text(ind: IndicatorDict) -> str:
    comp = Comparison(ind["comparison"])
    if comp is Comparison.MANUAL:
        return "manuell"
    if ind["target"] is None:
        return "–"
    return f"{comp.symbol} {value_text(ind['target'], ind['unit'])}"


def amount_cells(unit: str) -> Callable[[int | None], str]:
    """`_tkr` for one unit as a one-argument function (the statement tables call it for every cell):
    whole kronor rounded half up in integers, as format_amount does."""
    n = UNITS[unit]
    half = n // 2

    def cell(v: int | None) -> str:
        if v is None:
            return ""
        if type(v) is int:
            if v >= 0:
                return f"{(v + half) // n:,}".replace(",", " ")
            q = (half - v) // n
            return f"-{q:,}".replace(",", " ") if q else "0"
        return format_amount(v, unit)

    return cell


def _tkr(v: int | None, unit: str = "tkr") -> str:
    return "" if v is None else format_amount(v, unit)


def split_sentence(d: ReportDict, organisation: str, full_year: bool = True) -> str:
    """'Årets resultat för … visar ett överskott med 158 552 kr. … Askersund 43 621 kr, …'"""
    surplus = d["split"]["surplus"]  # the figure the split divides
    who = f" för {organisation}" if organisation else ""
    subject = "Årets resultat" if full_year else f"Helårsprognosen vid {d['period']}"
    lines = d["operating"]["lines"]
    if full_year:
        missing = sum(1 for ln in lines if ln["outcome"] is None)
    else:  # once anything is reported every line has its forecast, else its budget (the basis paragraph)
        missing = 0 if d["operating"]["basis"]["reported_lines"] else len(lines)
    if lines and missing == len(lines):
        return f"{subject}{who}: utfall saknas ännu."
    note = f" (utfall saknas för {count_sv(missing, 'rad', 'rader')}; resultatet är ofullständigt)" if missing else ""
    if not surplus:
        return f"{subject}{who} visar ett nollresultat{note}."
    word = "överskott" if surplus > 0 else "underskott"
    text = f"{subject}{who} visar ett {word} med {format_amount(abs(surplus), 'kr')} kr{note}."
    parts = d["split"]["result"]
    if parts:
        listed = ", ".join(f"{r['municipality']} {format_amount(abs(r['amount']), 'kr')} kr" for r in parts)
        text += (f" Nämnden budgeteras och redovisas som en enhet, där eventuellt över- eller underskott "
                 f"fördelas mellan medlemskommunerna. Fördelningen av {word}et {d['year']} blir enligt följande: "
                 f"{listed}.")
    return text


def title_page(c: Computed, d: ReportDict, options: ReportOptions) -> TitlePage:
    org = d["organisation"]
    date = options.date or _dt.date.today().isoformat()
    decision = ""
    if options.decision_date or options.decision_paragraph:
        who = org or "nämnden"
        when = f" {options.decision_date}" if options.decision_date else ""
        para = f", {options.decision_paragraph}" if options.decision_paragraph else ""
        decision = f"Antagen av {who}{when}{para}."
    return TitlePage(G.report_title(d["year"], d["period"], c.period.full_year), org, date, decision)


def report_document(c: Computed, d: ReportDict | None = None, unit: str = "tkr",
                    options: ReportOptions | None = None) -> list[Block]:
    """The report's blocks; operating and investment tables in `unit` (tkr, as printed, or kr)."""
    options = options or ReportOptions()
    d = d or report_dict(c)
    blocks: list[Block] = [title_page(c, d, options), Heading(1, f"1 {G.CH_OPERATIONS}")]
    blocks += _goal_blocks(c, d)
    blocks += _economy_blocks(c, d, unit)
    if "audit" in d:  # the anchor of the log's chain: what `log --verify --against` checks later
        a = d["audit"]
        blocks.append(Paragraph(f"Ändringsloggen: {count_sv(a['rows'], 'rad', 'rader')}, kontrollsumma {a['head']}"
                                f" (kontrolleras med sydnarke-tui log --verify --against {a['head']})."))
    if options.with_checks:
        blocks += _check_blocks(d)
    return blocks


def _goal_blocks(c: Computed, d: ReportDict) -> list[Block]:
    """Måluppfyllelse and Verksamhetsberättelse."""
    year, org = d["year"], d["organisation"]
    blocks: list[Block] = []
    s = d["summary"]
    blocks.append(Heading(2, f"1.1 {G.CH_GOALS}"))
    who = org or "Nämnden"
    blocks.append(Paragraph(f"{who} uppnådde {year} ({d['period']}) följande rörande nämndmålen:"))
    counts = cast(Mapping[str, int], s)  # keyed by the status table (report_json builds them from it)
    blocks.append(Bullets([info.count_line.format(n=counts[info.json_key]) for _, info in INDICATOR_STATUS.items()]))
    verdict = GoalStatus(s["verdict"])
    blocks.append(Paragraph(GOAL_STATUS[verdict].verdict_sentence
                            + f" (Avgörande regel: {CLAUSE_SV.get(s['clause'], s['clause'])}.)"))
    blocks.append(Heading(3, G.CH_ASSESSMENT))
    blocks.append(Paragraph(RULE_INTRO))
    blocks.append(Bullets(list(rule_text(c.period.full_year))))
    blocks.append(Heading(3, f"1.1.1 {G.CH_GOAL_TABLE}"))
    t = _goal_table(d)
    blocks += [t, fulfilment_chart(c)]
    notes = []
    for goal in c.year.goals:
        comment = goal.comments.get(c.period.code, "").strip()
        if comment:
            notes.append(f"{goal.title}: {_one_line(comment)}")
        for ind in goal.indicators:
            iv = ind.value(c.period.code)
            text = " ".join(x for x in (_one_line(iv.justification), _one_line(iv.comment)) if x)
            if text:
                notes.append(f"{ind.name}: {text}")
    if notes:
        blocks.append(Paragraph("Kommentarer till måluppfyllelsen:"))
        blocks.append(Bullets(notes))

    # ------------------------------------------------ Verksamhetsberättelse
    blocks.append(Heading(2, f"1.2 {G.CH_NARRATIVE}"))
    narrative = c.year.narrative.get(c.period.code, "").strip()
    if narrative:
        for para in [p.strip() for p in narrative.replace("\r\n", "\n").split("\n\n")]:
            if para:
                blocks.append(Paragraph(" ".join(para.split("\n"))))
    else:
        blocks.append(Paragraph("(Ingen verksamhetsberättelse för perioden.)"))
    return blocks


def _goal_table(d: ReportDict) -> Table:
    """1.1.1 Nämndmål: per goal its row (bold, its verdict under Status), then its indicators."""
    year = d["year"]
    has_prev = any("previous_outcome" in ind for g in d["goals"] for ind in g["indicators"])
    # one name column: a goal's row (bold, its verdict under Status) and then its indicators; a column of goal
    # titles beside the indicators would take the page's width from the names
    cols = [Column(f"{G.CH_GOAL_TABLE} och indikator"), Column(f"Utfall {year}", True)]
    if has_prev:
        cols.append(Column(f"Utfall {year - 1}", True))
    t = Table([*cols, Column(f"Målvärde {year}", True), Column("Måluppfyllelse", True), Column("Status")])
    for g in d["goals"]:
        gstatus = GOAL_STATUS_SV[GoalStatus(g["status"])]
        t.rows.append(Row([g["title"], "", *([""] if has_prev else []), "", "", gstatus], "goal"))
        for ind in g["indicators"]:
            outcome = value_text(ind["outcome"], ind["unit"]) if ind["comparison"] != "manual" else "–"
            if "forecast" in ind and ind["forecast"] is not None:
                outcome += f" (prognos {value_text(ind['forecast'], ind['unit'])})"
            prev = [value_text(ind.get("previous_outcome"), ind["unit"])] if has_prev else []
            t.rows.append(Row([ind["name"], outcome, *prev, target_text(ind), format_pct(ind["fulfilment_pct"]),
                               STATUS_SV[Status(ind["status"])]]))
    return t


def _economy_blocks(c: Computed, d: ReportDict, unit: str) -> list[Block]:
    org = d["organisation"]
    blocks: list[Block] = [Heading(2, f"1.3 {G.CH_ECONOMY}")]
    blocks.append(_operating_table(d, unit))
    blocks += _basis_paragraph(d["operating"])
    blocks.append(deviation_chart_block(c, unit))
    blocks.append(Paragraph(split_sentence(d, org, c.period.full_year)))
    notes = [f"{ln.label}: {_one_line(ln.value(c.period.code).comment)}" for ln in c.year.operating
             if ln.value(c.period.code).comment.strip()]
    if notes:
        blocks.append(Paragraph("Kommentarer till driftredovisningen:"))
        blocks.append(Bullets(notes))
    blocks.append(_investment_table(d, unit))
    blocks += _basis_paragraph(d["investments"])
    notes = [f"{ln.label}: {_one_line(ln.value(c.period.code).comment)}" for ln in c.year.investments
             if ln.parent_id is None and ln.value(c.period.code).comment.strip()]
    if notes:
        blocks.append(Paragraph("Kommentarer till investeringsredovisningen:"))
        blocks.append(Bullets(notes))
    total_out = d["investments"]["total"]["outcome"]
    for v in d["investments"]["varav_totals"]:
        blocks.append(Paragraph(f"Av det totala utfallet ({_tkr(total_out, unit)} {unit}) utgör {v['label']} "
                                f"{_tkr(v['outcome'] or 0, unit)} {unit}."))
    blocks.append(_split_table(d))
    if d["split"].get("error"):
        blocks.append(Paragraph(f"Fördelningen kunde inte beräknas: {d['split']['error']}"))
    return blocks


def _basis_paragraph(statement: OperatingDict | InvestmentsDict) -> list[Block]:
    """At an interim period: what the table's Prognos helår and Avvikelse are ('… budget på övriga 6')."""
    text = statement["basis"]["text"]
    return [Paragraph(text + ".")] if text else []


def _outcome_title(d: ReportDict, interim: bool) -> str:
    """'Utfall 2019'; at an interim period 'Utfall T1 2019': the months so far, not the year."""
    return f"Utfall {d['period']} {d['year']}" if interim else f"Utfall {d['year']}"


def _forecast_cell(fig: FiguresDict, interim: bool) -> int | None:
    """The Prognos helår column: at an interim period the compared figure (forecast, else budget), so that
    Budget − Prognos helår = Avvikelse on every row; otherwise a forecast a line may still carry."""
    return fig.get("compared") if interim else fig.get("forecast")


def _to_date_columns(interim: bool) -> list[Column]:
    """At an interim period: the outcome so far against the budget of the same months (DESIGN §2.4)."""
    return [Column("Budget t.o.m.", True), Column("Avvikelse t.o.m.", True)] if interim else []


def _to_date_cells(fig: FiguresDict, interim: bool, tkr: Callable[[int | None], str]) -> list[str]:
    if not interim:
        return []
    to_date = fig.get("to_date")
    if to_date is None:
        return [tkr(None), tkr(None)]
    return [tkr(to_date["budget"]), tkr(to_date["deviation"])]


def _check_blocks(d: ReportDict) -> list[Block]:
    blocks: list[Block] = [Heading(1, G.CH_CHECKS)]
    checks = d["checks"]
    if not checks:
        blocks.append(Paragraph("Kontrollen hittade inga avvikelser mellan tryckta och beräknade värden."))
    else:
        counts = [info.report_count.format(n=sum(1 for x in checks if x["severity"] == s.value))
                  for s, info in SEVERITY.items()]
        blocks.append(Paragraph(f"Kontrollen hittade {alternatives(counts, 'och')}."))
        t = Table([Column("Allvar"), Column("Var"), Column("Tryckt", True), Column("Beräknat", True), Column("Meddelande")])
        for x in checks:
            t.rows.append(Row([SEVERITY_SV[Severity(x["severity"])], x["where"], _check_value(x["printed"], x["unit"]),
                               _check_value(x["computed"], x["unit"]), x["message"]]))
        blocks.append(t)
    return blocks


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _check_value(v: Number | None, unit: str | None) -> str:
    if v is None:
        return "–"
    d = Decimal(v)
    places = 0 if d == d.to_integral_value() else 3
    return f"{format_decimal(d, places)} {unit or ''}".strip()


def _operating_table(d: ReportDict, unit: str = "tkr") -> Table:
    """Revenues, costs and totals; grouped by verksamhet, each with its subtotal, when lines have one."""
    op = d["operating"]
    year = d["year"]
    lines = op["lines"]
    interim = op["basis"]["kind"] == "forecast"
    has_fc = interim or any("forecast" in ln for ln in lines)
    has_prev = any(ln.get("previous_outcome") is not None for ln in lines)
    cols = [Column(G.LINE_LABEL), Column(f"Budget {year}", True), Column(_outcome_title(d, interim), True)]
    if has_fc:
        cols.append(Column(G.FORECAST_FULL_YEAR, True))
    cols.append(Column(G.DEVIATION, True))
    cols += _to_date_columns(interim)
    if has_prev:
        cols.append(Column(f"Utfall {year - 1}", True))
    t = Table(cols, caption=f"{STATEMENT[Statement.OPERATING].title} ({unit})")

    tkr = amount_cells(unit)

    def row(label: str, fig: FiguresDict, style: str = "") -> None:
        cells = [label, tkr(fig["budget"]), tkr(fig["outcome"])]
        if has_fc:
            cells.append(tkr(_forecast_cell(fig, interim)))
        cells.append(tkr(fig["deviation"]))
        cells += _to_date_cells(fig, interim, tkr)
        if has_prev:
            cells.append(tkr(fig.get("previous_outcome")))
        t.rows.append(Row(cells, style))

    if op.get("sections"):
        by_section: dict[str | None, list[OperatingLineDict]] = {}
        for ln in lines:  # grouped once: a scan of every line per verksamhet is slow with many of them
            by_section.setdefault(ln["section"], []).append(ln)
        for sec in op["sections"]:
            t.rows.append(Row([sec["label"], *[""] * (len(cols) - 1)], "goal"))
            for ln in by_section.get(sec["label"], ()):
                row(f"{VARAV_INDENT}{ln['label']}", ln)
            row(f"{G.SUM} {sec['label']}", sec["net"], "total")
        ungrouped = [ln for ln in lines if ln["section"] is None]
        for ln in ungrouped:
            row(ln["label"], ln)
        row(G.TOTAL_REVENUE, op["totals"]["revenue"], "total")
        row(G.TOTAL_COST, op["totals"]["cost"], "total")
    else:
        for kind, label, total in (("revenue", G.TOTAL_REVENUE, op["totals"]["revenue"]),
                                   ("cost", G.TOTAL_COST, op["totals"]["cost"])):
            for ln in lines:
                if ln["kind"] == kind:
                    row(ln["label"], ln)
            row(label, total, "total")
    row(G.NET_RESULT, op["totals"]["net"], "total")
    return t


def _investment_table(d: ReportDict, unit: str = "tkr") -> Table:
    inv = d["investments"]
    year = d["year"]
    lines = inv["lines"]
    interim = inv["basis"]["kind"] == "forecast"
    has_fc = interim or any("forecast" in ln for ln in lines)
    has_prev = any(x.get("previous_outcome") is not None for ln in lines for x in (ln, *ln["varav"]))
    cols = [Column(G.PROJECT), Column(G.MUNICIPALITY), Column(f"Budget {year}", True),
            Column(_outcome_title(d, interim), True)]
    if has_fc:
        cols.append(Column(G.FORECAST_FULL_YEAR, True))
    cols.append(Column(G.DEVIATION, True))
    cols += _to_date_columns(interim)
    if has_prev:
        cols.append(Column(f"Utfall {year - 1}", True))
    t = Table(cols, caption=f"{STATEMENT[Statement.INVESTMENTS].title} ({unit})")

    tkr = amount_cells(unit)

    def row(label: str, muni: str, fig: FiguresDict, style: str = "") -> None:
        cells = [label, muni, tkr(fig["budget"]), tkr(fig["outcome"])]
        if has_fc:
            cells.append(tkr(_forecast_cell(fig, interim)))
        cells.append(tkr(fig["deviation"]))
        cells += _to_date_cells(fig, interim, tkr)
        if has_prev:
            cells.append(tkr(fig.get("previous_outcome")))
        t.rows.append(Row(cells, style))

    for ln in lines:
        row(ln["label"], ln["municipality"] or G.COMMON, ln)
        for v in ln["varav"]:
            row(f"{VARAV_INDENT}{G.VARAV} {v['label']}", "", varav_figures(v), "varav")
    row(G.TOTAL_INVESTED, "", inv["total"], "total")
    return t


def _split_table(d: ReportDict) -> Table:
    sp = d["split"]
    t = Table([Column(G.MUNICIPALITY), Column("Andel", True), Column("Överskott (+) / underskott (−), kr", True),
               Column("Driftbidrag, kr", True), Column("Investeringar egna, kr", True),
               Column("Investeringar gemensamma, kr", True), Column("Investeringar totalt, kr", True)],
              caption=G.SPLIT_TABLE)
    contrib = {r["municipality"]: r["amount"] for r in sp["contribution"]}
    inv = {r["municipality"]: r for r in sp["investments"]}
    for r in sp["result"]:
        m = r["municipality"]
        i = inv.get(m)
        own, common, total = (None, None, None) if i is None else (i["own_outcome"], i["common_outcome"], i["outcome"])
        t.rows.append(Row([m, format_pct(Decimal(r["share_pct"]), 3), format_amount(r["amount"], "kr"),
                           format_amount(contrib.get(m), "kr"), format_amount(own, "kr"),
                           format_amount(common, "kr"), format_amount(total, "kr")]))
    if "sum" in sp:
        s = sp["sum"]
        t.rows.append(Row([G.SUM, format_pct(Decimal(s["share_pct"]), 3), format_amount(s["result"], "kr"),
                           format_amount(s["contribution"], "kr"), format_amount(s["own_outcome"], "kr"),
                           format_amount(s["common_outcome"], "kr"), format_amount(s["outcome"], "kr")], "total"))
    return t
