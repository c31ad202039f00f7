"""Bounded input: what `load` and `import` are given is checked before a byte of it is read.

Only a regular file is read (a device such as /dev/zero reads forever, a FIFO waits forever,
a folder is no file), and only up to `max_bytes` ([import] max_bytes in config.toml). The file is
opened non-blocking, so a FIFO is refused at once instead of waiting for a writer.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from ..core.text import one_line
from .errors import FileFormatError

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
DEFAULT_MAX_ROWS = 100_000


def size_text(n: int) -> str:
    for unit, size in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if n >= size:
            return f"{n / size:.1f}".removesuffix(".0").replace(".", ",") + f" {unit}"
    return f"{n} byte"


def open_input(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> BinaryIO:
    """The file opened for reading, or FileFormatError (one line) when it is not a regular file within the limit."""
    p = Path(path)
    name = one_line(str(p))
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise FileFormatError("kan inte läsa filen (den finns inte).", file=name) from None
    except OSError as exc:
        raise FileFormatError(f"kan inte läsa filen ({exc.strerror}).", file=name) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise FileFormatError("är en katalog, inte en fil: ange filen som ska läsas in.", file=name)
        if not stat.S_ISREG(st.st_mode):
            raise FileFormatError("är ingen vanlig fil (en enhet, en FIFO eller en socket läses aldrig klart):"
                                  " ange en fil att läsa in.", file=name)
        if st.st_size > max_bytes:
            raise FileFormatError(f"filen är {size_text(st.st_size)}, större än gränsen {size_text(max_bytes)}"
                                  " ([import] max_bytes i config.toml); inget lästes in.", file=name)
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_input(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The whole file (see open_input); a file that grew past the limit while read is refused too."""
    with open_input(path, max_bytes) as fh:
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FileFormatError(f"filen är större än gränsen {size_text(max_bytes)} ([import] max_bytes i"
                              " config.toml); inget lästes in.", file=one_line(str(path)))
    return data
