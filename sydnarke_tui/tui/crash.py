"""No crash can lose work: a crash log, a recovery file and a guard that keeps the app running.

Textual ends the app on any exception in a handler (and stops the failing
widget's message loop first). ``CrashGuard`` (an App mixin) instead:

* writes the traceback to the crash log (``<database>.crash.log``),
* writes every unsaved field value to the recovery file
  (``<database>.recovery.json``), offered at the next start,
* shows one line and keeps running; the program's exit status is then 1.

Both files sit next to the database; when that folder cannot be written
(or the database is in memory) they go to the user's state folder
(platformdirs ``user_state_path("sydnarke-tui")``). Only after many errors in
a short time (a broken render loop) does the app give up, with the same
files written first.
"""

from __future__ import annotations

import json
import os
import time
import traceback
from asyncio import CancelledError
from pathlib import Path
from typing import Any

from ..core.text import one_line
from ..session import recovery
from .textual_adapter import record_test_exception, running_app, wrap_dispatch

# More than this many errors within WINDOW seconds: stop instead of looping.
MAX_ERRORS, WINDOW = 20, 5.0

_installed = False


def state_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_state_path("sydnarke-tui"))


def crash_files(db_path: Any) -> tuple[Path, Path]:
    """(crash log, recovery file) for a database path."""
    if db_path and str(db_path) != ":memory:":
        p = Path(db_path)
        if p.parent.is_dir() and os.access(p.parent, os.W_OK):
            return p.with_name(p.name + ".crash.log"), p.with_name(p.name + ".recovery.json")
    d = state_dir()
    return d / "crash.log", d / "recovery.json"


def _install_dispatch_guard() -> None:
    """Let a CrashGuard app survive an exception in any message handler.

    Textual breaks a widget's message loop after an exception; catching it
    around the dispatch keeps the widget alive. Other apps are unaffected.
    """
    global _installed
    if _installed:
        return

    def make(original):
        async def guarded(self, message):
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


class CrashGuard:
    """App mixin: log, keep unsaved values, carry on."""

    crashed = False

    def _crash_init(self, db_path: Path | None) -> None:
        _install_dispatch_guard()
        self._error_times: list[float] = []
        self.crash_log, self.recovery_path = crash_files(db_path)

    # ------------------------------------------------------------ on an error
    def survive(self, error: BaseException) -> bool:
        """Record an unexpected error; True when the app can keep running."""
        self.crashed = True
        now = time.monotonic()
        self._error_times = [t for t in getattr(self, "_error_times", []) if now - t < WINDOW] + [now]
        self._write_log(error)
        saved = self.write_recovery()
        if getattr(self, "is_headless", False):
            record_test_exception(self, error)  # tests: keep running, but run_test re-raises at the end
        if len(self._error_times) > MAX_ERRORS:
            return False
        where = f"; osparade värden i {self.recovery_path}" if saved else ""
        try:
            self.notify(  # type: ignore[attr-defined]
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
            super()._handle_exception(error)  # type: ignore[misc]
            return
        self.crashed = True
        self._write_log(error)
        self.write_recovery()
        super()._handle_exception(error)  # type: ignore[misc]

    def _write_log(self, error: BaseException) -> None:
        try:
            self.crash_log.parent.mkdir(parents=True, exist_ok=True)
            with open(self.crash_log, "a", encoding="utf-8") as f:
                f.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} sydnarke-tui\n")
                f.write("".join(traceback.format_exception(type(error), error, error.__traceback__)))
        except OSError:
            pass

    # ------------------------------------------------------------ recovery
    def pending_values(self) -> list[dict[str, Any]]:
        """Every unsaved field value, in a form the session can save back (session/recovery.py)."""
        return recovery.pending(self.session)  # type: ignore[attr-defined]

    def write_recovery(self) -> bool:
        try:
            values = self.pending_values()
        except Exception:  # noqa: BLE001 - the screen itself may be broken
            return False
        if not values:
            return False
        try:
            self.recovery_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.recovery_path.with_name(self.recovery_path.name + ".tmp")
            tmp.write_text(json.dumps(values, ensure_ascii=False, indent=1), encoding="utf-8")
            tmp.replace(self.recovery_path)
        except OSError:
            return False
        self._wrote_recovery = True
        return True

    def exit(self, *args: Any, **kwargs: Any) -> None:
        # A clean quit (every field saved or discarded) takes back this session's recovery file.
        if getattr(self, "_wrote_recovery", False) and not self._dirty_fields():  # type: ignore[attr-defined]
            self.forget_recovery()
        super().exit(*args, **kwargs)  # type: ignore[misc]

    def read_recovery(self) -> list[dict[str, Any]]:
        try:
            values = json.loads(self.recovery_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        return [v for v in values if isinstance(v, dict)] if isinstance(values, list) else []

    def forget_recovery(self) -> None:
        try:
            self.recovery_path.unlink()
        except OSError:
            pass

    def offer_recovery(self) -> None:
        """At start: unsaved values from a session that crashed? Save, discard or ask later."""
        values = self.read_recovery()
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
                self.forget_recovery()

        self.push_screen(  # type: ignore[attr-defined]
            ConfirmScreen(f"Osparade värden från en session som avbröts: {shown}{more}. Spara dem nu?",
                          [("save", "Spara", "s"), ("discard", "Kasta", "k"), ("later", "Senare", "escape")]),
            done,
        )

    def apply_recovery(self, values: list[dict[str, Any]]) -> None:
        saved, skipped = recovery.restore(self.session, values)  # type: ignore[attr-defined]
        self.forget_recovery()
        msg = f"{saved} återställda värden sparade." if saved != 1 else "1 återställt värde sparat."
        if skipped:
            msg += f" Ej sparade (ändrade sedan dess eller ogiltiga): {'; '.join(skipped)}."
        self.notify(msg, title="Återställt", markup=False, timeout=15)  # type: ignore[attr-defined]
        self.after_write()  # type: ignore[attr-defined]
