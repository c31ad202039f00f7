"""No end of the process loses work: the journal's timer and signals, a crash log, and a crash guard.

The journal itself (what is written, where, how atomically, how it is saved
back) is session/recovery.py; ``CrashGuard`` (an App mixin) is its thin hook:

* a Textual timer writes the journal a moment after typing stops;
* SIGHUP (the SSH connection dropped, the terminal closed) and SIGTERM write
  it at once and end the app cleanly (the terminal restored), exit status 2;
* the next start offers what an ended session left (save, discard, later);
* an unexpected error in a handler is written to the crash log
  (``<database>.crash.log``) with the journal, one line says so and the app
  keeps running; the program's exit status is then non-zero. Only after many
  errors in a short time (a broken render loop) does the app give up. An error
  outside a handler (a timer, a worker, or a screen's compose, whose errors
  Textual catches itself) is logged with the journal too, and then ends the app
  as Textual does.

Under tests the guard is off (``SYDNARKE_CRASH_GUARD=0``, set by the test
suite's conftest): an error ends the app as Textual would, so a broken screen
fails its test. The guard's own tests turn it on (``app.crash_guard``).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
import traceback
from asyncio import CancelledError
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.message import Message
from textual.message_pump import MessagePump

from ..core.text import one_line
from ..session import Conflict, Failed, Saved, Session
from ..session.recovery import Journal, location, restore
from ..session.saving import SAVE_TRY_MS
from .textual_adapter import running_app, wrap_dispatch

# More than this many errors within WINDOW seconds: stop instead of looping.
MAX_ERRORS, WINDOW = 20, 5.0
ENDING_SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name))

_installed = False

if TYPE_CHECKING:
    from textual.app import App

    class _App(App[Any]):
        """The app CrashGuard is mixed into, as the type checker sees it (SydnarkeApp)."""

        session: Session

        def after_write(self, year: int | None = None) -> None: ...
else:
    _App = object


def crash_log(db_path: Any) -> Path:
    """The crash log: beside the database, or in the user's state folder (session/recovery.location)."""
    folder, prefix = location(db_path)
    return folder / f"{prefix}.crash.log"


def _install_dispatch_guard() -> None:
    """Let a CrashGuard app survive an exception in any message handler.

    Textual breaks a widget's message loop after an exception; catching it
    around the dispatch keeps the widget alive. Other apps are unaffected.
    """
    global _installed
    if _installed:
        return

    Dispatch = Callable[[MessagePump, Message], Awaitable[Any]]

    def make(original: Dispatch) -> Dispatch:
        async def guarded(self: MessagePump, message: Message) -> Any:
            try:
                return await original(self, message)
            except CancelledError:
                raise
            except Exception as error:  # noqa: BLE001 - handed to the app's guard
                try:
                    app = running_app()
                except LookupError:
                    raise error from None
                if isinstance(app, CrashGuard) and app.survive(error):
                    return None
                raise

        return guarded

    wrap_dispatch(make)
    _installed = True


class CrashGuard(_App):
    """App mixin: the journal kept current, signals that end the app, errors survived."""

    crashed = False
    ended_by: int | None = None  # the signal that ended the app

    def _crash_init(self, session: Session) -> None:
        _install_dispatch_guard()
        self.crash_guard = os.environ.get("SYDNARKE_CRASH_GUARD", "1") != "0"
        self._error_times: list[float] = []
        self._user_quit = False  # the user quit: this session's unsaved values were answered for
        self._journal_timer: Any = None
        self.crash_log = crash_log(session.db_path)
        self.journal = session.journal = Journal(session, session.db_path)

    # ------------------------------------------------------------ the journal
    def journal_soon(self) -> None:
        """After a key: the journal is written once typing stops (Journal.due_in)."""
        if self.journal.behind and self._journal_timer is None:
            wait = max(self.journal.due_in(), 0.01)  # (a Textual timer of 0 s divides by zero)
            self._journal_timer = self.set_timer(wait, self._journal_due)

    def _journal_due(self) -> None:
        self._journal_timer = None
        if not self.journal.behind:
            return
        wait = self.journal.due_in()
        if wait > 0:  # typing went on
            self._journal_timer = self.set_timer(wait, self._journal_due)
        else:
            self.journal.flush()

    def _catch_signals(self) -> None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not the main thread, or no signals
            loop = asyncio.get_running_loop()
            for sig in ENDING_SIGNALS:
                loop.add_signal_handler(sig, self._end_by_signal, sig)

    def _end_by_signal(self, sig: int) -> None:
        self.ended_by = sig
        self.journal.flush()
        self.exit(return_code=2)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        # A quit the user chose (every field saved, or discarded when asked) takes this session's
        # values out of the journal; what was carried over from an ended session stays until answered.
        if self.ended_by is None:
            self._user_quit = True
        self.journal.flush(own=not self._user_quit)
        super().exit(*args, **kwargs)

    def on_unmount(self) -> None:
        # However the app ends (a quit, a signal, an error, a test's end): the journal as it is now.
        self.journal.flush(own=not self._user_quit)
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop = asyncio.get_running_loop()
            for sig in ENDING_SIGNALS:
                loop.remove_signal_handler(sig)

    # ------------------------------------------------------------ on an error
    def survive(self, error: BaseException) -> bool:
        """Record an unexpected error; True when the app can keep running (never under tests)."""
        self.crashed = True
        now = time.monotonic()
        self._error_times = [t for t in getattr(self, "_error_times", []) if now - t < WINDOW] + [now]
        self._write_log(error)
        saved = self.write_journal()
        if not getattr(self, "crash_guard", True) or len(self._error_times) > MAX_ERRORS:
            return False
        where = f"; osparade värden i {self.journal.path}" if saved else ""
        try:
            self.notify(
                one_line(f"Oväntat fel ({type(error).__name__}: {error}). Programmet fortsätter; "
                         f"detaljer i {self.crash_log}{where}."),
                title="Fel", severity="error", markup=False, timeout=15,
            )
        except Exception:  # noqa: BLE001 - the notice is best effort
            pass
        return True

    def _handle_exception(self, error: Exception) -> None:  # a Textual hook; its name is checked in textual_adapter
        # Errors outside a message handler (timers, callbacks, workers): same record,
        # then Textual ends the app (status 1), as it would.
        if isinstance(error, CancelledError):
            super()._handle_exception(error)
            return
        self.crashed = True
        self._write_log(error)
        self.write_journal()
        super()._handle_exception(error)

    def _write_log(self, error: BaseException) -> None:
        try:
            self.crash_log.parent.mkdir(parents=True, exist_ok=True)
            with open(self.crash_log, "a", encoding="utf-8") as f:
                f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} sydnarke-tui\n")
                f.write("".join(traceback.format_exception(type(error), error, error.__traceback__)))
        except OSError:
            pass

    def write_journal(self) -> bool:
        """After an error: every unsaved value on disk now. True if any."""
        try:
            return self.journal.flush() and self.journal.path.exists()
        except Exception:  # noqa: BLE001 - the session itself may be broken
            return False

    # ------------------------------------------------------------ the next start
    def offer_recovery(self) -> None:
        """At start: unsaved values from a session that ended? Save, discard or ask later."""
        values = self.journal.take_over()
        if not values:
            return
        from .screens import ConfirmScreen

        shown = "; ".join(one_line(f"{v.get('label')} = '{v.get('text')}'")
                          + ("" if v.get("valid") else " (ogiltigt)") for v in values[:6])
        more = f" och {len(values) - 6} till" if len(values) > 6 else ""

        def done(answer: str | None) -> None:
            if answer == "save":
                self.apply_recovery(values)
            elif answer == "discard":
                self.journal.drop(values)

        self.push_screen(
            ConfirmScreen(f"Osparade värden från en session som avbröts: {shown}{more}. Spara dem nu?",
                          [("save", "Spara", "s"), ("discard", "Kasta", "k"), ("later", "Senare", "escape")]),
            done,
        )

    def apply_recovery(self, values: list[dict[str, Any]]) -> None:
        """Save them through the session (its version check and rebase rule); a conflict asks, one at a time."""
        r = restore(self.session, values)
        self.journal.drop([v for v in values if all(v is not w for w in r.later)
                           and all(v is not w for w, _ in r.conflicts)])
        msg = f"{r.saved} återställda värden sparade." if r.saved != 1 else "1 återställt värde sparat."
        if r.skipped:
            msg += f" Ej sparade: {'; '.join(r.skipped)}."
        if r.later:
            msg += f" Databasen är upptagen: {len(r.later)} erbjuds igen vid nästa start."
        self.notify(msg, title="Återställt", markup=False, timeout=15)
        self.after_write()
        self._ask_recovered(r.conflicts)

    def _ask_recovered(self, conflicts: list[tuple[dict[str, Any], Conflict]]) -> None:
        if not conflicts:
            return
        from .screens import ConfirmScreen

        entry, conflict = conflicts[0]

        def done(choice: str | None) -> None:
            app: Any = self
            rest = conflicts[1:]
            if choice in ("mine", "theirs"):
                result = app.session.resolve(conflict, keep_mine=choice == "mine", wait_ms=SAVE_TRY_MS)
                if isinstance(result, Saved):
                    self.journal.drop([entry])
                elif isinstance(result, Conflict):  # changed again meanwhile: ask again
                    rest = [(entry, result), *rest]
                else:  # locked or refused: it stays in the journal
                    app.session.give_up(conflict.edit)
                    why = result.message if isinstance(result, Failed) else "Databasen är upptagen."
                    app.notify(f"{why} Värdet erbjuds igen vid nästa start.", title="Ej sparat",
                               severity="warning", markup=False)
                app.after_write()
            self._ask_recovered(rest)  # Esc: this one stays in the journal, offered at the next start

        options = [("mine", "Spara mitt", "m"), ("theirs", "Ta deras", "d"), ("later", "Senare", "escape")]
        self.push_screen(ConfirmScreen(conflict.message(), options), done)
