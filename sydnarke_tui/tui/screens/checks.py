"""6. Kontroll: the checker's findings; Enter goes to the figure."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from ...core.checks import Finding
from ...core.concepts import SEVERITY
from ...session import FieldSpec
from ..text import T, cell
from ..table import Ledger, LedgerTable
from ..widgets import LiveStatic
from .base import BaseScreen


def target_of(path: str) -> str:
    head = path.split("/")[0]
    return {"operating": "drift", "investments": "invest", "indicator": "mal", "split": "key",
            "key": "key", "summary": "oversikt", "narrative": "berattelse"}.get(head, "oversikt")


class ChecksScreen(BaseScreen):
    MODE = "kontroll"
    BINDINGS = [Binding("ctrl+g", "jump_to", "Gå till figuren", id="checks.jump")]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body-v"):
            yield LiveStatic(id="checks-summary")
            yield Ledger([("sev", "Allvar", 10), ("where", "Var", 30), ("msg", "Meddelande", 60)],
                         id="checks-table", classes="lines")
            yield LiveStatic(id="checks-detail", classes="detail")

    def on_mount(self) -> None:
        self.query_one("#checks-table").focus()

    def render_full(self) -> None:
        f = self.session.findings
        self.query_one("#checks-summary", LiveStatic).show(T(
            (f"{len(f)} fynd", "bold"), " — Enter går till figuren"))
        self.query_one("#checks-table", LedgerTable).sync(
            (f"f:{i}", [cell(SEVERITY[x.severity].label, self.palette.role(SEVERITY[x.severity].role)),
                        cell(x.where), cell(x.message)])
            for i, x in enumerate(f)
        )
        self._detail()

    def render_live(self, spec: FieldSpec) -> None:
        pass

    def _current(self) -> Finding | None:
        key = self.query_one("#checks-table", LedgerTable).current_key()
        if not key:
            return None
        i = int(key[2:])
        return self.session.findings[i] if i < len(self.session.findings) else None

    def _detail(self) -> None:
        x = self._current()
        self.query_one("#checks-detail", LiveStatic).show(
            T(x.where, "\n", x.message) if x else T(("Inga fynd.", "italic")))

    def on_ledger_table_row_highlighted(self, event: LedgerTable.RowHighlighted) -> None:
        self._detail()

    def on_ledger_table_row_selected(self, event: LedgerTable.RowSelected) -> None:
        event.stop()
        self.action_jump_to()

    def action_jump_to(self) -> None:
        x = self._current()
        if x is None:
            return
        self.host.goto(target_of(x.path))

        def go() -> None:
            screen = self.app.screen
            if isinstance(screen, BaseScreen):
                screen.jump(x.path)

        self.app.call_after_refresh(go)
