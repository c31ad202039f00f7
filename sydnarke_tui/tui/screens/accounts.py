"""3. Driftredovisning and 4. Investeringar: editable lines with live totals and splits."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable

from ...core.model import Kind, LineValue
from ...core.numbers import format_amount, format_decimal
from .. import parsing as P
from ..widgets import LinePanel, FieldSpec, SyncTable, T, cell
from .base import BaseScreen, ConfirmScreen, PromptScreen


def _lv(obj, period):
    if period not in obj.values:
        obj.values[period] = LineValue()
    return obj.values[period]


def tkr(v) -> str:
    return format_amount(v, "tkr")


def line_specs(entity: str, ln, period, unit: str, members: list[str]) -> list[FieldSpec]:
    lid = ln.id
    pool = "operating" if entity == "operating" else "investments"
    res = lambda m: next((x for x in getattr(m, pool) if x.id == lid), None)  # noqa: E731
    amount = P.amount_parser(unit)
    afmt = P.amount_formatter(unit)

    def row(key, label, field, parse, fmt):
        return FieldSpec(key, label, entity, lid, field, parse, fmt, res,
                         lambda o: getattr(o, field), lambda o, v: setattr(o, field, v))

    def per(key, label, field, parse, fmt):
        return FieldSpec(key, label, entity, lid, field, parse, fmt, res,
                         lambda o: getattr(o.value(period.code), field),
                         lambda o, v: setattr(_lv(o, period.code), field, v), period=period.code)

    specs = [row("label", "Rad", "label", P.text_parser(True, "Radens namn"), P.fmt_text)]
    if entity == "operating":
        specs.append(row("kind", "Typ", "kind", P.parse_kind, P.fmt_kind))
    else:
        specs.append(row("municipality", "Kommun", "municipality",
                         P.municipality_parser(lambda: members), P.fmt_municipality))
    specs += [
        row("budget", f"Budget ({unit})", "budget", amount, afmt),
        per("outcome", f"Utfall {period.name}", "outcome", amount, afmt),
    ]
    if not period.full_year:
        specs.append(per("forecast", "Prognos helår", "forecast", amount, afmt))
    specs.append(per("comment", "Kommentar", "comment", P.text_parser(), P.fmt_text))
    if entity == "operating":
        specs.append(row("contribution", "Driftbidrag", "is_contribution", P.parse_bool, P.fmt_bool))
    return specs


class _LinesScreen(BaseScreen):
    ENTITY = ""
    TABLE_ID = ""

    def _columns(self):
        interim = self.sapp.model is not None and not self.sapp.period.full_year
        return interim

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(f"#{self.TABLE_ID}").focus()

    def _selected_id(self) -> int | None:
        key = self.query_one(f"#{self.TABLE_ID}", SyncTable).current_key()
        if key and key.startswith("l:"):
            return int(key[2:])
        return None

    def _has_prev(self) -> bool:
        pool = self.sapp.model.operating if self.ENTITY == "operating" else self.sapp.model.investments
        return any(ln.previous_outcome is not None for ln in pool)

    def _sync_columns(self) -> None:
        """A previous-year column ("Utfall <år-1>") when any line has one."""
        self._prev = self._has_prev()
        cols = list(self.COLUMNS)
        if self._prev:
            cols = [(k, label, self.PREV_WIDTHS.get(k, w)) for k, label, w in cols]
            prev_label = f"Utfall {self.sapp.model.year - 1}" if self.PREV_WIDTH >= 11 else \
                f"Utf. {self.sapp.model.year - 1}"
            cols.insert(self.PREV_AT, ("prev", prev_label, self.PREV_WIDTH))
        self.query_one(f"#{self.TABLE_ID}", SyncTable).set_columns(cols)

    def _prev_cells(self, ln, total: int | None = None) -> list[Text]:
        if not getattr(self, "_prev", False):
            return []
        value = ln.previous_outcome if ln is not None else total
        return [cell(tkr(value) if value is not None else "", "bold" if ln is None else "", right=True)]

    def _prev_total(self, lines) -> int | None:
        values = [ln.previous_outcome for ln in lines if ln.previous_outcome is not None]
        return sum(values) if values else None

    def _figs_cells(self, f, interim: bool) -> list[Text]:
        cells = [cell(tkr(f.budget), right=True), cell(tkr(f.outcome), right=True)]
        cells.append(cell(tkr(f.forecast) if interim else "", right=True))
        dev_style = "red" if (f.deviation or 0) < 0 else ""
        cells.append(cell(tkr(f.deviation), dev_style, right=True))
        return cells

    async def _selection_changed(self) -> None:
        app = self.sapp
        if app.model is None:
            return
        lid = self._selected_id()
        pool = app.model.operating if self.ENTITY == "operating" else app.model.investments
        ln = next((x for x in pool if x.id == lid), None)
        if ln is None:
            await self.build_form("line-form", None, [])
        else:
            members = [m.municipality for m in app.model.key.members]
            await self.build_form("line-form", f"{lid}:{app.period_code}",
                                  line_specs(self.ENTITY, ln, app.period, app.input_unit, members))

    async def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        await self._selection_changed()

    def jump(self, path: str) -> None:
        parts = path.split("/")
        table = self.query_one(f"#{self.TABLE_ID}", SyncTable)
        if len(parts) > 2 and parts[1] == "line":
            table.select_key(f"l:{parts[2]}")
        elif parts[1] == "total":
            table.select_key(f"t:{parts[2]}" if self.ENTITY == "operating" else "t:total")
        table.focus()

    def _after_add(self, new_id) -> None:
        if new_id:
            self.query_one(f"#{self.TABLE_ID}", SyncTable).select_key(f"l:{new_id}")
            self.call_later(self._focus_form_later)

    async def _focus_form_later(self) -> None:
        await self._selection_changed()
        self.focus_form("line-form")

    def action_delete(self) -> None:
        lid = self._selected_id()
        if lid is None:
            return
        app = self.sapp
        pool = app.model.operating if self.ENTITY == "operating" else app.model.investments
        ln = next(x for x in pool if x.id == lid)

        def done(answer):
            if answer == "yes":
                app.structural(app.store.delete, self.ENTITY, lid, expected_version=ln.version)

        app.push_screen(ConfirmScreen(f"Ta bort raden '{ln.label}'? (Ctrl+Z ångrar)",
                                      [("yes", "Ta bort", "j"), ("no", "Avbryt", "escape")]), done)

    def action_move(self, delta: int) -> None:
        lid = self._selected_id()
        if lid is None:
            return
        self.sapp.structural(self.sapp.store.move, self.ENTITY, lid, delta)
        self.query_one(f"#{self.TABLE_ID}", SyncTable).select_key(f"l:{lid}")


class OperatingScreen(_LinesScreen):
    MODE = "drift"
    TITLE_SV = "Driftredovisning"
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
        c = self.sapp.computed
        interim = not self.sapp.period.full_year
        for ln, f in c.operating.lines:
            yield f"l:{ln.id}", [cell(ln.label)] + self._prev_cells(ln) + self._figs_cells(f, interim)
        for k, label, f in self._totals():
            yield f"t:{k}", [cell(label, "bold")] + self._prev_cells(None, self._prev_kind(k)) \
                + self._figs_cells(f, interim)

    def _prev_kind(self, k: str) -> int | None:
        lines = self.sapp.model.operating
        if k != "net":
            lines = [ln for ln in lines if ln.kind.value == k]
        return self._prev_total(lines)

    def _totals(self):
        o = self.sapp.computed.operating
        return [("revenue", "Summa intäkter", o.revenue), ("cost", "Summa kostnader", o.cost),
                ("net", "Nettoresultat", o.net)]

    def render_full(self) -> None:
        self._sync_columns()
        self.query_one("#op-table", SyncTable).sync(self._rows())
        self.call_later(self._selection_changed)
        self._panel()

    def render_live(self, field) -> None:
        table = self.query_one("#op-table", SyncTable)
        c = self.sapp.computed
        interim = not self.sapp.period.full_year
        if field is not None and field.spec.entity == "operating":
            lid = field.spec.entity_id
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
        app = self.sapp
        c = app.computed
        net = c.operating.net
        s = c.surplus
        parts = [("Nettoresultat ", "bold"), f"{tkr(net.compared)} tkr\n",
                 "Avvikelse     ", f"{tkr(net.deviation)} tkr\n",
                 ("Överskott " if s >= 0 else "Underskott ", "bold"), (f"{format_decimal(abs(s))} kr", "bold")]
        self.query_one("#op-net", LinePanel).show(T(*parts))
        parts = []
        if c.split_error:
            parts.append(("⚠ " + c.split_error, "bold"))
        for r in c.result_split:
            parts += [f"{r.municipality[:12]:<12}", f"{format_decimal(r.amount):>12} kr\n"]
        if app.invalid_marker:
            parts.append(("✱ ogiltigt: senaste giltiga visas", "bold reverse"))
        self.query_one("#op-split", LinePanel).show(T(*parts))

    def action_add(self) -> None:
        app = self.sapp

        def done(label):
            if label:
                kind = Kind.REVENUE if label.lower().startswith(("intäkt", "bidrag")) else Kind.COST
                self._after_add(app.structural(app.store.add_operating_line, app.year_no, label, kind))

        app.push_screen(PromptScreen("Namn på den nya raden (typ kostnad; ändra under Typ):"), done)


class InvestmentScreen(_LinesScreen):
    MODE = "invest"
    TITLE_SV = "Investeringar"
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
            yield SyncTable(list(self.COLUMNS), id="inv-table", classes="lines")
            with Horizontal(classes="bottom"):
                yield VerticalScroll(id="line-form", classes="form")
                yield LinePanel(id="inv-panel", classes="panel wide")

    def _line_cells(self, ln, f, interim):
        varav = ln.parent_id is not None
        label = ("  varav " + ln.label) if varav else ln.label
        return [cell(label, "italic" if varav else ""), cell(P.fmt_municipality(ln.municipality))] + \
            self._prev_cells(ln) + self._figs_cells(f, interim)

    def _rows(self):
        c = self.sapp.computed
        interim = not self.sapp.period.full_year
        for ln, f in c.investments.rows():
            yield f"l:{ln.id}", self._line_cells(ln, f, interim)
        prev = self._prev_total([x for x in self.sapp.model.investments if x.parent_id is None])
        yield "t:total", [cell("Summa", "bold"), cell("")] + self._prev_cells(None, prev) \
            + self._figs_cells(c.investments.total, interim)

    def render_full(self) -> None:
        self._sync_columns()
        self.query_one("#inv-table", SyncTable).sync(self._rows())
        self.call_later(self._selection_changed)
        self._panel()

    def render_live(self, field) -> None:
        table = self.query_one("#inv-table", SyncTable)
        c = self.sapp.computed
        interim = not self.sapp.period.full_year
        if field is not None and field.spec.entity == "investment":
            for ln, f in c.investments.rows():
                if ln.id == field.spec.entity_id:
                    table.set_cells(f"l:{ln.id}", self._line_cells(ln, f, interim))
                    break
            prev = self._prev_total([x for x in self.sapp.model.investments if x.parent_id is None])
            table.set_cells("t:total", [None, None] + self._prev_cells(None, prev)
                            + self._figs_cells(c.investments.total, interim))
        self._panel()

    def _panel(self) -> None:
        app = self.sapp
        c = app.computed
        t = c.investments.total
        parts = [("Summa ", "bold"), f"{tkr(t.compared)} tkr (budget {tkr(t.budget)})\n",
                 ("Per medlem tkr = egna + gemensamt\n", "bold")]
        if c.split_error:
            parts.append(("⚠ " + c.split_error + "\n", "bold"))
        for mi in c.investment_split:
            parts.append(f"{mi.municipality[:10]:<10}{tkr(mi.outcome):>7} ={tkr(mi.own_outcome):>7}"
                         f" +{tkr(mi.common_outcome):>6}\n")
        if app.invalid_marker:
            parts.append(("✱ ogiltigt: senaste giltiga visas", "bold reverse"))
        self.query_one("#inv-panel", LinePanel).show(T(*parts))

    def action_add(self) -> None:
        app = self.sapp

        def done(label):
            if label:
                self._after_add(app.structural(app.store.add_investment_line, app.year_no, label))

        app.push_screen(PromptScreen("Namn på det nya projektet (gemensamt; ändra under Kommun):"), done)

    def action_add_varav(self) -> None:
        app = self.sapp
        lid = self._selected_id()
        ln = next((x for x in app.model.investments if x.id == lid), None)
        if ln is None:
            app.notify("Markera först projektet som varav-raden hör till.", markup=False)
            return
        parent = ln.parent_id or ln.id

        def done(label):
            if label:
                self._after_add(app.structural(app.store.add_investment_line, app.year_no, label,
                                               municipality=None, parent_id=parent))

        app.push_screen(PromptScreen("Namn på varav-raden (t.ex. Sydnet 2.0):"), done)
