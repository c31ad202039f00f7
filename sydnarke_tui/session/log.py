"""The audit log in Swedish words: one wording for the app's Logg screen and `sydnarke-tui log`."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..core.model import ACTION_SV, DEFAULT_PERIODS, ENTITY_SV, FIELD_SV, KIND_SV, STATUS_SV, Comparison, Kind, Status
from ..core.numbers import format_decimal, format_value
from ..core.text import count_sv, one_line
from ..store.audit import AuditRow
from ..store.chain import Verdict
from ..store.codec import FIELDS

PERIOD_SV = {p.code: p.name for p in DEFAULT_PERIODS}  # a year's own periods are named in the year
_BASIS_SV = {"shares": "andelar", "base": "underlag"}


def shown(r: AuditRow, v: str | None) -> str:
    """A logged column value as the user reads it: '3 200 000 kr', '27,512 %', 'Ja', '–'."""
    if v is None or v == "":
        return "–"
    kind = FIELDS.get(r.entity, {}).get(r.field, (None, None))[1]
    try:
        if kind == "int":
            if r.field == "partly_from_pct":
                return f"{int(v)} %"
            return format_decimal(int(v)) + ("" if r.entity == "member" else " kr")
        if kind == "decimal":
            return format_value(Decimal(str(v))) + " %"
        if kind == "value":
            return str(v) if v in ("Ja", "Nej") else format_value(Decimal(str(v)))
        if kind == "bool":
            return "Ja" if int(v) else "Nej"
        if kind == "comparison":
            return Comparison(v).symbol
        if kind == "status":
            return STATUS_SV[Status(v)]
        if kind == "kind":
            return KIND_SV[Kind(v)]
        if kind == "basis":
            return _BASIS_SV.get(str(v), str(v))
    except (ValueError, InvalidOperation):
        pass
    return one_line(str(v))


def what(r: AuditRow) -> str:
    """'Öka andelen … › utfall (Helår)'."""
    s = r.label or ""
    if r.field:
        s += f" › {FIELD_SV.get(r.field, r.field)}"
    if r.period:
        s += f" ({PERIOD_SV.get(r.period, r.period)})"
    return s


def whole_year(r: AuditRow) -> bool:
    """A row whose old and new are whole years (a load, a new year, their undo and redo): never shown as values."""
    return r.entity == "year" and not r.field


def change(r: AuditRow) -> str:
    """'90 → 70', 'ångrat: 70 → 90', 'tagit bort', each marked when undone."""
    mark = " (ångrad)" if r.undone else ""
    act = ACTION_SV.get(r.action, r.action)
    if whole_year(r):
        return f"{act}{mark}"
    if r.action in ("set", "redo"):
        return f"{shown(r, r.old)} → {shown(r, r.new)}{mark}"
    if r.action == "undo":
        return f"{act}: {shown(r, r.old)} → {shown(r, r.new)}{mark}"
    return f"{act}{mark}"


def detail(r: AuditRow) -> list[str]:
    """The lines of the log's detail panel."""
    head = (f"{r.at} {r.user} {ACTION_SV.get(r.action, r.action)} {ENTITY_SV.get(r.entity, r.entity)} "
            f"{what(r)}")
    lines = [head]
    if r.action in ("set", "undo", "redo") and r.field:
        lines += [f"Gammalt: {shown(r, r.old)}", f"Nytt:    {shown(r, r.new)}"]
    return lines


def line(r: AuditRow) -> str:
    """One printed line of `sydnarke-tui log`."""
    return one_line(f"{r.at}  {r.user}  {what(r)}: {change(r)}")


def undone(r: AuditRow) -> str:
    """What an undo did and whose change it was, for a toast or the CLI."""
    who = f"; ändringen gjordes av {r.user} {r.at}"
    if whole_year(r):
        back = "det tidigare året är tillbaka" if r.old is not None else "året är borttaget"
        return one_line(f"Ångrat: {ACTION_SV.get(r.action, r.action)} {r.label} ({back}){who}")
    what_ = f"{r.label} › {FIELD_SV.get(r.field, r.field)}" if r.field else r.label
    back = "återställd" if r.action == "delete" else shown(r, r.old)
    return one_line(f"Ångrat: {what_} ({shown(r, r.new)} → {back}){who}")


def redone(r: AuditRow) -> str:
    """What a redo did, for a toast or the CLI."""
    if whole_year(r):
        return one_line(f"Gjort om: {r.label}")
    what_ = f"{r.label} › {FIELD_SV.get(r.field, r.field)}" if r.field else r.label
    return one_line(f"Gjort om: {what_} ({shown(r, r.old)} → {shown(r, r.new)})")


def verdict_text(v: Verdict, against: str | None) -> tuple[bool, str]:
    """(intact, one line) for `log --verify [--against CHECKSUM]` and the app's warning."""
    if v.bad_id is not None:
        if v.removed:
            first, last = v.removed
            gone = f"rad {first}" if first == last else f"raderna {first}–{last}"
            return False, (f"Loggen är ändrad utanför programmet: {gone} är borttagen; kedjan bryts vid rad"
                           f" {v.bad_id}.")
        return False, f"Loggen är ändrad utanför programmet: rad {v.bad_id} är ändrad (första brottet i kedjan)."
    if against is not None:
        if not v.against_found:
            return False, (f"Ingen rad i loggen har kontrollsumman {one_line(against)[:64]}: historiken fram till"
                           " den undertecknade rapporten har skrivits om eller tagits bort.")
        return True, (f"Historiken fram till kontrollsumman {v.short} ({count_sv(v.rows, 'rad', 'rader')}) är"
                      " oförändrad sedan rapporten skrevs ut.")
    return True, f"Loggen är hel: {count_sv(v.rows, 'rad', 'rader')}, kontrollsumma {v.short}."

