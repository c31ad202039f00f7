"""User text made safe to show: control characters become visible escapes."""

from __future__ import annotations

import re
import unicodedata

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
    """'a\\x1b[2J' -> 'a␛[2J': one visible character for each control character, and ⬚ for each
    character whose width terminals disagree on (see `shown`), so an editor's cursor still lines up.

    With keep_newlines (multi-line editors, panels) newline and tab stay.
    """
    pattern = _UNSAFE_KEEP_LINES if keep_newlines else _UNSAFE
    text = pattern.sub(lambda m: _picture(m.group()), text)
    if _MAYBE.search(text) is None:
        return text
    return "".join(UNSURE if ch not in "\t\n" and _unsure(text, i) else ch for i, ch in enumerate(text))


# ------------------------------------------------------------------ text whose width on a terminal is certain
# What Rich measures and what a terminal draws agree for most characters. They do not for characters
# that draw nothing or join others: bidi controls (U+202E turns what follows around), zero-width
# spaces and joiners (a ZWJ family emoji is 2 cells to Rich, 6 to xterm and pyte), variation
# selectors, flags (regional indicators) and skin tones, unassigned and private-use code points, and
# a combining mark with nothing to sit on, a spacing mark (Rich: no cell; terminals: one). Such a
# character is shown escaped (tables, panels) or as UNSURE (editors: one character for one); the
# stored text is never changed.
UNSURE = "\u2b1a"  # ⬚: one cell everywhere (not East Asian ambiguous, not an emoji)
# Characters that are certainly one cell and never combine: everything else is looked at one by one.
_MAYBE = re.compile("[^\t\n\x20-\x7e\xa0-\xac\xae-\u02ff\u2010-\u2027\u2030-\u205e"
                    "\u2190-\u21ff\u2500-\u25ff]")


def _unsure(text: str, i: int) -> bool:
    """text[i] draws a width terminals disagree on (see above)."""
    ch = text[i]
    code = ord(ch)
    if code < 0x2010 and (0x20 <= code < 0x7F or 0xA0 <= code < 0x300) and code != 0xAD:
        return False
    cat = unicodedata.category(ch)
    if cat[0] == "C" or cat in ("Zl", "Zp"):  # controls, format (bidi, ZW*), private use, unassigned
        return True
    if cat == "Mc":  # a spacing mark (Devanagari ा): Rich gives it no cell, terminals one, or none alone
        return True
    if cat in ("Mn", "Me"):  # a combining mark: certain only on a base character before it
        return not (unicodedata.combining(ch) and i > 0 and not text[i - 1].isspace()
                    and unicodedata.category(text[i - 1])[0] not in "CZ")
    return (0x1F1E6 <= code <= 0x1F1FF  # regional indicators (flags)
            or 0x1F3FB <= code <= 0x1F3FF  # skin tones
            or 0x1160 <= code <= 0x11FF or 0xD7B0 <= code <= 0xD7FF  # Hangul vowels and finals alone
            or code in (0x3164, 0xFFA0))  # Hangul fillers: 2 and 1 cells to Rich, none to terminals


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def shown(text: str, keep: str = "\n") -> str:
    """Text for a table or panel, in a form whose width on a terminal is certain: NFC first (å typed as
    a + ring is one å), then every control character but those in `keep` as \\xNN and every character of
    uncertain width as \\uXXXX ('a\\u202eb' -> 'a\\\\u202eb')."""
    if _MAYBE.search(text) is None and ("\t" in keep or "\t" not in text) and ("\n" in keep or "\n" not in text):
        return text
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return "".join(ch if ch in keep or not _unsure(text, i) else _escape(ch) for i, ch in enumerate(text))


def count_sv(n: int, singular: str, plural: str) -> str:
    """'1 ändring', '2 ändringar', '1 000 rader' (Swedish grammar and grouping)."""
    return f"{n:,}".replace(",", "\u00a0") + " " + (singular if n == 1 else plural)
