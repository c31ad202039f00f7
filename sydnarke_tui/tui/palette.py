"""Colours by meaning, chosen per theme so that every text cell keeps a contrast of 4.5:1.

The screens never name a colour: a deficit is `worse`, an achieved goal
`better`, a partly achieved one `partly`, what matters less `muted`. Each
colour mode makes those legible in its own way:

- a truecolour theme (the default): the theme's own success / error / warning
  colours, moved toward its foreground until they keep 4.6:1 on its background,
  surface and panel (whatever the theme, light or dark);
- the ANSI theme (16 colours): the terminal's default background may be black
  or white, and no ANSI colour reads on both (red on black is 3.6:1, green on
  white 2.2:1), so coloured words are chips with their own background (white on
  red, black on green or yellow; never bold on black, which xterm draws grey);
- NO_COLOR: no colour codes at all (PlainFilter, instead of Textual's
  monochrome filter, which drew red as 1.65:1 grey); deficits are bold, muted
  text italic, never faint.

Bars and strips are graphics, not text: they keep plain colours where there are
any (their sign and pattern carry the meaning without colour).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol

from rich.segment import Segment
from rich.style import Style
from textual.color import Color, ColorParseError
from textual.filter import LineFilter

from ..core.concepts import GoalStatus, Role, Status, role_of

MIN_CONTRAST = 4.6  # WCAG AA asks 4.5:1; a margin for rounding to whole colour steps


@dataclass(frozen=True)
class Palette:
    """Rich style strings by meaning: text (figures, words) and bars (graphics)."""

    better: str
    worse: str
    partly: str
    muted: str
    bar_better: str
    bar_worse: str
    bar_partly: str
    bar_muted: str

    def role(self, role: Role) -> str:
        """The text style of a meaning (core.concepts: each status and severity names its own)."""
        return {"better": self.better, "worse": self.worse, "partly": self.partly, "muted": self.muted}[role]

    def status(self, status: Status | GoalStatus) -> str:
        return self.role(role_of(status))

    def bar(self, status: Status | GoalStatus) -> str:
        return {"better": self.bar_better, "worse": self.bar_worse, "partly": self.bar_partly,
                "muted": self.bar_muted}[role_of(status)]


class Themed(Protocol):
    """The app as a widget sees it: the palette of the current theme (SydnarkeApp.palette)."""

    @property
    def palette(self) -> Palette: ...


# No colour: attributes only. Bars keep their patterns and sides of the axis.
PLAIN = Palette(better="", worse="bold", partly="", muted="italic",
                bar_better="", bar_worse="", bar_partly="", bar_muted="")

# 16 colours on a default background that may be black or white: chips with their own background.
# "not bold" on the black-on-colour chips: xterm draws bold colours 0-7 as 8-15 (bold black is grey).
ANSI = Palette(better="not bold black on green", worse="bright_white on red", partly="not bold black on yellow",
               muted="italic", bar_better="green", bar_worse="red", bar_partly="yellow", bar_muted="")


def luminance(c: Color) -> float:
    def lin(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)


def contrast(a: Color, b: Color) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def legible(colour: Color, backgrounds: list[Color], toward: Color) -> Color:
    """`colour`, moved toward `toward` in small steps until it keeps MIN_CONTRAST on every background."""
    for step in range(41):
        c = colour.blend(toward, step / 40)
        if all(contrast(c, bg) >= MIN_CONTRAST for bg in backgrounds):
            return c
    return toward


def _colour(variables: dict[str, str], name: str, under: Color | None = None) -> Color | None:
    try:
        c = Color.parse(variables[name])
    except (KeyError, ColorParseError):  # "auto 60%" and the like: not a colour of its own
        return None
    if c.a < 1 and under is not None:
        c = under + c
    return c.with_alpha(1.0)


def truecolour_palette(variables: dict[str, str]) -> Palette:
    """Legible role colours for a truecolour theme, from its CSS variables."""
    background = _colour(variables, "background") or Color(0, 0, 0)
    grounds = [background] + [c for c in (_colour(variables, n, background) for n in ("surface", "panel")) if c]
    dark = luminance(background) < 0.18
    fg = _colour(variables, "foreground") or (Color(255, 255, 255) if dark else Color(0, 0, 0))
    if not all(contrast(fg, g) >= MIN_CONTRAST for g in grounds):  # colours move toward a legible foreground
        fg = Color(255, 255, 255) if dark else Color(0, 0, 0)

    def role(*names: str) -> Color:
        base = next((c for c in (_colour(variables, n, background) for n in names) if c is not None), fg)
        return legible(base, grounds, fg)

    better = role("text-success", "success")
    worse = role("text-error", "error")
    partly = role("text-warning", "warning")
    muted = legible(fg.blend(background, 0.5), grounds, fg)
    bars = [_colour(variables, n, background) for n in ("success", "error", "warning")]
    return Palette(better=better.hex, worse=worse.hex, partly=partly.hex, muted=muted.hex,
                   bar_better=(bars[0] or better).hex, bar_worse=(bars[1] or worse).hex,
                   bar_partly=(bars[2] or partly).hex, bar_muted=muted.hex)


@lru_cache(maxsize=64)
def readable(style: Style, base: Style) -> Style:
    """`style` drawn over `base` (a widget's own colours), its colour moved until it keeps MIN_CONTRAST.

    For a theme colour a widget takes from CSS (a footer's key colour): only truecolour is adjusted.
    """
    fg, bg = style.color or base.color, style.bgcolor or base.bgcolor
    if fg is None or bg is None or not (fg.triplet and bg.triplet) or fg.is_system_defined or bg.is_system_defined:
        return style
    f, b = Color.from_rich_color(fg), Color.from_rich_color(bg)
    if contrast(f, b) >= MIN_CONTRAST:
        return style
    extreme = Color(255, 255, 255) if luminance(b) < 0.18 else Color(0, 0, 0)
    return style + Style(color=legible(f, [b], extreme).rich_color)


@lru_cache(maxsize=16)
def _cached(items: tuple[tuple[str, str], ...]) -> Palette:
    return truecolour_palette(dict(items))


def palette_for(app: Any) -> Palette:
    """The palette for the app's colour mode and theme."""
    if app.no_color:
        return PLAIN
    if app.native_ansi_color:
        return ANSI
    variables = app.current_theme.to_color_system().generate()
    variables.update(app.current_theme.variables)
    return _cached(tuple(sorted(variables.items())))


@lru_cache(maxsize=1024)
def _plain(style: Style | None) -> Style | None:
    if style is None:
        return None
    plain = Style(bold=style.bold, italic=style.italic, underline=style.underline, reverse=style.reverse,
                  strike=style.strike, link=style.link)
    return plain + Style.from_meta(style.meta) if style._meta else plain


class PlainFilter(LineFilter):
    """NO_COLOR: every colour and faint attribute removed, nothing sent but bold, italic, underline, reverse.

    Textual's own filters keep colour codes under NO_COLOR: its monochrome one turns colours into greys
    (red on black became 1.65:1), its NoColor one sends "default" colours and keeps faint text.
    """

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [Segment(text, _plain(style), control) for text, style, control in segments]
