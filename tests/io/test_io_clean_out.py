"""Clean files out (issue 9 item 5): no control characters in xlsx XML, CSV or stdout; formulas defused."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from xml.dom import minidom

import openpyxl

from sydnarke_tui.cli import main
from sydnarke_tui.core.compute import compute
from sydnarke_tui.io.export_csv import report_csv
from sydnarke_tui.io.export_html import report_html
from sydnarke_tui.io.exports import render_report
from sydnarke_tui.io.toml_io import dump_year_toml

CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _dirty(y):
    y.organisation = "Nämnd\x1b[2J\x07\u009b31m"
    y.operating[0].label = "\tSUM(A1)"
    y.operating[1].label = "\r=1+1"
    y.operating[2].label = "@x \x1b]0;titel\x07"
    y.investments[0].label = "+46 700"
    y.goals[0].indicators[0].name = "-5 minus"
    return compute(y, y.full_year_period)


def test_xlsx_has_no_control_characters_and_defuses(demo_year):
    c = _dirty(demo_year)
    data = render_report(c, "xlsx")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xml") or name.endswith(".rels"):
                text = z.read(name).decode("utf-8")
                assert not CONTROLS.search(text.replace("\t", "").replace("\n", "").replace("\r", "")), name
                minidom.parseString(z.read(name))  # well-formed
        core = z.read("docProps/core.xml").decode("utf-8")
        assert "Nämnd\\x1b[2J\\x07\\x9b31m" in core
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["Drift"]
    cells = {ws.cell(r, 1).value: ws.cell(r, 1) for r in range(2, ws.max_row + 1)}
    for label in ("\tSUM(A1)", "\\x0d=1+1", "@x \\x1b]0;titel\\x07"):
        assert cells[label].data_type == "s" and cells[label].quotePrefix, label
    # numbers, negative ones too, stay numbers
    net = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "Nettoresultat")
    assert net[3] == -158552 and isinstance(net[3], int)
    assert wb["Investeringar"].cell(2, 1).quotePrefix


def test_csv_escapes_controls_visibly_and_defuses(demo_year):
    c = _dirty(demo_year)
    text = report_csv(c, "drift")
    assert "\x1b" not in text and "\x07" not in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    labels = [r[0] for r in rows]
    assert "'\tSUM(A1)" in labels and "'\\x0d=1+1" in labels and "'@x \\x1b]0;titel\\x07" in labels
    net = next(r for r in rows if r[0] == "Nettoresultat")
    assert net[3] == "-158552"  # a number, no apostrophe
    goals = report_csv(c, "mal")
    assert "'-5 minus" in goals


def test_json_and_toml_escape_c1(demo_year):
    c = _dirty(demo_year)
    js = render_report(c, "json")
    assert "\u009b" not in js and "\\u009b31m" in js and "\x1b" not in js
    assert not CONTROLS.search(js.replace("\n", ""))
    toml = render_report(c, "toml")
    assert not CONTROLS.search(toml.replace("\n", "")) and "\\u009b31m" in toml
    from sydnarke_tui.io.toml_io import load_year_toml

    assert load_year_toml(toml).organisation == c.year.organisation  # and back, exactly
    assert dump_year_toml(load_year_toml(toml)) == toml


def test_html_keeps_headings_with_what_follows(demo_computed):
    html = report_html(demo_computed)
    assert "<thead>" in html and "display: table-header-group" in html
    # every heading sits in a keep block with the block after it, or stands just above a long table
    lines = html.split("<body>", 1)[1].splitlines()
    inside = False
    for i, line in enumerate(lines):
        if line == '<div class="keep">':
            inside = True
        elif line == "</div>":
            inside = False
        elif re.match(r"<h[2-4]>", line):  # h1 is the title page's
            nxt = next(x for x in lines[i + 1:] if not re.match(r"<h[2-4]>", x))
            assert inside or nxt == "<table>", line
            if inside:  # the keep block holds something besides headings
                assert nxt != "</div>", line
    assert 'div.keep { break-inside: avoid-page' in html


def test_cli_csv_to_stdout_has_no_escape_sequences(tmp_path, capsys, demo_year):
    _dirty(demo_year)
    f = tmp_path / "y.toml"
    f.write_text(dump_year_toml(demo_year), encoding="utf-8")
    db = str(tmp_path / "x.db")
    assert main(["load", str(f), "--db", db]) == 0
    capsys.readouterr()
    assert main(["report", "--format", "csv", "--table", "drift", "--db", db]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b]0;titel" in out
    assert main(["report", "--format", "json", "--db", db]) == 0
    assert "\u009b" not in capsys.readouterr().out
