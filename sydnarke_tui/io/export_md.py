"""The report as Markdown (CommonMark + GFM tables).

All user text is escaped: markdown-active characters are backslash-escaped,
`|` in table cells too, and newlines inside cells become spaces, so a label
such as `[red]x | <script>` is shown literally.
"""

from __future__ import annotations

from ..core.text import printable

import re
from pathlib import Path

from ..core.compute import Computed
from .report_blocks import Bullets, Chart, Heading, Paragraph, ReportOptions, Table, TitlePage
from .report_doc import report_document

_ACTIVE = re.compile(r"([\\`*_\[\]<>#|~&])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")
# what md_escape(cell=True) changes: anything else passes through as it is (most cells: figures)
_CELL_NEEDS_ESCAPE = re.compile(r"[\\`*_\[\]<>#|~&\r\n\x00-\x08\x0b-\x1f\x7f-\x9f]")


def md_escape(text: str, cell: bool = False) -> str:
    """Escape text so that Markdown shows it literally.

    Inline-active characters (and `|`) are backslash-escaped everywhere; block
    markers at the start (`- `, `1.`, `>`, `=`) only outside table cells,
    where they are not active. Newlines become spaces.
    """
    s = " ".join(printable(str(text).replace("\r", "\n")).split("\n"))
    s = _ACTIVE.sub(r"\\\1", s)
    m = None if cell else _LINE_START.match(s)
    if m:
        lead, marker = m.group(1), m.group(2)
        s = lead + marker[:-1] + "\\" + marker[-1] + s[m.end():]
    return s


def _table(t: Table) -> list[str]:
    out = []
    if t.caption:
        out += [f"#### {md_escape(t.caption)}", ""]
    out.append("| " + " | ".join(md_escape(c.title, cell=True) for c in t.columns) + " |")
    out.append("|" + "|".join("---:" if c.numeric else "---" for c in t.columns) + "|")
    for r in t.rows:
        cells = []
        for text in r.cells:
            indent = text[: len(text) - len(text.lstrip("\u2003"))]
            cell = text.lstrip("\u2003")
            if _CELL_NEEDS_ESCAPE.search(cell):
                cell = md_escape(cell, cell=True)
            if r.style in ("total", "goal") and cell:
                cell = f"**{cell}**"
            elif r.style == "varav" and cell:
                cell = f"*{cell}*"
            cell = indent + cell
            cells.append(cell)
        out.append("| " + " | ".join(cells) + " |")
    return out


def report_markdown(c: Computed, unit: str = "tkr", options: ReportOptions | None = None) -> str:
    """The printed report's sections as one Markdown document (statement tables in `unit`).

    The title is the document's only level-1 heading; the report's chapters (1, 1.1, 1.1.1) follow one level
    below it."""
    lines: list[str] = []
    for b in report_document(c, unit=unit, options=options):
        if isinstance(b, Chart):
            continue  # drawn in html and docx; the tables beside it carry the same figures
        if isinstance(b, TitlePage):
            lines += [f"# {md_escape(b.title)}", ""]
            lines += [md_escape(x) + "  " for x in (b.organisation, b.date, b.decision) if x]
            lines[-1] = lines[-1].rstrip()
        elif isinstance(b, Heading):
            lines.append("#" * (b.level + 1) + " " + md_escape(b.text, cell=True))  # "1.1" is no list after "##"
        elif isinstance(b, Paragraph):
            lines.append(md_escape(b.text))
        elif isinstance(b, Bullets):
            lines.extend("- " + md_escape(x) for x in b.items)
        elif isinstance(b, Table):
            lines.extend(_table(b))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_markdown(c: Computed, path: str | Path, unit: str = "tkr", options: ReportOptions | None = None) -> None:
    Path(path).write_text(report_markdown(c, unit, options), encoding="utf-8")
