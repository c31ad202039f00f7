"""Inserting a year's rows with fresh ids: a whole year (a load, the demo, a rollover, an undone
replace) and the single lines an import adds (sync.py).

Plain functions on the connection, inside the caller's write transaction. Rows get new ids, so
the model's ids in figure paths (printed values, links) are rewritten to them (`remap_path`).
"""

from __future__ import annotations

import json
import sqlite3

from ..core.model import Goal, InvestmentLine, KeyShare, OperatingLine, Year
from .codec import encode
from .connection import inserted_id
from .rows import fresh_version


def write_year(conn: sqlite3.Connection, y: Year) -> None:
    """Insert a whole year; every row starts at one fresh version (rows.fresh_version)."""
    ex = conn.execute
    v = fresh_version(conn)
    ex("INSERT INTO years (year, organisation, periods, key_basis, version, key_version) VALUES (?,?,?,?,?,?)",
       (y.year, y.organisation, json.dumps([p.__dict__ for p in y.periods], ensure_ascii=False), y.key.basis,
        v, v))
    for period, text in y.narrative.items():
        ex("INSERT INTO narratives (year, period, text, version) VALUES (?,?,?,?)", (y.year, period, text, v))
    for pos, m in enumerate(y.key.members, 1):
        insert_member(conn, y.year, pos, m, v)
    remap: dict[str, str] = {}
    for gpos, g in enumerate(y.goals, 1):
        insert_goal(conn, y.year, gpos, g, remap, v)
    for pos, op in enumerate(y.operating, 1):
        insert_operating(conn, y.year, pos, op, remap, v)
    new_ids: dict[int, int] = {}
    for pos, inv in enumerate(y.investments, 1):
        insert_investment(conn, y.year, pos, inv, new_ids, remap, v)
    _insert_printed(conn, y, remap)
    _insert_links(conn, y, remap)


def insert_member(conn: sqlite3.Connection, year: int, pos: int, m: KeyShare, version: int | None = None) -> int:
    return inserted_id(conn.execute(
        "INSERT INTO key_members (year, position, municipality, share_pct, base, version) VALUES (?,?,?,?,?,?)",
        (year, pos, m.municipality, encode("decimal", m.share_pct), m.base, version or fresh_version(conn))))


def insert_goal(conn: sqlite3.Connection, year: int, pos: int, g: Goal, remap: dict[str, str],
                version: int | None = None) -> int:
    """A goal with its comments and indicators; `remap` learns the indicators' new ids."""
    ex = conn.execute
    ver = version or fresh_version(conn)
    gid = inserted_id(ex("INSERT INTO goals (year, position, title, version) VALUES (?,?,?,?)",
                     (year, pos, g.title, ver)))
    for period, text in g.comments.items():
        ex("INSERT INTO goal_values (goal_id, period, comment) VALUES (?,?,?)", (gid, period, text))
    for ipos, i in enumerate(g.indicators, 1):
        # the link is written once every line has its row id (see _insert_links)
        iid = inserted_id(ex("INSERT INTO indicators (goal_id, position, name, unit, comparison, target,"
                         " partly_from_pct, lower_formula, baseline, version) VALUES (?,?,?,?,?,?,?,?,?,?)",
                         (gid, ipos, i.name, i.unit, i.comparison.value, encode("value", i.target),
                          i.partly_from_pct, i.lower_formula.value if i.lower_formula else None,
                          encode("value", i.baseline), ver)))
        remap[f"indicator/{i.id}/"] = f"indicator/{iid}/"
        for period, v in i.values.items():
            ex("INSERT INTO indicator_values (indicator_id, period, outcome, forecast, manual_status,"
               " justification, comment) VALUES (?,?,?,?,?,?,?)",
               (iid, period, encode("value", v.outcome), encode("value", v.forecast),
                v.manual_status.value if v.manual_status else None, v.justification, v.comment))
    return gid


def insert_operating(conn: sqlite3.Connection, year: int, pos: int, ln: OperatingLine, remap: dict[str, str],
                     version: int | None = None) -> int:
    ex = conn.execute
    lid = inserted_id(ex("INSERT INTO operating_lines (year, position, label, kind, budget, is_contribution,"
                     " previous_outcome, section, version, profile) VALUES (?,?,?,?,?,?,?,?,?,?)",
                     (year, pos, ln.label, ln.kind.value, ln.budget, int(ln.is_contribution), ln.previous_outcome,
                      encode("section", ln.section), version or fresh_version(conn), encode("profile", ln.profile))))
    remap[f"operating/line/{ln.id}/"] = f"operating/line/{lid}/"
    for period, v in ln.values.items():
        ex("INSERT INTO operating_values (line_id, period, outcome, forecast, comment) VALUES (?,?,?,?,?)",
           (lid, period, v.outcome, v.forecast, v.comment))
    return lid


def insert_investment(conn: sqlite3.Connection, year: int, pos: int, ln: InvestmentLine, new_ids: dict[int, int],
                      remap: dict[str, str], version: int | None = None) -> int:
    """Insert a line; `new_ids` maps model ids to row ids so varav rows find their parent."""
    ex = conn.execute
    parent = new_ids.get(ln.parent_id) if ln.parent_id is not None else None
    lid = inserted_id(ex("INSERT INTO investment_lines (year, position, label, municipality, budget, parent_id,"
                     " previous_outcome, version, profile) VALUES (?,?,?,?,?,?,?,?,?)",
                     (year, pos, ln.label, ln.municipality, ln.budget, parent, ln.previous_outcome,
                      version or fresh_version(conn), encode("profile", ln.profile))))
    new_ids[ln.id] = lid
    remap[f"investments/line/{ln.id}/"] = f"investments/line/{lid}/"
    for period, v in ln.values.items():
        ex("INSERT INTO investment_values (line_id, period, outcome, forecast, comment) VALUES (?,?,?,?,?)",
           (lid, period, v.outcome, v.forecast, v.comment))
    return lid


def _insert_links(conn: sqlite3.Connection, y: Year, remap: dict[str, str]) -> None:
    """Linked indicators, with the line ids in their figure paths rewritten to row ids."""
    for i in y.indicators():
        if i.link:
            row_id = int(remap[f"indicator/{i.id}/"].split("/")[1])
            conn.execute("UPDATE indicators SET link = ? WHERE id = ?", (remap_path(i.link, remap), row_id))


def _insert_printed(conn: sqlite3.Connection, y: Year, remap: dict[str, str]) -> None:
    """Printed values with model ids in their paths rewritten to row ids."""
    for period, figs in y.printed.items():
        for path, pv in figs.items():
            conn.execute("INSERT INTO printed (year, period, path, value, unit) VALUES (?,?,?,?,?)",
                         (y.year, period, remap_path(path, remap), str(pv.value), pv.unit))


def remap_path(path: str, remap: dict[str, str]) -> str:
    """A figure path with a model id rewritten to the row id it was stored under."""
    for old, new in remap.items():
        if path.startswith(old):
            return new + path[len(old):]
    return path
