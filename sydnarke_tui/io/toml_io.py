"""A year as a TOML file (the readable dump, and db/demo-2019.toml).

`dump_year_toml(year)` writes with tomli_w over core.serial.year_to_dict;
`load_year_toml(text)` reads with tomllib (floats as Decimal, so 27.512 and
3.58 are exact) and core.serial.year_from_dict. dump -> load -> dump is
byte-identical. Note that tomli_w drops comments: this is for the program's
own files, never the user's hand-edited config.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import tomli_w

from ..core.model import Year
from ..core.serial import SerialError, year_from_dict, year_to_dict
from .errors import FileFormatError


_C1 = re.compile("[\u0080-\u009f]")


def dump_year_toml(year: Year) -> str:
    """TOML text; the C1 controls (U+009B is a terminal's CSI), which tomli_w writes raw, as \\u escapes."""
    text = tomli_w.dumps(year_to_dict(year), multiline_strings=True)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def load_year_toml(text: str | bytes, file: str | None = None) -> Year:
    """Parse a year from TOML text; bad input raises FileFormatError (Swedish, names line or key)."""
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
        elif getattr(exc, "msg", None):
            msg = exc.msg
        where = f" vid kolumn {col}" if col else ""
        raise FileFormatError(f"ogiltig TOML{where}: {msg.strip()}. Rätta filen och försök igen.",
                              file=file or "TOML", line=lineno) from None
    try:
        return year_from_dict(data)
    except RecursionError:
        raise FileFormatError("listor eller tabeller är nästlade i för många nivåer.", file=file or "TOML") from None
    except SerialError as exc:
        raise FileFormatError(f"{exc}", file=file or "TOML") from None
    except (TypeError, AttributeError, KeyError, ValueError, ArithmeticError) as exc:
        # core.serial assumes tables where tables belong; anything else lands here
        raise FileFormatError(f"oväntad struktur i filen ({exc.__class__.__name__}: {exc}): "
                              "jämför med en fil från 'report --format toml'.", file=file or "TOML") from None


def read_year_toml(path: str | Path) -> Year:
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise FileFormatError(f"kan inte läsa filen ({exc.strerror}).", file=str(p)) from None
    return load_year_toml(data, file=str(p))


def write_year_toml(year: Year, path: str | Path) -> None:
    Path(path).write_text(dump_year_toml(year), encoding="utf-8")
