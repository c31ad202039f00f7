"""The tab bar: every screen's key and name, fitted to the terminal's width.

Narrower than the full bar, the other tabs' names are cut to a few letters,
then to their keys alone; narrower still, a window of tabs around the current
one with ‹ › where tabs are left out. The current tab always shows its whole
name (reverse, so it reads without colour), and every key works whether shown
or not.
"""

from __future__ import annotations

from rich.text import Text

Tab = tuple[str, str, bool]  # (key, name, current)

NAME_LIMITS = (None, 5, 4, 3, 0)  # letters of the other tabs' names, tried in order


def _piece(key: str, name: str, current: bool, limit: int | None) -> Text:
    t = Text()
    if current:
        t.append(f"{key} {name}", style="reverse bold")
        return t
    t.append(key, style="bold")
    shown = name if limit is None else name[:limit].rstrip(".")
    if shown:
        t.append(f" {shown}")
    return t


def _join(pieces: list[Text]) -> Text:
    t = Text(no_wrap=True, overflow="crop")
    for i, p in enumerate(pieces):
        if i:
            t.append(" ")
        t.append_text(p)
    return t


def fit_tabs(tabs: list[Tab], width: int) -> Text:
    """The bar for `tabs` in at most `width` cells (`width` <= 0: the full bar)."""
    for limit in NAME_LIMITS:
        bar = _join([_piece(k, n, c, limit) for k, n, c in tabs])
        if width <= 0 or bar.cell_len <= width:
            return bar
    return _window(tabs, width)


def _window(tabs: list[Tab], width: int) -> Text:
    """Keys only, as many tabs around the current one as fit, ‹ › marking the ones left out."""
    pieces = [_piece(k, n, c, 0) for k, n, c in tabs]
    cur = next((i for i, (_, _, c) in enumerate(tabs) if c), 0)
    lo, hi = cur, cur + 1

    def size(a: int, b: int) -> int:
        marks = (2 if a > 0 else 0) + (2 if b < len(pieces) else 0)
        return sum(p.cell_len for p in pieces[a:b]) + (b - a - 1) + marks

    grew = True
    while grew:
        grew = False
        if hi < len(pieces) and size(lo, hi + 1) <= width:
            hi, grew = hi + 1, True
        if lo > 0 and size(lo - 1, hi) <= width:
            lo, grew = lo - 1, True
    bar = _join(pieces[lo:hi])
    if lo > 0:
        bar = Text("‹ ", style="bold", no_wrap=True, overflow="crop") + bar
    if hi < len(pieces):
        bar.append(" ›", style="bold")
    bar.no_wrap, bar.overflow = True, "crop"
    return bar
