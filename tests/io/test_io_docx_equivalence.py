"""The docx writer that builds the body rows as text (and splices them into the saved package) gives the same
document as python-docx building every cell (tests/io/docx_reference.py): word/document.xml and every other
part byte for byte, apart from the timestamps in the document properties."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from sydnarke_tui.core.compute import compute
from sydnarke_tui.io.export_docx import report_docx, report_docx_bytes

from .docx_reference import reference_docx_bytes
from .test_io_xlsx_equivalence import _mid_year

_STAMP = re.compile(rb"<dcterms:(created|modified)[^>]*>[^<]*</dcterms:\1>")


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: _STAMP.sub(b"", z.read(n)) for n in z.namelist()}


@pytest.mark.parametrize("case", ["demo", "hostile", "mid-helar", "mid-delar"])
@pytest.mark.parametrize("unit", ["tkr", "kr"])
def test_docx_same_document_as_python_docx_cell_by_cell(case, unit, request):
    y = request.getfixturevalue("hostile_year" if case == "hostile" else "demo_year")
    if case.startswith("mid"):
        y = _mid_year(y, n_operating=60, n_investments=15)
    c = compute(y, y.find_period(case.split("-")[1]) if case.startswith("mid") else y.full_year_period)
    got, want = _parts(report_docx_bytes(c, unit)), _parts(reference_docx_bytes(c, unit))
    assert got.keys() == want.keys()
    for name in want:
        assert got[name] == want[name], name


def test_report_docx_document_has_the_rows_in_place(demo_computed):
    """The Document returned for templates and callers that save it themselves carries real rows, no marker."""
    buf = io.BytesIO()
    report_docx(demo_computed).save(buf)
    assert _parts(buf.getvalue()) == _parts(report_docx_bytes(demo_computed))
