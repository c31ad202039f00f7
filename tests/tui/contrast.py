"""WCAG contrast of what a screen shows, cell by cell.

The cells are the compositor's rendered strips after Textual's filters (the
ANSI-to-truecolour conversion, the NO_COLOR filter), i.e. what is written to
the terminal. Colours the terminal chooses itself (ANSI 0-255, "default") are
resolved with xterm's default palette and a terminal's default foreground and
background, dark or light.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.color import Color, ColorType
from rich.style import Style

# xterm's default 16 colours (XTerm-col.ad / charproc.c), as the ANSI theme is shown.
XTERM_16 = [
    (0x00, 0x00, 0x00), (0xCD, 0x00, 0x00), (0x00, 0xCD, 0x00), (0xCD, 0xCD, 0x00),
    (0x00, 0x00, 0xEE), (0xCD, 0x00, 0xCD), (0x00, 0xCD, 0xCD), (0xE5, 0xE5, 0xE5),
    (0x7F, 0x7F, 0x7F), (0xFF, 0x00, 0x00), (0x00, 0xFF, 0x00), (0xFF, 0xFF, 0x00),
    (0x5C, 0x5C, 0xFF), (0xFF, 0x00, 0xFF), (0x00, 0xFF, 0xFF), (0xFF, 0xFF, 0xFF),
]


def xterm_256(n: int) -> tuple[int, int, int]:
    if n < 16:
        return XTERM_16[n]
    if n >= 232:  # the grey ramp
        v = 8 + 10 * (n - 232)
        return v, v, v
    n -= 16
    steps = [0, 95, 135, 175, 215, 255]
    return steps[n // 36], steps[(n // 6) % 6], steps[n % 6]


@dataclass(frozen=True)
class Terminal:
    """The terminal's own default colours (what "default" and no colour at all show as)."""

    name: str
    fg: tuple[int, int, int]
    bg: tuple[int, int, int]


DARK = Terminal("dark", XTERM_16[7], XTERM_16[0])
LIGHT = Terminal("light", XTERM_16[0], XTERM_16[15])


def luminance(rgb: tuple[int, int, int]) -> float:
    def lin(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def rgb(color: Color | None, default: tuple[int, int, int], bright: bool = False) -> tuple[int, int, int]:
    if color is None or color.type == ColorType.DEFAULT:
        return default
    if color.type == ColorType.TRUECOLOR:
        t = color.triplet
        return t.red, t.green, t.blue
    n = color.number or 0
    if bright and n < 8:  # xterm's boldColors: bold text in colours 0-7 is drawn in 8-15
        n += 8
    return xterm_256(n)


def blend(fg, bg, share: float):
    return tuple(round(f * share + b * (1 - share)) for f, b in zip(fg, bg))


def cell_contrast(style: Style | None, term: Terminal) -> float:
    """The worst contrast this style can show as (bold colours bright or not; faint at half strength)."""
    style = style or Style()
    worst = 99.0
    for bright in ({False, True} if style.bold else {False}):
        fg = rgb(style.color, term.fg, bright)
        bg = rgb(style.bgcolor, term.bg)
        if style.reverse:
            fg, bg = bg, fg
        if style.dim:  # xterm draws faint text at half intensity
            fg = blend(fg, bg, 0.5)
        worst = min(worst, ratio(fg, bg))
    return worst


@dataclass
class Cell:
    x: int
    y: int
    char: str
    style: Style | None


def screen_cells(app) -> list[Cell]:
    """Every cell the current screen shows, with its style as written to the terminal."""
    out = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        x = 0
        for seg in strip:
            if seg.control:
                continue
            for ch in seg.text:
                out.append(Cell(x, y, ch, seg.style))
                x += 1
    return out


def is_text(ch: str) -> bool:
    """A character that is read: not a blank, and not a line, block or shape (borders, bars, scrollbars)."""
    return not ch.isspace() and not 0x2500 <= ord(ch) <= 0x25FF


def low_contrast(app, term: Terminal, minimum: float = 4.5, digits_only: bool = True, region=None) -> list[str]:
    """Cells (digits, or all text; within `region` if given) below `minimum`, as 'row: text (ratio)' runs
    for a readable failure."""
    bad: dict[int, list[Cell]] = {}
    for c in screen_cells(app):
        if region is not None and not region.contains(c.x, c.y):
            continue
        shown = c.char.isdigit() if digits_only else is_text(c.char)
        if shown and cell_contrast(c.style, term) < minimum:
            bad.setdefault(c.y, []).append(c)
    lines = []
    for y, cells in sorted(bad.items()):
        text = "".join(c.char for c in cells)
        worst = min(cell_contrast(c.style, term) for c in cells)
        lines.append(f"row {y}: {text!r} ({worst:.2f}:1, {cells[0].style})")
    return lines
