"""User text made safe to show: control characters become visible escapes."""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL, and C1 controls: an ESC or CR in a
# name must never reach a terminal (it could clear the screen or recolour it).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """'a\\x1b[2Jb' -> 'a\\\\x1b[2Jb': shown literally, never interpreted."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str) -> str:
    """printable(), with line breaks and tabs as spaces (table cells, log lines)."""
    return " ".join(printable(text).split())


def xml_escape(text: str, attr: bool = False) -> str:
    """Text for XML content, or (`attr`) for a double-quoted attribute. (xml.sax.saxutils imports urllib.)"""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;") if attr else text


# Every character a terminal may act on: C0 (tab and newline optionally kept),
# DEL and C1. Each is shown as one visible character, so a cursor in an
# editor still lines up with the text.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNSAFE_KEEP_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _picture(ch: str) -> str:
    code = ord(ch)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟ (ESC is ␛)
    if code == 0x7F:
        return "\u2421"  # ␡
    return "\ufffd"  # C1: no picture exists


def visible(text: str, keep_newlines: bool = True) -> str:
    """'a\\x1b[2J' -> 'a␛[2J': one visible character for each control character.

    With keep_newlines (multi-line editors, panels) newline and tab stay.
    """
    pattern = _UNSAFE_KEEP_LINES if keep_newlines else _UNSAFE
    return pattern.sub(lambda m: _picture(m.group()), text)


def count_sv(n: int, singular: str, plural: str) -> str:
    """'1 ändring', '2 ändringar', '1 000 rader' (Swedish grammar and grouping)."""
    return f"{n:,}".replace(",", "\u00a0") + " " + (singular if n == 1 else plural)
