"""Saving one field, on any thread: against the version its edit started from, a lock said as Busy.

The session calls `write` on its own thread (a short wait for a locked
database, then `Busy`) and from a worker thread with the worker's own
connection (`Session.keep_trying`); it touches neither the model nor the
session's edits, which stay on the session's thread.
"""

from __future__ import annotations

import contextlib

from ..store.db import BusyError, ConflictError, Store, StoreError
from .edits import Busy, Conflict, Failed, Saved, SaveJob

MAX_REBASE = 3  # saves retried when only another field of the row changed
SAVE_TRY_MS = 200  # the app's save on its UI thread waits no longer than this for a locked database …
RETRY_MS = 500  # … then keeps trying off it, this long a try (giving up is heard between tries)


def write(store: Store, job: SaveJob, wait_ms: int | None) -> Saved | Conflict | Failed | Busy:
    """Save the job's value. A change by another session to this field is a Conflict; to another field
    of the row, a save against the new version (the rebase rule). With `wait_ms`, a lock held longer
    is Busy; without, the store's busy timeout applies and then it fails."""
    spec = job.edit.spec
    version = job.base_version
    for _ in range(MAX_REBASE):
        try:
            with store.busy_timeout(wait_ms) if wait_ms is not None else contextlib.nullcontext():
                new_version = store.set_field(spec.entity, spec.entity_id, spec.field, job.value,
                                              period=spec.period, expected_version=version)
        except BusyError as exc:
            return Busy(job) if wait_ms is not None else Failed(str(exc))
        except ConflictError as exc:
            if spec.same(exc.current, job.value):  # already so (e.g. saved just after giving up)
                return Saved(job.value, exc.version)
            if not spec.same(exc.current, job.base_value):
                return Conflict(job.edit, job.value, exc.current, job.base_value, exc.version)
            version = exc.version  # another field of the row changed; this one is as the user saw it
            continue
        except StoreError as exc:
            return Failed(str(exc))
        return Saved(job.value, new_version)
    return Failed("Raden ändras hela tiden i en annan session; försök igen.")


def last_saved_by(store: Store) -> str:
    """Who saved last, from the log, without waiting for the lock: "ekonom kl. 09:14" ("" when it cannot
    tell). A hint only: whoever holds the lock now has not saved yet."""
    try:
        with store.busy_timeout(SAVE_TRY_MS):
            rows = store.audit(limit=1)
    except StoreError:
        return ""
    return f"{rows[0].user} kl. {rows[0].at[11:16]}" if rows else ""
