"""3. Driftredovisning: operating lines with live totals, net result and split."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll

from ...core.accounts import Figures
from ...core.glossary import TOTALS
from ...core.model import Kind
from ...core.numbers import format_decimal
from ...session import FieldSpec
from ..charts import DeviationBars
from ..cells import figure_rows
from ..text import T, cell, safe
from ..table import Ledger
from ..widgets import LinePanel, MarkRow
from .dialogs import PromptScreen
from .lines import LinesScreen


class OperatingScreen(LinesScreen):
    MODE = "drift"
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
    PREV_AT, PREV_WIDTH, PREV_WIDTHS = 1, 11, {"label": 18}
    PALETTE = [("add", "Drift: ny rad", "n / Insert"), ("delete", "Drift: ta bort rad", "d / Delete"),
               ("move(-1)", "Drift: flytta upp", "u"), ("move(1)", "Drift: flytta ned", "j"),
               ("toggle_section", "Drift: fäll ihop/ut verksamheten", "z / Ctrl+T")]

    def __init__(self) -> None:
        super().__init__()
        self.folded: frozenset[str] = frozenset()  # verksamheter shown as their subtotal only
        self._src: dict[str, int | str] = {}  # row key -> where its figures are in the computed statement
        self._line_pos: dict[int, int] = {}  # line id -> its place in the statement's lines

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body-v"):
            yield Ledger(list(self.COLUMNS), id="op-table", classes="lines", cells=self._cell_spec,
                         on_row=self._follow_row)
            with Horizontal(classes="bottom"):
                yield VerticalScroll(id="line-form", classes="form")
                with VerticalScroll(id="op-panel", classes="panel"):
                    yield LinePanel(id="op-net")
                    yield DeviationBars(id="op-chart")
                    yield LinePanel(id="op-split")
                    yield MarkRow(id="op-mark")

    def _rows(self) -> Iterator[tuple[str, int | str]]:
        """(key, source) per row; `_cells` formats a row only when it comes into view."""
        c = self.session.figures
        sections = c.operating.sections
        if not sections:  # the flat statement (the IT-nämnd's own)
            for i, (ln, _) in enumerate(c.operating.lines):
                yield f"l:{ln.id}", i
        else:  # grouped by verksamhet: heading, lines (unless folded), subtotal; ungrouped lines last
            for si, sec in enumerate(sections):
                folded = sec.label in self.folded
                if not folded:
                    yield f"s:{sec.label}", si
                    for i, (ln, _) in enumerate(c.operating.lines):
                        if ln.section == sec.label:
                            yield f"l:{ln.id}", i
                yield f"st:{sec.label}", si
            for i, (ln, _) in enumerate(c.operating.lines):
                if ln.section is None:
                    yield f"l:{ln.id}", i
        for k in ("revenue", "cost", "net"):
            yield f"t:{k}", k

    def _cells(self, key: str) -> list[Text]:
        c = self.session.figures
        interim = not self.session.period.full_year
        kind, _, _ = key.partition(":")
        src = self._src[key]
        if isinstance(src, str):  # a total: revenue, cost or net
            label, f = self._totals()[src]
            return [cell(label, "bold")] + self._prev_cells(None, f.previous) + self._figs_cells(f, interim)
        if kind == "l":
            ln, f = c.operating.lines[src]
            return [cell(("  " if ln.section else "") + ln.label)] + self._prev_cells(ln) + self._figs_cells(f, interim)
        sec = c.operating.sections[src]
        folded = sec.label in self.folded
        mark = "▸ " if folded else "▾ "
        if kind == "s":
            return [cell(mark + sec.label, "bold")] + [cell("")] * (len(self.table.columns) - 1)
        label = (mark if folded else "  ") + ("" if folded else "Summa ") + sec.label
        return [cell(label, "bold")] + self._prev_cells(None, sec.net.previous) + self._figs_cells(sec.net, interim)

    def _search(self, key: str) -> str:
        kind, _, rest = key.partition(":")
        if kind == "l":
            return self.session.figures.operating.lines[int(self._src[key])][0].label
        return rest if kind in ("s", "st") else self._totals()[rest][0]

    def _totals(self) -> dict[str, tuple[str, Figures]]:
        o = self.session.figures.operating
        return {k: (TOTALS[k], getattr(o, k)) for k in ("revenue", "cost", "net")}

    def render_full(self) -> None:
        self._sync_columns()
        self._src = dict(self._rows())
        self._line_pos = {ln.id: i for i, (ln, _) in enumerate(self.session.figures.operating.lines)}
        self.table.set_rows(list(self._src), self._cells, self._search)
        self.reload_cell(self.table)
        self.call_later(self._selection_changed)
        self._panel()
        self.query_one("#op-chart", DeviationBars).show(self.session.figures, self.unit)

    def render_live(self, spec: FieldSpec) -> None:
        pos = self._line_pos.get(spec.entity_id) if spec.entity == "operating" else None
        if pos is not None:
            line = self.session.figures.operating.lines[pos][0]
            keys = [f"l:{spec.entity_id}", "t:revenue", "t:cost", "t:net"]
            if line.section is not None:
                keys.append(f"st:{line.section}")
            self.table.invalidate(keys)
        self._panel()
        self.query_one("#op-chart", DeviationBars).show(self.session.figures, self.unit, spec)

    def action_toggle_section(self) -> None:
        """Fold or unfold the verksamhet under the cursor (its heading, a line in it, or its subtotal)."""
        key = self.table.current_key()
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
        self.table.select_key(f"st:{label}")

    def _panel(self) -> None:
        session = self.session
        c = self.session.figures
        net = c.operating.net
        s = c.surplus
        basis = c.basis.text_sv()  # at an interim period: the figures are a full-year forecast
        parts: list[Any]
        if net.compared is None:
            parts = [("Nettoresultat ", "bold"), "–\n", "inga utfall ännu"]
        else:
            parts = [f"{basis}\n" if basis else "", ("Prognos netto " if basis else "Nettoresultat ", "bold"),
                     f"{self.amount(net.compared)} {self.unit}\n",
                     "Avvikelse     ", f"{self.amount(net.deviation)} {self.unit}\n",
                     ("Överskott " if s >= 0 else "Underskott ", "bold"), (f"{format_decimal(abs(s))} kr", "bold")]
            if net.budget_to_date is not None and net.outcome is not None:
                parts.append(f"\nT.o.m. mån {session.period.last_month}: budget {self.amount(net.budget_to_date)}, "
                             f"utfall {self.amount(net.outcome)}, avv. {self.amount(net.deviation_to_date)}")
        self.query_one("#op-net", LinePanel).show(T(*parts))
        parts = []
        if c.split_error:
            parts.append(("⚠ " + c.split_error + "\n", "bold"))
        rows = [(safe(r.municipality), [f"{format_decimal(r.amount)} kr"]) for r in c.result_split]
        self.query_one("#op-split", LinePanel).show(lambda width: T(*parts, figure_rows(rows, [], width)))
        self.query_one("#op-mark", MarkRow).mark(T(("✱ senaste giltiga visas", "bold reverse"))  # fits 60×15
                                                 if session.invalid else None)

    def action_add(self) -> None:
        session = self.session

        def done(label: str | None) -> None:
            if label:
                kind = Kind.REVENUE if label.lower().startswith(("intäkt", "bidrag")) else Kind.COST
                self._after_add(self.act(session.add_operating_line, label, kind))

        self.app.push_screen(PromptScreen("Namn på den nya raden (typ kostnad; ändra under Typ):"), done)
