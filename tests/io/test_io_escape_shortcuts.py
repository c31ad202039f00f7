"""The shortcuts the md, html and docx writers take per table cell give what the full treatment gives."""

from __future__ import annotations

from html import escape

from hypothesis import given
from hypothesis import strategies as st

from sydnarke_tui.core.numbers import UNITS, format_amount
from sydnarke_tui.core.text import printable
from sydnarke_tui.io.export_md import _CELL_NEEDS_ESCAPE, md_escape
from sydnarke_tui.io.report_doc import amount_cells

# text with the characters that matter drawn often: markdown-active, HTML-special, controls, line breaks
texts = st.text(alphabet=st.one_of(st.sampled_from("\\`*_[]<>#|~&\"' \t\r\n\x00\x1b\x7f\x85\x9b\u2028-+=1."),
                                   st.characters()), max_size=30)


@given(texts)
def test_md_cell_without_a_special_character_is_its_own_escape(text):
    if _CELL_NEEDS_ESCAPE.search(text) is None:
        assert md_escape(text, cell=True) == text


@given(texts)
def test_html_escape_commutes_with_printable(text):
    """So the html writer escapes each cell and makes the joined rows printable once."""
    assert printable(escape(text, quote=True)) == escape(printable(text), quote=True)


@given(st.one_of(st.none(), st.integers(min_value=-(10**15), max_value=10**15)), st.sampled_from(sorted(UNITS)))
def test_amount_cells_is_format_amount(kronor, unit):
    assert amount_cells(unit)(kronor) == format_amount(kronor, unit)
