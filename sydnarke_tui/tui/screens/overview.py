"""1. Översikt: year and period, verdict and counts, goals, result, split, findings.

Drawn from one `OverviewFigures` (core.overview): the session's, or at start, while the
year is still being read for editing, the figures another process computed (the app's
`early_figures`, session.early)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll

from ...core.assessment import CLAUSE_SV
from ...core.model import GOAL_STATUS_SV, SEVERITY_PLURAL_SV, SEVERITY_SV, STATUS_SV, Severity, Status
from ...core.numbers import format_amount, format_decimal
from ...core.overview import OverviewFigures, overview_of
from ...core.text import count_sv
from ..charts import YearCharts
from ..table import LedgerTable
from ..text import T, cell
from ..widgets import LiveStatic
from .base import BaseScreen


def result_text(ov: OverviewFigures, unit: str) -> Text:
    """The result line; at an interim period labelled as the forecast it is, with its basis under it."""
    net = ov.net
    if net.compared is None:  # a new year: nothing to show but the budget
        budget = "–" if net.budget is None else f"{format_amount(net.budget, unit)} {unit}"
        return T(("Driftresultat: ", "bold"), f"inga utfall ännu (budget netto {budget})")
    surplus = ov.surplus
    word = "överskott" if surplus >= 0 else "underskott"
    basis = ov.basis.text_sv()  # None at full year: nothing extra
    return T(
        ("Driftresultat, prognos helår: " if basis else "Driftresultat: ", "bold"),
        f"netto {format_amount(net.compared, unit)} {unit}, ",
        (f"{word} {format_decimal(abs(surplus))} kr", "bold"),
        f", avvikelse {_amount(net.deviation, unit)}",
        *([f"\n{basis}"] if basis else []),
        *([f"\nT.o.m. månad {ov.period.last_month}: budget {_amount(net.budget_to_date, unit)}, utfall "
           f"{_amount(net.outcome, unit)}, avvikelse {_amount(net.deviation_to_date, unit)}"]
          if basis and net.outcome is not None else []),
    )


def _amount(kronor: int | None, unit: str) -> str:
    return "–" if kronor is None else f"{format_amount(kronor, unit)} {unit}"


def key_banner_text(ov: OverviewFigures) -> str | None:
    if ov.key_off_pct is None:
        return None
    return (f"⚠ Fördelningsnyckeln summerar till {format_decimal(ov.key_off_pct, 3)} %, inte 100 %: "
            "rätta andelarna under Fördelning (F6).")


class OverviewScreen(BaseScreen):
    MODE = "oversikt"
    _early_drawn: OverviewFigures | None = None  # the child's figures on show (tui/app.py's early_figures)
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

    def _key_banner(self, ov: OverviewFigures) -> None:
        """Until the key sums to 100 %, say so at the top (the split is scaled meanwhile)."""
        banner = self.query_one("#key-banner", LiveStatic)
        text = key_banner_text(ov)
        banner.display = text is not None
        if text is not None:
            banner.show(T((text, "bold reverse")))

    def _show_chooser(self, ov: OverviewFigures) -> None:
        self.query_one("#chooser", LiveStatic).show(T(
            ("År ", "bold"), (f" {ov.year} ", "reverse"), " y   ",
            ("Period ", "bold"), (f" {ov.period.name} ", "reverse"), " p",
        ))

    def action_choose_year(self) -> None:
        """y: the years in a list (arrows choose, Enter shows the year, Esc keeps this one)."""
        from .dialogs import ChoiceScreen  # the dialogs are not needed before the first paint

        years = self.session.years
        if years:
            self.app.push_screen(ChoiceScreen("Visa år:", [(y, str(y)) for y in years], self.session.year_no),
                                 self._year_chosen)

    def _year_chosen(self, answer: Any) -> None:
        if answer is not None and answer[1] != self.session.year_no:
            self.host.show_year(int(answer[1]))

    def action_choose_period(self) -> None:
        """p: the year's periods in a list, as for the year."""
        from .dialogs import ChoiceScreen

        model = self.session.model
        if model is not None:
            self.app.push_screen(ChoiceScreen("Visa period:", [(p.code, p.name) for p in model.periods],
                                              self.session.period_code), self._period_chosen)

    def _period_chosen(self, answer: Any) -> None:
        if answer is not None and answer[1] != self.session.period_code:
            self.host.show_period(str(answer[1]))

    def refresh_view(self) -> None:
        self._early_drawn = None
        if self.session.model is None and self.composed:
            early = self.host.early_figures
            shown = early is not None and self.session.year_no in (None, early.year)  # None: not yet set
            # "Laddar…" above the child's figures: the year is not yet open for editing. Figures that
            # were dropped (a read that failed) are not left under it.
            self.query_one("#overview").display = shown
            if shown:
                self.show_header()
                self.show_figures(early)  # type: ignore[arg-type] # shown: not None
                # Drawn as of this revision: the screen's first resume (right after its mount) draws
                # nothing again; the year's adoption changes the revision and redraws (apply), and
                # figures dropped meanwhile are taken off when the screen is shown (on_screen_resume).
                self._revision, self._palette = self.session.revision, self.host.palette
                self._early_drawn = early
                return
        super().refresh_view()

    def on_screen_resume(self) -> None:
        # Before BaseScreen's own (Textual calls each class's handler): the child's figures dropped (a
        # failed read) while another tab was on show are taken off; BaseScreen's then finds all drawn.
        if self._early_drawn is not None and self.host.early_figures is not self._early_drawn:
            self.refresh_view()

    def render_full(self) -> None:
        self.query_one("#overview").display = True
        self.show_figures(overview_of(self.session.figures, self.session.findings))

    def show_figures(self, ov: OverviewFigures) -> None:
        self._show_chooser(ov)
        self._key_banner(ov)
        self.query_one("#verdict", LiveStatic).show(T(
            ("Bedömning: ", "bold"), (GOAL_STATUS_SV[ov.verdict], "bold " + self.palette.status(ov.verdict)),
            f" — {CLAUSE_SV[ov.clause]}",
        ))
        self.query_one("#counts", LiveStatic).show(T(*[
            part for s in Status for part in (
                (f"{STATUS_SV[s].capitalize()} ", ""), (f"{ov.counts[s]}", "bold"), ("  ", ""))
        ]))
        self.query_one("#goal-table", LedgerTable).sync(
            (f"g:{g.goal_id}", [cell(g.title), cell(GOAL_STATUS_SV[g.status], self.palette.status(g.status))])
            for g in ov.goals
        )
        self.query_one("#result", LiveStatic).show(result_text(ov, self.unit))
        rows = [(f"m:{m.municipality}", [
            cell(m.municipality), cell(format_decimal(m.share_pct, 3), right=True),
            cell(format_decimal(m.result), right=True), cell(format_decimal(m.contribution), right=True),
        ]) for m in ov.members]
        if ov.split_error:
            rows.append(("err", [cell("⚠ " + ov.split_error, "bold"), cell(""), cell(""), cell("")]))
        self.query_one("#split-table", LedgerTable).sync(rows)
        self.query_one("#findings", LiveStatic).show(T(
            ("Kontroll: ", "bold"), f"{ov.findings_total} fynd (",
            ", ".join(count_sv(ov.findings[s], SEVERITY_SV[s], SEVERITY_PLURAL_SV[s]) for s in Severity),
            ") — F7 visar dem",
        ))
        self.query_one("#charts", YearCharts).show(ov, self.unit)
