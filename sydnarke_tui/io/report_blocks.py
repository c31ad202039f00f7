"""The printed report as blocks (title page, headings, paragraphs, bullets, tables, charts) and its options.

`report_doc.report_document` builds them; md, html, docx and pdf render them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.charts import DeviationItem, FulfilmentItem


@dataclass(frozen=True)
class ReportOptions:
    """What the nämnd's report carries besides the figures (CLI options and `[report]` in config.toml)."""

    with_checks: bool = False  # the checker's findings as an appendix (for the officer, not the nämnd)
    template: str | None = None  # docx (and the PDF's fonts and margins): the municipality's Word template
    decision_date: str = ""  # "adopted by the nämnd" block on the title page, e.g. "2020-02-20"
    decision_paragraph: str = ""  # e.g. "§ 12"
    date: str = ""  # the title page's date; empty: today


@dataclass
class TitlePage:
    """The report's title page: title, organisation, date and the nämnd's decision to adopt it."""

    title: str  # "Verksamhetsberättelse 2020", "Delårsrapport T1 2020"
    organisation: str
    date: str
    decision: str = ""  # "Antagen av Sydnärkes IT-nämnd 2020-02-20, § 12."


@dataclass
class Heading:
    """A heading of the report: `level` 1 for a chapter, 2 and 3 below it."""

    level: int
    text: str


@dataclass
class Paragraph:
    """A paragraph of the report's text."""

    text: str


@dataclass
class Bullets:
    """A bulleted list."""

    items: list[str]


@dataclass
class Column:
    """A table's column: its title, and whether it holds figures (aligned right)."""

    title: str
    numeric: bool = False


@dataclass
class Row:
    """A table's row: its cells as printed and its style (a total, a varav row, a goal)."""

    cells: list[str]
    style: str = ""  # "", "total", "varav", "goal"


@dataclass
class Table:
    """A table of the report: its columns, its rows and a caption."""

    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    caption: str = ""


@dataclass
class Chart:
    """A chart, for the formats that draw one (html: inline SVG; docx: a table of bars); md leaves it out."""

    kind: str  # "fulfilment" | "deviation"
    title: str
    fulfilment: list[FulfilmentItem] = field(default_factory=list)
    deviation: list[DeviationItem] = field(default_factory=list)
    unit: str = "tkr"
    note: str = ""


Block = TitlePage | Heading | Paragraph | Bullets | Table | Chart
