"""4. Investeringar: projects and varav rows with live totals and the split per member."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll

from ...core.accounts import Figures
from ...core.compute import Computed
from ...core.glossary import TOTAL_INVESTED
from ...core.model import InvestmentLine
from ...session import FieldSpec
from ...session import parsing as P
from ..cells import figure_rows
from ..text import T, cell, safe
from ..table import Ledger
from ..widgets import LinePanel
from .dialogs import PromptScreen
from .lines import LinesScreen


class InvestmentScreen(LinesScreen):
    MODE = "invest"
    ENTITY = "investment"
    TABLE_ID = "inv-table"
    BINDINGS = [
        Binding("n,insert", "add", "Ny rad", id="investments.add"),
        Binding("v,ctrl+v", "add_varav", "Ny varav-rad", id="investments.add_varav"),
        Binding("d,delete", "delete", "Ta bort", id="investments.delete"),
        Binding("u,shift+up", "move(-1)", "Flytta upp", id="investments.move_up", show=False),
        Binding("j,shift+down", "move(1)", "Flytta ned", id="investments.move_down", show=False),
    ]
    COLUMNS = [("label", "Projekt (tkr)", 22), ("m", "Kommun", 10), ("budget", "Budget", 8),
               ("outcome", "Utfall", 8), ("forecast", "Prognos", 8), ("dev", "Avvikelse", 9)]
    PREV_AT, PREV_WIDTH, PREV_WIDTHS = 2, 9, {"label": 14, "m": 9}
    PALETTE = [("add", "Investeringar: ny rad", "n / Insert"),
               ("add_varav", "Investeringar: ny varav-rad", "v"),
               ("delete", "Investeringar: ta bort rad", "d / Delete"),
               ("move(-1)", "Investeringar: flytta upp", "u"), ("move(1)", "Investeringar: flytta ned", "j")]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body-v"):
            yield Ledger(list(self.COLUMNS), id="inv-table", classes="lines", cells=self._cell_spec,
                         on_row=self._follow_row)
            with Horizontal(classes="bottom"):
                yield VerticalScroll(id="line-form", classes="form")
                with VerticalScroll(id="inv-box", classes="panel wide"):  # scrolls the panel's rows (one widget)
                    yield LinePanel(id="inv-panel")

    def __init__(self) -> None:
        super().__init__()
        self._src: dict[str, int] = {}  # row key -> its place in the computed rows
        self._rows_of: Computed | None = None  # the result _rows_list was listed from
        self._rows_list: list[tuple[InvestmentLine, Figures]] = []

    def _line_cells(self, ln: InvestmentLine, f: Figures, interim: bool) -> list[Text]:
        varav = ln.parent_id is not None
        label = ("  varav " + ln.label) if varav else ln.label
        return [cell(label, "italic" if varav else ""), cell(P.fmt_municipality(ln.municipality))] + \
            self._prev_cells(ln) + self._figs_cells(f, interim)

    def _rows_now(self) -> list[tuple[InvestmentLine, Figures]]:
        """The computed rows (lines and their varav rows, in order), listed once per result."""
        c = self.session.figures
        if self._rows_of is not c:
            self._rows_of, self._rows_list = c, list(c.investments.rows())
        return self._rows_list

    def _cells(self, key: str) -> list[Text]:
        c = self.session.figures
        interim = not self.session.period.full_year
        if key == "t:total":
            return [cell(TOTAL_INVESTED, "bold"), cell("")] + self._prev_cells(None, c.investments.total.previous) \
                + self._figs_cells(c.investments.total, interim)
        ln, f = self._rows_now()[self._src[key]]
        return self._line_cells(ln, f, interim)

    def _search(self, key: str) -> str:
        if key == "t:total":
            return TOTAL_INVESTED
        ln = self._rows_now()[self._src[key]][0]
        return f"{ln.label} {ln.municipality or ''}"

    def render_full(self) -> None:
        self._sync_columns()
        self._src = {f"l:{ln.id}": i for i, (ln, _) in enumerate(self._rows_now())}
        self.table.set_rows([*self._src, "t:total"], self._cells, self._search)
        self.reload_cell(self.table)
        self.call_later(self._selection_changed)
        self._panel()

    def render_live(self, spec: FieldSpec) -> None:
        if spec.entity == "investment":
            # A varav row's figures also change its project's (the parent) row.
            rows = self._rows_now()
            pos = self._src.get(f"l:{spec.entity_id}")
            keys = [f"l:{spec.entity_id}", "t:total"]
            if pos is not None and rows[pos][0].parent_id is not None:
                keys.append(f"l:{rows[pos][0].parent_id}")
            self.table.invalidate(keys)
        self._panel()

    def _panel(self) -> None:
        c = self.session.figures
        t = c.investments.total
        parts: list[Any] = [("Summa ", "bold"), f"{self.amount(t.compared)} {self.unit} (budget {self.amount(t.budget)})\n",
                 (f"Per medlem {self.unit} = egna + gemensamt\n", "bold")]
        if c.split_error:
            parts.append(("⚠ " + c.split_error + "\n", "bold"))
        rows = [(safe(mi.municipality), [self.amount(mi.outcome), self.amount(mi.own_outcome),
                                         self.amount(mi.common_outcome)]) for mi in c.investment_split]
        mark = [("✱ ogiltigt: senaste giltiga visas", "bold reverse")] if self.session.invalid else []
        # Laid out for the panel's width: on a narrow one each member takes two lines, no figure cut.
        self.query_one("#inv-panel", LinePanel).show(
            lambda width: T(*parts, figure_rows(rows, [" = ", " + "], width), *mark))

    def action_add(self) -> None:
        session = self.session

        def done(label: str | None) -> None:
            if label:
                self._after_add(self.act(session.add_investment_line, label))

        self.app.push_screen(PromptScreen("Namn på det nya projektet (gemensamt; ändra under Kommun):"), done)

    def action_add_varav(self) -> None:
        session = self.session
        lid = self._selected_id()
        ln = None if session.model is None else next((x for x in session.model.investments if x.id == lid), None)
        if ln is None:
            self.notify("Markera först projektet som varav-raden hör till.", markup=False)
            return
        parent = ln.parent_id or ln.id

        def done(label: str | None) -> None:
            if label:
                self._after_add(self.act(session.add_investment_line, label, parent))

        self.app.push_screen(PromptScreen("Namn på varav-raden (t.ex. Sydnet 2.0):"), done)
