"""The report's charts (issue 11 item 7): inline SVG in html (no outside resources, A4), bar tables in docx."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import docx

from sydnarke_tui.core.compute import compute
from sydnarke_tui.io.export_html import report_html
from sydnarke_tui.io.export_md import report_markdown
from sydnarke_tui.io.exports import render_report
from sydnarke_tui.io.report_doc import CHART_MAX_BARS, Chart, report_document


class _Svg(HTMLParser):
    """The svg elements of a page, with their attributes and the text inside each svg."""

    def __init__(self) -> None:
        super().__init__()
        self.svgs: list[dict] = []
        self._in = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "svg":
            self._in = True
            self.svgs.append({"attrs": a, "rects": [], "text": []})
        elif self._in and tag == "rect":
            self.svgs[-1]["rects"].append(a)

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in = False

    def handle_data(self, data):
        if self._in:
            self.svgs[-1]["text"].append(data)


def _svgs(html: str) -> list[dict]:
    p = _Svg()
    p.feed(html)
    return p.svgs


def test_html_embeds_both_charts_as_inline_svg_without_outside_resources(demo_computed):
    html = report_html(demo_computed)
    svgs = _svgs(html)
    assert len(svgs) == 2
    assert not re.search(r"https?://|xlink|<image|<use|@import|url\((?!#)", html)  # nothing fetched from anywhere
    for s in svgs:
        assert s["attrs"]["width"] == "170.0mm" and s["attrs"]["height"].endswith("mm")  # fits A4's text width
        assert s["attrs"]["role"] == "img"
    assert "@media print" in html and "figure.chart svg { width: 165mm;" in html  # the text column of A4 with the report's margins
    assert "break-inside: avoid-page" in html
    for svg in re.findall(r"<svg.*?</svg>", html, re.S):  # well-formed, everything inside the viewBox
        root = ET.fromstring(svg)
        _, _, vw, vh = map(int, root.get("viewBox").split())
        for r in root.iter("rect"):
            if r.get("y") is not None:
                assert 0 <= int(r.get("x")) and int(r.get("x")) + int(r.get("width")) <= vw
                assert int(r.get("y")) + int(r.get("height")) <= vh
        assert all(0 <= int(t.get("y")) <= vh for t in root.iter("text"))
    # the charts sit after the tables they draw
    assert html.index("<svg") > html.index("Måluppfyllelse</th>")
    assert html.rindex("<svg") > html.index("Driftredovisning (tkr)")


def test_html_fulfilment_chart_bars_and_statuses(demo_computed):
    ful = _svgs(report_html(demo_computed))[0]
    text = "".join(ful["text"])
    assert "Måluppfyllelse per indikator" in text and "113 %" in text and "delvis" in text and "ej mätt" in text
    bars = [r for r in ful["rects"] if r.get("height") == "32"]
    # 13 indicators: 9 with a percentage to draw; 150 % fills 500 units (50 mm), 113 % gets 377
    assert len(bars) == 9 and bars[0]["width"] == "377"
    assert {b["fill"] for b in bars} == {"#2e7d32", "url(#sydnarke-partly)"}  # pattern, not only colour


def test_html_deviation_chart_is_scaled_from_the_zero_axis(demo_computed):
    dev = _svgs(report_html(demo_computed))[1]
    text = "".join(dev["text"])
    assert "Avvikelse mot budget per rad (tkr)" in text and "-1 717" in text and "sämre än budget" in text
    bars = dev["rects"]
    widths = [(int(r["x"]), int(r["width"]), r["fill"]) for r in bars]
    assert (640, 440, "#c62828") in widths  # Databehandling: the largest, left of the axis at 1080
    assert (1080, 363, "#2e7d32") in widths  # Personalkostnader 1 417 300 / 1 716 948 × 440 = 363,2
    assert len(bars) == 7  # Driftbidrag's deviation is 0: no bar


def test_html_chart_text_is_escaped(hostile_year):
    html = report_html(compute(hostile_year, hostile_year.full_year_period))
    for s in _svgs(html):
        assert not any(r.get("onload") or r.get("onerror") for r in s["rects"])
    assert "<script" not in html and "<img" not in html


def test_a_grouped_or_long_statement_charts_verksamheter_or_the_largest(demo_year):
    from .test_io_xlsx_equivalence import _mid_year

    y = _mid_year(demo_year, n_operating=60, n_investments=5)
    charts = [b for b in report_document(compute(y, y.full_year_period)) if isinstance(b, Chart)]
    dev = next(b for b in charts if b.kind == "deviation")
    assert dev.title == "Avvikelse mot budget per verksamhet (tkr)"
    keys = [x.key for x in dev.deviation]
    assert {"st:IT-drift", "st:Support", "st:Licenser"} <= set(keys)  # subtotals, not their lines
    assert all(k.startswith("st:") or int(k[2:]) in {ln.id for ln in y.operating if ln.section is None} for k in keys)
    for ln in y.operating:
        ln.section = None
    dev = next(b for b in report_document(compute(y, y.full_year_period)) if isinstance(b, Chart) and b.kind == "deviation")
    assert len(dev.deviation) == CHART_MAX_BARS and dev.note.startswith(f"De {CHART_MAX_BARS} största")
    mags = [abs(x.deviation) for x in dev.deviation]
    assert mags == sorted(mags, reverse=True)
    y = _mid_year(demo_year, n_operating=1200, n_investments=5)
    for ln in y.operating:
        ln.section = None
    dev = next(b for b in report_document(compute(y, y.full_year_period)) if isinstance(b, Chart) and b.kind == "deviation")
    assert dev.note == f"De {CHART_MAX_BARS} största avvikelserna av {len(y.operating):,}.".replace(",", " ")  # 1 2xx


def test_a_period_without_outcomes(demo_year):
    html = report_html(compute(demo_year, demo_year.find_period("t1")))
    assert "Inga utfall ännu." in "".join(_svgs(html)[1]["text"])


def test_markdown_leaves_the_charts_to_the_tables(demo_computed):
    md = report_markdown(demo_computed)
    assert "Avvikelse mot budget per rad" not in md and "█" not in md


def _doc(c):
    return docx.Document(io.BytesIO(render_report(c, "docx")))


def _chart_rows(doc, first_header: str, second_header: str):
    t = next(t for t in doc.tables if [c.text for c in t.rows[0].cells][:2] == [first_header, second_header])
    return [[c.text for c in r.cells] for r in t.rows[1:]], t


def test_docx_carries_the_charts_as_tables_of_bars(demo_computed):
    doc = _doc(demo_computed)
    titles = [p.text for p in doc.paragraphs if p.style.name == "Diagramrubrik"]  # kept with the chart, not in the contents
    assert titles == ["Måluppfyllelse per indikator", "Avvikelse mot budget per rad (tkr)"]
    rows, _ = _chart_rows(doc, "Indikator", "Måluppfyllelse (0–150 %)")
    assert len(rows) == 13
    assert rows[0][1:] == ["█" * 11, "113 %", "uppnådd"]
    assert rows[4][1].startswith("▓" * 7) and rows[4][2:] == ["70 %", "delvis"]  # the pattern says "delvis"
    assert rows[5][3] == "ej mätt" and rows[5][2] == "–"
    rows, t = _chart_rows(doc, "Rad", "◄ Sämre än budget")
    data = {r[0]: r[1:] for r in rows}
    assert data["Databehandling, licenser"] == ["█" * 14, "", "-1 717"]  # the largest fills its side
    assert data["Tjänster"] == ["▐" + "█" * 12, "", "-1 507"]  # 24,6 half cells: a half block at the end
    assert data["Personalkostnader"][1:] == ["███████████▌", "1 417"]
    assert data["Driftbidrag från kommuner"] == ["", "", "0"]
    run = t.rows[5].cells[1].paragraphs[0].runs[0]
    assert run.font.name == "Courier New" and str(run.font.color.rgb) == "C62828"


def test_docx_statement_table_still_comes_first(demo_computed):
    """A line's first row in the document is the statement's, the chart's comes after it."""
    doc = _doc(demo_computed)
    first = next(r for t in doc.tables for r in t.rows if r.cells[0].text == "Tjänster")
    assert [c.text.replace("\u00a0", " ") for c in first.cells][1:4] == ["950", "2 457", "-1 507"]


def test_many_indicators_chart_those_that_need_attention(demo_year):
    from decimal import Decimal

    from sydnarke_tui.core.model import Comparison, Indicator, IndicatorValue
    from sydnarke_tui.io.report_doc import CHART_MAX_STRIPS

    goal = demo_year.goals[0]
    for i in range(40):
        goal.indicators.append(Indicator(100 + i, f"Extra {i}", Comparison.GE, Decimal(100), "%",
                                         values={"helar": IndicatorValue(Decimal(50 + 2 * i))}))
    c = compute(demo_year, demo_year.full_year_period)
    ful = next(b for b in report_document(c) if isinstance(b, Chart) and b.kind == "fulfilment")
    assert len(ful.fulfilment) == CHART_MAX_STRIPS and ful.note.startswith(f"De {CHART_MAX_STRIPS} indikatorer av 53")
    assert "Sjukfrånvaro" not in [x.name for x in ful.fulfilment]
    html = report_html(c)
    assert "<figcaption>De 30 indikatorer av 53" in html
