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
