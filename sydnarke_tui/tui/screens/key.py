"""5. Fördelning: the distribution key (members, shares or bases) and the live split."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll

from ...core.numbers import format_decimal
from ...session import Edit, FieldSpec
from ...session import parsing as P
from ...session.specs import find_member, member_specs
from ..text import T, cell
from ..table import LedgerTable
from ..widgets import Field, LiveStatic
from .base import BaseScreen
from .dialogs import ConfirmScreen, PromptScreen

if TYPE_CHECKING:
    from ..notes import NoteField


class KeyScreen(BaseScreen):
    MODE = "key"
    BINDINGS = [
        Binding("n,insert", "add", "Ny medlem", id="key.add"),
        Binding("d,delete", "delete", "Ta bort", id="key.delete"),
        Binding("u,shift+up", "move(-1)", "Flytta upp", id="key.move_up", show=False),
        Binding("j,shift+down", "move(1)", "Flytta ned", id="key.move_down", show=False),
    ]
    PALETTE = [("add", "Fördelning: ny medlem", "n / Insert"), ("delete", "Fördelning: ta bort medlem", "d")]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body-v"):
            with Horizontal(classes="key-top"):
                yield LedgerTable([("m", "Medlem", 14), ("share", "Andel %", 9), ("base", "Underlag", 9)],
                                id="key-table", classes="keylist")
                yield VerticalScroll(id="key-form", classes="form")
            yield LiveStatic(id="key-warning")
            yield LedgerTable([("m", "Kommun", 12), ("share", "Andel %", 8), ("res", "Resultat kr", 11),
                             ("contrib", "Driftbidrag kr", 14), ("inv", f"Invest. {self.unit}", 11)],
                            id="split-table", classes="splits", flex="m")  # focusable: a short terminal scrolls it

    def on_mount(self) -> None:
        self.query_one("#key-table").focus()

    def _member_rows(self) -> Iterator[tuple[str, list[Text]]]:
        c, model = self.session.figures, self.session.shown_year
        shares = {r.municipality: r.share_pct for r in c.result_split}
        for m in model.key.members:
            share = m.share_pct if model.key.basis == "shares" else shares.get(m.municipality)
            yield f"k:{m.id}", [cell(m.municipality),
                                cell("" if share is None else format_decimal(share, 3), right=True),
                                cell(P.fmt_base(m.base), right=True)]

    def render_full(self) -> None:
        self.query_one("#key-table", LedgerTable).sync(self._member_rows())
        self.call_later(self._selection_changed)
        self._splits()

    def render_live(self, spec: FieldSpec) -> None:
        self.query_one("#key-table", LedgerTable).sync(self._member_rows())
        self._splits()

    def _splits(self) -> None:
        session = self.session
        c, model = session.figures, session.shown_year
        warn: list[Any] = []
        if model.key.basis == "shares" and c.key_total_pct != 100:
            warn.append((f"⚠ Andelarna summerar till {format_decimal(c.key_total_pct, 3)} %, inte 100 %.",
                         "bold reverse"))
        if c.split_error:
            warn.append((" ⚠ " + c.split_error, "bold reverse"))
        if session.invalid:
            warn.append(("  ✱ ogiltigt värde: senaste giltiga visas", "bold reverse"))
        if not warn:
            warn.append(f"Nyckel: {P.fmt_basis(model.key.basis)}, summa {format_decimal(c.key_total_pct, 3)} %")
        self.query_one("#key-warning", LiveStatic).show(T(*warn))
        contrib = {r.municipality: r.amount for r in c.contribution_split}
        inv = {m.municipality: m.outcome for m in c.investment_split}
        rows = [(f"s:{i}", [cell(r.municipality), cell(format_decimal(r.share_pct, 3), right=True),
                            cell(format_decimal(r.amount), right=True),
                            cell(format_decimal(contrib.get(r.municipality, 0)), right=True),
                            cell(self.amount(inv.get(r.municipality, 0)), right=True)])
                for i, r in enumerate(c.result_split)]
        rows.append(("s:sum", [cell("Summa", "bold"), cell(""),
                               cell(format_decimal(c.result_split_sum), "bold", right=True),  # sums from core
                               cell(format_decimal(c.contribution_split_sum), "bold", right=True),
                               cell(self.amount(c.investment_split_sum.outcome), "bold", right=True)]))
        self.query_one("#split-table", LedgerTable).sync(rows)

    def _selected_id(self) -> int | None:
        key = self.query_one("#key-table", LedgerTable).current_key()
        return int(key[2:]) if key else None

    async def _selection_changed(self) -> None:
        session = self.session
        if session.model is None or session.year_no is None:
            return
        mid = self._selected_id()
        if mid is None:
            await self.build_form("key-form", None, [])
        else:
            await self.build_form("key-form", f"k:{mid}", member_specs(mid, session.year_no))

    async def on_ledger_table_row_highlighted(self, event: LedgerTable.RowHighlighted) -> None:
        if event.table.id == "key-table":
            await self._selection_changed()

    def save_field(self, field: Field | NoteField, edit: Edit) -> bool:
        """A share that leaves the key off 100 % is saved only when the user says so."""
        c = self.session.computed
        if edit.spec.field != "share_pct" or c is None or c.key_total_pct == 100 or not edit.valid:
            return super().save_field(field, edit)
        host = self.host
        host.suppress_blur_commit = True  # the dialog takes focus: that blur must not save

        def done(answer: str | None) -> None:
            host.suppress_blur_commit = False
            if answer == "save":
                super(KeyScreen, self).save_field(field, edit)
            elif isinstance(field, Field):  # the key's figures are edited in its form, not in the table
                field.input.focus()

        self.app.push_screen(ConfirmScreen(
            f"Andelarna summerar då till {format_decimal(c.key_total_pct, 3)} %, inte 100 %. "
            "Resultatet fördelas ändå, skalat. Spara ändå?",
            [("save", "Spara ändå", "s"), ("keep", "Fortsätt ändra", "escape")]), done)
        return False

    def jump(self, path: str) -> None:
        """A finding's figure: split/<kind>/<municipality>[/...] lands on that member's row."""
        table = self.query_one("#key-table", LedgerTable)
        table.focus()
        parts = path.split("/")
        if len(parts) >= 3 and parts[0] == "split" and self.session.model is not None:
            m = next((x for x in self.session.model.key.members if x.municipality == parts[2]), None)
            if m is not None:
                table.select_key(f"k:{m.id}")

    def action_add(self) -> None:
        session = self.session

        def done(name: str | None) -> None:
            if name:
                new = self.act(session.add_member, name)
                if new:
                    self.query_one("#key-table", LedgerTable).select_key(f"k:{new}")

        self.app.push_screen(PromptScreen("Den nya medlemskommunens namn:"), done)

    def action_delete(self) -> None:
        session = self.session
        mid = self._selected_id()
        m = None if mid is None or session.model is None else find_member(session.model, mid)
        if m is None:
            return

        def done(answer: str | None) -> None:
            if answer == "yes":
                self.act(session.delete, "member", mid, m.version)

        self.app.push_screen(ConfirmScreen(f"Ta bort medlemmen '{m.municipality}' ur nyckeln? (Ctrl+Z ångrar)",
                                      [("yes", "Ta bort", "j"), ("no", "Avbryt", "escape")]), done)

    def action_move(self, delta: int) -> None:
        mid = self._selected_id()
        if mid is not None:
            self.act(self.session.move, "member", mid, delta)
            self.query_one("#key-table", LedgerTable).select_key(f"k:{mid}")
