"""Mapping SIE accounts to operating lines: account ranges per line, finest range wins."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.model import Kind
from .errors import FileFormatError


@dataclass(frozen=True)
class MapLine:
    """One operating line of a SIE mapping: its label, kind and the account ranges that make it up."""

    label: str
    kind: Kind
    ranges: tuple[tuple[int, int], ...]

    def width(self, account: int) -> int | None:
        """The narrowest range containing the account (its width), or None."""
        widths = [hi - lo for lo, hi in self.ranges if lo <= account <= hi]
        return min(widths) if widths else None


DEFAULT_MAPPING = (
    MapLine("Intäkter", Kind.REVENUE, ((3000, 3999),)),
    MapLine("Kostnader", Kind.COST, ((4000, 7999),)),
)
PL_RANGE = (3000, 8999)  # result accounts (Kommun-Bas / BAS classes 3–8) ...
CLOSING_RANGE = (8990, 8999)  # ... except the closing ones (Resultat, Årets resultat)


def parse_ranges(spec: object, where: str = "konton") -> tuple[tuple[int, int], ...]:
    """'3000-3999, 4010' or ['3000-3999', '4010'] -> ((3000, 3999), (4010, 4010))."""
    parts: list[object] = spec if isinstance(spec, list) else list(re.split(r"[,;\s]+", str(spec)))
    out = []
    for part in parts:
        p = str(part).strip().replace("–", "-").replace("−", "-")
        if not p:
            continue
        m = re.fullmatch(r"([0-9]+)\s*(?:-\s*([0-9]+))?", p)
        if not m:
            raise FileFormatError(f"{where}: '{p}' är inget kontointervall: ange t.ex. 3000-3999 eller 4010.")
        lo = int(m.group(1))
        hi = int(m.group(2)) if m.group(2) else lo
        if hi < lo:
            raise FileFormatError(f"{where}: intervallet '{p}' går baklänges.")
        out.append((lo, hi))
    if not out:
        raise FileFormatError(f"{where}: inga konton angivna.")
    return tuple(out)


def mapping_from_list(items: Sequence[object]) -> list[MapLine]:
    """[{label, kind, accounts}] -> mapping; kind: revenue/cost or intäkt/kostnad."""
    out = []
    for i, it in enumerate(items):
        where = f"mappning rad {i + 1}"
        if not isinstance(it, dict) or not str(it.get("label", "")).strip():
            raise FileFormatError(f"{where}: 'label' (radens namn) saknas.")
        k = str(it.get("kind", "")).strip().lower()
        kind = {"revenue": Kind.REVENUE, "intäkt": Kind.REVENUE, "intäkter": Kind.REVENUE,
                "cost": Kind.COST, "kostnad": Kind.COST, "kostnader": Kind.COST}.get(k)
        if kind is None:
            raise FileFormatError(f"{where}: 'kind' ska vara revenue/intäkt eller cost/kostnad, fick '{k}'.")
        accounts = it.get("accounts", it.get("konton"))
        if accounts is None:
            raise FileFormatError(f"{where}: 'accounts' (t.ex. \"4000-4999\") saknas.")
        out.append(MapLine(str(it["label"]).strip(), kind, parse_ranges(accounts, where)))
    return out


def load_mapping_toml(text: str, file: str = "mappning") -> list[MapLine]:
    """A mapping file: [[line]] label = "Personalkostnader", kind = "cost", accounts = ["5000-5999"]."""
    try:
        d = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise FileFormatError(f"ogiltig TOML: {exc}", file=file) from None
    except RecursionError:
        raise FileFormatError("listor eller tabeller är nästlade i för många nivåer.", file=file) from None
    items = d.get("line", d.get("lines", d.get("rad")))
    if not isinstance(items, list):
        raise FileFormatError("väntade tabeller [[line]] med label, kind och accounts.", file=file)
    try:
        return mapping_from_list(items)
    except FileFormatError as exc:
        raise FileFormatError(str(exc), file=file) from None


def map_account(account: str, mapping: list[MapLine] | tuple[MapLine, ...]) -> MapLine | None:
    try:
        a = int(account)
    except ValueError:
        return None
    best: tuple[int, int, MapLine] | None = None
    for i, m in enumerate(mapping):
        w = m.width(a)
        if w is not None and (best is None or (w, i) < best[:2]):
            best = (w, i, m)
    return best[2] if best else None


def account_number(account: str) -> int | None:
    try:
        return int(account)
    except ValueError:
        return None


def is_closing(account: str) -> bool:
    """8990–8999: the year's result booked against equity, not a revenue or cost."""
    a = account_number(account)
    return a is not None and CLOSING_RANGE[0] <= a <= CLOSING_RANGE[1]


def is_result_account(account: str) -> bool:
    """A revenue or cost account: 3000–8989 (the closing accounts 8990–8999 are not)."""
    a = account_number(account)
    return a is not None and PL_RANGE[0] <= a <= PL_RANGE[1] and not is_closing(account)
