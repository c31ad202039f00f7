"""Starting a year from nothing (`sydnarke-tui init --year Y`): organisation, members and key.

The organisation, the members and the key come from the options, else from
the config (`cfg.organisation`, `cfg.members`, `cfg.default_key`: the
`YearDefaults` protocol, which config.Config meets, so io does not depend on it). The year has the standard periods and no
goals or lines; a table or SIE import fills it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Protocol

from ..core.model import Key, KeyShare, Year
from ..core.text import one_line
from .errors import FileFormatError

if TYPE_CHECKING:
    from ..store.db import Store

YEAR_RANGE = (1900, 2200)


class YearDefaults(Protocol):
    """What a new year takes from the config when the options do not say."""

    organisation: str
    members: list[str]
    default_key: dict[str, Decimal]


def parse_members(text: str) -> list[str]:
    """'Askersund, Hallsberg, Laxå' -> the names, each once."""
    names = [n.strip() for n in re.split(r"[,;]", text) if n.strip()]
    if not names:
        raise FileFormatError("--members: ange kommunerna åtskilda med komma, t.ex. Askersund,Hallsberg.")
    if len({n.casefold() for n in names}) != len(names):
        raise FileFormatError("--members: samma kommun står flera gånger.")
    return names


def parse_key(text: str, members: list[str]) -> dict[str, Decimal]:
    """'Askersund=20,Hallsberg=35,…' -> shares in percent (0–100, summing to 100, every member once)."""
    shares: dict[str, Decimal] = {}
    for part in (p.strip() for p in re.split(r"[,;]", text) if p.strip()):
        m = re.fullmatch(r"(.+?)\s*[=:]\s*([0-9]+(?:[.,][0-9]{1,4})?)\s*%?", part)
        if not m:
            raise FileFormatError(f"--key: '{one_line(part)[:40]}' är ingen andel: ange KOMMUN=PROCENT, "
                                  "t.ex. Laxå=12,5.")
        name = next((x for x in members if x.casefold() == m.group(1).strip().casefold()), None)
        if name is None:
            raise FileFormatError(f"--key: '{one_line(m.group(1))[:40]}' är ingen medlem "
                                  f"(medlemmar: {', '.join(members)}).")
        try:
            share = Decimal(m.group(2).replace(",", "."))
        except InvalidOperation:  # pragma: no cover - the pattern allows digits only
            raise FileFormatError(f"--key: '{one_line(part)}' är ingen andel.") from None
        if not 0 <= share <= 100:
            raise FileFormatError(f"--key: {name} har andelen {share}: väntade 0–100 %.")
        shares[name] = share
    if set(shares) != set(members):
        missing = ", ".join(m for m in members if m not in shares)
        raise FileFormatError(f"--key: andel saknas för {missing}.")
    if sum(shares.values()) != 100:
        raise FileFormatError(f"--key: andelarna summerar till {sum(shares.values())} %, väntade 100 %.")
    return shares


def empty_year(year: int, cfg: YearDefaults | None = None, *, organisation: str | None = None, members: str | None = None,
               key: str | None = None) -> Year:
    """A new, empty Year: standard periods, no goals or lines, the members and their key."""
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise FileFormatError(f"året {year} går inte att använda: väntade {YEAR_RANGE[0]}–{YEAR_RANGE[1]}.")
    org = organisation if organisation is not None else cfg.organisation if cfg is not None else ""
    org = org.strip()
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in org):
        raise FileFormatError("organisationens namn innehåller styrtecken: ange vanlig text.")
    names = parse_members(members) if members is not None else list(cfg.members) if cfg is not None else []
    if not names:
        raise FileFormatError("inga medlemskommuner: ange --members eller [organisation] members i config.toml.")
    if key is not None:
        shares: dict[str, Decimal] = parse_key(key, names)
    else:
        configured = dict(cfg.default_key) if cfg is not None else {}
        shares = configured if set(configured) == set(names) else {}
    return Year(year, org, key=Key("shares", [KeyShare(m, shares.get(m)) for m in names]))


def init_year(store: Store, year: int, cfg: YearDefaults | None = None, **options: str | None) -> Year:
    """Create the empty year in the store (refused when it exists); returns it."""
    if year in store.years():
        raise FileFormatError(f"året {year} finns redan i databasen: välj ett annat år, eller 'load --replace'.")
    y = empty_year(year, cfg, **options)
    store.insert_year(y, action="load", source="init")
    return y


def missing_year_message(year: int, years: list[int]) -> str:
    """What to run when an import names a year the database does not have."""
    msg = f"året {year} finns inte i databasen: skapa det med 'sydnarke-tui init --year {year}'"
    earlier = [y for y in years if y < year]
    if earlier:
        msg += f" eller 'sydnarke-tui new-year --from {earlier[-1]} --to {year}'"
    return msg + ", och importera sedan."
