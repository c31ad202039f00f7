"""Files in and out: reports (json, md, html, csv, xlsx), TOML dumps, table and SIE imports.

Every function takes a Year / Computed / bytes / path and returns data or
writes the named file; bad input raises `FileFormatError` (a ValueError)
with a one-line Swedish message naming the file, line and problem.
"""

from .errors import FileFormatError
from .plan import ImportPlan

__all__ = ["FileFormatError", "ImportPlan"]
