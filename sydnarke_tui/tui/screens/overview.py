"""1. Översikt: year and period, verdict and counts, goals, result, split, findings."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Select

from ...core.assessment import CLAUSE_SV
from ...core.compute import Computed
from ...core.model import GOAL_STATUS_SV, SEVERITY_PLURAL_SV, SEVERITY_SV, STATUS_SV, Severity, Status
from ...core.text import count_sv
from ...core.numbers import format_amount, format_decimal
from ...core.model import DEFAULT_PERIODS, Year
from ..text import T, cell
from ..textual_adapter import select_ready
from ..charts import YearCharts
from ..table import LedgerTable
from ..widgets import LiveStatic
from .base import BaseScreen


def result_text(c: Computed, unit: str) -> Text:
    """The result line; at an interim period labelled as the forecast it is, with its basis under it."""
    net = c.operating.net
    if net.compared is None:  # a new year: nothing to show but the budget
        budget = "–" if net.budget is None else f"{format_amount(net.budget, unit)} {unit}"
        return T(("Driftresultat: ", "bold"), f"inga utfall ännu (budget netto {budget})")
    surplus = c.surplus
    word = "överskott" if surplus >= 0 else "underskott"
    basis = c.basis.text_sv()  # None at full year: nothing extra
    return T(
        ("Driftresultat, prognos helår: " if basis else "Driftresultat: ", "bold"),
        f"netto {format_amount(net.compared, unit)} {unit}, ",
        (f"{word} {format_decimal(abs(surplus))} kr", "bold"),
        f", avvikelse {_amount(net.deviation, unit)}",
        *([f"\n{basis}"] if basis else []),
        *([f"\nT.o.m. månad {c.period.last_month}: budget {_amount(net.budget_to_date, unit)}, utfall "
           f"{_amount(net.outcome, unit)}, avvikelse {_amount(net.deviation_to_date, unit)}"]
          if basis and net.outcome is not None else []),
    )


def _amount(kronor: int | None, unit: str) -> str:
    return "–" if kronor is None else f"{format_amount(kronor, unit)} {unit}"


def key_banner_text(c: Computed, model: Year | None) -> str | None:
    if model is None or model.key.basis != "shares" or not model.key.members or c.key_total_pct == 100:
        return None
    return (f"⚠ Fördelningsnyckeln summerar till {format_decimal(c.key_total_pct, 3)} %, inte 100 %: "
            "rätta andelarna under Fördelning (F6).")


class OverviewScreen(BaseScreen):
    MODE = "oversikt"
    BINDINGS = [
        Binding("y", "focus_year", "År", id="overview.year"),  # Ctrl+Y is redo
        Binding("p,ctrl+t", "focus_period", "Period", id="overview.period"),
    ]
    PALETTE = [("focus_year", "Översikt: välj år", "y"), ("focus_period", "Översikt: välj period", "p")]

    def __init__(self) -> None:
        super().__init__()
        self._yopts: list[int] = []
        self._popts: list[tuple[str, str]] = []

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="overview"):
            with Horizontal(id="chooser"):
                years = self.session.years or [0]
                self._yopts = list(self.session.years)
                self._popts = [(p.code, p.name) for p in DEFAULT_PERIODS]
                yield Select([(Text(str(y)), y) for y in years], id="year-select", allow_blank=False,
                             value=self.session.year_no if self.session.year_no in years else years[0])
                yield Select([(Text(p.name), p.code) for p in DEFAULT_PERIODS], id="period-select",
                             allow_blank=False, value=DEFAULT_PERIODS[-1].code)
            yield LiveStatic(id="key-banner")
            yield LiveStatic(id="verdict")
            yield LiveStatic(id="counts")
            yield LedgerTable([("goal", "Mål", 58), ("status", "Status", 12)], id="goal-table")
            yield LiveStatic(id="result")
            yield LedgerTable([("m", "Kommun", 14), ("share", "Andel", 8), ("res", "Resultat kr", 12),
                             ("contrib", "Driftbidrag kr", 14)], id="split-table", flex="m")
            yield LiveStatic(id="findings")
            yield YearCharts(id="charts")

    def _key_banner(self, c: Computed) -> None:
        """Until the key sums to 100 %, say so at the top (the split is scaled meanwhile)."""
        banner = self.query_one("#key-banner", LiveStatic)
        text = key_banner_text(c, self.session.model)
        banner.display = text is not None
        if text is not None:
            banner.show(T((text, "bold reverse")))

    def action_focus_year(self) -> None:
        self._open("#year-select")

    def action_focus_period(self) -> None:
        self._open("#period-select")

    def _open(self, selector: str) -> None:
        """Focus the selector and open its list (arrows choose, Enter takes, Esc closes)."""
        select = self.query_one(selector, Select)
        select.focus()
        select.action_show_overlay()

    def _sync_selects(self) -> None:
        session = self.session
        ys = self.query_one("#year-select", Select)
        ps = self.query_one("#period-select", Select)
        if not select_ready(ys) or not select_ready(ps):
            self.call_after_refresh(self._sync_selects)
            return
        if session.model is None:
            return
        if self._yopts != session.years and session.years:
            ys.set_options([(Text(str(y)), y) for y in session.years])
            self._yopts = list(session.years)
        if ys.value != session.year_no and session.year_no in session.years:
            ys.value = session.year_no
        popts = [(p.code, p.name) for p in session.model.periods]
        if self._popts != popts:
            ps.set_options([(Text(n), c) for c, n in popts])
            self._popts = popts
        if ps.value != session.period_code:
            ps.value = session.period_code

    def on_select_changed(self, event: Select.Changed) -> None:
        # Only a user's choice (the Select or its list has focus) changes the period;
        # programmatic updates (set_options, value=) also post Changed.
        if event.value is Select.BLANK or not (event.select.has_focus or event.select.expanded):
            return
        if event.select.id == "year-select" and isinstance(event.value, int) and event.value != self.session.year_no:
            self.host.show_year(event.value)
        elif event.select.id == "period-select" and event.value != self.session.period_code:
            self.host.show_period(str(event.value))

    def render_full(self) -> None:
        session = self.session
        c = session.figures
        self._sync_selects()
        a = c.assessment
        self._key_banner(c)
        self.query_one("#verdict", LiveStatic).show(T(
            ("Bedömning: ", "bold"), (GOAL_STATUS_SV[a.verdict], "bold " + self.palette.status(a.verdict)),
            f" — {CLAUSE_SV[a.clause]}",
        ))
        self.query_one("#counts", LiveStatic).show(T(*[
            part for s in Status for part in (
                (f"{STATUS_SV[s].capitalize()} ", ""), (f"{a.counts[s]}", "bold"), ("  ", ""))
        ]))
        self.query_one("#goal-table", LedgerTable).sync(
            (f"g:{gr.goal.id}", [cell(gr.goal.title),
                                 cell(GOAL_STATUS_SV[gr.status], self.palette.status(gr.status))])
            for gr in a.goals
        )
        self.query_one("#result", LiveStatic).show(result_text(c, self.unit))
        contrib = {r.municipality: r.amount for r in c.contribution_split}
        rows = []
        for r in c.result_split:
            rows.append((f"m:{r.municipality}", [
                cell(r.municipality), cell(format_decimal(r.share_pct, 3), right=True),
                cell(format_decimal(r.amount), right=True),
                cell(format_decimal(contrib.get(r.municipality, 0)), right=True),
            ]))
        if c.split_error:
            rows.append(("err", [cell("⚠ " + c.split_error, "bold"), cell(""), cell(""), cell("")]))
        self.query_one("#split-table", LedgerTable).sync(rows)
        counts = {s: 0 for s in Severity}
        for f in session.findings:
            counts[f.severity] += 1
        self.query_one("#findings", LiveStatic).show(T(
            ("Kontroll: ", "bold"), f"{len(session.findings)} fynd (",
            ", ".join(count_sv(counts[s], SEVERITY_SV[s], SEVERITY_PLURAL_SV[s]) for s in Severity),
            ") — F7 visar dem",
        ))
        self.query_one("#charts", YearCharts).show(c, self.unit)

