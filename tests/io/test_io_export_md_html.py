from __future__ import annotations

import re
from html.parser import HTMLParser

from sydnarke_tui.core.compute import compute
from sydnarke_tui.io.export_html import report_html, write_html
from sydnarke_tui.io.export_md import md_escape, report_markdown, write_markdown
from sydnarke_tui.io.report_doc import ReportOptions, rule_text


def _md_table_rows(md: str, header_start: str) -> list[str]:
    lines = md.splitlines()
    i = next(i for i, ln in enumerate(lines) if ln.startswith("| " + header_start))
    rows = []
    for ln in lines[i:]:
        if not ln.startswith("|"):
            break
        rows.append(ln)
    return rows


def _cells(row: str) -> list[str]:
    # split on pipes that are not backslash-escaped
    parts = re.split(r"(?<!\\)\|", row)
    return [p.strip() for p in parts[1:-1]]


def test_markdown_sections_and_figures(demo_computed):
    md = report_markdown(demo_computed, options=ReportOptions(with_checks=True))
    assert md.startswith("# Verksamhetsberättelse 2019\n")
    for heading in ("## 1 Verksamheter", "### 1.1 Måluppfyllelse", "### 1.2 Verksamhetsberättelse",
                    "### 1.3 Ekonomi", "## Bilaga: Kontroll av tryckta värden",
                    "#### Bedömning av måluppfyllelse", "#### 1.1.1 Nämndmål", "#### Driftredovisning (tkr)",
                    "#### Investeringsredovisning (tkr)"):
        assert heading in md
    for rule in rule_text(full_year=True):
        assert rule in md
    assert "prognostiserade" not in md  # full year: the outcomes, not forecasts
    assert "Alla indikatorer prognostiserade uppnådda" in report_markdown(
        compute(demo_computed.year, demo_computed.year.find_period("t1")))
    assert "- 8 st bedöms uppnådda" in md
    assert "- 3 st bedöms delvis uppnådda" in md
    assert "- 2 st har inte kunnat mätas" in md
    assert "Vilket gör att nämndmålen uppnås delvis." in md
    assert "2019 har kännetecknats av ett högt tempo" in md
    assert ("Årets resultat för Sydnärkes IT-nämnd visar ett överskott med 158 552 kr." in md)
    assert "Askersund 43 621 kr, Hallsberg 62 190 kr, Laxå 22 028 kr, Lekeberg 30 713 kr." in md
    assert "| **Totalt intäkter** | **-31 207** | **-31 452** | **245** |" in md
    assert "| **Totalt kostnader** | **31 207** | **31 293** | **-86** |" in md
    assert "| **Nettoresultat** | **0** | **-159** | **159** |" in md
    assert "| Utrustning och datakommunikation | 2 580 | 1 599 | 981 |" in md
    # varav rows are shown indented but not added: the total is 13 595, not 13 595 + 4 655
    assert "\u2003*varav Sydnet 2.0*" in md
    assert "| **Totalt investerat** |  | **8 700** | **13 595** | **-4 895** |" in md
    assert "utgör Sydnet 2.0 4 655 tkr" in md
    assert "Kontrollen hittade 4 fel" in md
    assert "Tryckt 784 tkr men beräknat 981 tkr." in md
    # statuses in Swedish
    assert "| uppnådd |" in md and "| delvis |" in md and "| ej mätt |" in md
    assert "|---:|" in md  # numeric columns right-aligned
    assert "Utfall 2018" not in md  # no previous-year column in the demo


def test_markdown_table_columns_consistent(demo_computed):
    md = report_markdown(demo_computed)
    rows = _md_table_rows(md, "Slagtext")
    widths = {len(_cells(r)) for r in rows}
    assert widths == {4}


def test_previous_year_column(demo_year):
    demo_year.operating[2].previous_outcome = 10_100_000
    demo_year.investments[0].previous_outcome = 2_000_000
    md = report_markdown(compute(demo_year, demo_year.full_year_period))
    rows = _md_table_rows(md, "Slagtext")
    assert _cells(rows[0]) == ["Slagtext", "Budget 2019", "Utfall 2019", "Avvikelse", "Utfall 2018"]
    person = next(r for r in rows if r.startswith("| Personalkostnader"))
    assert _cells(person)[-1] == "10 100"
    inv = _md_table_rows(md, "Projekt")
    assert _cells(inv[0])[-1] == "Utfall 2018"


def test_markdown_escapes_user_text(hostile_year):
    md = report_markdown(compute(hostile_year, hostile_year.full_year_period))
    assert not re.search(r"(?<!\\)<", md)  # every < is escaped
    assert r"\<script\>" in md
    assert r"\[red\]x\[/red\] mål" in md
    assert "a \\| b \\| c" in md
    # the operating table keeps its column count despite the pipe in a label
    rows = _md_table_rows(md, "Slagtext")
    assert {len(_cells(r)) for r in rows} == {4}
    assert r"Övrigt \| \*fet\* \_kursiv\_ \[länk\](http://x)" in md
    # block markers in the narrative are neutralised
    assert "\n# Inte en rubrik" not in md and "\\# Inte en rubrik" in md
    assert "\n- inte en lista" not in md and "\\- inte en lista" in md


def test_md_escape_unit():
    assert md_escape("1. punkt") == "1\\. punkt"
    assert md_escape("-245", cell=True) == "-245"
    assert md_escape("rad1\nrad2") == "rad1 rad2"
    assert md_escape("a|b", cell=True) == "a\\|b"


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.num_cells: list[str] = []
        self._in_num = False

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self._in_num = tag == "td" and ("class", "num") in attrs

    def handle_endtag(self, tag):
        if tag == "td":
            self._in_num = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_num:
            self.num_cells.append(data)


def test_html_is_self_contained_and_printable(demo_computed, tmp_path):
    html = report_html(demo_computed)
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="sv">' in html and '<meta charset="utf-8">' in html
    assert "@page" in html and "A4" in html and "@media print" in html
    assert "<script" not in html and "src=" not in html and "<link" not in html
    assert "text-align: right" in html
    p = _Collect()
    p.feed(html)
    text = "".join(p.text)
    assert "Måluppfyllelse" in text and "Verksamhetsberättelse" in text and "Ekonomi" in text
    assert "Kontroll" not in text and "Stor avvikelse" not in text  # the officer's findings: only on request
    assert "Askersund 43\u00a0621\u00a0kr" in text  # a figure and its unit never break in the paragraph
    assert "-1 717" in p.num_cells and "31 207" in p.num_cells
    assert "113 %" in p.num_cells
    out = tmp_path / "r.html"
    write_html(demo_computed, out)
    assert out.read_text(encoding="utf-8") == html
    write_markdown(demo_computed, tmp_path / "r.md")
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# Verksamhetsberättelse 2019")


def test_html_escapes_user_text(hostile_year):
    html = report_html(compute(hostile_year, hostile_year.full_year_period))
    assert "<script>" not in html and "<img" not in html and "<b>&" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "[red]x[/red] mål" in html
    assert "Nämnd &lt;b&gt;&amp;&lt;/b&gt;" in html
    p = _Collect()
    p.feed(html)
    assert "script" not in p.tags and "img" not in p.tags and "b" not in p.tags


def test_split_sentence_deficit_zero_and_interim(demo_year):
    demo_year.operating[5].values["helar"].outcome += 1_000_000
    md = report_markdown(compute(demo_year, demo_year.full_year_period))
    assert "visar ett underskott med 841 448 kr." in md
    assert "Fördelningen av underskottet 2019 blir enligt följande: Askersund 231 499 kr" in md
    demo_year.operating[5].values["helar"].outcome -= 1_000_000 - 158_552
    md = report_markdown(compute(demo_year, demo_year.full_year_period))
    assert "Årets resultat för Sydnärkes IT-nämnd visar ett nollresultat." in md
    md = report_markdown(compute(demo_year, demo_year.period("t1")))
    assert "Helårsprognosen vid T1 för Sydnärkes IT-nämnd: utfall saknas ännu." in md
    assert "(Ingen verksamhetsberättelse för perioden.)" in md


def test_previous_year_columns_after_new_year():
    from sydnarke_tui.core.compute import compute
    from sydnarke_tui.io.export_md import report_markdown
    from sydnarke_tui.io.rollover import next_year
    from sydnarke_tui.store.demo import demo_year

    y = next_year(demo_year(), 2020)
    md = report_markdown(compute(y, y.full_year_period))
    assert "| Utfall 2020 | Utfall 2019 | Målvärde 2020 |" in md
    assert "| – | 59 | \\> 59 |" in md  # HME: last year's outcome is this year's baseline


def test_interim_report_names_its_basis_and_its_figures_agree(demo_year):
    """Issue 11.4: Prognos helår is the compared figure (forecast, else budget); the basis is said."""
    from sydnarke_tui.core.model import LineValue

    for ln in demo_year.operating:
        ln.values["t1"] = LineValue((ln.budget or 0) // 3)
    demo_year.operating[4].values["t1"].forecast = 6_000_000  # Databehandling, budget 5 250 000
    demo_year.operating[5].values["t1"].forecast = 1_200_000  # Tjänster, budget 950 000
    md = report_markdown(compute(demo_year, demo_year.period("t1")))
    assert "Helårsprognos: prognos på 2 rader, budget på övriga 6." in md
    assert "| Slagtext | Budget 2019 | Utfall T1 2019 | Prognos helår | Avvikelse |" in md
    assert "| Personalkostnader | 11 799 | 3 933 | 11 799 | 0 |" in md  # no forecast: on its budget
    assert "| Databehandling, licenser | 5 250 | 1 750 | 6 000 | -750 |" in md
    assert "| **Nettoresultat** | **0** | **0** | **1 000** | **-1 000** |" in md
    assert "Helårsprognosen vid T1 för Sydnärkes IT-nämnd visar ett underskott med 1 000 000 kr." in md
    assert "Askersund 275 120 kr" in md
