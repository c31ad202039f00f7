"""`report`'s options for the nämnd's report: --with-checks, --template, the decision block, and `[report]` in
config.toml (validated, the template relative to the config file)."""

from __future__ import annotations

import json
import zipfile

import docx
import pytest

from sydnarke_tui.cli import main
from sydnarke_tui.config import ConfigError, load_config

from .test_cli import assert_one_line_error, run


def _paras(path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _template(path, size_pt: int = 14):
    from docx.shared import Pt

    d = docx.Document()
    d.styles["Normal"].font.size = Pt(size_pt)
    d.add_paragraph("Mallens exempeltext, som inte hör till rapporten")
    d.save(str(path))
    return path


def test_md_without_and_with_the_officers_appendix(db_path, tmp_path):
    plain, full = tmp_path / "r.md", tmp_path / "k.md"
    assert main(["report", "--format", "md", "-o", str(plain), "--db", str(db_path)]) == 0
    assert main(["report", "--format", "md", "-o", str(full), "--with-checks", "--db", str(db_path)]) == 0
    assert "Kontroll" not in plain.read_text(encoding="utf-8") and "Stor avvikelse" not in plain.read_text("utf-8")
    text = full.read_text(encoding="utf-8")
    assert "## Bilaga: Kontroll av tryckta värden" in text and "Tryckt 784 tkr men beräknat 981 tkr." in text


def test_json_keeps_its_checks_and_varav_rows_carry_last_years_outcome(db_path, tmp_path, capsys):
    from sydnarke_tui.store.db import Store

    s = Store.open(db_path, demo=True)
    y = s.load_year(2019)
    s.close()
    toml = tmp_path / "y.toml"
    assert main(["report", "--format", "toml", "-o", str(toml), "--db", str(db_path)]) == 0
    assert main(["new-year", "--from", "2019", "--to", "2020", "--db", str(db_path)]) == 0
    capsys.readouterr()
    assert main(["report", "--year", "2020", "--db", str(db_path)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert "checks" in d
    varav = d["investments"]["lines"][0]["varav"][0]
    assert varav["previous_outcome"] == next(ln.value("helar").outcome for ln in y.investments
                                             if ln.parent_id is not None)
    md = tmp_path / "r.md"
    assert main(["report", "--year", "2020", "--format", "md", "-o", str(md), "--db", str(db_path)]) == 0
    row = next(ln for ln in md.read_text(encoding="utf-8").splitlines() if "varav Sydnet" in ln)
    assert row.rstrip(" |*").replace("\u00a0", " ").endswith("| *1 301"), row  # Utfall 2019, the last column
    csv = tmp_path / "inv.csv"
    assert main(["report", "--year", "2020", "--format", "csv", "--table", "investeringar", "-o", str(csv),
                 "--db", str(db_path)]) == 0
    row = next(ln for ln in csv.read_text(encoding="utf-8-sig").splitlines() if ";varav;" in ln)
    assert row.endswith(f";{varav['previous_outcome']}"), row


def test_docx_with_template_and_decision_block(db_path, tmp_path):
    tpl = _template(tmp_path / "mall.docx")
    out = tmp_path / "r.docx"
    assert main(["report", "--format", "docx", "-o", str(out), "--template", str(tpl), "--decision-date",
                 "2020-02-20", "--decision-paragraph", "§ 12", "--db", str(db_path)]) == 0
    paras = _paras(out)
    assert "Verksamhetsberättelse 2019" in paras and "Antagen av Sydnärkes IT-nämnd 2020-02-20, § 12." in paras
    assert "Mallens exempeltext, som inte hör till rapporten" not in paras  # the template's styles, not its text
    assert docx.Document(str(out)).styles["Normal"].font.size.pt == 14


def test_config_report_section(tmp_path, db_path):
    (tmp_path / "mallar").mkdir()
    _template(tmp_path / "mallar" / "kommun.docx", 13)
    cfg = tmp_path / "config.toml"
    cfg.write_text('[report]\ntemplate = "mallar/kommun.docx"\ndecision_date = "2020-02-20"\n'
                   'decision_paragraph = "§ 7"\n', encoding="utf-8")
    c = load_config(cfg)
    assert c.report.template == tmp_path / "mallar" / "kommun.docx"
    assert (c.report.decision_date, c.report.decision_paragraph) == ("2020-02-20", "§ 7")
    out = tmp_path / "r.docx"
    assert main(["report", "--format", "docx", "-o", str(out), "--config", str(cfg), "--db", str(db_path)]) == 0
    assert "Antagen av Sydnärkes IT-nämnd 2020-02-20, § 7." in _paras(out)
    assert docx.Document(str(out)).styles["Normal"].font.size.pt == 13


@pytest.mark.parametrize("text, needle", [
    ('[report]\ntemplate = "finns-inte.docx"\n', "report.template"),
    ('[report]\ntemplate = "mall.odt"\n', "report.template"),
    ('[report]\ndecision_date = "20 februari"\n', "report.decision_date"),
    ('[report]\ndecision_date = "2020-02-30"\n', "report.decision_date"),  # no such day
    ("[report]\ndecision_paragraph = 12\n", "report.decision_paragraph"),
])
def test_config_report_section_is_validated(tmp_path, text, needle):
    cfg = tmp_path / "config.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=needle.replace(".", r"\.")):
        load_config(cfg)


def test_config_decision_date_as_a_toml_date(tmp_path):
    """TOML's own date literal (unquoted) is the natural way to write a date: it is one, not a wrong type."""
    cfg = tmp_path / "config.toml"
    cfg.write_text("[report]\ndecision_date = 2020-02-20\n", encoding="utf-8")
    assert load_config(cfg).report.decision_date == "2020-02-20"


@pytest.mark.parametrize("text", ["garbage", "2020-02-30", "20/2 2020"])
def test_cli_decision_date_is_validated(db_path, tmp_path, text):
    """--decision-date prints in the report the nämnd signs: a non-date is one line, not printed."""
    out = tmp_path / "r.docx"
    assert_one_line_error(run("report", "--format", "docx", "-o", str(out), "--decision-date", text,
                              "--db", str(db_path)), "--decision-date", "ÅÅÅÅ-MM-DD")
    assert not out.exists()


def test_bad_template_is_one_line(tmp_path):
    db = str(tmp_path / "x.db")
    assert_one_line_error(run("report", "--format", "docx", "-o", str(tmp_path / "r.docx"), "--template",
                              str(tmp_path / "nej.docx"), "--db", db), "Mallen", "finns inte")
    bad = tmp_path / "trasig.docx"
    bad.write_bytes(b"not a zip")
    assert_one_line_error(run("report", "--format", "docx", "-o", str(tmp_path / "r.docx"), "--template", str(bad),
                              "--db", db), "mallen", "Word")
    with zipfile.ZipFile(tmp_path / "zip.docx", "w") as z:  # a zip, but no Word document inside
        z.writestr("a.txt", "x")
    r = run("report", "--format", "pdf", "-o", str(tmp_path / "r.pdf"), "--template", str(tmp_path / "zip.docx"),
            "--db", db)
    assert_one_line_error(r, "mallen", "trasig eller av en annan typ")
    assert "Error" not in r.stderr  # Python's exception names are not the officer's words


def test_interim_titles(db_path, tmp_path):
    out = tmp_path / "t1.md"
    assert main(["report", "--period", "T1", "--format", "md", "-o", str(out), "--db", str(db_path)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Delårsrapport T1 2019\n")
    assert main(["report", "--period", "delar", "--format", "md", "-o", str(out), "--db", str(db_path)]) == 0
    assert out.read_text(encoding="utf-8").startswith("# Delårsrapport 2019\n")


def test_pdf_to_a_file_only(db_path, tmp_path):
    """`--format pdf` writes a PDF (its pages are read back in tests/io/test_io_print.py); not to a terminal."""
    out = tmp_path / "r.pdf"
    assert main(["report", "--format", "pdf", "-o", str(out), "--db", str(db_path)]) == 0
    assert out.read_bytes().startswith(b"%PDF-")
    assert_one_line_error(run("report", "--format", "pdf", "--db", str(db_path)), "-o FIL.pdf")


def test_a_templates_font_names_never_reach_the_html_as_markup(tmp_path):
    from sydnarke_tui.core.compute import compute
    from sydnarke_tui.io.docx_layout import set_font
    from sydnarke_tui.io.exports import render_report
    from sydnarke_tui.io.report_doc import ReportOptions
    from sydnarke_tui.store.demo import demo_year

    d = docx.Document()
    set_font(d.styles["Normal"], 'Garamond</style><script>alert(1)</script>"', 11)
    d.save(str(tmp_path / "mall.docx"))
    y = demo_year()
    html = render_report(compute(y, y.full_year_period), "html",
                         options=ReportOptions(template=str(tmp_path / "mall.docx")))
    assert "<script" not in html and html.count("</style>") == 1
    assert '"Garamondstylescriptalert1script", serif' in html and "font-size: 11pt" in html
