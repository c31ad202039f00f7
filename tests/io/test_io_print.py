"""The nämnd's report on paper: the Word report converted by LibreOffice, the HTML printed by headless Chromium and
the PDF export, read back with poppler (pdftotext, pdfinfo, pdffonts).

For the demo year and a year of 40 operating lines with long names: every page A4; every figure of the JSON report
(goals, drift, investments, the split) whole on one line with its row's name, in the unit that document prints
(tkr in the statements, kr in the split); every word of a name whole; no heading last on a page; no checker
findings. A municipality's template (other fonts, other margins) shows in the PDFs.

The conversions run once per session (one LibreOffice start for every Word file; LibreOffice starts slowly).
Skipped, with the reason, only where the programs are missing; `.ci/run` installs them.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import Goal, Indicator, IndicatorValue, InvestmentLine, Kind, LineValue, OperatingLine
from sydnarke_tui.core.numbers import format_amount, format_pct
from sydnarke_tui.io.exports import render_report
from sydnarke_tui.io.report_doc import (Heading, ReportOptions, Table, TitlePage, report_document, target_text,
                                        value_text)

from .conftest import _DEMO

POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo") and shutil.which("pdffonts")
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdfinfo, pdffonts) not installed")
needs_soffice = pytest.mark.skipif(not SOFFICE, reason="LibreOffice (soffice) not installed")
needs_chromium = pytest.mark.skipif(not CHROMIUM, reason="chromium not installed")

TEMPLATE_FONTS = ("DejaVu Serif", "DejaVu Sans")
TEMPLATE_MARGIN_MM = 15
WORDS = ("gemensam drift av kommunövergripande verksamhetssystem, licenser, nätverk och support "
         "för samtliga medlemskommuner")


def long_year():
    """The demo year with 40 operating lines and 8 investment projects of long names (varav rows with last year's
    outcome), an extra goal of long indicator names, and last year's outcomes: every optional column in use."""
    y = copy.deepcopy(_DEMO)
    y.operating = []
    for n in range(40):
        kind = Kind.REVENUE if n < 6 else Kind.COST
        sign = -1 if kind is Kind.REVENUE else 1
        budget = sign * (1_000_000 + n * 2_345_678)
        y.operating.append(OperatingLine(
            n + 1, f"Verksamhet{n:02d} {WORDS}", kind, budget,
            {"helar": LineValue(budget + sign * ((n * 104_729) % 900_000 - 450_000))},
            is_contribution=n == 0, previous_outcome=budget - sign * 12_345))
    members = [s.municipality for s in y.key.members]
    y.investments = []
    for n in range(8):
        muni = members[n % 4] if n < 7 else None
        main = InvestmentLine(100 + 2 * n, f"Projekt{n} utbyggnad av fibernät och trådlösa accesspunkter i {muni or 'alla'}",
                              muni, 1_500_000 + n * 987_654, {"helar": LineValue(1_400_000 + n * 1_234_567)},
                              previous_outcome=900_000 + n * 11_111)
        y.investments += [main, InvestmentLine(101 + 2 * n, f"Delprojekt{n} kommunikationsutrustning", muni,
                                               values={"helar": LineValue(300_000 + n * 4_321)}, parent_id=main.id,
                                               previous_outcome=200_000 + n * 1_001)]
    y.goals.append(Goal(99, "Digitalisering av kommunernas gemensamma verksamhetsprocesser och e-tjänster", [
        Indicator(990 + i, f"Indikator{i} andelen ärenden som handläggs helt digitalt via e-tjänsteplattformen",
                  target=Decimal(60 + i), unit="%", values={"helar": IndicatorValue(outcome=Decimal(55 + 3 * i))})
        for i in range(5)]))
    return y


def _template(path: Path) -> Path:
    """A municipality's template: DejaVu fonts, 11 pt, 15 mm margins."""
    import docx
    from docx.shared import Mm

    from sydnarke_tui.io.docx_layout import set_font

    doc = docx.Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    for side in ("top", "bottom", "left", "right"):
        setattr(sec, f"{side}_margin", Mm(TEMPLATE_MARGIN_MM))
    set_font(doc.styles["Normal"], TEMPLATE_FONTS[0], 11)
    for name in ("Heading 1", "Heading 2", "Heading 3", "Title", "Subtitle"):
        set_font(doc.styles[name], TEMPLATE_FONTS[1])
    doc.save(str(path))
    return path


def _run(cmd: list[str]) -> None:
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)


@pytest.fixture(scope="session")
def printed(tmp_path_factory):
    """name -> (PDF, the computed year it shows): every document printed once for the whole session."""
    if not POPPLER:
        pytest.skip("poppler-utils (pdftotext, pdfinfo, pdffonts) not installed")
    out = tmp_path_factory.mktemp("printed")
    years = {"demo": compute(_DEMO, _DEMO.full_year_period)}
    ly = long_year()
    years["long"] = compute(ly, ly.full_year_period)
    template = _template(out / "mall.docx")
    pdfs: dict[str, tuple[Path, object]] = {}
    docs = {"demo": (years["demo"], None), "long": (years["long"], None), "template": (years["demo"], str(template))}
    for name, (c, tpl) in docs.items():
        opts = ReportOptions(template=tpl)
        (out / f"pdf-{name}.pdf").write_bytes(render_report(c, "pdf", options=opts))
        pdfs[f"pdf-{name}"] = (out / f"pdf-{name}.pdf", c)
        (out / f"docx-{name}.docx").write_bytes(render_report(c, "docx", options=opts))
        if name != "template":
            (out / f"html-{name}.html").write_text(render_report(c, "html", options=opts), encoding="utf-8")
    if SOFFICE:
        _run([SOFFICE, "--headless", f"-env:UserInstallation={(out / 'lo').as_uri()}", "--convert-to", "pdf",
              "--outdir", str(out), *[str(out / f"docx-{n}.docx") for n in docs]])
        pdfs.update({f"docx-{n}": (out / f"docx-{n}.pdf", docs[n][0]) for n in docs})
    if CHROMIUM:
        for name in ("demo", "long"):
            _run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--no-pdf-header-footer",
                  f"--user-data-dir={out / 'chromium'}", f"--print-to-pdf={out / f'html-{name}.pdf'}",
                  (out / f"html-{name}.html").as_uri()])
            pdfs[f"html-{name}"] = (out / f"html-{name}.pdf", years[name])
    return pdfs


def _text(pdf: Path) -> str:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _pages(pdf: Path) -> list[tuple[float, float]]:
    info = subprocess.run(["pdfinfo", "-l", "999", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [(float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.M)]


def _fig(text: str) -> str:
    """A figure as a pattern: whole (no digit or decimal comma either side), its spaces optional (the PDF's
    text extraction may drop a narrow space), never across lines."""
    parts = [re.escape(ch) if ch != " " else "[ ]?" for ch in text.replace("\u00a0", " ")]
    return r"(?<![\d,])" + "".join(parts) + r"(?![\d,])"


def _row(first_word: str, figures: list[str]) -> re.Pattern:
    """A row: its name's first word, then its figures in order, all on one line."""
    figs = [f for f in figures if f and f != ""]
    return re.compile(re.escape(first_word) + r"[^\n]*?" + r"[^\n]*?".join(_fig(f) for f in figs))


def _expected_rows(c) -> list[re.Pattern]:
    d = json.loads(render_report(c, "json"), parse_float=Decimal)
    tkr = lambda v: "" if v is None else format_amount(v, "tkr")  # noqa: E731
    rows = []
    for g in d["goals"]:
        for ind in g["indicators"]:
            outcome = value_text(ind["outcome"], ind["unit"]) if ind["comparison"] != "manual" else "–"
            prev = [value_text(ind["previous_outcome"], ind["unit"])] if "previous_outcome" in ind else []
            rows.append(_row(ind["name"].split()[0], [outcome, *prev, target_text(ind),
                                                      format_pct(ind["fulfilment_pct"])]))
    op = d["operating"]
    for ln in op["lines"]:
        rows.append(_row(ln["label"].split()[0], [tkr(ln["budget"]), tkr(ln["outcome"]), tkr(ln["deviation"]),
                                                  tkr(ln.get("previous_outcome"))]))
    for key, label in (("revenue", "Totalt intäkter"), ("cost", "Totalt kostnader"), ("net", "Nettoresultat")):
        t = op["totals"][key]
        rows.append(_row(label, [tkr(t["budget"]), tkr(t["outcome"]), tkr(t["deviation"]),
                                 tkr(t.get("previous_outcome"))]))
    for ln in d["investments"]["lines"]:
        rows.append(_row(ln["label"].split()[0], [tkr(ln["budget"]), tkr(ln["outcome"]), tkr(ln["deviation"]),
                                                  tkr(ln.get("previous_outcome"))]))
        for v in ln["varav"]:  # the varav rows carry last year's outcome too
            rows.append(_row(f"varav {v['label'].split()[0]}", [tkr(v["outcome"]), tkr(v.get("previous_outcome"))]))
    t = d["investments"]["total"]
    rows.append(_row("Totalt investerat", [tkr(t["budget"]), tkr(t["outcome"]), tkr(t["deviation"])]))
    sp = d["split"]
    contrib = {r["municipality"]: r["amount"] for r in sp["contribution"]}
    inv = {r["municipality"]: r for r in sp["investments"]}
    for r in sp["result"]:
        m = r["municipality"]
        rows.append(_row(m, [format_pct(Decimal(r["share_pct"]), 3)] + [
            format_amount(v, "kr") for v in (r["amount"], contrib[m], inv[m]["own_outcome"],
                                             inv[m]["common_outcome"], inv[m]["outcome"])]))
    return rows


def _headings(c) -> set[str]:
    out = set()
    for b in report_document(c):
        if isinstance(b, Heading):
            out.add(b.text)
        elif isinstance(b, Table) and b.caption:
            out.add(b.caption)
    return out


def _names(c) -> list[str]:
    y = c.year
    titles = [col.title for b in report_document(c) if isinstance(b, Table) for col in b.columns]
    return titles + ([g.title for g in y.goals] + [i.name for g in y.goals for i in g.indicators]
            + [ln.label for ln in y.operating] + [ln.label for ln in y.investments])


ALL = ["docx-demo", "docx-long", "docx-template", "html-demo", "html-long", "pdf-demo", "pdf-long", "pdf-template"]
TOOL = {"docx": needs_soffice, "html": needs_chromium, "pdf": lambda f: f}


@pytest.mark.parametrize("name", [pytest.param(n, marks=[needs_poppler] + (
    [TOOL[n.split("-")[0]]] if n.split("-")[0] != "pdf" else [])) for n in ALL])
def test_printed_report_is_a4_with_every_figure_whole(printed, name):
    pdf, c = printed[name]
    pages = _pages(pdf)
    assert pages and all(sorted((round(w), round(h))) == [595, 842] for w, h in pages), pages
    text = _text(pdf)
    for row in _expected_rows(c):  # figures of a row whole, on the line of its name
        assert row.search(text), (name, row.pattern)
    tokens = set(re.findall(r"[\wåäöÅÄÖ-]+", text))
    for label in _names(c):  # no name broken inside a word
        for word in re.findall(r"[\wåäöÅÄÖ-]+", label):
            assert word in tokens, (name, word, label)
    assert "Stor avvikelse" not in text and "Kontroll av tryckta" not in text  # no findings unless asked for
    headings = _headings(c)
    for page in text.split("\f"):  # no heading last on its page (the footer's page number aside)
        lines = [ln.strip() for ln in page.splitlines() if ln.strip() and not re.fullmatch(r"Sida \d+ av \d+", ln.strip())]
        if lines:
            assert lines[-1] not in headings, (name, lines[-1])
    n = len(pages)
    for i, page in enumerate(text.split("\f")[1:n], start=2):  # page numbers on every page but the title page
        assert f"Sida {i} av {n}" in page, (name, i)
    if "demo" in name:  # the title page and the chapters
        assert "Verksamhetsberättelse 2019" in text and "1.1.1 Nämndmål" in text


def _left_margin_pt(pdf: Path) -> float:
    """The leftmost text on the body pages, in pt."""
    xml = subprocess.run(["pdftotext", "-bbox", "-f", "2", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return min(float(x) for x in re.findall(r'xMin="([\d.]+)"', xml))


@needs_poppler
@pytest.mark.parametrize("name", [pytest.param("docx-template", marks=needs_soffice), "pdf-template"])
def test_a_template_brings_its_fonts_and_margins(printed, name):
    pdf, _ = printed[name]
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.replace("-", "")
    assert "DejaVuSerif" in fonts and "DejaVuSans" in fonts, fonts
    assert "LiberationSerif" not in fonts and "TimesNewRoman" not in fonts, fonts
    assert abs(_left_margin_pt(pdf) - TEMPLATE_MARGIN_MM * 72 / 25.4) < 4
    own = printed[name.replace("template", "demo")][0]
    assert abs(_left_margin_pt(own) - 25 * 72 / 25.4) < 4  # the default layout: 25 mm


@needs_poppler
def test_the_officers_appendix_only_when_asked_for(tmp_path):
    c = compute(_DEMO, _DEMO.full_year_period)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_report(c, "pdf", options=ReportOptions(with_checks=True, decision_date="2020-02-20",
                                                                  decision_paragraph="§ 12")))
    text = _text(pdf)
    assert "Bilaga: Kontroll av tryckta värden" in text and "Tryckt 784 tkr men beräknat 981 tkr." in text
    assert "Antagen av Sydnärkes IT-nämnd 2020-02-20, § 12." in text
    assert next(b for b in report_document(c) if isinstance(b, TitlePage)).decision == ""
