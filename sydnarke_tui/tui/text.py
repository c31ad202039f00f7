"""Literal text for the screens: user text is never markup, control characters show as \\xNN and
characters of uncertain width as \\uXXXX (core.text.shown)."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from ..core.text import shown


def safe(text: Any) -> str:
    """User text made printable in a width the terminal agrees on: control characters shown as \\xNN,
    bidi controls, zero-width characters and joiners as \\uXXXX, never interpreted (newlines stay)."""
    return shown("" if text is None else str(text))


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
