"""Text of uncertain width is shown in a form whose width is certain (issue 15): Rich (which lays the
screen out) and the terminal (pyte, wcwidth) agree on every cell, whatever the text."""

from __future__ import annotations

import unicodedata

import pyte
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from sydnarke_tui.core.text import UNSURE, shown, visible
from sydnarke_tui.tui.text import cell, safe

TRICKY = ["\u202e", "\u202c", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0f", "\u0301",
          "\u030a", "\u20dd", "\U0001f1f8", "\U0001f1ea", "\U0001f3fd", "👨", "👩", "❤", "漢", "テ", "\u1160",
          "\u0e31", "\ue000", "\U000e0041", "\x1b", "\x85", "a", "å", " ", "\u2028", "\U0001fae8",
          "\u093e", "\u0915", "\u0903", "\u3164", "\uffa0"]  # Devanagari marks and a letter; Hangul fillers


def drawn(text: str) -> int:
    """The cells a terminal (pyte) advances for text written at the start of a line; it stops at a
    character it cannot draw (a zero-width character that is not a combining mark)."""
    screen = pyte.Screen(2000, 2)
    pyte.Stream(screen).feed(text)
    return screen.cursor.x if screen.cursor.y == 0 else -1


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=30), st.lists(st.sampled_from(TRICKY), max_size=12).map("".join)))
def test_rich_and_the_terminal_agree_on_the_width_of_shown_text(text):
    for form in (shown(text, keep=""), visible(text, keep_newlines=False)):
        assert cell_len(form) == drawn(form), (text, form)


@given(st.lists(st.sampled_from(TRICKY), max_size=12).map("".join))
def test_editors_show_one_character_for_one(text):
    assert len(visible(text, keep_newlines=False)) == len(text)


def test_shown_forms():
    assert shown("Ka\u030arl") == "Kårl" and unicodedata.is_normalized("NFC", shown("Ka\u030arl"))
    assert shown("a\u202eb\u200bc\u2060d") == "a\\u202eb\\u200bc\\u2060d"
    assert shown("👨\u200d👩") == "👨\\u200d👩"
    assert shown("🇸🇪") == "\\U0001f1f8\\U0001f1ea"
    assert shown("q\u0303 \u0303") == "q\u0303 \\u0303"  # a mark on a letter stays, alone it shows
    assert shown("a\x1b[2J\tb\nc") == "a\\x1b[2J\\x09b\nc"  # newline kept, tab and ESC shown
    assert shown("Sydnärkes IT-nämnd 1\u00a0417 → …") == "Sydnärkes IT-nämnd 1\u00a0417 → …"  # as it was
    assert visible("a\u202eb\x1b") == f"a{UNSURE}b␛"
    assert safe("x\u200dy") == "x\\u200dy" and cell("x\u200dy\nz").plain == "x\\u200dy z"


def test_every_character_alone_and_after_a_letter_is_measured_alike():
    """Unicode's first two planes (the third is CJK, all wide), each character alone, after a letter and before a digit:
    what random text found once (a Devanagari spacing mark) is looked for everywhere."""
    for code in range(0x20, 0x20000):
        ch = chr(code)
        for text in (ch, "a" + ch, ch + "0", "\u0915" + ch):
            for form in (shown(text, keep=""), visible(text, keep_newlines=False)):
                assert cell_len(form) == drawn(form), (hex(code), text, form)
