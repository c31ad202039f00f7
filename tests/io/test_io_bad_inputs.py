"""Hundreds of bad inputs through the CLI, in process: one line each, no traceback, nothing saved changed.

The cases are generated from good files (SIE in several programs' layouts,
an operating table, a year's TOML) by mutation, plus bad options for every
command. Each runs `sydnarke_tui.cli.main([...])` against the same database;
the database's bytes and the folder's file list must not change.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest

from sydnarke_tui.cli import main
from sydnarke_tui.io.toml_io import dump_year_toml
from sydnarke_tui.store.demo import demo_year

from .sie_programs import edison, softone, specter, visma

BAD_AMOUNTS = ["1,5", "abc", "9" * 30, "1e5", "--1", "NaN", "inf", "1.2.3", "0x10", "½", "1 000x", "+-1",
               "-", ".", "1.", "12a", "٣", "1_000", "∞", "-0x1"]


def _sie_cases() -> list[tuple[str, bytes]]:
    out = []
    base = visma()
    first_res = re.search(rb"#RES 0 3010 (\S+)", base)
    for a in BAD_AMOUNTS:  # an unreadable amount refuses the file
        if " " in a:
            continue  # in SIE, a second field after the amount (a quantity)
        out.append((f"res-{a}", base.replace(first_res.group(0), b"#RES 0 3010 " + a.encode("utf-8"), 1)))
        out.append((f"trans-{a}", edison().replace(b'#TRANS 5010 {1 "100"} ', b'#TRANS 5010 {1 "100"} '
                                                  + a.encode("utf-8") + b" X", 1)))
        out.append((f"psaldo-{a}", specter().replace(b"\t{}\t", b"\t{}\t" + a.encode("utf-8") + b"\t", 1)))
        out.append((f"pbudget-{a}", specter().replace(b"#PBUDGET\t0\t201901\t3010\t{}\t",
                                                      b"#PBUDGET\t0\t201901\t3010\t{}\t" + a.encode("utf-8")
                                                      + b"x\t", 1)))
    lines = edison().split(b"\n")
    braces = [i for i, ln in enumerate(lines) if ln in (b"{", b"}")]
    for k, i in enumerate(braces[:24]):  # a missing brace: broken structure
        out.append((f"brace-{k}", b"\n".join(lines[:i] + lines[i + 1:])))
    trans = [i for i, ln in enumerate(lines) if ln.startswith(b"#TRANS 1930")]
    for k, i in enumerate(trans[:12]):  # an unbalanced voucher
        out.append((f"unbalanced-{k}", b"\n".join(lines[:i] + lines[i + 1:])))
    size = len(base)
    for k in range(1, 15):  # cut inside a voucher
        cut = base[: size * k // 15]
        if cut.count(b"\n{") > cut.count(b"\n}"):
            out.append((f"cut-{k}", cut))
    for k, junk in enumerate([b"", b"\x00\x01\x02", b"hej hopp\n", b"#\n", b"{\n}\n", b"}\n", b"#TRANS 1 {} 1\n",
                              b'#FLAGGA 0\n#VER A 1 20190101 "x"\n{\n#TRANS 5010 {} 1\n}\n',
                              b"#FLAGGA 0\n#RES 0 3010 {1} 5\n", b"#FLAGGA 0\n#PSALDO 0 201913 3010 {} 5\n",
                              b"#FLAGGA 0\n#SIETYP 9\n", b"#FLAGGA x\n", b'#FLAGGA 0\n#RES 0 3010 {1 "a" 1.00\n',
                              b"#FLAGGA 0\n#RAR 0 20210101 20211231\n#RES 0 3010 5\n",
                              softone().replace(b"#RES 0 5010", b"#RES 0 5010 {", 1)]):
        out.append((f"junk-{k}", junk))
    return out


TABLE = "Slagtext;Typ;Budget;Utfall;Avvikelse\nAvgifter;intäkt;-245;-245;0\nLöner;kostnad;11 799;10 382;1 417\n"


def _table_cases() -> list[tuple[str, bytes]]:
    out = []
    for a in BAD_AMOUNTS + ["1e308", "9" * 20, "12 34 5", "1,2,3", "kr", "--", "5 mkrr", "1/2"]:
        if a in ("-", "1,5", "٣"):
            continue  # an empty mark, a Swedish decimal and an Arabic-Indic digit: all readable
        out.append((f"amount-{a}", TABLE.replace("10 382", a).encode("utf-8")))
    for t in ["lön", "?", "x" * 50, "summa2", "\x1b[2J"]:
        out.append((f"kind-{t}", TABLE.replace("kostnad", t).encode("utf-8")))
    out.append(("long-field", ('Slagtext;Budget\n"' + "x" * 140_000 + '";5\n').encode("utf-8")))
    out.append(("open-quote", 'Slagtext;Budget\n"Löner;5\nAvgifter;4\n'.encode("utf-8")))
    out.append(("duplicate", (TABLE + "Löner;kostnad;1;1;0\n").encode("utf-8")))
    out.append(("no-label", (TABLE + ";;5;5;0\n").encode("utf-8")))
    out.append(("no-header", b"a;b;c\n1;2;3\n"))
    out.append(("header-only", b"Slagtext;Budget\n"))
    out.append(("empty", b""))
    out.append(("binary", bytes(range(256)) * 4))
    out.append(("zip-not-xlsx", b"PK\x03\x04" + b"\x00" * 40))
    out.append(("varav-in-drift", (TABLE + "varav x;;;5;\n").encode("utf-8")))
    out.append(("other-year", TABLE.replace("Budget;Utfall;Avvikelse", "Budget 2017;Utfall 2017;Avvikelse 2017").encode("utf-8")))
    return out


def _toml_cases() -> list[tuple[str, str]]:
    good = dump_year_toml(demo_year())
    out = [("deep-array", "x = " + "[" * 100_000 + "]" * 100_000), ("deep-table", "x = " + "{a = " * 5000 + "1"
                                                                       + "}" * 5000)]
    for k, n in enumerate(range(40, len(good), max(1, len(good) // 40))):
        out.append((f"cut-{k}", good[:n] + '\n"'))  # an unterminated string at any depth
    for k, (old, new) in enumerate([("year = 2019", "year = \"x\""), ("year = 2019", ""), ("[[goals]]", "[goals]"),
                                    ("year = 2019", "year = 2019\nyear = 2020"), ("kind = ", "kind = 5 #")]):
        out.append((f"struct-{k}", good.replace(old, new, 1)))
    return out


OPTION_CASES = [
    ["log", "--limit", "99999999999999999999"], ["log", "--limit", "0"], ["log", "--limit", "-1"],
    ["log", "--limit", "x"], ["log", "--limit", "\x1b[2J"], ["report", "--format", "pdf"],
    ["report", "--format", "\x1b]0;x\x07"], ["report", "--year", "99999"], ["report", "--year", "abc"],
    ["report", "--period", "q9"], ["report", "--period", "\x1b[31m"], ["report", "--format", "xlsx"],
    ["report", "--format", "docx"], ["report", "--format", "csv"], ["report", "--format", "csv", "--table", "x"],
    ["report", "-o", "/nonexistent/dir/r.json"], ["check", "--format", "xml"], ["check", "--year", "1899"],
    ["overview", "--period", "x"], ["new-year", "--from", "2019"], ["new-year", "--from", "2019", "--to", "2019"],
    ["new-year", "--from", "2018", "--to", "2020"], ["years", "--bogus"], ["undo", "extra"], ["frobnicate"],
    ["init", "--year", "2019"], ["init", "--key", "A=1"], ["init", "--year", "2030", "--key", "Laxå=200"],
    ["init", "--year", "2030", "--members", ",,"], ["init", "--year", "2030", "--members", "A,A"],
    ["init", "--year", "2030", "--organisation", "x\x1b[2J"], ["init", "--year", "3000"],
    ["import", "nofile.csv", "--year", "2019"], ["import", "x.csv"], ["import", "x.csv", "--year", "2019",
                                                                          "--signs", "up"],
    ["import", "x.csv", "--year", "2019", "--table", "budget"], ["import", "x.csv", "--year", "2030"],
    ["load", "nofile.toml"], ["--year"], ["report", "--unit", "mkr"],
]


def _cases(tmp: Path) -> list[tuple[str, list[str]]]:
    files = tmp / "in"
    files.mkdir()
    (files / "x.csv").write_bytes(TABLE.encode("utf-8"))
    out: list[tuple[str, list[str]]] = []
    for name, data in _sie_cases():
        p = files / f"{name[:40].encode().hex()}.se"
        p.write_bytes(data)
        out.append((f"sie {name}", ["import", str(p), "--year", "2019"]))
    for name, data in _table_cases():
        p = files / f"{name[:40].encode().hex()}.csv"
        p.write_bytes(data)
        out.append((f"table {name}", ["import", str(p), "--year", "2019", "--unit", "tkr"]))
        out.append((f"table-strict {name}", ["import", str(p), "--year", "2019", "--strict", "--dry-run"]))
    for name, text in _toml_cases():
        p = files / f"{name}.toml"
        p.write_text(text, encoding="utf-8")
        out.append((f"toml {name}", ["load", str(p), "--replace"]))
    for args in OPTION_CASES:
        out.append((" ".join(args), [a if a != "x.csv" else str(files / "x.csv") for a in args]))
    return out


def _state(tmp: Path) -> tuple[str, list[str]]:
    """The database's content (as SQL) and the folder's files (SQLite's -wal/-shm come and go)."""
    con = sqlite3.connect(f"file:{tmp / 's.db'}?mode=ro", uri=True)
    try:
        digest = hashlib.sha256("\n".join(con.iterdump()).encode()).hexdigest()
    finally:
        con.close()
    files = sorted(str(p.relative_to(tmp)) for p in tmp.rglob("*")
                   if "in" not in p.relative_to(tmp).parts and not p.name.endswith(("-wal", "-shm")))
    return digest, files


def test_hundreds_of_bad_inputs_one_line_each(tmp_path, capsys, monkeypatch):
    db = tmp_path / "s.db"
    assert main(["init", "--demo", "--db", str(db)]) == 0
    capsys.readouterr()
    cases = _cases(tmp_path)
    assert len(cases) >= 300, len(cases)
    before = _state(tmp_path)
    failures = []
    for name, args in cases:
        try:
            rc = main([*args, "--db", str(db)])
        except SystemExit as exc:  # argparse's own errors end here
            rc = exc.code
        out, err = capsys.readouterr()
        lines = err.splitlines()
        ok = (rc == 2 and len(lines) == 1 and lines[0].startswith("sydnarke-tui")
              and "Traceback" not in err and "oväntat fel" not in err and "\x1b" not in err + out
              and _state(tmp_path) == before)
        if not ok:
            failures.append(f"{name[:60]!r}: rc={rc} err={err[:300]!r} state={_state(tmp_path) == before}")
    assert not failures, f"{len(failures)} of {len(cases)}:\n" + "\n".join(failures[:40])


@pytest.mark.parametrize("args, needle", [
    (["log", "--limit", "99999999999999999999"], "1–1 000 000"),
    (["report", "--format", "\x1b[2J"], "\\x1b[2J"),
])
def test_argparse_errors_are_one_escaped_line(tmp_path, capsys, args, needle):
    with pytest.raises(SystemExit) as e:
        main([*args, "--db", str(tmp_path / "s.db")])
    err = capsys.readouterr().err
    assert e.value.code == 2 and err.count("\n") == 1 and needle in err and "usage" not in err
