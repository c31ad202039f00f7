from hypothesis import given
from hypothesis import strategies as st

from sydnarke_tui.core.text import one_line, printable


def test_escape_sequences_become_visible():
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert printable("x\ry") == "x\\x0dy"
    assert printable("[red]x [/") == "[red]x [/"  # markup is the renderer's job: kept as typed
    assert one_line("två\nrader\t!") == "två rader !"


@given(st.text())
def test_no_control_character_survives(text):
    out = printable(text)
    assert not any((ord(c) < 32 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F for c in out)
