"""The report as PDF (A4): the printable HTML report (export_html) laid out by WeasyPrint.

One layout for print and PDF: the same CSS pages (A4, a landscape page for a
wide table, "Sida X av Y" in the margin, repeated table headers, rows and
headings kept whole), so what the HTML prints and what the PDF shows agree.
WeasyPrint was chosen over Typst (and over converting the Word report with
LibreOffice) for that reason; the comparison and its timings are in the README
(`bench/bench_pdf.py`). It needs Pango from the system (Debian:
libpango-1.0-0 libpangoft2-1.0-0), which `.ci/run` installs when missing.
With a municipality's template its fonts and margins apply (export_html).
"""

from __future__ import annotations

import logging

from ..core.compute import Computed
from .errors import FileFormatError
from .export_html import report_html
from .report_blocks import ReportOptions


def report_pdf_bytes(c: Computed, unit: str = "tkr", options: ReportOptions | None = None) -> bytes:
    html = report_html(c, unit, options)
    try:
        from weasyprint import HTML
    except OSError as exc:  # the Python package is there, the system's Pango is not
        raise FileFormatError(f"PDF kräver Pango från systemet (t.ex. apt-get install libpango-1.0-0 "
                              f"libpangoft2-1.0-0): {exc}.") from None
    # WeasyPrint logs every CSS property it does not know (Chromium's print-color-adjust prefix) as a warning
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    pdf: bytes = HTML(string=html).write_pdf()  # weasyprint publishes no types
    return pdf
