"""The year's overview printed to a terminal (`sydnarke-tui overview`).

Plain text tables, not rich: rich measures and lays out every cell of every
row, which took 7 of 8 s on a year of 20 000 lines. Here column widths are
computed once from the cell lengths, only the first column wraps, and user
text is made inert (control characters shown as escapes) before it is
measured; nothing is ever read as markup.
"""

from __future__ import annotations

import os
import shutil
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TextIO

from .core.assessment import CLAUSE_SV
from .core.checks import Finding
from .core.compute import Computed
from .core.concepts import STATEMENT, Statement
from .core.glossary import TOTALS
from .core.model import GOAL_STATUS_SV, KIND_SV, STATUS_SV, Status
from .core.numbers import format_amount, format_decimal, format_pct, format_value
from .core.text import one_line

MIN_WRAP = 12  # the first column is never squeezed narrower than this

# rich's HEAVY_HEAD box, and an ASCII stand-in for terminals that cannot encode it
_BOX = {"top": "┏━┳┓", "head": "┃┃┃", "rule": "┡━╇┩", "body": "│││", "bottom": "└─┴┘"}
_BOX_ASCII = {"top": "+-++", "head": "|||", "rule": "+=++", "body": "|||", "bottom": "+-++"}


class Style:
    """Bold and red as ANSI codes, only when writing to a terminal that shows them."""

    def __init__(self, enabled: bool, colour: bool = True):
        self.enabled, self.colour = enabled, colour and enabled

    @classmethod
    def for_stream(cls, stream: TextIO) -> Style:
        tty = bool(getattr(stream, "isatty", lambda: False)()) and os.environ.get("TERM") != "dumb"
        return cls(tty, colour=not os.environ.get("NO_COLOR"))

    def bold(self, text: str) -> str:
        return f"\x1b[1m{text}\x1b[0m" if self.enabled and text.strip() else text

    def italic(self, text: str) -> str:
        return f"\x1b[3m{text}\x1b[0m" if self.enabled and text else text

    def alarm(self, text: str) -> str:
        if not self.enabled:
            return text
        return f"\x1b[1;31m{text}\x1b[0m" if self.colour else f"\x1b[1m{text}\x1b[0m"


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_len(text: str) -> int:
    """Terminal columns `text` takes: wide (CJK) characters count two, combining marks none."""
    return len(text) if text.isascii() else sum(map(_char_width, text))


def wrap(text: str, width: int) -> list[str]:
    """Word wrap to `width` columns; leading indentation stays on the first line, long words are cut."""
    if cell_len(text) <= width:
        return [text]
    indent = len(text) - len(text.lstrip(" "))
    words = text.split()
    if words:
        words[0] = " " * indent + words[0]
    lines: list[str] = []
    cur, cur_w = "", 0
    for word in words:
        w = cell_len(word)
        if w > width and cur:  # a word longer than the column starts on a line of its own
            lines.append(cur)
            cur, cur_w = "", 0
        while w > width:  # ... and is cut where the column ends
            head, used = _cut(word, width)
            lines.append(head)
            word = word[len(head):]
            w -= used
        if cur and cur_w + 1 + w > width:
            lines.append(cur)
            cur, cur_w = word, w
        elif cur:
            cur, cur_w = f"{cur} {word}", cur_w + 1 + w
        else:
            cur, cur_w = word, w
    if cur:
        lines.append(cur)
    return lines or [""]


def _cut(word: str, room: int) -> tuple[str, int]:
    """The longest start of `word` that fits `room` columns (at least one character)."""
    used = 0
    for i, ch in enumerate(word):
        cw = _char_width(ch)
        if used + cw > room and i > 0:
            return word[:i], used
        used += cw
    return word, used


@dataclass
class Table:
    """A plain-text table to print: its title, column headers, right-aligned columns and rows (bold or not)."""

    title: str
    headers: list[str]
    right: list[bool]
    rows: list[tuple[list[str], bool]] = field(default_factory=list)  # (cells, bold)

    def add(self, *cells: str, bold: bool = False) -> None:
        self.rows.append((list(cells), bold))


def _widths(t: Table, lens: list[list[int]], width: int) -> list[int]:
    """Each column as wide as its widest cell; the first column gives way when the table is too wide."""
    widths = [max(cell_len(h), 1) for h in t.headers]
    for i in range(len(widths)):
        widths[i] = max(widths[i], max((row[i] for row in lens), default=0))
    overflow = sum(widths) + 3 * len(widths) + 1 - width
    if overflow > 0:
        widths[0] = max(min(MIN_WRAP, widths[0]), widths[0] - overflow)
    return widths


def _line(cells: list[str], lens: list[int], widths: list[int], right: list[bool], edge: str, bold: bool,
          style: Style) -> list[str]:
    """One row; more than one line when its first cell wraps. `lens`: the cells' widths, measured once."""
    rows = [(cells, lens)]
    if lens[0] > widths[0]:
        first = wrap(cells[0], widths[0])
        blank, zeros = [""] * (len(cells) - 1), [0] * (len(cells) - 1)
        rows = [([first[0], *cells[1:]], [cell_len(first[0]), *lens[1:]])]
        rows += [([head, *blank], [cell_len(head), *zeros]) for head in first[1:]]
    out = []
    for row, row_lens in rows:
        padded = [" " * (w - n) + c if r else c + " " * (w - n)
                  for c, n, w, r in zip(row, row_lens, widths, right)]
        if bold:
            padded = [style.bold(p) for p in padded]
        out.append(f"{edge[0]} " + f" {edge[1]} ".join(padded) + f" {edge[2]}")
    return out


def render_table(t: Table, width: int, style: Style, box: dict[str, str] = _BOX) -> list[str]:
    """The table's lines: title, heavy header, light body (as rich drew it)."""
    lens = [[cell_len(c) for c in cells] for cells, _ in t.rows]
    widths = _widths(t, lens, width)

    def rule(kind: str) -> str:
        left, fill, mid, end = tuple(box[kind])  # four characters
        return left + mid.join(fill * (w + 2) for w in widths) + end

    out = [style.italic(t.title), rule("top")]
    heads = [False] + t.right[1:]  # headers left-aligned except over figures
    out += _line(t.headers, [cell_len(h) for h in t.headers], widths, heads, box["head"], True, style)
    out.append(rule("rule"))
    for (cells, bold), row_lens in zip(t.rows, lens):
        out += _line(cells, row_lens, widths, t.right, box["body"], bold, style)
    out.append(rule("bottom"))
    return out


def _goals_table(c: Computed) -> Table:
    t = Table("Nämndmål", ["Mål / indikator", "Utfall", "Mål", "Uppfyllelse", "Status"],
              [False, True, True, True, False])
    for gr in c.assessment.goals:
        t.add(one_line(gr.goal.title), "", "", "", GOAL_STATUS_SV[gr.status], bold=True)
        for ind, r in gr.indicators:
            target = "manuell" if ind.target is None else f"{ind.comparison.symbol} {format_value(ind.target)}"
            t.add("  " + one_line(ind.name), one_line(format_value(r.value)), one_line(target),
                  format_pct(r.fulfilment_pct), STATUS_SV[r.status])
    return t


def _operating_table(c: Computed, unit: str) -> Table:
    # what deviation is measured against: the outcome, or at an interim period the full-year forecast
    compared = "Prognos helår" if c.basis.interim else "Utfall"
    t = Table(f"{STATEMENT[Statement.OPERATING].title} ({unit})", ["Rad", "Typ", "Budget", compared, "Avvikelse"],
              [False, False, True, True, True])
    rows = t.rows
    for ln, f in c.operating.lines:
        rows.append(([one_line(ln.label), KIND_SV[ln.kind], format_amount(f.budget, unit),
                      format_amount(f.compared, unit), format_amount(f.deviation, unit)], False))
    for name, f in ((TOTALS[k], getattr(c.operating, k)) for k in ("revenue", "cost", "net")):
        t.add(name, "", format_amount(f.budget, unit), format_amount(f.compared, unit),
              format_amount(f.deviation, unit), bold=True)
    return t


def _to_date_table(c: Computed, unit: str) -> Table:
    """At an interim period: the outcome so far against the budget of the same months (the profiles)."""
    t = Table(f"Hittills i år, t.o.m. månad {c.period.last_month} ({unit})",
              ["Rad", "Budget t.o.m.", "Utfall t.o.m.", "Avvikelse t.o.m."], [False, True, True, True])
    for ln, f in c.operating.lines:
        t.add(one_line(ln.label), format_amount(f.budget_to_date, unit), format_amount(f.outcome, unit),
              format_amount(f.deviation_to_date, unit))
    for name, f in ((TOTALS[k], getattr(c.operating, k)) for k in ("revenue", "cost", "net")):
        t.add(name, format_amount(f.budget_to_date, unit), format_amount(f.outcome, unit),
              format_amount(f.deviation_to_date, unit), bold=True)
    return t


def _split_table(c: Computed) -> Table:
    title = "helårsprognosens resultat" if c.basis.text_sv() else "årets resultat"
    t = Table(f"Fördelning av {title} (kr)", ["Kommun", "Andel", "Överskott (+) / underskott (−)"],
              [False, True, True])
    for row in c.result_split:
        t.add(one_line(row.municipality), f"{format_decimal(row.share_pct, 3)} %", format_decimal(row.amount))
    t.add("Summa", f"{format_decimal(c.key_total_pct, 3)} %", format_decimal(c.surplus), bold=True)
    return t


def basis_lines(c: Computed) -> list[str]:
    """Under the statement: what it is compared on at an interim period, or that nothing is yet."""
    if c.operating.net.compared is None:
        return ["Driftresultat: inga utfall ännu."]
    text = c.basis.text_sv()
    return [text] if text else []


def overview(c: Computed, findings: list[Finding], unit: str = "tkr", width: int = 80,
             style: Style | None = None, box: dict[str, str] = _BOX) -> str:
    """The overview as text: head (verdict, counts), goals, operating statement, split, checker summary."""
    st = style or Style(False)
    a = c.assessment
    out = [
        st.bold(one_line(f"{c.year.organisation} {c.year.year} – {c.period.name}")),
        f"Nämndmålen: {st.bold(GOAL_STATUS_SV[a.verdict])}  ({CLAUSE_SV[a.clause]})",
        "  ".join(f"{STATUS_SV[s]}: {a.counts[s]}" for s in Status),
    ]
    out += render_table(_goals_table(c), width, st, box)
    out += render_table(_operating_table(c, unit), width, st, box)
    if c.basis.interim:
        out += render_table(_to_date_table(c, unit), width, st, box)
    out += basis_lines(c)
    out += render_table(_split_table(c), width, st, box)
    errors = sum(1 for f in findings if f.severity.value == "error")
    out.append(f"Kontroll: {len(findings)} anmärkningar, varav {errors} fel.")
    if c.split_error:
        out.append(st.alarm(one_line(c.split_error)))
    return "\n".join(out) + "\n"


def print_overview(c: Computed, findings: list[Finding], unit: str = "tkr", stream: TextIO | None = None) -> None:
    """Write the overview to `stream` (stdout), as wide as the terminal (COLUMNS, else 80)."""
    stream = stream or sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    box = _BOX if encoding.startswith("utf") else _BOX_ASCII
    width = shutil.get_terminal_size((80, 24)).columns
    stream.write(overview(c, findings, unit, width=width, style=Style.for_stream(stream), box=box))
    stream.flush()
