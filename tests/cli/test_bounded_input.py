"""Bounded input and whole-or-nothing year files (issue 17 items 4 and 5), through the real CLI:
one line each, before anything is read, and nothing saved."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def cli(tmp: Path, *args: str, config: str | None = None) -> subprocess.CompletedProcess:
    extra = []
    if config is not None:
        (tmp / "config.toml").write_text(config, encoding="utf-8")
        extra = ["--config", str(tmp / "config.toml")]
    return subprocess.run([sys.executable, "-m", "sydnarke_tui", "--db", str(tmp / "s.db"), *extra, *args],
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=60)


def one_line_error(r: subprocess.CompletedProcess, *needles: str) -> None:
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in r.stderr, r.stderr
    for n in needles:
        assert n in lines[0], lines[0]


@pytest.mark.parametrize("command", [["load"], ["import", "--year", "2019"]])
def test_dev_zero_a_fifo_and_a_folder_are_refused(tmp_path, command):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, needle in (("/dev/zero", "ingen vanlig fil"), (str(fifo), "ingen vanlig fil"),
                           (str(tmp_path), "är en katalog")):
        one_line_error(cli(tmp_path, command[0], target, *command[1:]), needle)


@pytest.mark.parametrize("command", [["load"], ["import", "--year", "2019"]])
def test_a_file_over_max_bytes_is_refused_before_reading(tmp_path, command):
    big = tmp_path / "big.csv"
    with open(big, "wb") as fh:  # sparse: 3 GB on paper, nothing on disk
        fh.truncate(3 * 1024 ** 3)
    one_line_error(cli(tmp_path, command[0], str(big), *command[1:]), "filen är 3 GB, större än gränsen 256 MB",
                   "max_bytes")
    small = tmp_path / "small.csv"
    small.write_bytes(b"Slagtext;Budget\n" + b"Tjanster;1\n" * 200)
    one_line_error(cli(tmp_path, command[0], str(small), *command[1:], config="[import]\nmax_bytes = 1000\n"),
                   "max_bytes")


def test_a_table_with_more_rows_than_max_rows_is_refused_unplanned(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("Slagtext;Budget\n" + "".join(f"Rad {i};{i}\n" for i in range(60)), encoding="utf-8")
    r = cli(tmp_path, "import", str(path), "--year", "2019", config="[import]\nmax_rows = 50\n")
    one_line_error(r, "fler än 50 rader", "max_rows")


def test_config_limits_are_typed(tmp_path):
    r = cli(tmp_path, "years", config='[import]\nmax_rows = "många"\n')
    one_line_error(r, "import.max_rows", "positivt heltal")


def _xlsx(path: Path, cell: str) -> None:
    """A workbook with `cell` in A2, written into the XML (openpyxl cuts a cell to Excel's 32 767 characters)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["Slagtext", "Budget"])
    ws.append(["PLACEHOLDER", 1])
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            z.writestr(part, data.replace("PLACEHOLDER".encode(), cell.encode()))


def test_an_xlsx_cell_over_the_field_limit_is_refused_like_csv(tmp_path):
    path = tmp_path / "cell.xlsx"
    _xlsx(path, "x" * 200_000)
    one_line_error(cli(tmp_path, "import", str(path), "--year", "2019"), "cell är längre än")
    csv = tmp_path / "cell.csv"
    csv.write_text("Slagtext;Budget\n" + "x" * 200_000 + ";1\n", encoding="utf-8")
    one_line_error(cli(tmp_path, "import", str(csv), "--year", "2019"), "fält är längre än")


def test_an_xlsx_that_unpacks_beyond_max_bytes_is_refused(tmp_path):
    path = tmp_path / "bomb.xlsx"
    _xlsx(path, "kort")
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.bin", b"\0" * 5_000_000)
    one_line_error(cli(tmp_path, "import", str(path), "--year", "2019", config="[import]\nmax_bytes = 1000000\n"),
                   "packas upp", "max_bytes")


def _dump(tmp_path: Path) -> str:
    r = cli(tmp_path, "report", "--format", "toml")
    assert r.returncode == 0, r.stderr
    return r.stdout


def test_a_truncated_or_edited_dump_is_refused_and_nothing_changes(tmp_path):
    text = _dump(tmp_path)
    assert text.startswith("file = { format = ") and "goals = 4" in text.splitlines()[0]
    cut = tmp_path / "cut.toml"
    cut.write_text(text[: text.index("[[investments]]")], encoding="utf-8")  # valid TOML, cut at a table
    one_line_error(cli(tmp_path, "load", str(cut), "--replace"), "kontrollsumma", "avkortad")
    edited = tmp_path / "edited.toml"
    edited.write_text(text.replace("budget = 5250000", "budget = 5250001"), encoding="utf-8")
    one_line_error(cli(tmp_path, "load", str(edited), "--replace"), "kontrollsumma")
    assert cli(tmp_path, "report", "--format", "toml").stdout == text  # the year is as it was


def test_a_header_whose_counts_do_not_match_is_refused(tmp_path):
    import hashlib

    text = _dump(tmp_path)
    head, body = text.split("\n", 1)
    body = body[: body.index("[[investments]]")]
    head = head.replace(head[head.index('sha256 = "'):], f'sha256 = "{hashlib.sha256(body.encode()).hexdigest()}" }}')
    path = tmp_path / "counts.toml"
    path.write_text(f"{head}\n{body}", encoding="utf-8")
    one_line_error(cli(tmp_path, "load", str(path), "--replace"), "rubriken säger 10 investeringsrader, filen har 0")


def test_a_file_without_header_loads_with_a_note_and_replace_says_what_it_removes(tmp_path):
    body = _dump(tmp_path).split("\n", 1)[1]
    path = tmp_path / "hand.toml"
    path.write_text(body.replace("budget = 5250000", "budget = 6666000"), encoding="utf-8")
    r = cli(tmp_path, "load", str(path), "--replace")
    assert r.returncode == 0, r.stderr
    assert "saknar rubrikraden" in r.stderr
    assert "tog bort 4 mål, 13 indikatorer, 8 driftrader, 10 investeringsrader, 4 medlemmar" in r.stdout
    r = cli(tmp_path, "undo")
    assert r.returncode == 0 and "det tidigare året är tillbaka" in r.stdout, r.stderr
    assert "budget = 5250000" in _dump(tmp_path)


def test_a_number_in_quotes_is_an_error_naming_the_field(tmp_path):
    body = _dump(tmp_path).split("\n", 1)[1]
    path = tmp_path / "quoted.toml"
    path.write_text(body.replace("target = 80\n", 'target = "80"\n', 1), encoding="utf-8")
    one_line_error(cli(tmp_path, "load", str(path), "--replace"), "target", "'80' är text")
