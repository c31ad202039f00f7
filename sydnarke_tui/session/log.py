"""The audit log in Swedish words: one wording for the app's Logg screen and `sydnarke-tui log`."""

from __future__ import annotations

from typing import Any

from ..core.model import ACTION_SV, ENTITY_SV, FIELD_SV
from ..core.text import one_line

PERIOD_SV = {"t1": "T1", "delar": "Delår", "helar": "Helår"}


def _dash(v: Any) -> str:
    return "–" if v is None or v == "" else str(v)


def what(r: Any) -> str:
    """'Öka andelen … › utfall (Helår)'."""
    s = r.label or ""
    if r.field:
        s += f" › {FIELD_SV.get(r.field, r.field)}"
    if r.period:
        s += f" ({PERIOD_SV.get(r.period, r.period)})"
    return s


def change(r: Any) -> str:
    """'90 → 70', 'ångrat: 70 → 90', 'tagit bort', each marked when undone."""
    mark = " (ångrad)" if r.undone else ""
    act = ACTION_SV.get(r.action, r.action)
    if r.action == "set":
        return f"{_dash(r.old)} → {_dash(r.new)}{mark}"
    if r.action == "undo":
        return f"{act}: {_dash(r.old)} → {_dash(r.new)}{mark}"
    return f"{act}{mark}"


def detail(r: Any) -> list[str]:
    """The lines of the log's detail panel."""
    head = (f"{r.at} {r.user} {ACTION_SV.get(r.action, r.action)} {ENTITY_SV.get(r.entity, r.entity)} "
            f"{what(r)}")
    lines = [head]
    if r.action in ("set", "undo") and r.field:
        lines += [f"Gammalt: {_dash(r.old)}", f"Nytt:    {_dash(r.new)}"]
    return lines


def line(r: Any) -> str:
    """One printed line of `sydnarke-tui log`."""
    return one_line(f"{r.at}  {r.user}  {what(r)}: {change(r)}")


def undone(r: Any) -> str:
    """What an undo did, for a toast or the CLI."""
    what_ = f"{r.label} › {FIELD_SV.get(r.field, r.field)}" if r.field else r.label
    back = "återställd" if r.action == "delete" else _dash(r.old)
    return one_line(f"Ångrat: {what_} ({_dash(r.new)} → {back})")


def redone(r: Any) -> str:
    """What a redo did, for a toast or the CLI."""
    what_ = f"{r.label} › {FIELD_SV.get(r.field, r.field)}" if r.field else r.label
    return one_line(f"Gjort om: {what_} ({_dash(r.old)} → {_dash(r.new)})")
