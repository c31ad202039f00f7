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

    def _has_year(self, year: int) -> bool:
        return self._one("SELECT 1 AS x FROM years WHERE year = ?", (year,)) is not None

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
        ops = {r["id"]: OperatingLine(r["id"], r["label"], kinds[r["kind"]], r["budget"], {},
                                      bool(r["is_contribution"]), r["previous_outcome"], r["version"], r["section"],
                                      decode("profile", r["profile"]))
               for r in self._rows("SELECT * FROM operating_lines WHERE year = ? ORDER BY position, id", (year,))}
        for line_id, period, outcome, forecast, comment in self._rows(
                "SELECT v.line_id, v.period, v.outcome, v.forecast, v.comment FROM operating_values v"
                " JOIN operating_lines l ON l.id = v.line_id WHERE l.year = ?", (year,)):
            ops[line_id].values[sys.intern(period)] = LineValue(outcome, forecast, comment)  # one 'helar', not one per line
        return list(ops.values())

    def _load_investments(self, year: int) -> list[InvestmentLine]:
        invs = {r["id"]: InvestmentLine(r["id"], r["label"], r["municipality"], r["budget"], {}, r["parent_id"],
                                        r["previous_outcome"], r["version"], decode("profile", r["profile"]))
                for r in self._rows("SELECT * FROM investment_lines WHERE year = ? ORDER BY position, id", (year,))}
        for line_id, period, outcome, forecast, comment in self._rows(
                "SELECT v.line_id, v.period, v.outcome, v.forecast, v.comment FROM investment_values v"
                " JOIN investment_lines l ON l.id = v.line_id WHERE l.year = ?", (year,)):
            invs[line_id].values[sys.intern(period)] = LineValue(outcome, forecast, comment)  # one 'helar', not one per line
        return list(invs.values())
