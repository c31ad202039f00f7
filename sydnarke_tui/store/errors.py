"""The store's exceptions and the one-line Swedish messages for SQLite errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

# How long a write waits for another session's transaction before giving up.
# Read at connect time (tests lower it to see the "locked" message quickly).
BUSY_TIMEOUT_MS = 10_000


class StoreError(Exception):
    """A problem with the database, said in one Swedish line for the user."""


class ConflictError(StoreError):
    """The row changed in another session since it was read.

    `current` is the value stored now and `version` the version it is stored
    under, so the caller can show both values and save again against it.
    """

    def __init__(self, message: str, current: Any = None, version: int | None = None):
        super().__init__(message)
        self.current = current
        self.version = version


class BusyError(StoreError):
    """Another session held the write lock for longer than this connection waits (its busy timeout)."""


def _seconds(ms: int) -> str:
    return str(ms // 1000) if ms % 1000 == 0 else f"{ms / 1000:.1f}".replace(".", ",")


def is_busy(exc: Exception) -> bool:
    text = str(exc)
    return "locked" in text or "busy" in text


def disk_full(path: Path) -> bool:
    """True when the folder of `path` has (next to) no space left: SQLite then says 'disk I/O error' or 'full'."""
    import os

    try:
        st = os.statvfs(path.absolute().parent)
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def full_message(path: Path) -> str:
    return (f"Disken är full där databasen ligger ({path.absolute().parent}): inget sparades och databasen är"
            " oförändrad; frigör utrymme och försök igen.")


def db_message(path: Path, exc: Exception) -> str:
    """One line for the user from an SQLite (or overflow) error."""
    text = str(exc)
    if "disk is full" in text or ("disk I/O error" in text and disk_full(path)):
        return full_message(path)
    if isinstance(exc, OverflowError) or "too large" in text:
        return "Ett belopp är för stort för databasen (högst 15 siffror); inget sparades."
    if is_busy(exc):
        return (f"Databasen {path} är låst av en annan session längre än {_seconds(BUSY_TIMEOUT_MS)} s;"
                " inget sparades, försök igen.")
    if "readonly" in text or "read-only" in text:
        return f"Databasen {path} är skrivskyddad: ändringen sparades inte."
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return f"{path} är skadad ({text}); inget har ändrats."
    if "unable to open" in text:
        return f"Kan inte öppna {path} ({text})."
    if "same thread" in text:
        return f"Internt fel: databasanslutningen till {path} används från fel tråd (använd Store.for_thread)."
    return f"Databasfel i {path}: {text}"
