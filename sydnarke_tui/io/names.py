"""Matching an imported line name to an existing one: exact, or close (case, å/a, one or two letters)."""

from __future__ import annotations

import re
import unicodedata
from typing import Iterable, TypeVar

T = TypeVar("T")


def norm_label(s: str) -> str:
    """Case- and whitespace-insensitive: the exact match."""
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip().casefold()


def loose(s: str) -> str:
    """Without accents, punctuation and spaces: 'Tjänster' and 'tjanster ' agree."""
    s = unicodedata.normalize("NFKD", norm_label(s))
    s = "".join(c for c in s if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z]", "", s)


def distance(a: str, b: str, cap: int = 3) -> int:
    """Levenshtein distance, stopping at `cap`."""
    if abs(len(a) - len(b)) >= cap:
        return cap
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) >= cap:
            return cap
        prev = cur
    return min(prev[-1], cap)


def close_match(name: str, candidates: Iterable[tuple[str, T]]) -> tuple[str, T] | None:
    """The one candidate (label, item) whose name is close to `name`, or None.

    Close: equal but for case, accents (å/a, ö/o) and punctuation, or one
    letter apart (two for names of eight letters or more). Two equally close
    candidates are no match: a guess would be worse than a new line.
    """
    key = loose(name)
    if len(key) < 4:  # "IT" and "Ä": too short to guess at
        return None
    allowed = 2 if len(key) >= 8 else 1 if len(key) >= 4 else 0
    best: list[tuple[int, str, T]] = []
    for label, item in candidates:
        d = 0 if loose(label) == key else distance(key, loose(label), allowed + 1)
        if d <= allowed:
            best.append((d, label, item))
    if not best:
        return None
    best.sort(key=lambda x: x[0])
    if len(best) > 1 and best[1][0] == best[0][0]:
        return None
    return best[0][1], best[0][2]
