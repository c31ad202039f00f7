"""2. Mål och indikatorer: the goal/indicator list, the form and the live panel."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll

from ...core.assessment import CLAUSE_SV, GoalResult, YearAssessment
from ...core.model import GOAL_STATUS_SV, STATUS_SV, Comparison, Indicator, Status
from ...core.numbers import format_pct
from ...session import FieldSpec
from ...session import parsing as P
from ...session.specs import find_goal, find_indicator, goal_specs, indicator_specs
from ..text import T, cell
from ..table import Ledger, LedgerTable
from ..widgets import Field, LinePanel
from .base import BaseScreen
from .dialogs import ChoiceScreen, ConfirmScreen, PromptScreen


class GoalsScreen(BaseScreen):
    MODE = "mal"
    BINDINGS = [
        Binding("n,insert", "add_indicator", "Ny indikator", id="goals.add_indicator"),
        Binding("m,ctrl+g", "add_goal", "Nytt mål", id="goals.add_goal"),
        Binding("d,delete", "delete", "Ta bort", id="goals.delete"),
        Binding("b", "link", "Koppla", id="goals.link"),
        Binding("u,shift+up", "move(-1)", "Flytta upp", id="goals.move_up", show=False),
        Binding("j,shift+down", "move(1)", "Flytta ned", id="goals.move_down", show=False),
    ]
    PALETTE = [
        ("add_indicator", "Mål: ny indikator", "n / Insert"), ("add_goal", "Mål: nytt mål", "m / Ctrl+G"),
        ("delete", "Mål: ta bort markerad rad", "d / Delete"),
        ("link", "Mål: koppla indikatorns utfall till en siffra", "b"),
        ("move(-1)", "Mål: flytta upp", "u / Shift+Up"), ("move(1)", "Mål: flytta ned", "j / Shift+Down"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._goal_rows: dict[int, GoalResult] = {}  # the rows as last drawn, by goal id
        self._indicators: dict[int, Indicator] = {}  # … and by indicator id

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="body"):
            with Vertical(classes="left"):
                yield Ledger(self._columns(), id="goals-table", classes="list", cells=self._cell_spec)
                yield VerticalScroll(id="goal-form", classes="form")
            with VerticalScroll(id="goal-panel", classes="panel"):
                yield LinePanel(id="gp-ind")
                yield LinePanel(id="gp-goal")
                yield LinePanel(id="gp-year")
                yield LinePanel(id="gp-mark")

    def on_mount(self) -> None:
        # Textual calls BaseScreen.on_mount itself (handlers of every class in the MRO run):
        # calling super() too rendered the table twice and watched the results twice.
        self.table.focus()

    @property
    def table(self) -> LedgerTable:
        return self.query_one("#goals-table", LedgerTable)

    def _cell_spec(self, key: str, column: str) -> tuple[FieldSpec, str] | None:
        """Target, outcome and (at interim periods) forecast of an indicator are edited in the table."""
        session = self.session
        if not key.startswith("i:") or column not in ("target", "outcome", "forecast") or session.model is None:
            return None
        ind = find_indicator(session.model, int(key[2:]))
        return None if ind is None else self.table_cell(indicator_specs(ind, session.period, session.links()),
                                                        column)

    # ------------------------------------------------------------ rendering
    def _assessment(self) -> YearAssessment:
        return self.session.figures.assessment

    def _columns(self) -> list[tuple[str, str, int]]:
        cols = [("name", "Mål / indikator", 26), ("target", "Mål", 6), ("outcome", "Utfall", 6)]
        # Before the first year is read (the screen opened while Översikt said "Laddar…") there is no
        # period: the full year's columns, set again by the first render_full.
        if self.session.model is not None and not self.session.period.full_year:
            cols.append(("forecast", "Progn.", 6))
        # Uppf. one wider than "113 %": a figure filling its column would touch the one before it.
        return cols + [("pct", "Uppf.", 6), ("status", "Status", 10)]

    def _cells(self, key: str) -> list[Text]:
        a = self._assessment()
        kind, _, ident = key.partition(":")
        if kind == "g":
            gr = self._goal_rows[int(ident)]
            return [cell(gr.goal.title, "bold")] + [cell("")] * (len(self._columns()) - 2) \
                + [cell(GOAL_STATUS_SV[gr.status], self.palette.status(gr.status))]
        ind = self._indicators[int(ident)]
        r = a.by_indicator[ind.id]
        v = ind.value(self.session.period_code)
        # r.outcome: as typed, or a linked indicator's figure (which follows the statements)
        figures = [cell(P.fmt_value(ind.target), right=True), cell(P.fmt_value(r.outcome), right=True)]
        if not self.session.period.full_year:
            figures.append(cell(P.fmt_value(v.forecast), right=True))
        return [cell("  " + ind.name)] + figures + [cell(format_pct(r.fulfilment_pct), right=True),
                                                   cell(STATUS_SV[r.status], self.palette.status(r.status))]

    def _search(self, key: str) -> str:
        kind, _, ident = key.partition(":")
        return self._goal_rows[int(ident)].goal.title if kind == "g" else self._indicators[int(ident)].name

    def render_full(self) -> None:
        a = self._assessment()
        self._goal_rows = {gr.goal.id: gr for gr in a.goals}
        self._indicators = {ind.id: ind for gr in a.goals for ind, _ in gr.indicators}
        keys = [k for gr in a.goals for k in [f"g:{gr.goal.id}", *(f"i:{ind.id}" for ind, _ in gr.indicators)]]
        table = self.table
        table.set_columns(self._columns())
        # Narrow: the fulfilment (also in the panel) gives way first; the status words stay whole.
        table.set_priority(drop=("pct",), keep=("status", "outcome", "forecast"))
        table.set_rows(keys, self._cells, self._search)
        self.reload_cell(table)
        self.call_later(self._selection_changed)
        self._panel()

    def render_live(self, spec: FieldSpec) -> None:
        a = self._assessment()
        if spec.entity == "indicator" and (gr := a.goal_of(spec.entity_id)) is not None:
            # The assessment is new for each key: the rows read the new goal and indicator objects.
            self._goal_rows[gr.goal.id] = gr
            self._indicators.update({ind.id: ind for ind, _ in gr.indicators})
            self.table.invalidate([f"g:{gr.goal.id}", f"i:{spec.entity_id}"])
        elif spec.entity == "goal":
            self._goal_rows.update({gr.goal.id: gr for gr in a.goals})
            self.table.invalidate([f"g:{spec.entity_id}"])
        else:
            self.render_full()
            return
        self._panel()

    def _selected(self) -> tuple[str, int] | None:
        key = self.table.current_key()
        if not key:
            return None
        kind, _, ident = key.partition(":")
        return kind, int(ident)

    def _panel(self) -> None:
        session = self.session
        a = self._assessment()
        sel = self._selected()
        parts: list[Any] = []
        gr = None
        if sel and sel[0] == "i" and session.model is not None:
            r = a.by_indicator.get(sel[1])
            ind = find_indicator(session.model, sel[1])
            if r is not None and ind is not None:
                parts += [("Indikator\n", "bold underline"),
                          "Uppfyllelse  ", (format_pct(r.fulfilment_pct), "bold"), "\n",
                          "Status       ", (STATUS_SV[r.status], "bold " + self.palette.status(r.status)), "\n"]
                if r.used_forecast:
                    parts.append(("(bedömd på prognos)\n", "italic"))
                if ind.comparison is not Comparison.MANUAL:
                    tgt = P.fmt_value(ind.target)
                    parts.append(f"Mål {ind.comparison.symbol} {tgt} {ind.unit}\n")
                if ind.baseline is not None:
                    parts.append(f"Föreg. år    {P.fmt_value(ind.baseline)} {ind.unit}\n")
                if ind.link:
                    parts.append((f"Följer {session.links().label(ind.link)}\n", "italic"))
            gr = a.goal_of(sel[1])
        elif sel and sel[0] == "g":
            gr = next((g for g in a.goals if g.goal.id == sel[1]), None)
        self.query_one("#gp-ind", LinePanel).show(T(*parts))
        parts = []
        if gr is not None:
            parts += [("\nMål ", "bold underline"), (GOAL_STATUS_SV[gr.status], "bold " + self.palette.status(gr.status)),
                      "\n", (CLAUSE_SV[gr.clause], "italic"), "\n"]
            if sel and sel[0] == "g":
                has = bool(gr.goal.comments.get(session.period_code, "").strip())
                parts.append(("Analys: " + ("skriven" if has else "saknas") + " (8 / Ctrl+F)\n", "italic"))
        self.query_one("#gp-goal", LinePanel).show(T(*parts))
        parts = [("\nÅret\n", "bold underline")]
        for s in Status:
            parts += [f"{STATUS_SV[s].capitalize():<13}", (f"{a.counts[s]:>3}", "bold"), "\n"]
        parts += ["Bedömning    ", (GOAL_STATUS_SV[a.verdict], "bold " + self.palette.status(a.verdict))]
        self.query_one("#gp-year", LinePanel).show(T(*parts))
        self.query_one("#gp-mark", LinePanel).show(
            T(("\n✱ ogiltigt värde:\n  senaste giltiga visas", "bold reverse")) if session.invalid else T())

    async def _selection_changed(self) -> None:
        session = self.session
        if session.model is None:
            return
        sel = self._selected()
        p = session.period
        if sel is None:
            await self.build_form("goal-form", None, [])
        elif sel[0] == "g":
            await self.build_form("goal-form", f"g:{sel[1]}:{p.code}", goal_specs(sel[1]))
        else:
            ind = find_indicator(session.model, sel[1])
            if ind is None:
                return
            await self.build_form("goal-form", f"i:{sel[1]}:{p.code}", indicator_specs(ind, p, session.links()))
        self._panel()

    async def on_ledger_table_row_highlighted(self, event: LedgerTable.RowHighlighted) -> None:
        await self._selection_changed()

    def jump(self, path: str) -> None:
        parts = path.split("/")
        if parts[0] == "indicator":
            self.table.select_key(f"i:{parts[1]}")
            if len(parts) > 2:
                self.table.select_column(parts[2])
            self.table.focus()

    # ------------------------------------------------------------ actions
    def _goal_of_selection(self) -> int | None:
        sel = self._selected()
        model, c = self.session.model, self.session.computed
        if sel is None:
            return model.goals[0].id if model is not None and model.goals else None
        if sel[0] == "g":
            return sel[1]
        gr = None if c is None else c.assessment.goal_of(sel[1])
        return gr.goal.id if gr else None

    def action_add_indicator(self) -> None:
        gid = self._goal_of_selection()
        if gid is None:
            self.notify("Lägg först till ett mål (m).", markup=False)
            return

        def done(name: str | None) -> None:
            if name:
                new = self.act(self.session.add_indicator, gid, name)
                if new:
                    self._after_add(f"i:{new}")

        self.app.push_screen(PromptScreen("Namn på den nya indikatorn:"), done)

    def action_add_goal(self) -> None:
        def done(title: str | None) -> None:
            if title:
                new = self.act(self.session.add_goal, title)
                if new:
                    self._after_add(f"g:{new}")

        self.app.push_screen(PromptScreen("Det nya målets rubrik:"), done)

    def _after_add(self, key: str) -> None:
        self.table.select_key(key)
        self.call_later(self._focus_form_later)

    async def _focus_form_later(self) -> None:
        await self._selection_changed()
        self.focus_form("goal-form")

    def action_delete(self) -> None:
        sel = self._selected()
        if sel is None:
            return
        model = self.session.model
        goal = find_goal(model, sel[1]) if model is not None and sel[0] == "g" else None
        ind = find_indicator(model, sel[1]) if model is not None and sel[0] == "i" else None
        if goal is not None:
            entity, version = "goal", goal.version
            what = f"målet '{goal.title}' och dess {len(goal.indicators)} indikatorer"
        elif ind is not None:
            entity, version, what = "indicator", ind.version, f"indikatorn '{ind.name}'"
        else:
            return
        session = self.session

        def done(answer: str | None) -> None:
            if answer == "yes":
                self.act(session.delete, entity, sel[1], version)

        self.app.push_screen(ConfirmScreen(f"Ta bort {what}? (Ctrl+Z ångrar)",
                                      [("yes", "Ta bort", "j"), ("no", "Avbryt", "escape")]), done)

    def action_link(self) -> None:
        """Choose the figure the indicator's outcome follows (or none: typed), from a list."""
        sel = self._selected()
        session = self.session
        model = session.model
        ind = find_indicator(model, sel[1]) if sel and sel[0] == "i" and model is not None else None
        if ind is None:
            self.notify("Välj en indikator att koppla.", markup=False)
            return
        links = session.links()
        options: list[tuple[str | None, str]] = [(None, "Ingen koppling: utfallet skrivs in"), *links.choices()]
        iid = ind.id

        async def done(answer: tuple[str, str | None] | None) -> None:
            if answer is None:
                return
            await self._selection_changed()
            field = next((f for f in self.query(Field) if f.spec is not None and f.spec.field == "link"), None)
            if field is None or field.spec is None or field.spec.entity_id != iid:
                return
            edit = session.type(field.spec, links.label(answer[1]) if answer[1] else "")
            if edit is not None:
                self.save_field(field, edit)

        self.app.push_screen(ChoiceScreen(f"Utfallet för '{ind.name}' följer:", options, ind.link), done)

    def action_move(self, delta: int) -> None:
        sel = self._selected()
        if sel is None:
            return
        entity = "goal" if sel[0] == "g" else "indicator"
        self.act(self.session.move, entity, sel[1], delta)
        self.table.select_key(f"{sel[0]}:{sel[1]}")
