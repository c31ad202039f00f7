"""The shared part of 3. Driftredovisning and 4. Investeringar: a table of lines, a form, a panel."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text

from ...core.accounts import Figures
from ...core.links import followers, unlinked_message
from ...core.model import InvestmentLine, OperatingLine, Year
from ...session.edits import FieldSpec
from ...session.specs import find_line, line_specs
from ..table import LedgerTable
from ..text import cell
from .base import BaseScreen
from .dialogs import ConfirmScreen

NAME_MIN = 16  # a line's name keeps this many cells before a column gives way (varav rows are indented)


class LinesScreen(BaseScreen):
    """Drift and Investeringar: a table of lines, a form and a panel."""

    ENTITY: ClassVar[str] = ""
    TABLE_ID: ClassVar[str] = ""
    COLUMNS: ClassVar[list[tuple[str, str, int]]] = []
    PREV_AT: ClassVar[int] = 1
    PREV_WIDTH: ClassVar[int] = 11
    PREV_WIDTHS: ClassVar[dict[str, int]] = {}

    EDIT_COLUMNS: ClassVar[tuple[str, ...]] = ("budget", "outcome", "forecast")
    # At an interim period: the budget of the months so far (the line's profile) and its deviation.
    TO_DATE_COLUMNS: ClassVar[list[tuple[str, str, int]]] = [("bud_td", "Bud t.o.m", 9), ("dev_td", "Avv t.o.m", 9)]

    def __init__(self) -> None:
        super().__init__()
        self._prev = False

    def on_mount(self) -> None:
        # Textual calls BaseScreen.on_mount itself (handlers of every class in the MRO run):
        # calling super() too rendered the table twice and watched the results twice.
        self.table.focus()

    @property
    def table(self) -> LedgerTable:
        return self.query_one(f"#{self.TABLE_ID}", LedgerTable)

    def _cell_spec(self, key: str, column: str) -> tuple[FieldSpec, str] | None:
        """Budget, outcome and (at interim periods) forecast of a line are edited in the table."""
        session = self.session
        if not key.startswith("l:") or column not in self.EDIT_COLUMNS or session.model is None:
            return None
        members = [m.municipality for m in session.model.key.members]
        return self.table_cell(line_specs(self.ENTITY, int(key[2:]), session.period, session.config.input_unit,
                                          members), column)

    def _selected_id(self) -> int | None:
        key = self.table.current_key()
        if key and key.startswith("l:"):
            return int(key[2:])
        return None

    def _has_prev(self, model: Year) -> bool:
        pool: list[OperatingLine] | list[InvestmentLine] = \
            model.operating if self.ENTITY == "operating" else model.investments
        return any(ln.previous_outcome is not None for ln in pool)

    def _sync_columns(self) -> None:
        """A previous-year column ("Utfall <år-1>") when any line has one."""
        model = self.session.shown_year
        self._prev = self._has_prev(model)
        cols = [(k, label.replace("(tkr)", f"({self.unit})"), w) for k, label, w in self.COLUMNS]
        if self._prev:
            cols = [(k, label, self.PREV_WIDTHS.get(k, w)) for k, label, w in cols]
            prev_label = f"Utfall {model.year - 1}" if self.PREV_WIDTH >= 11 else f"Utf. {model.year - 1}"
            cols.insert(self.PREV_AT, ("prev", prev_label, self.PREV_WIDTH))
        if not self.session.period.full_year:
            cols += self.TO_DATE_COLUMNS
        if self.unit != "tkr":  # kronor need three more digits and a space
            wider = {"budget", "outcome", "forecast", "dev", "prev", "bud_td", "dev_td"}
            cols = [(k, label, w + 4 if k in wider else w) for k, label, w in cols]
        self.table.set_columns(cols)
        # A narrow terminal: at full year the forecast column is empty and gives way first, then the
        # previous year's; budget, the deviation and what it is measured on give way last.
        full_year = self.session.period.full_year
        self.table.set_priority(drop=("forecast", "prev") if full_year else ("prev",),
                                keep=("budget", "outcome" if full_year else "forecast", "dev"), name_min=NAME_MIN)

    def _prev_cells(self, ln: OperatingLine | InvestmentLine | None, total: int | None = None) -> list[Text]:
        if not self._prev:
            return []
        value = ln.previous_outcome if ln is not None else total
        return [cell(self.amount(value) if value is not None else "", "bold" if ln is None else "", right=True)]

    def _figs_cells(self, f: Figures, interim: bool) -> list[Text]:
        cells = [cell(self.amount(f.budget), right=True), cell(self.amount(f.outcome), right=True)]
        # At an interim period the column shows what the line is compared on: its forecast, or
        # (muted, italic) its budget where it has none, so budget - prognos = avvikelse on every row.
        if not interim:
            cells.append(cell("", right=True))
        else:
            guessed = f.forecast is None and f.compared is not None
            cells.append(cell(self.amount(f.compared), f"italic {self.palette.muted}" if guessed else "", right=True))
        dev_style = self.palette.worse if (f.deviation or 0) < 0 else ""  # its minus sign says it too
        cells.append(cell(self.amount(f.deviation), dev_style, right=True))
        if interim:  # outcome to date (Utfall) against the budget of the same months
            worse_to_date = self.palette.worse if (f.deviation_to_date or 0) < 0 else ""
            cells += [cell(self.amount(f.budget_to_date), right=True),
                      cell(self.amount(f.deviation_to_date), worse_to_date, right=True)]
        return cells

    def _form_of_row(self) -> tuple[str | None, list[FieldSpec]] | None:
        """The form's key and fields for the row under the cursor (None before the year is read)."""
        session = self.session
        if session.model is None:
            return None
        lid = self._selected_id()
        ln = None if lid is None else find_line(session.model, self.ENTITY, lid)
        if ln is None:
            return None, []
        members = [m.municipality for m in session.model.key.members]
        return (f"{lid}:{session.period_code}",
                line_specs(self.ENTITY, ln.id, session.period, session.config.input_unit, members))

    async def _selection_changed(self) -> None:
        form = self._form_of_row()
        if form is not None:
            await self.build_form("line-form", *form)

    def _follow_row(self) -> None:
        """The cursor moved (LedgerTable.on_row): the form shows the row in the frame that moves the
        cursor (the same fields take its values); other fields are mounted after it."""
        form = self._form_of_row()
        if form is not None and self.is_mounted and not self.fill_form("line-form", *form):
            self.call_later(self._selection_changed)

    def jump(self, path: str) -> None:
        parts = path.split("/")
        table = self.table
        if len(parts) > 2 and parts[1] == "line":
            table.select_key(f"l:{parts[2]}")
            if len(parts) > 3:
                # the exact field a finding is about (figure paths name it as core does)
                table.select_column({"deviation": "dev", "previous": "prev", "budget_to_date": "bud_td",
                                     "deviation_to_date": "dev_td"}.get(parts[3], parts[3]))
        elif parts[1] == "total":
            table.select_key(f"t:{parts[2]}" if self.ENTITY == "operating" else "t:total")
        table.focus()

    def _after_add(self, new_id: int | None) -> None:
        if new_id:
            self.table.select_key(f"l:{new_id}")
            self.call_later(self._focus_form_later)

    async def _focus_form_later(self) -> None:
        await self._selection_changed()
        self.focus_form("line-form")

    def action_delete(self) -> None:
        lid = self._selected_id()
        if lid is None:
            return
        session = self.session
        model = session.model
        ln = None if model is None else find_line(model, self.ENTITY, lid)
        if ln is None or model is None:
            return

        def done(answer: str | None) -> None:
            if answer == "yes" and (note := self.act(session.delete, self.ENTITY, lid, ln.version)):
                self.notify(note, title="Borttagen", markup=False, timeout=10)  # indicators it left unlinked

        question = f"Ta bort raden '{ln.label}'?"
        unlinks = unlinked_message(followers(model, self.ENTITY, lid), done=False)  # asked before, said after
        if unlinks:
            question += f" {unlinks}"
        self.app.push_screen(ConfirmScreen(f"{question} (Ctrl+Z ångrar)",
                                      [("yes", "Ta bort", "j"), ("no", "Avbryt", "escape")]), done)

    def action_move(self, delta: int) -> None:
        lid = self._selected_id()
        if lid is None:
            return
        self.act(self.session.move, self.ENTITY, lid, delta)
        self.table.select_key(f"l:{lid}")
