"""The Word report: opens with python-docx and holds the tables and figures of the JSON report."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import docx

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.numbers import format_amount as _format_amount
from sydnarke_tui.io.exports import FORMATS, REGISTRY, format_choices, render_report, write_report


def format_amount(*args) -> str:
    """Figures compared with no-break spaces as spaces (the Word report's figure cells never wrap)."""
    return _format_amount(*args).replace("\u00a0", " ")


def _doc(c, unit="tkr"):
    return docx.Document(io.BytesIO(render_report(c, "docx", unit=unit)))


def _texts(doc):
    cells = [cell.text.replace("\u00a0", " ") for t in doc.tables for row in t.rows for cell in row.cells]
    return cells, [p.text for p in doc.paragraphs]


def test_docx_holds_the_json_reports_tables_and_figures(demo_computed):
    d = json.loads(render_report(demo_computed, "json"), parse_float=Decimal)
    doc = _doc(demo_computed)
    cells, paras = _texts(doc)
    title = next(p for p in doc.paragraphs if p.style.name == "Title")
    assert title.text == f"Verksamhetsberättelse {d['year']}"
    assert any(p.text == d["organisation"] and p.style.name == "Subtitle" for p in doc.paragraphs)
    assert any(p.text == "1 Verksamheter" and p.style.name == "Heading 1" for p in doc.paragraphs)
    for heading in ("1.1 Måluppfyllelse", "1.2 Verksamhetsberättelse", "1.3 Ekonomi"):
        assert any(p.text == heading and p.style.name == "Heading 2" for p in doc.paragraphs)
    assert not any("Kontroll" in p.text for p in doc.paragraphs)  # the officer's findings: only on request
    # goals with their statuses, indicators
    for g in d["goals"]:
        assert g["title"] in cells
        for ind in g["indicators"]:
            assert ind["name"] in cells
    # every operating line and its figures in tkr, Swedish style
    for ln in d["operating"]["lines"]:
        row = next(r for t in doc.tables for r in t.rows if r.cells[0].text == ln["label"])
        texts = [c.text.replace("\u00a0", " ") for c in row.cells]
        for fld in ("budget", "outcome", "deviation"):
            if ln[fld] is not None:
                assert format_amount(ln[fld], "tkr") in texts, (ln["label"], fld, texts)
    net = d["operating"]["totals"]["net"]["outcome"]
    assert format_amount(net, "tkr") in cells
    # investments with varav rows (styled), and the total
    for ln in d["investments"]["lines"]:
        assert ln["label"] in cells
        for v in ln["varav"]:
            assert f"varav {v['label']}" in cells
    varav_cells = [row.cells[0] for t in doc.tables for row in t.rows
                   if row.cells[0].paragraphs[0].style.name == "Tabellvarav"]
    assert varav_cells
    assert format_amount(d["investments"]["total"]["outcome"], "tkr") in cells
    # the split per member in kronor and its sentence
    for r in d["split"]["result"]:
        assert r["municipality"] in cells
        assert format_amount(r["amount"], "kr") in cells
    assert any("fördelas" in p or "överskott" in p.lower() for p in paras)
    # the narrative paragraphs
    narrative = demo_computed.year.narrative.get("helar", "").split("\n\n")[0].split()[:5]
    assert any(" ".join(narrative) in p for p in paras)


def test_docx_styles_a_template_can_restyle_and_repeated_headers(demo_computed):
    doc = _doc(demo_computed)
    names = {s.name for s in doc.styles}
    assert {"Rapporttabell", "Tabellrubrik", "Tabelltext", "Tabelltal", "Tabellsumma", "Tabellvarav"} <= names
    for t in doc.tables:
        assert t.style.name == "Rapporttabell"
        assert t.rows[0]._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    assert doc.styles["Heading 2"].paragraph_format.keep_with_next


def test_docx_in_kronor_and_hostile_text(hostile_year, tmp_path):
    hostile_year.organisation = "Nämnd \x1b[2J\x07 \u009b31m"
    c = compute(hostile_year, hostile_year.full_year_period)
    (p,) = write_report(c, "docx", tmp_path / "r.docx", unit="kr")
    doc = docx.Document(str(p))
    cells, paras = _texts(doc)
    subtitle = next(p.text for p in doc.paragraphs if p.style.name == "Subtitle")
    assert "\\x1b[2J\\x07" in subtitle and "\x1b" not in doc.core_properties.title
    assert "<script>alert('x')</script>" in cells  # text, not markup
    line = c.year.operating[2]
    assert format_amount(line.budget, "kr") in cells


def test_one_registry_of_formats():
    assert "docx" in FORMATS and set(FORMATS) == set(REGISTRY)
    assert [f for f, _ in format_choices()] == list(REGISTRY)
    from sydnarke_tui.cli import build_parser

    report = build_parser()._subparsers._group_actions[0].choices["report"]
    fmt = next(a for a in report._actions if a.dest == "format")
    assert tuple(fmt.choices) == FORMATS


def test_a_municipal_template_restyles_the_report(demo_computed, tmp_path):
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    from sydnarke_tui.io.export_docx import report_docx

    template = docx.Document()
    own = template.styles.add_style("Tabelltal", WD_STYLE_TYPE.PARAGRAPH)
    own.font.size = Pt(14)
    path = tmp_path / "mall.docx"
    template.save(str(path))
    doc = report_docx(demo_computed, template=path)
    assert doc.styles["Tabelltal"].font.size == Pt(14)  # the template's own style wins
    numeric = [c for t in doc.tables for r in t.rows[1:] for c in r.cells if c.paragraphs[0].style.name == "Tabelltal"]
    assert numeric
