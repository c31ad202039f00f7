"""7. Logg: the audit log, newest first, in the same words as `sydnarke-tui log`."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from ...core.text import count_sv
from ...session import AuditRow, FieldSpec, SessionError, StoreError
from ...session import log as L
from ..text import T, cell
from ..table import Ledger, LedgerTable
from ..widgets import LiveStatic
from .base import BaseScreen


class LogScreen(BaseScreen):
    MODE = "logg"
    BINDINGS = [Binding("r,ctrl+l", "reload_log", "Uppdatera", id="log.reload")]

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[AuditRow] = []
        self._newest: int | None = None  # the newest entry shown so far

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body-v"):
            yield LiveStatic(id="log-summary")
            yield Ledger([("at", "När", 16), ("year", "År", 4), ("who", "Vem", 8), ("what", "Vad", 26),
                          ("chg", "Gammalt → nytt", 40)], id="log-table", classes="lines")
            yield LiveStatic(id="log-detail", classes="detail")

    def on_mount(self) -> None:
        table = self.query_one("#log-table", LedgerTable)
        table.set_priority(drop=("who", "year"))  # a narrow terminal keeps when, what and the change
        table.focus()

    def action_reload_log(self) -> None:
        self.render_full()

    def render_live(self, spec: FieldSpec) -> None:
        pass

    def render_full(self) -> None:
        try:
            rows = self.session.audit(limit=500)
        except (StoreError, SessionError) as exc:
            self.query_one("#log-summary", LiveStatic).show(T(f"Loggen kunde inte läsas: {exc}"))
            return
        self._rows = rows
        self.query_one("#log-summary", LiveStatic).show(T(
            (count_sv(len(rows), "händelse", "händelser"), "bold"),
            " (nyast först) — / filtrerar på år, datum, användare, rad · Ctrl+Z / F9 ångrar senaste ändringen"))
        by_key = {f"a:{r.id}": r for r in rows}

        def cells(key: str) -> list[Text]:
            r = by_key[key]
            return [cell(r.at[:16]), cell("" if r.year is None else r.year), cell(r.user), cell(L.what(r)),
                    cell(L.change(r), f"italic {self.palette.muted}" if r.undone else "")]

        def search(key: str) -> str:  # `/` finds a year, a date, a user, a line or a value
            r = by_key[key]
            return f"{r.at} {r.year or ''} {r.user} {L.what(r)} {r.label} {L.change(r)}"

        table = self.query_one("#log-table", LedgerTable)
        table.set_rows(list(by_key), cells, search)
        newest = rows[0].id if rows else None
        if newest != self._newest:  # new entries (or the first look): open at the newest, on top
            self._newest = newest
            table.move_cursor(row=0)
        self._detail()

    def _detail(self) -> None:
        key = self.query_one("#log-table", LedgerTable).current_key()
        r = next((x for x in self._rows if key == f"a:{x.id}"), None)
        if r is None:
            self.query_one("#log-detail", LiveStatic).show(T(("Loggen är tom.", "italic")))
            return
        head, *rest = L.detail(r)
        who = f"{r.at} {r.user} "
        self.query_one("#log-detail", LiveStatic).show(T((who, "bold"), head[len(who):], *("\n" + x for x in rest)))

    def on_ledger_table_row_highlighted(self, event: LedgerTable.RowHighlighted) -> None:
        self._detail()
