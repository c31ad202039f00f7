"""Writing whole years: insert (fresh ids, inserts.py) and replace (a three-way sync, sync.py)."""

from __future__ import annotations

from ..core.model import Year
from ..core.text import count_sv
from .audit import AuditLog
from .codec import snapshot_text
from .errors import StoreError
from .inserts import write_year
from .reads import YearReads
from .sync import YearSync


class YearWrites(YearReads, AuditLog):
    """A whole year written is read back for its log row (YearReads), which holds it whole (AuditLog)."""

    def insert_year(self, year: Year, *, action: str = "load", source: str = "", replace: bool = False) -> None:
        """Write a whole year (from TOML, the demo or a rollover) with fresh ids.

        The log row holds both years (codec.snapshot_text): the one replaced, if any, and the one
        written, so that undo puts the replaced year back.
        """
        with self._tx():
            exists = self._has_year(year.year)
            if exists and not replace:
                raise StoreError(f"Året {year.year} finns redan i databasen.")
            old = snapshot_text(self.load_year(year.year)) if exists else None
            if exists:
                self.conn.execute("DELETE FROM years WHERE year = ?", (year.year,))
            self._write_logged(year, action, source, old)

    def replace_year(self, year: Year, *, base: Year | None = None, action: str = "import",
                     source: str = "") -> list[str]:
        """Write an edited copy of a stored year (an import) in one transaction.

        `base` is the year as read before the edit. Only what differs from the
        base is written, so a colleague's changes made meanwhile are kept; a
        field both changed is refused with ConflictError and nothing is written.
        Without `base` the stored year is the base. Returns the change lines.
        """
        with self._tx():
            if not self._has_year(year.year):
                self._write_logged(year, action, source, None)
                return [f"Nytt år {year.year}"]
            current = self.load_year(year.year)
            log: list[str] = []
            YearSync(self.conn, self, base or current, current, year, action, log).run()
            self.log_change(year.year, "year", year.year, str(year.year), "", None, None,
                            f"{source}: {count_sv(len(log), 'ändring', 'ändringar')}", action)
            return log

    def _write_logged(self, year: Year, action: str, source: str, old: str | None) -> None:
        """Write a whole year; its log row holds the year written (and `old`, the one it replaced)."""
        write_year(self.conn, year)
        label = f"{year.year} ({source})" if source else str(year.year)
        self.log_change(year.year, "year", year.year, label, "", None, old, snapshot_text(self.load_year(year.year)),
                        action)
