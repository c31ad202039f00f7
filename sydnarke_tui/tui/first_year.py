"""The first year, read and computed on its own thread from before Textual is imported.

`sydnarke-tui app` starts this right after opening the database, so reading and
computing the year overlaps loading Textual and building the first screen (the
database's own work runs without the GIL). The app takes the result when its
first screen is made, if it is there by then (the first paint shows the figures),
else as soon as it is (the first paint says "Laddar…"). No Textual here: importing
this module must not load it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from ..core.model import Year
from ..session import Prepared, Session


class FirstYear:
    """One year read (`model`) and computed (`prepared`, None if that failed: adopt computes again), or
    the `error` that stopped the read."""

    def __init__(self, session: Session, year: int) -> None:
        self.year = year
        self.read_at = session.writes  # a save after this makes the read stale (the app reads again)
        self.model: Year | None = None
        self.prepared: Prepared | None = None
        self.error: Exception | None = None
        self._session = session
        self._lock = threading.Lock()
        self._done = False
        self._then: Callable[[], None] | None = None
        threading.Thread(target=self._run, name="sydnarke-first-year", daemon=True).start()

    @classmethod
    def start(cls, session: Session, requested: int | None) -> FirstYear | None:
        """Begin reading the year the app will show first (None: there is none to read)."""
        year = session.initial_year(requested)
        return None if year is None else cls(session, year)

    def _run(self) -> None:
        try:
            self.model = self._session.read_year(self.year)  # its own connection (Session.thread_store)
        except Exception as exc:  # noqa: BLE001 - the app shows it, as for any year it cannot read
            self.error = exc
        else:
            try:
                self.prepared = self._session.prepare(self.model)
            except Exception:  # noqa: BLE001 - adopt computes again, where an error meets the crash guard
                self.prepared = None
        with self._lock:
            self._done, then = True, self._then
        if then is not None:
            then()

    def done(self) -> bool:
        with self._lock:
            return self._done

    def then(self, call: Callable[[], None]) -> bool:
        """Have `call` run on the reading thread once done; False (and no call) when done already."""
        with self._lock:
            if self._done:
                return False
            self._then = call
            return True
