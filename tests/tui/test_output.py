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
    Style(color="#e0e0e0", bgcolor="#1b1b1b", link="https://example.org"),
]
TEXT = st.text(alphabet="ab å│ 12", min_size=0, max_size=6)


def _render(segments: list[tuple[str, Style | None]]) -> str:
    return "".join(text if style is None else style.render(text, color_system=ColorSystem.TRUECOLOR)
                   for text, style in segments)


def _screen(data: str) -> list[list[tuple]]:
    screen = pyte.Screen(60, 2)
    stream = pyte.Stream(screen)
    stream.feed(data)
    return [[tuple(c) for c in (screen.buffer[y][x] for x in range(60))] for y in range(2)]


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
    assert merged == _render([(" ", cell), ("Summa kostnader  ", label), ("   31 207   20 964 ", cell)])
    assert merged.count("\x1b[0m") == 3


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
