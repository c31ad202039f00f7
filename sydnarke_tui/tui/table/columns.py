"""A table's columns at a width: each shown whole or left out, a cell cut only between figures.

Pure layout, no widget: LedgerTable (view.py) asks it for the columns it shows.
"""

from __future__ import annotations

from rich.text import Text

NAME_MIN = 8  # by default the name column shrinks to this before a whole column gives way


def fit_columns(given: list[int], flex: int, drop: list[int], keep: set[int], pinned: int | None,
                name_min: int, width: int) -> list[tuple[int, int]]:
    """(column index, cells) of the columns shown at `width`, in order; each shown whole.

    Given widths; the name column (`flex`) takes what is left: at most twice its given width (on a
    wide terminal the figures stay near their names; a longer name is under the table), at least
    `name_min`. When that is too wide, whole columns give way: `drop` in order, then the others from
    the right, `keep` last, never `pinned` (the one the cursor brought into view). A column left out
    at the right end costs one cell for its marker.
    """
    if not given:
        return []
    shown = list(range(len(given)))
    rest = [i for i in reversed(shown) if i != flex and i not in drop]
    order = drop + [i for i in rest if i not in keep] + [i for i in rest if i in keep]
    name_min = min(name_min, given[flex])

    def need() -> int:
        mark = 1 if shown[-1] != len(given) - 1 else 0
        return sum(given[i] for i in shown if i != flex) + name_min + len(shown) - 1 + mark

    for i in order:
        if need() <= width:
            break
        if i != pinned and i != flex and i in shown:
            shown.remove(i)
    mark = 1 if shown[-1] != len(given) - 1 else 0
    room = width - mark - (sum(given[i] for i in shown if i != flex) + len(shown) - 1)
    return [(i, max(1, min(room, 2 * given[i])) if i == flex else given[i]) for i in shown]


def gaps(shown: list[tuple[int, int]], count: int, cursor: int) -> list[str]:
    """The header's separator after each shown column: `‹`/`›` where columns are left out (the way to
    press from the cursor's column; `cursor` -1: no cursor), else a space (none after the last)."""
    out = []
    for n, (i, _) in enumerate(shown):
        nxt = shown[n + 1][0] if n + 1 < len(shown) else count
        if nxt == i + 1:
            out.append(" " if n + 1 < len(shown) else "")
        else:
            out.append("›" if i + 1 > cursor else "‹")
    return out


def fit_cell(cell: Text, width: int, right: bool) -> Text:
    """The cell cut (with …) or padded to exactly `width` cells; a cut never falls inside a figure."""
    text = cell.copy()
    text.no_wrap = True
    if text.cell_len > width:
        text.truncate(width, overflow="ellipsis")
        keep = len(text.plain) - 1  # characters before the …
        whole = _figure_start(cell.plain, keep)
        if whole < keep:
            text = cell[:whole].copy()
            text.append("…")
            text.no_wrap = True
    pad = width - text.cell_len
    if pad > 0:
        if right:
            text.pad_left(pad)
        else:
            text.pad_right(pad)
    return text


def _figure_start(plain: str, cut: int) -> int:
    """Where to cut `plain` at or before `cut` so that no figure (digits with their group spaces and
    decimal comma) is split: the start of the figure the cut falls in, else `cut`."""
    def in_figure(i: int) -> bool:
        ch = plain[i]
        return ch.isdigit() or (ch in " \u00a0," and 0 < i < len(plain) - 1
                                and plain[i - 1].isdigit() and plain[i + 1].isdigit())

    if cut <= 0 or cut >= len(plain) or not (in_figure(cut) and in_figure(cut - 1)):
        return cut
    i = cut
    while i > 0 and in_figure(i - 1):
        i -= 1
    return i
