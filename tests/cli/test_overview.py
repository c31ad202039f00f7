"""`sydnarke-tui overview`: the DESIGN §3 figures in plain text tables that line up, user text inert."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from sydnarke_tui.cli import main
from sydnarke_tui.console import Style, Table, cell_len, overview, print_overview, render_table, wrap
from sydnarke_tui.core.checks import check
from sydnarke_tui.core.compute import compute
from sydnarke_tui.core.model import KeyShare

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _text(year, **kw) -> str:
    c = compute(year, year.full_year_period)
    return overview(c, check(c), **kw)


def _tables(text: str) -> list[list[str]]:
    """Each table's lines, from its top border to its bottom border."""
    tables, cur = [], None
    for line in text.splitlines():
        if line[:1] in "┏+" and cur is None:
            cur = []
        if cur is not None:
            cur.append(line)
            if line[:1] in "└+" and len(cur) > 1 and line[1:2] in "─-":
                tables.append(cur)
                cur = None
    return tables


def _row(text: str, first: str) -> list[str]:
    """The cells of the body row whose first cell is `first`."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("│┃").split("│")]
        if cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r}")


def test_demo_year_shows_the_design_figures(demo):
    text = _text(demo)
    head = text.splitlines()[:3]
    assert head[0] == "Sydnärkes IT-nämnd 2019 – Helår"
    assert head[1].startswith("Nämndmålen: delvis  (")
    assert head[2] == "uppnådd: 8  delvis: 3  ej uppnådd: 0  ej mätt: 2"
    assert _row(text, "Askersund") == ["Askersund", "27,512 %", "43 621"]
    assert _row(text, "Hallsberg")[2] == "62 190"
    assert _row(text, "Laxå")[2] == "22 028"
    assert _row(text, "Lekeberg")[2] == "30 713"
    assert _row(text, "Summa") == ["Summa", "100,000 %", "158 552"]
    assert _row(text, "Nettoresultat") == ["Nettoresultat", "", "0", "-159", "159"]
    assert _row(text, "Personalkostnader") == ["Personalkostnader", "kostnad", "11 799", "10 382", "1 417"]
    assert _row(text, "Sjukfrånvaro") == ["Sjukfrånvaro", "3,58", "≤ 7", "149 %", "uppnådd"]
    assert text.rstrip().splitlines()[-1].startswith("Kontroll: ")
    assert "\x1b" not in text  # no styling unless a terminal shows it


def test_every_table_lines_up_and_fits_the_width(demo):
    for width in (80, 60, 120):
        tables = _tables(_text(demo, width=width))
        assert len(tables) == 3
        for lines in tables:
            widths = {cell_len(line) for line in lines}
            assert len(widths) == 1, (width, widths)
            assert widths.pop() <= width
            # the column borders stand in the same places on every line
            cols = {tuple(i for i, ch in enumerate(line) if ch in "┃│┳╇┴┏┓┡┩└┘") for line in lines[1:-1]}
            assert len({c for c in cols if len(c) > 2}) == 1


def test_the_first_column_wraps_and_other_cells_stay_whole(demo):
    text = _text(demo, width=60)
    assert "Ge god service och IT-drift av" not in text  # wrapped narrower than at 80
    assert "Öka" in text and "113 %" in text
    assert _row(text, "Summa") == ["Summa", "100,000 %", "158 552"]


def test_user_text_is_inert_and_never_markup(demo):
    demo.operating[5].label = "[bold]fet[/] \x1b[2J\r\nrad"
    demo.goals[0].title = "Mål [red]x[/red]\x07"
    demo.key.members[0] = KeyShare("東京\x1b]0;t\x07", demo.key.members[0].share_pct)
    for style in (Style(False), Style(True)):
        text = _text(demo, style=style)
        plain = ANSI.sub("", text)
        assert "\x1b" not in plain and "\x07" not in plain and "\r" not in plain
        assert "[bold]fet[/] \\x1b[2J\\x0d rad" in plain  # line breaks in a cell become spaces
        assert "Mål [red]x[/red]\\x07" in plain
        assert "東京\\x1b]0;t\\x07" in plain
        for lines in _tables(plain):
            assert len({cell_len(line) for line in lines}) == 1  # wide characters count two columns


def test_styles_only_on_a_terminal(demo, monkeypatch):
    class Stream:
        encoding = "utf-8"

        def __init__(self, tty: bool):
            self.tty, self.parts = tty, []

        def isatty(self):
            return self.tty

        def write(self, s):
            self.parts.append(s)

        def flush(self):
            pass

    c = compute(demo, demo.full_year_period)
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setenv("COLUMNS", "80")
    tty, pipe = Stream(True), Stream(False)
    print_overview(c, check(c), stream=tty)
    print_overview(c, check(c), stream=pipe)
    assert "\x1b[1m" in "".join(tty.parts) and "\x1b" not in "".join(pipe.parts)
    assert ANSI.sub("", "".join(tty.parts)) == "".join(pipe.parts)


def test_a_stream_that_cannot_encode_box_drawing_gets_ascii_borders(demo, monkeypatch):
    class Latin1:
        encoding = "latin-1"
        text = ""

        def write(self, s):
            self.text += s

        def flush(self):
            pass

    monkeypatch.setenv("COLUMNS", "80")
    c = compute(demo, demo.full_year_period)
    out = Latin1()
    print_overview(c, check(c), stream=out)
    tables = _tables(out.text)
    assert len(tables) == 3 and not any(ch in out.text for ch in "┏━│└")


def test_a_long_statement_has_one_line_per_row():
    t = Table("T", ["Rad", "Belopp"], [False, True])
    for n in range(5000):
        t.add(f"Konto {n:05d}", f"{n * 1000:,}".replace(",", " "))
    lines = render_table(t, 80, Style(False))
    assert len(lines) == 1 + 3 + 5000 + 1  # title, top, header, rule, rows, bottom
    assert lines[-2] == "│ Konto 04999 │ 4 999 000 │"


@given(st.text(alphabet=st.sampled_from("ab åÖ東字\u0301"), max_size=60), st.integers(min_value=2, max_value=30))
def test_wrap_fits_the_width_and_keeps_every_character(text, width):
    lines = wrap(text, width)
    assert all(cell_len(line) <= width for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_overview_command_on_the_demo_database(db_path, capsys):
    assert main(["overview", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "uppnådd: 8  delvis: 3  ej uppnådd: 0  ej mätt: 2" in out
    assert _row(out, "Summa") == ["Summa", "100,000 %", "158 552"]


def test_interim_overview_compares_on_the_forecast_and_says_so(demo):
    """2020-T1-like: four months' outcome everywhere, forecasts on two lines (issue 11.4)."""
    from sydnarke_tui.core.model import LineValue

    for ln in demo.operating:
        ln.values["t1"] = LineValue((ln.budget or 0) // 3 - 1_000)
    for ln in demo.operating:
        if ln.label.startswith(("Databehandling", "Tjänster")):
            ln.values["t1"].forecast = ln.budget + 500_000
    c = compute(demo, demo.period("t1"))
    text = overview(c, check(c))
    assert "Prognos helår" in _tables(text)[1][1]
    assert "Helårsprognos: prognos på 2 rader, budget på övriga 6" in text
    assert _row(text, "Nettoresultat") == ["Nettoresultat", "", "0", "1 000", "-1 000"]
    assert _row(text, "Personalkostnader") == ["Personalkostnader", "kostnad", "11 799", "11 799", "0"]
    assert "Fördelning av helårsprognosens resultat (kr)" in text
    assert _row(text, "Summa") == ["Summa", "100,000 %", "-1 000 000"]
    empty = compute(demo, demo.period("delar"))  # nothing reported for Delår
    assert "Driftresultat: inga utfall ännu." in overview(empty, check(empty))
