"""Merged style runs put the same characters with the same attributes on the terminal, in fewer bytes."""

from __future__ import annotations

import pyte
from hypothesis import given
from hypothesis import strategies as st
from rich.color import ColorSystem
from rich.style import Style
from textual.strip import Strip

from sydnarke_tui.tui.output import merge_runs, merge_strip_runs

STYLES = [
    None,
    Style(color="#e0e0e0", bgcolor="#1b1b1b"),
    Style(color="#e0e0e0", bgcolor="#1b1b1b", bold=True),
    Style(bgcolor="#1b1b1b"),
    Style(color="red", underline=True),
    Style(reverse=True),
    Style(color="#e0e0e0", bgcolor="#121212"),
    Style(bgcolor="#121212"),
    Style(color="red", bgcolor="#121212", italic=True),
    Style(color="red", bgcolor="#121212", strike=True),
    Style(color="#e0e0e0", bgcolor="#1b1b1b", link="https://example.org"),
]
TEXT = st.one_of(st.text(alphabet="ab å│ 12", min_size=0, max_size=6), st.sampled_from(["  ", "    "]))


def _render(segments: list[tuple[str, Style | None]]) -> str:
    return "".join(text if style is None else style.render(text, color_system=ColorSystem.TRUECOLOR)
                   for text, style in segments)


def _look(c) -> tuple:
    """What a cell shows: a blank without lines or swapped colours shows only its background."""
    if c.data == " " and not (c.underscore or c.strikethrough or c.reverse or c.blink):
        return (" ", c.bg)
    return tuple(c)


def _screen(data: str, exact: bool = False) -> list[list[tuple]]:
    screen = pyte.Screen(60, 2)
    stream = pyte.Stream(screen)
    stream.feed(data)
    return [[tuple(c) if exact else _look(c) for c in (screen.buffer[y][x] for x in range(60))] for y in range(2)]


@given(st.lists(st.tuples(TEXT, st.sampled_from(STYLES)), max_size=10))
def test_the_terminal_shows_the_same(segments):
    line = _render(segments)
    merged = merge_runs(line)
    assert len(merged) <= len(line)
    # Two lines: the second starts in whatever state the first left (a line must end reset).
    assert _screen(merged + "\r\n" + merged) == _screen(line + "\r\n" + line)


def test_a_row_of_cells_in_one_style_sends_the_style_once():
    cell = Style(color="#e0e0e0", bgcolor="#1e1e1e")
    label = Style(color="#e0e0e0", bgcolor="#1e1e1e", bold=True)
    line = _render([(" ", cell), ("Summa kostnader  ", label), (" ", cell), ("  31 207 ", cell), ("  20 964 ", cell)])
    merged = merge_runs(line)
    # the blank cell after the label joins the bold run (bold does not show on a blank)
    assert merged == _render([(" ", cell), ("Summa kostnader   ", label), ("  31 207   20 964 ", cell)])
    assert merged.count("\x1b[0m") == 3


def test_padding_joins_the_run_before_it_when_it_looks_the_same():
    text = Style(color="#e0e0e0", bgcolor="#121212")
    pad = Style(bgcolor="#121212")
    line = _render([("Askersund      2 885 586 kr", text), ("    ", pad)])
    merged = merge_runs(line)
    assert merged == _render([("Askersund      2 885 586 kr    ", text)])
    assert _screen(merged) == _screen(line) and _screen(merged, exact=True) != _screen(line, exact=True)
    other = _render([("x", text), ("    ", Style(bgcolor="#1e1e1e"))])  # another background shows
    assert merge_runs(other) == other
    lined = _render([("x", Style(color="red", bgcolor="#121212", underline=True)), ("    ", pad)])
    assert merge_runs(lined) == lined  # an underline shows on blanks


def test_text_without_style_codes_is_left_alone():
    assert merge_runs("plain text") == "plain text"
    odd = "\x1b[38;5;1mx\x1b[0m\x1b[2J\x1b[38;5;1my\x1b[0m"  # a control sequence between: no merge
    assert merge_runs(odd) == odd


def test_strips_render_merged_and_cache_it():
    merge_strip_runs()
    cell = Style(color="#e0e0e0", bgcolor="#1e1e1e")
    from rich.console import Console
    from rich.segment import Segment

    strip = Strip([Segment("a", cell), Segment("b", cell)])
    console = Console(color_system="truecolor")
    first = strip.render(console)
    assert first == _render([("ab", cell)]) and strip.render(console) is first
