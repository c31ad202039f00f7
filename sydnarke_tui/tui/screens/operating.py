"""3. Driftredovisning: operating lines with live totals, net result and split."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll

from ...core.model import Kind
from ...core.numbers import format_decimal
from ...session import FieldSpec
from ..text import T, cell
from ..widgets import LinePanel, SyncTable
from .dialogs import PromptScreen
from .lines import LinesScreen


class OperatingScreen(LinesScreen):
    MODE = "drift"
    TITLE_SV = "Driftredovisning"
    SHORT_SV = "Drift"
    KEYS = ("f4", "3")
    ENTITY = "operating"
    TABLE_ID = "op-table"
    BINDINGS = [
        Binding("n,insert", "add", "Ny rad", id="operating.add"),
        Binding("d,delete", "delete", "Ta bort", id="operating.delete"),
        Binding("u,shift+up", "move(-1)", "Flytta upp", id="operating.move_up", show=False),
        Binding("j,shift+down", "move(1)", "Flytta ned", id="operating.move_down", show=False),
    ]
    COLUMNS = [("label", "Rad (tkr)", 30), ("budget", "Budget", 9), ("outcome", "Utfall", 9),
               ("forecast", "Prognos", 9), ("dev", "Avvikelse", 9)]
    PREV_AT, PREV_WIDTH, PREV_WIDTHS = 1, 11, {"label": 18}
    PALETTE = [("add", "Drift: ny rad", "n / Insert"), ("delete", "Drift: ta bort rad", "d / Delete"),
               ("move(-1)", "Drift: flytta upp", "u"), ("move(1)", "Drift: flytta ned", "j")]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body-v"):
            yield SyncTable(list(self.COLUMNS), id="op-table", classes="lines")
            with Horizontal(classes="bottom"):
                yield VerticalScroll(id="line-form", classes="form")
                with VerticalScroll(id="op-panel", classes="panel"):
                    yield LinePanel(id="op-net")
                    yield LinePanel(id="op-split")

    def _rows(self):
        c = self.session.computed
        interim = not self.session.period.full_year
        for ln, f in c.operating.lines:
            yield f"l:{ln.id}", [cell(ln.label)] + self._prev_cells(ln) + self._figs_cells(f, interim)
        for k, label, f in self._totals():
            yield f"t:{k}", [cell(label, "bold")] + self._prev_cells(None, self._prev_kind(k)) \
                + self._figs_cells(f, interim)

    def _prev_kind(self, k: str) -> int | None:
        lines = self.session.model.operating
        if k != "net":
            lines = [ln for ln in lines if ln.kind.value == k]
        return self._prev_total(lines)

    def _totals(self):
        o = self.session.computed.operating
        return [("revenue", "Summa intäkter", o.revenue), ("cost", "Summa kostnader", o.cost),
                ("net", "Nettoresultat", o.net)]

    def render_full(self) -> None:
        self._sync_columns()
        self.query_one("#op-table", SyncTable).sync(self._rows())
        self.call_later(self._selection_changed)
        self._panel()

    def render_live(self, spec: FieldSpec) -> None:
        table = self.query_one("#op-table", SyncTable)
        c = self.session.computed
        interim = not self.session.period.full_year
        if spec.entity == "operating":
            lid = spec.entity_id
            for ln, f in c.operating.lines:
                if ln.id == lid:
                    table.set_cells(f"l:{ln.id}", [cell(ln.label)] + self._prev_cells(ln)
                                    + self._figs_cells(f, interim))
                    break
            for k, label, f in self._totals():
                table.set_cells(f"t:{k}", [None] + self._prev_cells(None, self._prev_kind(k))
                                + self._figs_cells(f, interim))
        self._panel()

    def _panel(self) -> None:
        app = self.session
        c = app.computed
        net = c.operating.net
        s = c.surplus
        parts = [("Nettoresultat ", "bold"), f"{self.amount(net.compared)} {self.unit}\n",
                 "Avvikelse     ", f"{self.amount(net.deviation)} {self.unit}\n",
                 ("Överskott " if s >= 0 else "Underskott ", "bold"), (f"{format_decimal(abs(s))} kr", "bold")]
        self.query_one("#op-net", LinePanel).show(T(*parts))
        parts = []
        if c.split_error:
            parts.append(("⚠ " + c.split_error, "bold"))
        for r in c.result_split:
            parts += [f"{r.municipality[:12]:<12}", f"{format_decimal(r.amount):>12} kr\n"]
        if app.invalid:
            parts.append(("✱ ogiltigt: senaste giltiga visas", "bold reverse"))
        self.query_one("#op-split", LinePanel).show(T(*parts))

    def action_add(self) -> None:
        app = self.session

        def done(label):
            if label:
                kind = Kind.REVENUE if label.lower().startswith(("intäkt", "bidrag")) else Kind.COST
                self._after_add(self.act(app.add_operating_line, label, kind))

        self.app.push_screen(PromptScreen("Namn på den nya raden (typ kostnad; ändra under Typ):"), done)
