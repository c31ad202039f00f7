"""PDF of the nämnd's report: the candidates compared on the demo year (issue 16).

    .venv/bin/python bench/bench_pdf.py [runs]

Times, per candidate, the making of the PDF from the computed year (median and
spread of `runs`, default 5), and prints the page count:
- weasyprint: the printable HTML report laid out by WeasyPrint (what `--format pdf` uses);
- typst: the same report blocks as Typst markup, compiled by the `typst` wheel
  (pip install typst; a minimal renderer here, tables and page numbers, for the comparison only);
- libreoffice: the Word report converted by `soffice --headless` (a process per run: its start counts).
A candidate that is not installed prints as n/a.
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sydnarke_tui.core.compute import compute  # noqa: E402
from sydnarke_tui.io.exports import render_report  # noqa: E402
from sydnarke_tui.io.report_doc import (Bullets, Heading, Paragraph, Table, TitlePage,  # noqa: E402
                                        report_document)
from sydnarke_tui.io.toml_io import load_year_toml  # noqa: E402


def _demo():
    import importlib.resources

    y = load_year_toml((importlib.resources.files("sydnarke_tui.db") / "demo-2019.toml").read_text("utf-8"))
    return compute(y, y.full_year_period)


def _typ(text: str) -> str:
    return re.sub(r"([\\#*_`$<>@\[\]~\"/=+-])", r"\\\1", text)


def typst_source(c) -> str:
    out = ['#set page(paper: "a4", margin: (top: 25mm, bottom: 25mm, left: 25mm, right: 20mm),',
           '  footer: context align(right, text(9pt)[Sida #counter(page).display() av #counter(page).final().first()]))',
           '#set text(font: "Liberation Serif", size: 12pt, lang: "sv")',
           '#show heading: set text(font: "Liberation Sans")']
    for b in report_document(c):
        if isinstance(b, TitlePage):
            out += [f"#v(40mm)\n#text(26pt, font: \"Liberation Sans\", weight: \"bold\")[{_typ(b.title)}]\n",
                    f"#text(16pt)[{_typ(b.organisation)}]\n", f"{_typ(b.date)}\n", f"{_typ(b.decision)}\n",
                    "#pagebreak()"]
        elif isinstance(b, Heading):
            out.append("=" * b.level + " " + _typ(b.text))
        elif isinstance(b, Paragraph):
            out.append(_typ(b.text) + "\n")
        elif isinstance(b, Bullets):
            out += ["- " + _typ(x) for x in b.items] + [""]
        elif isinstance(b, Table):
            cols = ", ".join("auto" if c.numeric else "1fr" for c in b.columns)
            align = ", ".join("right" if c.numeric else "left" for c in b.columns)
            head = ", ".join(f"[*{_typ(c.title)}*]" for c in b.columns)
            cells = ", ".join(f"[{_typ(x)}]" for r in b.rows for x in r.cells)
            if b.caption:
                out.append(f"==== {_typ(b.caption)}")
            out.append(f"#text(size: 9pt, font: \"Liberation Sans\")[#table(columns: ({cols}), align: ({align},), "
                       f"stroke: none, table.header({head}), {cells})]\n")
    return "\n".join(out)


def _time(fn, runs: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return times, result


def _pages(pdf: bytes) -> str:
    """The page count by pdfinfo (poppler-utils), n/a without it."""
    if not shutil.which("pdfinfo"):
        return "n/a"
    out = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True).stdout.decode()
    return next((line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")), "n/a")


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    c = _demo()
    candidates = {"weasyprint": lambda: render_report(c, "pdf")}
    try:
        import typst

        candidates["typst"] = lambda: typst.compile(typst_source(c).encode("utf-8"))
    except ImportError:
        print("typst: n/a (pip install typst)")
    if shutil.which("soffice"):
        docx = render_report(c, "docx")

        def lo() -> bytes:
            with tempfile.TemporaryDirectory() as tmp:
                src = Path(tmp) / "r.docx"
                src.write_bytes(docx)
                subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo", "--convert-to",
                                "pdf", "--outdir", tmp, str(src)], check=True, capture_output=True)
                return (Path(tmp) / "r.pdf").read_bytes()

        candidates["libreoffice"] = lo
    else:
        print("libreoffice: n/a (soffice not found)")
    print(f"{'candidate':<12} {'median s':>9} {'min s':>7} {'max s':>7} {'pages':>6}")
    for name, fn in candidates.items():
        fn()  # warm: imports, font caches
        times, pdf = _time(fn, runs)
        print(f"{name:<12} {statistics.median(times):9.3f} {min(times):7.3f} {max(times):7.3f} {_pages(pdf):>6}")


if __name__ == "__main__":
    main()
