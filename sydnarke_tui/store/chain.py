"""The audit log's hash chain: each row's `hash` is sha256 over the previous row's hash and a
canonical encoding of the row's own content, so changing or removing a row outside the program
breaks the chain from there on.

A chain anyone can recompute proves little by itself; the report the nämnd adopts prints the
head (a short checksum and the row count), and `verify(against=...)` tells whether the history up
to that printed head is still the one that was signed.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from typing import Any, Iterable

# The columns a row's hash covers, in this order (everything but the hash itself).
COLUMNS = ("id", "at", "user", "year", "entity", "entity_id", "label", "field", "period", "old", "new", "action",
           "ref")
SHORT = 16  # hex digits printed in the report and accepted by --against
RECENT = 200  # rows the app checks at start


def row_hash(prev: str, values: Iterable[Any]) -> str:
    """sha256(prev hash, newline, the row as a compact JSON list) in hex."""
    canonical = json.dumps(list(values), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(f"{prev}\n{canonical}".encode("utf-8")).hexdigest()


def last_hash(conn: sqlite3.Connection) -> str:
    r = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    return r[0] if r else ""


def chain_all(conn: sqlite3.Connection) -> None:
    """Chain every row in id order (the migration that introduces the chain)."""
    prev = ""
    for row in conn.execute(f"SELECT {', '.join(COLUMNS)} FROM audit ORDER BY id").fetchall():
        prev = row_hash(prev, row)
        conn.execute("UPDATE audit SET hash = ? WHERE id = ?", (prev, row[0]))


@dataclass(frozen=True)
class Verdict:
    """The outcome of a check: `bad_id` is the first row changed (or the row after those removed)."""

    ok: bool
    rows: int  # rows checked (all of them, or up to `against`)
    head: str  # the hash of the last row checked
    bad_id: int | None = None
    removed: tuple[int, int] | None = None  # ids missing before bad_id (first, last)
    against_found: bool = True

    @property
    def short(self) -> str:
        return self.head[:SHORT]


def verify(conn: sqlite3.Connection, *, recent: int | None = None, against: str | None = None) -> Verdict:
    """Recompute the chain: all rows, or only the newest `recent` (from the hash stored before them).

    With `against` (a printed short checksum, or a whole hash) the check stops at the row whose hash
    starts with it; if no row has it, the history up to the report was rewritten or removed.
    """
    cols = ", ".join(COLUMNS)
    prev, prev_id, count = "", None, 0
    if recent is not None:
        start = conn.execute("SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1 OFFSET ?", (recent,)).fetchone()
        if start is not None:
            prev_id, prev = start
    sql = f"SELECT {cols}, hash FROM audit" + (" WHERE id > ?" if prev_id is not None else "") + " ORDER BY id"
    want = against.lower() if against else None
    for row in conn.execute(sql, (prev_id,) if prev_id is not None else ()):
        *content, stored = row
        rid = content[0]
        expected = row_hash(prev, content)
        if stored != expected:
            gap = (prev_id + 1, rid - 1) if prev_id is not None and rid > prev_id + 1 else None
            if prev_id is None and rid > 1 and recent is None:
                gap = (1, rid - 1)
            return Verdict(False, count, prev, rid, gap)
        prev, prev_id = stored, rid
        count += 1
        if want is not None and stored.startswith(want):
            return Verdict(True, count, prev)
    if want is not None:
        return Verdict(False, count, prev, against_found=False)
    return Verdict(True, count, prev)


def head(conn: sqlite3.Connection) -> tuple[int, str]:
    """(row count, short checksum of the newest row): what the report prints."""
    n = conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    return n, last_hash(conn)[:SHORT]
