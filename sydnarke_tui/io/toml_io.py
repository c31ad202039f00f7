"""A year as a TOML file (the readable dump, and db/demo-2019.toml).

`dump_year_toml(year)` writes with tomli_w over core.serial.year_to_dict;
`load_year_toml(text)` reads with tomllib (floats as Decimal, so 27.512 and
3.58 are exact) and core.serial.year_from_dict. dump -> load -> dump is
byte-identical. Note that tomli_w drops comments: this is for the program's
own files, never the user's hand-edited config.

Whole or nothing: the first line of a file the program writes is a header,
`file = { format = …, goals = …, indicators = …, operating_lines = …,
investment_lines = …, members = …, sha256 = … }`, the counts of what it holds
and the sha256 of every byte after that line. A file cut short (still valid
TOML when cut at a table) or changed by hand no longer matches and is refused.
A file without the header (written by hand, the demo year, an older dump) is
read as it is, with a note.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from decimal import Decimal
from pathlib import Path

import tomli_w

from ..core.model import Year
from ..core.serial import CONTENTS_SV, SerialError, contents, year_from_dict, year_to_dict
from .errors import FileFormatError


_C1 = re.compile("[\u0080-\u009f]")


HEADER_KEY = "file"
HEADER_FORMAT = "sydnarke-year-file/1"
NO_HEADER_NOTE = ("filen saknar rubrikraden med antal och kontrollsumma (skriven för hand eller av en äldre"
                  " version): den lästes som den är, utan kontroll av att den är hel.")


def dump_year_toml(year: Year) -> str:
    """TOML text with its header line; the C1 controls (U+009B is a terminal's CSI), which tomli_w writes raw,
    as \\u escapes."""
    body = _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", tomli_w.dumps(year_to_dict(year), multiline_strings=True))
    fields = {"format": HEADER_FORMAT, **contents(year), "sha256": _digest(body)}
    inline = ", ".join(f"{k} = {v}" if isinstance(v, int) else f'{k} = "{v}"' for k, v in fields.items())
    return f"{HEADER_KEY} = {{ {inline} }}\n{body}"


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _check_header(text: str, header: object, file: str | None) -> dict[str, int]:
    """The header's counts when it matches the text after it; otherwise FileFormatError."""
    where = file or "TOML"
    first, _, body = text.partition("\n")
    if not isinstance(header, dict) or header.get("format") != HEADER_FORMAT or "sha256" not in header:
        raise FileFormatError(f"nyckeln '{HEADER_KEY}' är ingen rubrik i formatet {HEADER_FORMAT}; inget lästes in.",
                              file=where)
    if not first.startswith(f"{HEADER_KEY} = "):
        raise FileFormatError("rubriken (file = …) ska stå på första raden; inget lästes in.", file=where)
    if header["sha256"] != _digest(body):
        raise FileFormatError("innehållet stämmer inte med rubrikens kontrollsumma: filen är avkortad eller ändrad"
                              " efter att programmet skrev den; inget lästes in.", file=where)
    counts: dict[str, int] = {}
    for k in CONTENTS_SV:
        n = header.get(k)
        if not isinstance(n, int) or isinstance(n, bool):
            raise FileFormatError(f"rubriken ska ange antal ({', '.join(CONTENTS_SV)}) som heltal; inget lästes in.",
                                  file=where)
        counts[k] = n
    return counts


def load_year_toml(text: str | bytes, file: str | None = None, notes: list[str] | None = None) -> Year:
    """Parse a year from TOML text; bad input raises FileFormatError (Swedish, names line or key).

    A header (see the module doc) is checked; without one a note is added to `notes`.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileFormatError(f"filen är inte UTF-8 (byte {exc.start}); TOML-filer ska vara UTF-8.",
                                  file=file) from None
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except RecursionError:
        raise FileFormatError("listor eller tabeller är nästlade i för många nivåer: en årsfil har högst "
                              "några nivåer (jämför med 'report --format toml').", file=file or "TOML") from None
    except tomllib.TOMLDecodeError as exc:
        msg = str(exc)
        m = re.search(r"\s*\(at line (\d+), column (\d+)\)", msg)
        lineno = getattr(exc, "lineno", None)
        col = getattr(exc, "colno", None)
        if m:
            lineno, col = int(m.group(1)), int(m.group(2))
            msg = msg[: m.start()] + msg[m.end():]
        elif "(at end of document)" in msg:
            lineno = max(1, len(text.splitlines()))
            msg = msg.replace("(at end of document)", "(filen tar slut)")
        elif detail := getattr(exc, "msg", None):
            msg = detail
        where = f" vid kolumn {col}" if col else ""
        raise FileFormatError(f"ogiltig TOML{where}: {msg.strip()}. Rätta filen och försök igen.",
                              file=file or "TOML", line=lineno) from None
    counts = _check_header(text.lstrip("\ufeff"), data.pop(HEADER_KEY), file) if HEADER_KEY in data else None
    if counts is None and notes is not None:
        notes.append(NO_HEADER_NOTE)
    try:
        year = year_from_dict(data)
    except RecursionError:
        raise FileFormatError("listor eller tabeller är nästlade i för många nivåer.", file=file or "TOML") from None
    except SerialError as exc:
        raise FileFormatError(f"{exc}", file=file or "TOML") from None
    except (TypeError, AttributeError, KeyError, ValueError, ArithmeticError) as exc:
        # core.serial assumes tables where tables belong; anything else lands here
        raise FileFormatError(f"oväntad struktur i filen ({exc.__class__.__name__}: {exc}): "
                              "jämför med en fil från 'report --format toml'.", file=file or "TOML") from None
    if counts is not None:
        have = contents(year)
        for k, word in CONTENTS_SV.items():
            if have[k] != counts[k]:
                raise FileFormatError(f"rubriken säger {counts[k]} {word}, filen har {have[k]}: den är inte hel;"
                                      " inget lästes in.", file=file or "TOML")
    return year


def read_year_toml(path: str | Path) -> Year:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FileFormatError(f"kan inte läsa filen ({exc.strerror}).", file=str(p)) from None
    return load_year_toml(data, file=str(p))


def write_year_toml(year: Year, path: str | Path) -> None:
    Path(path).write_text(dump_year_toml(year), encoding="utf-8")
