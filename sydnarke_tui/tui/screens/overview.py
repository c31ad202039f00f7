"""1. Översikt: year and period, verdict and counts, goals, result, split, findings."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from ...core.assessment import CLAUSE_SV
from ...core.compute import Computed
from ...core.model import GOAL_STATUS_SV, SEVERITY_PLURAL_SV, SEVERITY_SV, STATUS_SV, Severity, Status, Year
from ...core.text import count_sv
from ...core.numbers import format_amount, format_decimal
from ..text import T, cell
from ..charts import YearCharts
from ..table import LedgerTable
from ..widgets import LiveStatic
from .base import BaseScreen
from .dialogs import ChoiceScreen


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
        Binding("y", "choose_year", "År", id="overview.year"),  # Ctrl+Y is redo
        Binding("p,ctrl+t", "choose_period", "Period", id="overview.period"),
    ]
    PALETTE = [("choose_year", "Översikt: välj år", "y"), ("choose_period", "Översikt: välj period", "p")]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="overview"):
            # Year and period on one line; y and p open the list to choose from (two Select widgets
            # took three rows each and a quarter of the screen's first build).
            yield LiveStatic(id="chooser")
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

    def _show_chooser(self) -> None:
        s = self.session
        self.query_one("#chooser", LiveStatic).show(T(
            ("År ", "bold"), (f" {s.year_no} ", "reverse"), " y   ",
            ("Period ", "bold"), (f" {s.period.name} ", "reverse"), " p",
        ))

    def action_choose_year(self) -> None:
        """y: the years in a list (arrows choose, Enter shows the year, Esc keeps this one)."""
        years = self.session.years
        if years:
            self.app.push_screen(ChoiceScreen("Visa år:", [(y, str(y)) for y in years], self.session.year_no),
                                 self._year_chosen)

    def _year_chosen(self, answer: Any) -> None:
        if answer is not None and answer[1] != self.session.year_no:
            self.host.show_year(int(answer[1]))

    def action_choose_period(self) -> None:
        """p: the year's periods in a list, as for the year."""
        model = self.session.model
        if model is not None:
            self.app.push_screen(ChoiceScreen("Visa period:", [(p.code, p.name) for p in model.periods],
                                              self.session.period_code), self._period_chosen)

    def _period_chosen(self, answer: Any) -> None:
        if answer is not None and answer[1] != self.session.period_code:
            self.host.show_period(str(answer[1]))

    def render_full(self) -> None:
        session = self.session
        c = session.figures
        self._show_chooser()
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

