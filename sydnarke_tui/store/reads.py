"""Reading a whole year into the model, in one read transaction (one snapshot)."""

from __future__ import annotations

import json
import sys
from decimal import Decimal

from ..core.model import (
    Comparison,
    Goal,
    Indicator,
    IndicatorValue,
    InvestmentLine,
    Key,
    KeyShare,
    Kind,
    LineValue,
    OperatingLine,
    Period,
    PrintedValue,
    Year,
)
from .codec import decode
from .connection import Connection
from .errors import StoreError


class YearReads(Connection):
    def years(self) -> list[int]:
        return [int(r["year"]) for r in self._q("SELECT year FROM years ORDER BY year")]

    def load_year(self, year: int) -> Year:
        """The stored year with every row's version, as one consistent snapshot."""
        with self._read():
            row = self._one("SELECT * FROM years WHERE year = ?", (year,))
            if row is None:
                have = ", ".join(map(str, self.years())) or "inga"
                raise StoreError(f"Året {year} finns inte i databasen (finns: {have}).")
            y = Year(year, row["organisation"], [Period(**p) for p in json.loads(row["periods"])])
            y.version = row["version"]
            for r in self._q("SELECT period, text, version FROM narratives WHERE year = ?", (year,)):
                y.narrative[r["period"]] = r["text"]
                y.narrative_versions[r["period"]] = r["version"]
            y.key = Key(row["key_basis"], [
                KeyShare(r["municipality"], decode("decimal", r["share_pct"]), r["base"], r["id"], r["version"])
                for r in self._q("SELECT * FROM key_members WHERE year = ? ORDER BY position, id", (year,))
            ], row["key_version"])
            y.goals = self._load_goals(year)
            y.operating = self._load_operating(year)
            y.investments = self._load_investments(year)
            for r in self._q("SELECT * FROM printed WHERE year = ?", (year,)):
                y.printed.setdefault(r["period"], {})[r["path"]] = PrintedValue(Decimal(r["value"]), r["unit"])
        return y

    def _load_goals(self, year: int) -> list[Goal]:
        goals = {r["id"]: Goal(r["id"], r["title"], version=r["version"])
                 for r in self._q("SELECT * FROM goals WHERE year = ? ORDER BY position, id", (year,))}
        for r in self._q("SELECT gv.* FROM goal_values gv JOIN goals g ON g.id = gv.goal_id WHERE g.year = ?",
                         (year,)):
            if r["comment"]:
                goals[r["goal_id"]].comments[r["period"]] = r["comment"]
        inds: dict[int, Indicator] = {}
        for i in self._rows("SELECT i.* FROM indicators i JOIN goals g ON g.id = i.goal_id WHERE g.year = ?"
                            " ORDER BY i.position, i.id", (year,)):
            ind = Indicator(i["id"], i["name"], Comparison(i["comparison"]), decode("value", i["target"]), i["unit"],
                            i["partly_from_pct"], decode("formula", i["lower_formula"]),
                            decode("value", i["baseline"]), decode("link", i["link"]), version=i["version"])
            inds[ind.id] = ind
            goals[i["goal_id"]].indicators.append(ind)
        for v in self._rows("SELECT v.* FROM indicator_values v JOIN indicators i ON i.id = v.indicator_id"
                            " JOIN goals g ON g.id = i.goal_id WHERE g.year = ?", (year,)):
            inds[v["indicator_id"]].values[v["period"]] = IndicatorValue(
                decode("value", v["outcome"]), decode("value", v["forecast"]), decode("status", v["manual_status"]),
                v["justification"], v["comment"])
        return list(goals.values())

    def _load_operating(self, year: int) -> list[OperatingLine]:
        kinds = {k.value: k for k in Kind}  # a dict lookup: Kind(...) per row costs more than the row
        ops = {
            line_id: OperatingLine(line_id, label, kinds[kind], budget, {}, bool(contribution), previous, version,
                                   section, None if profile is None else decode("profile", profile))
            for line_id, label, kind, budget, contribution, previous, version, section, profile in self._tuples(
                "SELECT id, label, kind, budget, is_contribution, previous_outcome, version, section, profile"
                " FROM operating_lines WHERE year = ? ORDER BY position, id", (year,))
        }
        self._add_values(ops, "operating", year)
        return list(ops.values())

    def _load_investments(self, year: int) -> list[InvestmentLine]:
        invs = {
            line_id: InvestmentLine(line_id, label, municipality, budget, {}, parent, previous, version,
                                    None if profile is None else decode("profile", profile))
            for line_id, label, municipality, budget, parent, previous, version, profile in self._tuples(
                "SELECT id, label, municipality, budget, parent_id, previous_outcome, version, profile"
                " FROM investment_lines WHERE year = ? ORDER BY position, id", (year,))
        }
        self._add_values(invs, "investment", year)
        return list(invs.values())

    def _add_values(self, lines: dict[int, OperatingLine] | dict[int, InvestmentLine], table: str, year: int) -> None:
        """Each line's values by period (`table`: operating or investment, a name of ours, never the user's)."""
        intern = sys.intern  # one 'helar' string, not one per line
        for line_id, period, outcome, forecast, comment in self._tuples(
                f"SELECT v.line_id, v.period, v.outcome, v.forecast, v.comment FROM {table}_values v"
                f" JOIN {table}_lines l ON l.id = v.line_id WHERE l.year = ?", (year,)):
            lines[line_id].values[intern(period)] = LineValue(outcome, forecast, comment)
