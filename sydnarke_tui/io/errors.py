"""Errors raised by the io layer for bad input files."""

from __future__ import annotations

import re


class FileFormatError(ValueError):
    """A file that cannot be read as what it claims to be.

    The message is one line of Swedish naming the file, the line (or key)
    and what was wrong and expected. Nothing has been changed when it is
    raised.
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None):
        where = ""
        if file:
            where = f"{file}"
            if line is not None:
                where += f", rad {line}"
            where += ": "
        elif line is not None:
            where = f"Rad {line}: "
        message = re.sub(r"\s*[\r\n]+\s*", " ", message)  # always one line
        super().__init__(where + message)
        self.file = file
        self.line = line
        self.reason = message
