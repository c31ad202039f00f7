"""5. Fördelning, 6. Kontroll, 7. Logg."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import DataTable

from ...core.model import ACTION_SV, ENTITY_SV, SEVERITY_SV, Severity
from ...core.numbers import format_amount, format_decimal
from .. import parsing as P
from ..widgets import FIELD_SV, PERIOD_SV, FieldSpec, LiveStatic, SyncTable, T, cell
from .base import BaseScreen, ConfirmScreen, PromptScreen


def member_specs(mid: int, year_no: int, basis: str) -> list[FieldSpec]:
    res = lambda m: next((x for x in m.key.members if x.id == mid), None)  # noqa: E731
    yres = lambda m: m  # noqa: E731
    specs = [
        FieldSpec("basis", "Nyckel", "year", year_no, "key_basis", P.parse_basis, P.fmt_basis, yres,
                  lambda y: y.key.basis, lambda y, v: setattr(y.key, "basis", v), versioned=False,
                  placeholder="andelar / underlag"),
        FieldSpec("municipality", "Kommun", "member", mid, "municipality", P.text_parser(True, "Kommunens namn"),
                  P.fmt_text, res, lambda o: o.municipality, lambda o, v: setattr(o, "municipality", v)),
        FieldSpec("share", "Andel %", "member", mid, "share_pct", P.parse_share, P.fmt_share, res,
                  lambda o: o.share_pct, lambda o, v: setattr(o, "share_pct", v)),
        FieldSpec("base", "Underlag", "member", mid, "base", P.parse_base, P.fmt_base, res,
                  lambda o: o.base, lambda o, v: setattr(o, "base", v)),
    ]
    return specs


class KeyScreen(BaseScreen):
    MODE = "fordelning"
    TITLE_SV = "Fördelning"
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
                yield SyncTable([("m", "Medlem", 14), ("share", "Andel %", 9), ("base", "Underlag", 9)],
                                id="key-table", classes="keylist")
                yield VerticalScroll(id="key-form", classes="form")
            yield LiveStatic(id="key-warning")
            yield SyncTable([("m", "Kommun", 12), ("share", "Andel %", 8), ("res", "Resultat kr", 11),
                             ("contrib", "Driftbidrag kr", 14), ("inv", "Invest. tkr", 11)],
                            id="split-table", classes="splits", cursor_type="none")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#key-table").focus()

    def _member_rows(self):
        c = self.sapp.computed
        shares = {r.municipality: r.share_pct for r in c.result_split}
        for m in self.sapp.model.key.members:
            share = m.share_pct if self.sapp.model.key.basis == "shares" else shares.get(m.municipality)
            yield f"k:{m.id}", [cell(m.municipality),
                                cell("" if share is None else format_decimal(share, 3), right=True),
                                cell(P.fmt_base(m.base), right=True)]

    def render_full(self) -> None:
        self.query_one("#key-table", SyncTable).sync(self._member_rows())
        self.call_later(self._selection_changed)
        self._splits()

    def render_live(self, field) -> None:
        self.query_one("#key-table", SyncTable).sync(self._member_rows())
        self._splits()

    def _splits(self) -> None:
        app = self.sapp
        c = app.computed
        warn: list = []
        if app.model.key.basis == "shares" and c.key_total_pct != 100:
            warn.append((f"⚠ Andelarna summerar till {format_decimal(c.key_total_pct, 3)} %, inte 100 %.",
                         "bold reverse"))
        if c.split_error:
            warn.append((" ⚠ " + c.split_error, "bold reverse"))
        if app.invalid_marker:
            warn.append(("  ✱ ogiltigt värde: senaste giltiga visas", "bold reverse"))
        if not warn:
            warn.append(f"Nyckel: {P.fmt_basis(app.model.key.basis)}, summa {format_decimal(c.key_total_pct, 3)} %")
        self.query_one("#key-warning", LiveStatic).show(T(*warn))
        contrib = {r.municipality: r.amount for r in c.contribution_split}
        inv = {m.municipality: m.outcome for m in c.investment_split}
        rows = [(f"s:{i}", [cell(r.municipality), cell(format_decimal(r.share_pct, 3), right=True),
                            cell(format_decimal(r.amount), right=True),
                            cell(format_decimal(contrib.get(r.municipality, 0)), right=True),
                            cell(format_amount(inv.get(r.municipality, 0), "tkr"), right=True)])
                for i, r in enumerate(c.result_split)]
        rows.append(("s:sum", [cell("Summa", "bold"), cell(""),
                               cell(format_decimal(sum(r.amount for r in c.result_split)), "bold", right=True),
                               cell(format_decimal(sum(contrib.values())), "bold", right=True),
                               cell(format_amount(sum(inv.values()), "tkr"), "bold", right=True)]))
        self.query_one("#split-table", SyncTable).sync(rows)

    def _selected_id(self) -> int | None:
        key = self.query_one("#key-table", SyncTable).current_key()
        return int(key[2:]) if key else None

    async def _selection_changed(self) -> None:
        app = self.sapp
        if app.model is None:
            return
        mid = self._selected_id()
        if mid is None:
            await self.build_form("key-form", None, [])
        else:
            await self.build_form("key-form", f"k:{mid}", member_specs(mid, app.year_no, app.model.key.basis))

    async def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "key-table":
            await self._selection_changed()

    def jump(self, path: str) -> None:
        self.query_one("#key-table").focus()

    def action_add(self) -> None:
        app = self.sapp

        def done(name):
            if name:
                new = app.structural(app.store.add_member, app.year_no, name)
                if new:
                    self.query_one("#key-table", SyncTable).select_key(f"k:{new}")

        app.push_screen(PromptScreen("Den nya medlemskommunens namn:"), done)

    def action_delete(self) -> None:
        app = self.sapp
        mid = self._selected_id()
        m = next((x for x in app.model.key.members if x.id == mid), None)
        if m is None:
            return

        def done(answer):
            if answer == "yes":
                app.structural(app.store.delete, "member", mid, expected_version=m.version)

        app.push_screen(ConfirmScreen(f"Ta bort medlemmen '{m.municipality}' ur nyckeln? (Ctrl+Z ångrar)",
                                      [("yes", "Ta bort", "j"), ("no", "Avbryt", "escape")]), done)

    def action_move(self, delta: int) -> None:
        mid = self._selected_id()
        if mid is not None:
            self.sapp.structural(self.sapp.store.move, "member", mid, delta)
            self.query_one("#key-table", SyncTable).select_key(f"k:{mid}")


SEV_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.ROUNDING: "dim"}


def target_of(path: str) -> str:
    head = path.split("/")[0]
    return {"operating": "drift", "investments": "invest", "indicator": "mal", "split": "fordelning",
            "key": "fordelning", "summary": "oversikt"}.get(head, "oversikt")


class ChecksScreen(BaseScreen):
    MODE = "kontroll"
    TITLE_SV = "Kontroll"
    BINDINGS = [Binding("enter,g", "jump_to", "Gå till figuren", id="checks.jump")]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body-v"):
            yield LiveStatic(id="checks-summary")
            yield SyncTable([("sev", "Allvar", 10), ("where", "Var", 30), ("msg", "Meddelande", 60)],
                            id="checks-table", classes="lines")
            yield LiveStatic(id="checks-detail", classes="detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#checks-table").focus()

    def render_full(self) -> None:
        f = self.sapp.findings
        self.query_one("#checks-summary", LiveStatic).show(T(
            (f"{len(f)} fynd", "bold"), " — Enter går till figuren"))
        self.query_one("#checks-table", SyncTable).sync(
            (f"f:{i}", [cell(SEVERITY_SV[x.severity], SEV_STYLE[x.severity]), cell(x.where), cell(x.message)])
            for i, x in enumerate(f)
        )
        self._detail()

    def render_live(self, field) -> None:
        pass

    def _current(self):
        key = self.query_one("#checks-table", SyncTable).current_key()
        if not key:
            return None
        i = int(key[2:])
        return self.sapp.findings[i] if i < len(self.sapp.findings) else None

    def _detail(self) -> None:
        x = self._current()
        self.query_one("#checks-detail", LiveStatic).show(
            T(x.where, "\n", x.message) if x else T(("Inga fynd.", "italic")))

    def on_data_table_row_highlighted(self, event) -> None:
        self._detail()

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_jump_to()

    def action_jump_to(self) -> None:
        x = self._current()
        if x is None:
            return
        mode = target_of(x.path)
        app = self.sapp
        app.switch_mode(mode)

        def go():
            screen = app.screen
            if hasattr(screen, "jump"):
                screen.jump(x.path)

        app.call_after_refresh(go)


class LogScreen(BaseScreen):
    MODE = "logg"
    TITLE_SV = "Logg"
    BINDINGS = [Binding("r,ctrl+l", "reload_log", "Uppdatera", id="log.reload")]

    def compose_body(self) -> ComposeResult:
        with Vertical(classes="body-v"):
            yield LiveStatic(id="log-summary")
            yield SyncTable([("at", "När", 16), ("who", "Vem", 8), ("what", "Vad", 26), ("chg", "Gammalt → nytt", 40)],
                            id="log-table", classes="lines")
            yield LiveStatic(id="log-detail", classes="detail")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#log-table").focus()

    def action_reload_log(self) -> None:
        self.render_full()

    def render_live(self, field) -> None:
        pass

    ENTITY_SV = ENTITY_SV  # names the log rows use (shared with the CLI)
    ACTION_SV = ACTION_SV

    def render_full(self) -> None:
        try:
            rows = self.sapp.store.audit(limit=500)
        except Exception as exc:  # noqa: BLE001
            self.query_one("#log-summary", LiveStatic).show(T(f"Loggen kunde inte läsas: {exc}"))
            return
        self._rows = rows
        self.query_one("#log-summary", LiveStatic).show(T(
            (f"{len(rows)} händelser", "bold"), " (nyast först) — Ctrl+Z / F9 ångrar senaste ändringen"))

        def what(r):
            s = r.label or ""
            if r.field:
                s += f" › {FIELD_SV.get(r.field, r.field)}"
            if r.period:
                s += f" ({PERIOD_SV.get(r.period, r.period)})"
            return s

        def chg(r):
            act = self.ACTION_SV.get(r.action, r.action)
            old = "–" if r.old is None else r.old
            new = "–" if r.new is None else r.new
            mark = " (ångrad)" if r.undone else ""
            if r.action == "set":
                return f"{old} → {new}{mark}"
            return f"{act}: {old} → {new}{mark}" if r.action == "undo" else f"{act}{mark}"

        self.query_one("#log-table", SyncTable).sync(
            (f"a:{r.id}", [cell(r.at[:16]), cell(r.user), cell(what(r)),
                           cell(chg(r), "dim" if r.undone else "")]) for r in rows
        )
        self._detail()

    def _detail(self) -> None:
        key = self.query_one("#log-table", SyncTable).current_key()
        r = next((x for x in getattr(self, "_rows", []) if key == f"a:{x.id}"), None)
        if r is None:
            self.query_one("#log-detail", LiveStatic).show(T(("Loggen är tom.", "italic")))
            return
        head = [(f"{r.at} {r.user} ", "bold"),
                f"{self.ACTION_SV.get(r.action, r.action)} {self.ENTITY_SV.get(r.entity, r.entity)} ",
                r.label or "", f" › {FIELD_SV.get(r.field, r.field)}" if r.field else "",
                f" ({PERIOD_SV.get(r.period, r.period)})" if r.period else ""]
        if r.action in ("set", "undo") and r.field:
            head += ["\nGammalt: ", r.old if r.old is not None else "–",
                     "\nNytt:    ", r.new if r.new is not None else "–"]
        self.query_one("#log-detail", LiveStatic).show(T(*head))

    def on_data_table_row_highlighted(self, event) -> None:
        self._detail()
