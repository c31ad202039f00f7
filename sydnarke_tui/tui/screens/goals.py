"""2. Mål och indikatorer: the goal/indicator list, the form and the live panel."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable

from ...core.assessment import CLAUSE_SV
from ...core.model import GOAL_STATUS_SV, STATUS_SV, Comparison, Status
from ...core.numbers import format_pct
from .. import parsing as P
from ..widgets import LinePanel, STATUS_STYLE, FieldSpec, SyncTable, T, cell
from .base import BaseScreen, ConfirmScreen, PromptScreen


def _find_goal(model, gid):
    return next((g for g in model.goals if g.id == gid), None)


def _find_ind(model, iid):
    for g in model.goals:
        for i in g.indicators:
            if i.id == iid:
                return i
    return None


def _pv(obj, period, attr):
    from ...core.model import IndicatorValue

    if period not in obj.values:
        obj.values[period] = IndicatorValue()
    return obj.values[period]


def goal_specs(gid: int, period: str, period_name: str) -> list[FieldSpec]:
    res = lambda m: _find_goal(m, gid)  # noqa: E731
    return [
        FieldSpec("title", "Mål", "goal", gid, "title", P.text_parser(True, "Målet"), P.fmt_text, res,
                  lambda o: o.title, lambda o, v: setattr(o, "title", v)),
        # The goal's analysis is multi-line text: edited on 8 Verksamhetsberättelse.
    ]


def indicator_specs(ind, period: str, period_name: str, full_year: bool) -> list[FieldSpec]:
    iid = ind.id
    res = lambda m: _find_ind(m, iid)  # noqa: E731
    yes_no = isinstance(ind.target, bool)

    def row(key, label, field, parse, fmt, versioned=True):
        return FieldSpec(key, label, "indicator", iid, field, parse, fmt, res,
                         lambda o: getattr(o, field), lambda o, v: setattr(o, field, v), versioned=versioned)

    def per(key, label, field, parse, fmt):
        return FieldSpec(key, label, "indicator", iid, field, parse, fmt, res,
                         lambda o: getattr(o.value(period), field),
                         lambda o, v: setattr(_pv(o, period, field), field, v), period=period)

    specs = [
        row("name", "Indikator", "name", P.text_parser(True, "Namnet"), P.fmt_text),
        row("unit", "Enhet", "unit", P.text_parser(), P.fmt_text),
        row("comparison", "Jämförelse", "comparison", P.parse_comparison, P.fmt_comparison),
        row("target", "Målvärde", "target", P.value_parser(ind.unit), P.fmt_value),
        per("outcome", f"Utfall {period_name}", "outcome", P.value_parser(ind.unit, yes_no), P.fmt_value),
    ]
    if not full_year:
        specs.append(per("forecast", "Prognos helår", "forecast", P.value_parser(ind.unit, yes_no), P.fmt_value))
    specs.append(row("baseline", "Utfall föreg. år", "baseline", P.value_parser(ind.unit, yes_no), P.fmt_value))
    specs += [
        row("partly", "Delvis från %", "partly_from_pct", P.parse_pct_int, P.fmt_int),
        row("formula", "Formel (≤/<)", "lower_formula", P.parse_formula, P.fmt_formula),
        per("manual", "Manuell status", "manual_status", P.parse_status, P.fmt_status),
        per("justification", "Motivering", "justification", P.text_parser(), P.fmt_text),
        per("comment", "Kommentar", "comment", P.text_parser(), P.fmt_text),
    ]
    for s in specs:
        if s.key in ("partly", "formula"):
            s.placeholder = "standard"
        if s.key == "comparison":
            s.placeholder = "≥ > ≤ < = manuell"
    return specs


class GoalsScreen(BaseScreen):
    MODE = "mal"
    TITLE_SV = "Mål och indikatorer"
    BINDINGS = [
        Binding("n,insert", "add_indicator", "Ny indikator", id="goals.add_indicator"),
        Binding("g,ctrl+g", "add_goal", "Nytt mål", id="goals.add_goal"),
        Binding("d,delete", "delete", "Ta bort", id="goals.delete"),
        Binding("u,shift+up", "move(-1)", "Flytta upp", id="goals.move_up", show=False),
        Binding("j,shift+down", "move(1)", "Flytta ned", id="goals.move_down", show=False),
    ]
    PALETTE = [
        ("add_indicator", "Mål: ny indikator", "n / Insert"), ("add_goal", "Mål: nytt mål", "g / Ctrl+G"),
        ("delete", "Mål: ta bort markerad rad", "d / Delete"),
        ("move(-1)", "Mål: flytta upp", "u / Shift+Up"), ("move(1)", "Mål: flytta ned", "j / Shift+Down"),
    ]

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="body"):
            with Vertical(classes="left"):
                yield SyncTable([("name", "Mål / indikator", 26), ("pct", "Uppf.", 5), ("status", "Status", 10)],
                                id="goals-table", classes="list")
                yield VerticalScroll(id="goal-form", classes="form")
            with VerticalScroll(id="goal-panel", classes="panel"):
                yield LinePanel(id="gp-ind")
                yield LinePanel(id="gp-goal")
                yield LinePanel(id="gp-year")
                yield LinePanel(id="gp-mark")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#goals-table").focus()

    # ------------------------------------------------------------ rendering
    def _rows(self):
        a = self.sapp.computed.assessment
        for gr in a.goals:
            yield f"g:{gr.goal.id}", [cell(gr.goal.title, "bold"), cell(""),
                                      cell(GOAL_STATUS_SV[gr.status], STATUS_STYLE[gr.status])]
            for ind, r in gr.indicators:
                yield f"i:{ind.id}", self._ind_cells(ind, r)

    def _ind_cells(self, ind, r):
        return [cell("  " + ind.name), cell(format_pct(r.fulfilment_pct), right=True),
                cell(STATUS_SV[r.status], STATUS_STYLE[r.status])]

    def render_full(self) -> None:
        table = self.query_one("#goals-table", SyncTable)
        table.sync(self._rows())
        self.call_later(self._selection_changed)
        self._panel()

    def render_live(self, field) -> None:
        table = self.query_one("#goals-table", SyncTable)
        a = self.sapp.computed.assessment
        if field is not None and field.spec.entity == "indicator":
            gr = a.goal_of(field.spec.entity_id)
            if gr is not None:
                table.set_cells(f"g:{gr.goal.id}", [cell(gr.goal.title, "bold"), None,
                                                    cell(GOAL_STATUS_SV[gr.status], STATUS_STYLE[gr.status])])
                for ind, r in gr.indicators:
                    if ind.id == field.spec.entity_id:
                        table.set_cells(f"i:{ind.id}", self._ind_cells(ind, r))
        elif field is not None and field.spec.entity == "goal":
            gr = next((g for g in a.goals if g.goal.id == field.spec.entity_id), None)
            if gr is not None:
                table.set_cells(f"g:{gr.goal.id}", [cell(gr.goal.title, "bold"), None, None])
        else:
            table.sync(self._rows())
        self._panel()

    def _selected(self) -> tuple[str, int] | None:
        key = self.query_one("#goals-table", SyncTable).current_key()
        if not key:
            return None
        kind, _, ident = key.partition(":")
        return kind, int(ident)

    def _panel(self) -> None:
        app = self.sapp
        a = app.computed.assessment
        sel = self._selected()
        parts: list = []
        gr = None
        if sel and sel[0] == "i":
            r = a.by_indicator.get(sel[1])
            ind = _find_ind(app.model, sel[1])
            if r is not None and ind is not None:
                parts += [("Indikator\n", "bold underline"),
                          "Uppfyllelse  ", (format_pct(r.fulfilment_pct), "bold"), "\n",
                          "Status       ", (STATUS_SV[r.status], "bold " + STATUS_STYLE[r.status]), "\n"]
                if r.used_forecast:
                    parts.append(("(bedömd på prognos)\n", "italic"))
                if ind.comparison is not Comparison.MANUAL:
                    tgt = P.fmt_value(ind.target)
                    parts.append(f"Mål {ind.comparison.symbol} {tgt} {ind.unit}\n")
                if ind.baseline is not None:
                    parts.append(f"Föreg. år    {P.fmt_value(ind.baseline)} {ind.unit}\n")
            gr = a.goal_of(sel[1])
        elif sel and sel[0] == "g":
            gr = next((g for g in a.goals if g.goal.id == sel[1]), None)
        self.query_one("#gp-ind", LinePanel).show(T(*parts))
        parts = []
        if gr is not None:
            parts += [("\nMål ", "bold underline"), (GOAL_STATUS_SV[gr.status], "bold " + STATUS_STYLE[gr.status]),
                      "\n", (CLAUSE_SV[gr.clause], "italic"), "\n"]
            if sel and sel[0] == "g":
                has = bool(gr.goal.comments.get(app.period_code, "").strip())
                parts.append(("Analys: " + ("skriven" if has else "saknas") + " (8 / Ctrl+F)\n", "dim"))
        self.query_one("#gp-goal", LinePanel).show(T(*parts))
        parts = [("\nÅret\n", "bold underline")]
        for s in Status:
            parts += [f"{STATUS_SV[s].capitalize():<13}", (f"{a.counts[s]:>3}", "bold " + STATUS_STYLE[s]), "\n"]
        parts += ["Bedömning    ", (GOAL_STATUS_SV[a.verdict], "bold " + STATUS_STYLE[a.verdict])]
        self.query_one("#gp-year", LinePanel).show(T(*parts))
        self.query_one("#gp-mark", LinePanel).show(
            T(("\n✱ ogiltigt värde:\n  senaste giltiga visas", "bold reverse")) if app.invalid_marker else T())

    async def _selection_changed(self) -> None:
        app = self.sapp
        if app.model is None:
            return
        sel = self._selected()
        p = app.period
        if sel is None:
            await self.build_form("goal-form", None, [])
        elif sel[0] == "g":
            await self.build_form("goal-form", f"g:{sel[1]}:{p.code}", goal_specs(sel[1], p.code, p.name))
        else:
            ind = _find_ind(app.model, sel[1])
            if ind is None:
                return
            await self.build_form("goal-form", f"i:{sel[1]}:{p.code}",
                                  indicator_specs(ind, p.code, p.name, p.full_year))
        self._panel()

    async def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        await self._selection_changed()

    def jump(self, path: str) -> None:
        parts = path.split("/")
        if parts[0] == "indicator":
            self.query_one("#goals-table", SyncTable).select_key(f"i:{parts[1]}")
            self.query_one("#goals-table").focus()

    # ------------------------------------------------------------ actions
    def _goal_of_selection(self) -> int | None:
        sel = self._selected()
        if sel is None:
            return self.sapp.model.goals[0].id if self.sapp.model.goals else None
        if sel[0] == "g":
            return sel[1]
        gr = self.sapp.computed.assessment.goal_of(sel[1])
        return gr.goal.id if gr else None

    def action_add_indicator(self) -> None:
        gid = self._goal_of_selection()
        if gid is None:
            self.sapp.notify("Lägg först till ett mål (g).", markup=False)
            return

        def done(name):
            if name:
                new = self.sapp.structural(self.sapp.store.add_indicator, gid, name)
                if new:
                    self._after_add(f"i:{new}")

        self.app.push_screen(PromptScreen("Namn på den nya indikatorn:"), done)

    def action_add_goal(self) -> None:
        def done(title):
            if title:
                new = self.sapp.structural(self.sapp.store.add_goal, self.sapp.year_no, title)
                if new:
                    self._after_add(f"g:{new}")

        self.app.push_screen(PromptScreen("Det nya målets rubrik:"), done)

    def _after_add(self, key: str) -> None:
        table = self.query_one("#goals-table", SyncTable)
        table.select_key(key)
        self.call_later(self._focus_form_later)

    async def _focus_form_later(self) -> None:
        await self._selection_changed()
        self.focus_form("goal-form")

    def action_delete(self) -> None:
        sel = self._selected()
        if sel is None:
            return
        app = self.sapp
        if sel[0] == "g":
            obj = _find_goal(app.model, sel[1])
            entity, what = "goal", f"målet '{obj.title}' och dess {len(obj.indicators)} indikatorer"
        else:
            obj = _find_ind(app.model, sel[1])
            entity, what = "indicator", f"indikatorn '{obj.name}'"

        def done(answer):
            if answer == "yes":
                app.structural(app.store.delete, entity, sel[1], expected_version=obj.version)

        app.push_screen(ConfirmScreen(f"Ta bort {what}? (Ctrl+Z ångrar)",
                                      [("yes", "Ta bort", "j"), ("no", "Avbryt", "escape")]), done)

    def action_move(self, delta: int) -> None:
        sel = self._selected()
        if sel is None:
            return
        entity = "goal" if sel[0] == "g" else "indicator"
        self.sapp.structural(self.sapp.store.move, entity, sel[1], delta)
        self.query_one("#goals-table", SyncTable).select_key(f"{sel[0]}:{sel[1]}")
