"""One entry point for `sydnarke-tui import FILE …`: SIE or table, by content.

A file named *.se, *.si or *.sie, or whose first non-blank character is `#`,
is SIE; *.xlsx/*.xlsm (or a zip) is a workbook; anything else is CSV.

Every file is checked first (bounds.open_input): a regular file within
`cfg.limits.max_bytes`; a table within `cfg.limits.max_rows` rows.

`cfg` is the program's Config (duck-typed, so io does not depend on it):
`cfg.input_unit` is the default unit for tables, `cfg.sie.lines`
([label, kind, accounts]) the SIE mapping and `cfg.sie.object_dim` /
`cfg.sie.object_id` the object filter. Explicit arguments win over cfg.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..core.model import Year
from .bounds import DEFAULT_MAX_BYTES, DEFAULT_MAX_ROWS, open_input
from .errors import FileFormatError
from .import_table import plan_table_import
from .plan import ImportPlan
from .sie import MapLine, load_mapping_toml, mapping_from_list, plan_sie_import

SIE_SUFFIXES = (".se", ".si", ".sie")


def is_sie(name: str, data: bytes) -> bool:
    if Path(name).suffix.lower() in SIE_SUFFIXES:
        return True
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"#"


def read_mapping(path: str | Path) -> list[MapLine]:
    """A mapping file: [[line]] label, kind, accounts (see sie.load_mapping_toml)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise FileFormatError(f"kan inte läsa mappningen ({exc.strerror}).", file=str(p)) from None
    except UnicodeDecodeError:
        raise FileFormatError("mappningen är inte UTF-8-text.", file=str(p)) from None
    return load_mapping_toml(text, file=p.name)


def _cfg_mapping(cfg: Any) -> list[MapLine] | None:
    lines = getattr(getattr(cfg, "sie", None), "lines", None) or []
    if not lines:
        return None
    return mapping_from_list([{"label": ln.label, "kind": ln.kind, "accounts": list(ln.accounts)} for ln in lines])


def _cfg_object(cfg: Any) -> tuple[str, str] | None:
    sie = getattr(cfg, "sie", None)
    dim, obj = getattr(sie, "object_dim", None), getattr(sie, "object_id", None)
    if dim is None or obj is None:
        return None
    return str(dim), str(obj)


def plan_import(year: Year, path: str | Path, period_code: str, cfg: Any = None, *,
                unit: str | None = None, signs: str = "ledger", table: str | None = None,
                mapping: list[MapLine] | str | Path | None = None,
                object_filter: tuple[str | int, str] | str | None = None, strict: bool = False,
                section: str | None = None) -> ImportPlan:
    """Plan importing FILE into `year` for `period_code`; nothing is stored (see ImportPlan).

    `table` (drift/investments; `section` is its old name) and `strict` (refuse
    close-but-not-equal line names) apply to tables only.
    """
    table = table or section
    p = Path(path)
    limits = getattr(cfg, "limits", None)
    max_bytes = getattr(limits, "max_bytes", DEFAULT_MAX_BYTES)
    with open_input(p, max_bytes) as fh:  # a regular file within [import] max_bytes, before anything is read
        head = fh.read(64 * 1024)
        data = head + fh.read() if is_sie(p.name, head) else None
    if data is not None:
        if isinstance(mapping, (str, Path)):
            mapping = read_mapping(mapping)
        if mapping is None:
            mapping = _cfg_mapping(cfg)
        if isinstance(object_filter, str):
            object_filter = parse_object_filter(object_filter)
        if object_filter is None:
            object_filter = _cfg_object(cfg)
        return plan_sie_import(year, data, period_code, mapping, object_filter, file=p.name)
    if mapping is not None or object_filter is not None:
        raise FileFormatError("--map och --object gäller bara SIE-filer.", file=p.name)
    unit = unit or getattr(cfg, "input_unit", None) or "tkr"
    return plan_table_import(year, p, period_code, table, unit, signs, strict=strict, max_bytes=max_bytes,
                             max_rows=getattr(limits, "max_rows", DEFAULT_MAX_ROWS))


def parse_object_filter(text: str) -> tuple[str, str]:
    """'1:5100', '1=5100' or '1 5100' -> ('1', '5100')."""
    s = text.strip()
    for sep in (":", "=", "/", " "):
        if sep in s:
            dim, obj = (x.strip().strip('"') for x in s.split(sep, 1))
            if dim.isdigit() and obj:
                return dim, obj
    raise FileFormatError(f"'{text}' är inget objektfilter: ange dimension och objekt, t.ex. 1:5100.")
