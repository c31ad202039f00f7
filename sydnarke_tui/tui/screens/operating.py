"""3. Driftredovisning: operating lines with live totals, net result and split."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll

from ...core.model import Kind
from ...core.numbers import format_decimal
from ...session import FieldSpec
from ..charts import DeviationBars
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
        Binding("z,ctrl+t", "toggle_section", "Fäll ihop/ut verksamhet", id="operating.toggle_section", show=False),
    ]
    COLUMNS = [("label", "Rad (tkr)", 30), ("budget", "Budget", 9), ("outcome", "Utfall", 9),
               ("forecast", "Prognos", 9), ("dev", "Avvikelse", 9)]
    folded: frozenset[str] = frozenset()  # verksamheter shown as their subtotal only
    PREV_AT, PREV_WIDTH, PREV_WIDTHS = 1, 11, {"label": 18}
    PALETTE = [("add", "Drift: ny rad", "n / Insert"), ("delete", "Drift: ta bort rad", "d / Delete"),
               ("move(-1)", "Drift: flytta upp", "u"), ("move(1)", "Drift: flytta ned", "j"),
               ("toggle_section", "Drift: fäll ihop/ut verksamheten", "z / Ctrl+T")]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body-v"):
            yield SyncTable(list(self.COLUMNS), id="op-table", classes="lines")
            with Horizontal(classes="bottom"):
                yield VerticalScroll(id="line-form", classes="form")
                with VerticalScroll(id="op-panel", classes="panel"):
                    yield LinePanel(id="op-net")
                    yield DeviationBars(id="op-chart")
                    yield LinePanel(id="op-split")

    def _rows(self):
        c = self.session.computed
        interim = not self.session.period.full_year
        sections = c.operating.sections
        if not sections:  # the flat statement (the IT-nämnd's own)
            for ln, f in c.operating.lines:
                yield self._line_row(ln, f, interim)
        else:  # grouped by verksamhet: heading, lines (unless folded), subtotal; ungrouped lines last
            for sec in sections:
                yield from self._section_rows(sec, interim)
            for ln, f in c.operating.lines:
                if ln.section is None:
                    yield self._line_row(ln, f, interim)
        for k, label, f in self._totals():
            yield f"t:{k}", [cell(label, "bold")] + self._prev_cells(None, f.previous) + self._figs_cells(f, interim)

    def _line_row(self, ln, f, interim: bool):
        return f"l:{ln.id}", [cell(("  " if ln.section else "") + ln.label)] + self._prev_cells(ln) \
            + self._figs_cells(f, interim)

    def _section_rows(self, sec, interim: bool):
        folded = sec.label in self.folded
        mark = "▸ " if folded else "▾ "
        if not folded:
            yield f"s:{sec.label}", [cell(mark + sec.label, "bold")] + [cell("")] * (len(self.COLUMNS) - 1
                                                                                    + bool(self._prev))
            for ln, f in self.session.computed.operating.lines:
                if ln.section == sec.label:
                    yield self._line_row(ln, f, interim)
        label = (mark if folded else "  ") + ("" if folded else "Summa ") + sec.label
        yield f"st:{sec.label}", [cell(label, "bold")] + self._prev_cells(None, sec.net.previous) \
            + self._figs_cells(sec.net, interim)

    def _totals(self):
        o = self.session.computed.operating
        return [("revenue", "Summa intäkter", o.revenue), ("cost", "Summa kostnader", o.cost),
                ("net", "Nettoresultat", o.net)]

    def render_full(self) -> None:
        self._sync_columns()
        self.query_one("#op-table", SyncTable).sync(self._rows())
        self.call_later(self._selection_changed)
        self._panel()
        self.query_one("#op-chart", DeviationBars).show(self.session.computed, self.unit)

    def render_live(self, spec: FieldSpec) -> None:
        table = self.query_one("#op-table", SyncTable)
        c = self.session.computed
        interim = not self.session.period.full_year
        if spec.entity == "operating":
            for ln, f in c.operating.lines:
                if ln.id == spec.entity_id:
                    key, cells = self._line_row(ln, f, interim)
                    table.set_cells(key, cells)
                    break
            for sec in c.operating.sections:
                table.set_cells(f"st:{sec.label}", [None] + self._prev_cells(None, sec.net.previous)
                                + self._figs_cells(sec.net, interim))
            for k, label, f in self._totals():
                table.set_cells(f"t:{k}", [None] + self._prev_cells(None, f.previous) + self._figs_cells(f, interim))
        self._panel()
        self.query_one("#op-chart", DeviationBars).show(c, self.unit, spec)

    def action_toggle_section(self) -> None:
        """Fold or unfold the verksamhet under the cursor (its heading, a line in it, or its subtotal)."""
        key = self.query_one("#op-table", SyncTable).current_key()
        label = None
        if key and key.startswith(("s:", "st:")):
            label = key.split(":", 1)[1]
        elif key and key.startswith("l:") and self.session.model is not None:
            ln = next((x for x in self.session.model.operating if x.id == int(key[2:])), None)
            label = ln.section if ln is not None else None
        if label is None:
            return
        self.folded ^= {label}
        self.render_full()
        self.query_one("#op-table", SyncTable).select_key(f"st:{label}")

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
