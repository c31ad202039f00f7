"""Writing whole years: insert (fresh ids) and replace (a three-way sync)."""

from __future__ import annotations

import json

from ..core.model import Goal, InvestmentLine, KeyShare, OperatingLine, Year
from ..core.text import count_sv
from .codec import encode, snapshot_text
from .connection import Connection
from .errors import StoreError
from .rows import fresh_version


class YearWrites(Connection):
    def insert_year(self, year: Year, *, action: str = "load", source: str = "", replace: bool = False) -> None:
        """Write a whole year (from TOML, the demo or a rollover) with fresh ids.

        The log row holds both years (codec.snapshot_text): the one replaced, if any, and the one
        written, so that undo puts the replaced year back.
        """
        with self._tx():
            exists = self._one("SELECT 1 AS x FROM years WHERE year = ?", (year.year,)) is not None
            if exists and not replace:
                raise StoreError(f"Året {year.year} finns redan i databasen.")
            old = snapshot_text(self.load_year(year.year)) if exists else None
            if exists:
                self.conn.execute("DELETE FROM years WHERE year = ?", (year.year,))
            self._write_year(year)
            self._audit(year.year, "year", year.year, _source_label(year.year, source), "", None, old,
                        snapshot_text(self.load_year(year.year)), action)

    def replace_year(self, year: Year, *, base: Year | None = None, action: str = "import",
                     source: str = "") -> list[str]:
        """Write an edited copy of a stored year (an import) in one transaction.

        `base` is the year as read before the edit. Only what differs from the
        base is written, so a colleague's changes made meanwhile are kept; a
        field both changed is refused with ConflictError and nothing is written.
        Without `base` the stored year is the base. Returns the change lines.
        """
        from .sync import YearSync

        with self._tx():
            if self._one("SELECT 1 AS x FROM years WHERE year = ?", (year.year,)) is None:
                self._write_year(year)
                self._audit(year.year, "year", year.year, _source_label(year.year, source), "", None, None,
                            snapshot_text(self.load_year(year.year)), action)
                return [f"Nytt år {year.year}"]
            current = self.load_year(year.year)
            log: list[str] = []
            YearSync(self, base or current, current, year, action, log).run()
            self._audit(year.year, "year", year.year, str(year.year), "", None, None,
                        f"{source}: {count_sv(len(log), 'ändring', 'ändringar')}", action)
            return log

    def _write_year(self, y: Year) -> None:
        """Insert a whole year; every row starts at one fresh version (rows.fresh_version)."""
        ex = self.conn.execute
        v = fresh_version(self.conn)
        ex("INSERT INTO years (year, organisation, periods, key_basis, version, key_version) VALUES (?,?,?,?,?,?)",
           (y.year, y.organisation, json.dumps([p.__dict__ for p in y.periods], ensure_ascii=False), y.key.basis,
            v, v))
        for period, text in y.narrative.items():
            ex("INSERT INTO narratives (year, period, text, version) VALUES (?,?,?,?)", (y.year, period, text, v))
        for pos, m in enumerate(y.key.members, 1):
            self._insert_member(y.year, pos, m, v)
        remap: dict[str, str] = {}
        for gpos, g in enumerate(y.goals, 1):
            self._insert_goal(y.year, gpos, g, remap, v)
        for pos, ln in enumerate(y.operating, 1):
            self._insert_operating(y.year, pos, ln, remap, v)
        new_ids: dict[int, int] = {}
        for pos, ln in enumerate(y.investments, 1):
            self._insert_investment(y.year, pos, ln, new_ids, remap, v)
        self._insert_printed(y, remap)

    def _insert_member(self, year: int, pos: int, m: KeyShare, version: int | None = None) -> int:
        return self.conn.execute(
            "INSERT INTO key_members (year, position, municipality, share_pct, base, version) VALUES (?,?,?,?,?,?)",
            (year, pos, m.municipality, encode("decimal", m.share_pct), m.base,
             version or fresh_version(self.conn))).lastrowid

    def _insert_goal(self, year: int, pos: int, g: Goal, remap: dict[str, str], version: int | None = None) -> int:
        """A goal with its comments and indicators; `remap` learns the indicators' new ids."""
        ex = self.conn.execute
        ver = version or fresh_version(self.conn)
        gid = ex("INSERT INTO goals (year, position, title, version) VALUES (?,?,?,?)",
                 (year, pos, g.title, ver)).lastrowid
        for period, text in g.comments.items():
            ex("INSERT INTO goal_values (goal_id, period, comment) VALUES (?,?,?)", (gid, period, text))
        for ipos, i in enumerate(g.indicators, 1):
            iid = ex("INSERT INTO indicators (goal_id, position, name, unit, comparison, target, partly_from_pct,"
                     " lower_formula, baseline, version) VALUES (?,?,?,?,?,?,?,?,?,?)",
                     (gid, ipos, i.name, i.unit, i.comparison.value, encode("value", i.target), i.partly_from_pct,
                      i.lower_formula.value if i.lower_formula else None, encode("value", i.baseline),
                      ver)).lastrowid
            remap[f"indicator/{i.id}/"] = f"indicator/{iid}/"
            for period, v in i.values.items():
                ex("INSERT INTO indicator_values (indicator_id, period, outcome, forecast, manual_status,"
                   " justification, comment) VALUES (?,?,?,?,?,?,?)",
                   (iid, period, encode("value", v.outcome), encode("value", v.forecast),
                    v.manual_status.value if v.manual_status else None, v.justification, v.comment))
        return gid

    def _insert_operating(self, year: int, pos: int, ln: OperatingLine, remap: dict[str, str],
                          version: int | None = None) -> int:
        ex = self.conn.execute
        lid = ex("INSERT INTO operating_lines (year, position, label, kind, budget, is_contribution,"
                 " previous_outcome, section, version) VALUES (?,?,?,?,?,?,?,?,?)",
                 (year, pos, ln.label, ln.kind.value, ln.budget, int(ln.is_contribution), ln.previous_outcome,
                  encode("section", ln.section), version or fresh_version(self.conn))).lastrowid
        remap[f"operating/line/{ln.id}/"] = f"operating/line/{lid}/"
        for period, v in ln.values.items():
            ex("INSERT INTO operating_values (line_id, period, outcome, forecast, comment) VALUES (?,?,?,?,?)",
               (lid, period, v.outcome, v.forecast, v.comment))
        return lid

    def _insert_investment(self, year: int, pos: int, ln: InvestmentLine, new_ids: dict[int, int],
                           remap: dict[str, str], version: int | None = None) -> int:
        """Insert a line; `new_ids` maps model ids to row ids so varav rows find their parent."""
        ex = self.conn.execute
        parent = new_ids.get(ln.parent_id) if ln.parent_id is not None else None
        lid = ex("INSERT INTO investment_lines (year, position, label, municipality, budget, parent_id,"
                 " previous_outcome, version) VALUES (?,?,?,?,?,?,?,?)",
                 (year, pos, ln.label, ln.municipality, ln.budget, parent, ln.previous_outcome,
                  version or fresh_version(self.conn))).lastrowid
        new_ids[ln.id] = lid
        remap[f"investments/line/{ln.id}/"] = f"investments/line/{lid}/"
        for period, v in ln.values.items():
            ex("INSERT INTO investment_values (line_id, period, outcome, forecast, comment) VALUES (?,?,?,?,?)",
               (lid, period, v.outcome, v.forecast, v.comment))
        return lid

    def _insert_printed(self, y: Year, remap: dict[str, str]) -> None:
        """Printed values with model ids in their paths rewritten to row ids."""
        for period, figs in y.printed.items():
            for path, pv in figs.items():
                self.conn.execute("INSERT INTO printed (year, period, path, value, unit) VALUES (?,?,?,?,?)",
                                  (y.year, period, remap_path(path, remap), str(pv.value), pv.unit))


def _source_label(year: int, source: str) -> str:
    return f"{year} ({source})" if source else str(year)


def remap_path(path: str, remap: dict[str, str]) -> str:
    """A figure path with a model id rewritten to the row id it was stored under."""
    for old, new in remap.items():
        if path.startswith(old):
            return new + path[len(old):]
    return path
