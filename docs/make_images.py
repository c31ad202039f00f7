"""Regenerate the README's pictures: the app's first screen (Textual's own SVG screenshot, 80×24) and the first
pages of the 2019 demo report (the Word report converted by LibreOffice, rendered by poppler's pdftoppm).

    .venv/bin/python docs/make_images.py

Needs soffice and pdftoppm on PATH. Writes docs/app.svg, docs/report-page1.png and docs/report-page3.png.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from sydnarke_tui.config import Config  # noqa: E402
from sydnarke_tui.core.compute import compute  # noqa: E402
from sydnarke_tui.io.exports import render_report  # noqa: E402
from sydnarke_tui.io.report_doc import ReportOptions  # noqa: E402
from sydnarke_tui.session import Session  # noqa: E402
from sydnarke_tui.store.db import Store  # noqa: E402
from sydnarke_tui.store.demo import demo_year  # noqa: E402
from sydnarke_tui.tui.app import SydnarkeApp  # noqa: E402


async def app_svg(tmp: Path) -> None:
    store = Store.open(tmp / "demo.db", demo=True, user="ekonom")
    app = SydnarkeApp(Session(store, Config(db_path=tmp / "demo.db", db_is_default=False)), load_in_thread=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.pause(0.5)
        app.save_screenshot(filename="app.svg", path=str(HERE))
    store.close()


def report_pages(tmp: Path) -> None:
    y = demo_year()
    docx = tmp / "report.docx"
    options = ReportOptions(decision_date="2020-02-20", decision_paragraph="§ 12")
    docx.write_bytes(render_report(compute(y, y.full_year_period), "docx", options=options))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation={(tmp / 'lo').as_uri()}", "--convert-to",
                    "pdf", "--outdir", str(tmp), str(docx)], check=True, capture_output=True)
    for page in (1, 3):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                        str(tmp / "report.pdf"), str(HERE / f"report-page{page}")], check=True)


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        asyncio.run(app_svg(Path(d)))
        report_pages(Path(d))
