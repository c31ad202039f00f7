"""Literal text for the screens: user text is never markup, control characters show as \\xNN."""

from __future__ import annotations

from typing import Any

from rich.text import Text


def safe(text: Any) -> str:
    """User text made printable: control characters shown as \\xNN, never interpreted."""
    s = "" if text is None else str(text)
    if any((ord(c) < 32 and c != "\n") or 0x7F <= ord(c) < 0xA0 for c in s):
        s = "".join(c if c == "\n" or not (ord(c) < 32 or 0x7F <= ord(c) < 0xA0) else f"\\x{ord(c):02x}"
                    for c in s)
    return s


def T(*parts: Any) -> Text:
    """Build a Text from (string, style) tuples or plain strings, all literal."""
    out = Text(no_wrap=False)
    for p in parts:
        if isinstance(p, tuple):
            out.append(safe(p[0]), style=p[1])
        elif isinstance(p, Text):
            out.append_text(p)
        else:
            out.append(safe(p))
    return out


def cell(value: Any, style: str = "", right: bool = False) -> Text:
    return Text(safe(value).replace("\n", " "), style=style, justify="right" if right else "left", no_wrap=True,
                overflow="ellipsis")
