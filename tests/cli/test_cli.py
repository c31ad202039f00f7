"""The CLI as a script would use it: exit codes, one-line errors, the JSON contract."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from sydnarke_tui.cli import main
from sydnarke_tui.store.db import SCHEMA_VERSION


def run(*args: str) -> subprocess.CompletedProcess:
    """A real process: what a user's shell sees (no traceback may leak)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("SYDNARKE_DEBUG", None)
    return subprocess.run([sys.executable, "-m", "sydnarke_tui", *args], capture_output=True, text=True, env=env,
                          timeout=120)


def assert_one_line_error(result: subprocess.CompletedProcess, *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("sydnarke-tui")]
    assert len(lines) == 1, result.stderr
    for n in needles:
        assert n in lines[0]


def test_report_json_reproduces_the_design_figures(db_path):
    r = run("report", "--year", "2019", "--format", "json", "--db", str(db_path))
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert d["schema"] == "sydnarke-report/1" and d["year"] == 2019
    assert d["summary"] == {**d["summary"], "achieved": 8, "partly": 3, "not_achieved": 0, "not_measured": 2,
                            "verdict": "partly"}
    pcts = [i["fulfilment_pct"] for g in d["goals"] for i in g["indicators"]]
    assert pcts == [113, 113, 106, 95, 70, None, None, None, None, 80, 149, 100, 100]
    assert [g["status"] for g in d["goals"]] == ["partly", "achieved", "achieved", "partly"]
    lines = {ln["label"]: ln for ln in d["operating"]["lines"]}
    assert lines["Utrustning och datakommunikation"]["deviation"] == 981_100
    assert lines["Driftbidrag från kommuner"]["kind"] == "revenue"
    assert d["operating"]["totals"]["net"] == {"budget": 0, "outcome": -158_552, "deviation": 158_552}
    assert d["investments"]["total"]["deviation"] == -4_895_200
    assert [(s["municipality"], s["amount"]) for s in d["split"]["result"]] == [
        ("Askersund", 43_621), ("Hallsberg", 62_190), ("Laxå", 22_028), ("Lekeberg", 30_713)]
    assert [s["amount"] for s in d["split"]["contribution"]] == [8_585_670, 12_240_634, 4_335_588, 6_045_108]
    assert sorted(c["severity"] for c in d["checks"]) == ["error"] * 4


def test_check_lists_exactly_the_four_printed_errors_and_exits_1(db_path):
    r = run("check", "--year", "2019", "--db", str(db_path))
    assert r.returncode == 1, r.stderr
    errors = [ln for ln in r.stdout.splitlines() if ln.startswith("fel:")]
    assert len(errors) == 4
    text = "\n".join(errors)
    for printed in ("784", "-5 936", "22 027", "143 %"):
        assert printed in text


def test_check_json(db_path, capsys):
    assert main(["check", "--format", "json", "--db", str(db_path)]) == 1
    d = json.loads(capsys.readouterr().out)
    assert len(d) == 4 and {c["severity"] for c in d} == {"error"}


def test_report_md_to_file(db_path, tmp_path, capsys):
    out = tmp_path / "r.md"
    assert main(["report", "--format", "md", "-o", str(out), "--db", str(db_path)]) == 0
    text = out.read_text(encoding="utf-8")
    assert "Måluppfyllelse" in text and "158 552" in text


def test_overview_prints_the_year(db_path, capsys):
    assert main(["overview", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "delvis" in out and "43 621" in out and "22 028" in out


def test_init_demo_and_years(db_path, capsys):
    assert main(["init", "--db", str(db_path)]) == 0
    assert main(["init", "--demo", "--db", str(db_path)]) == 0
    assert main(["years", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1] == "2019"
    assert main(["init", "--demo", "--db", str(db_path)]) == 2  # exists: refused
    assert "finns redan" in capsys.readouterr().err


def test_log_and_undo(db_path, capsys):
    from decimal import Decimal

    from sydnarke_tui.store.db import Store

    s = Store.open(db_path)
    ind = s.load_year(2019).goals[0].indicators[0]
    s.set_field("indicator", ind.id, "outcome", Decimal(70), period="helar")
    s.close()
    assert main(["log", "--db", str(db_path)]) == 0
    assert "90 → 70" in capsys.readouterr().out
    assert main(["undo", "--db", str(db_path)]) == 0
    assert Store.open(db_path).load_year(2019).goals[0].indicators[0].values["helar"].outcome == 90


@pytest.mark.parametrize(
    "config_text, needles",
    [
        ("[ui]\ncolour = true\n", ("ui.colour", "okänd nyckel")),
        ("[assessment]\npartly_from_pct = \"70\"\n", ("assessment.partly_from_pct", "fel typ", "heltal")),
        ("[assessment]\ntie = \"maybe\"\n", ("assessment.tie",)),
        ("[bogus]\n", ("bogus", "okänd sektion")),
        ("this is = = not toml", ("ogiltig TOML",)),
        ("[key]\nAskersund = 50\nHallsberg = 40\n", ("key", "100")),
        ("[units]\ninput = \"sek\"\n", ("units.input",)),
    ],
)
def test_broken_config_is_one_line_naming_file_and_key(tmp_path, config_text, needles):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(config_text, encoding="utf-8")
    r = run("check", "--config", str(cfg), "--db", str(tmp_path / "x.db"))
    assert_one_line_error(r, str(cfg), *needles)
    assert not (tmp_path / "x.db").exists()


def test_missing_config_file_named_explicitly(tmp_path):
    assert_one_line_error(run("check", "--config", str(tmp_path / "nope.toml")), "finns inte")


def test_missing_directory_for_database(tmp_path):
    assert_one_line_error(run("check", "--db", str(tmp_path / "no" / "x.db")), "finns inte")


def test_corrupt_database(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 100)
    assert_one_line_error(run("report", "--db", str(bad)), "ingen SQLite-databas")
    assert bad.read_bytes() == b"garbage" * 100


def test_newer_database(tmp_path):
    path = tmp_path / "new.db"
    c = sqlite3.connect(path)
    c.execute("CREATE TABLE x (a)")
    c.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    c.commit()
    c.close()
    assert_one_line_error(run("check", "--db", str(path)), "nyare")


def test_unknown_year_and_period(db_path, capsys):
    assert main(["check", "--year", "2031", "--db", str(db_path)]) == 2
    assert "2031" in capsys.readouterr().err
    assert main(["check", "--period", "Q5", "--db", str(db_path)]) == 2
    assert "Q5" in capsys.readouterr().err


def test_period_by_name(db_path, capsys):
    assert main(["check", "--period", "T1", "--db", str(db_path)]) == 0  # no printed values at T1
    assert main(["check", "--period", "delår", "--db", str(db_path)]) == 0


def test_bad_option_is_one_line(db_path):
    r = run("report", "--format", "pdf", "--db", str(db_path))
    assert r.returncode == 2 and "Traceback" not in r.stderr and "fel:" in r.stderr


def test_default_database_from_config_folder(tmp_path):
    (tmp_path / "db").mkdir()
    (tmp_path / "config.toml").write_text('[database]\npath = "db/my.db"\n', encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "sydnarke_tui", "years"], cwd=tmp_path, capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout.strip() == "2019"
    assert (tmp_path / "db" / "my.db").exists()


def test_read_only_database_still_reports_and_refuses_undo(db_path, capsys, monkeypatch):
    from sydnarke_tui.store.db import Store

    Store.open(db_path).close()
    real = os.access
    monkeypatch.setattr("sydnarke_tui.store.db.os.access",
                        lambda p, mode: False if mode & os.W_OK and Path(p) == db_path else real(p, mode))
    assert main(["check", "--db", str(db_path)]) == 1
    assert main(["undo", "--db", str(db_path)]) == 2
    assert "skrivskyddad" in capsys.readouterr().err


def test_module_entry_point_version():
    r = run("--version")
    assert r.returncode == 0 and "sydnarke-tui" in r.stdout


def test_new_year_then_undo_removes_it_and_redo_brings_it_back(db_path, capsys):
    assert main(["new-year", "--from", "2019", "--to", "2020", "--db", str(db_path)]) == 0
    assert main(["undo", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Ångrat: nytt år 2020 (2019) (året är borttaget); ändringen gjordes av" in out and "{" not in out
    assert main(["years", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.split() == ["2019"]
    assert main(["redo", "--db", str(db_path)]) == 0
    assert main(["years", "--db", str(db_path)]) == 0
    assert capsys.readouterr().out.split()[-2:] == ["2019", "2020"]


@pytest.mark.parametrize("args, needle", [
    (["log", "--limit", "0"], "1–1 000 000"),
    (["new-year", "--from", "2019", "--to", "99999"], "årtal"),
    (["check", "--year", "abc"], "årtal"),
])
def test_bad_numbers_in_options(db_path, args, needle):
    r = run(*args, "--db", str(db_path))
    assert r.returncode == 2 and needle in r.stderr and "Traceback" not in r.stderr


def test_config_that_is_a_directory(tmp_path):
    assert_one_line_error(run("check", "--config", str(tmp_path)), "katalog")


def test_escape_sequences_in_names_never_reach_the_terminal(tmp_path, capsys):
    from sydnarke_tui.io.toml_io import dump_year_toml
    from sydnarke_tui.store.demo import demo_year

    y = demo_year()
    y.year = 2030
    y.operating[5].label = "[/]|pipe|\x1b[2J"
    y.goals[3].indicators[1].name = "Sjuk\x1b[2Jfr"
    f = tmp_path / "evil.toml"
    f.write_text(dump_year_toml(y), encoding="utf-8")
    db = str(tmp_path / "e.db")
    assert main(["load", str(f), "--db", db]) == 0
    capsys.readouterr()
    for cmd in (["overview"], ["check"], ["report", "--format", "md"], ["report", "--format", "html"]):
        main([*cmd, "--year", "2030", "--db", db])
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\\x1b" in out
    assert main(["report", "--year", "2030", "--format", "xlsx", "-o", str(tmp_path / "e.xlsx"), "--db", db]) == 0


def test_sie_account_ranges_in_config_are_validated(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[[import.sie.lines]]\nlabel = "Lön"\nkind = "cost"\naccounts = ["abc"]\n', encoding="utf-8")
    assert_one_line_error(run("years", "--config", str(cfg)), "import.sie.lines[0].accounts")


def test_without_config_or_db_the_database_lives_in_the_user_data_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)  # no config.toml here
    assert main(["years"]) == 0
    assert capsys.readouterr().out.split() == ["2019"]  # created on first run with the demo year
    assert (tmp_path / "data" / "sydnarke-tui" / "sydnarke.db").is_file()
    assert not (tmp_path / "db").exists()
    # --db and a config file still win
    assert main(["years", "--db", str(tmp_path / "other.db")]) == 0
    assert (tmp_path / "other.db").is_file()
    (tmp_path / "config.toml").write_text('[database]\npath = "mine.db"\n', encoding="utf-8")
    assert main(["years"]) == 0
    assert (tmp_path / "mine.db").is_file()


def test_export_formats_come_from_one_registry(capsys):
    from sydnarke_tui.io.exports import REGISTRY as EXPORT_FORMATS

    with pytest.raises(SystemExit) as exit_:
        main(["report", "--format", "nope"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert all(f"'{name}'" in err for name in EXPORT_FORMATS)


@pytest.mark.parametrize("args, needle", [
    (["new-year", "--from", "2019"], "argument saknas: --to"),
    (["report", "--format", "xyz"], "ogiltigt val 'xyz' (välj bland 'json'"),
    (["report", "--year"], "argument --year: väntade ett värde"),
    (["report", "--bogus"], "okända argument: --bogus"),
])
def test_argparse_errors_are_swedish(tmp_path, args, needle):
    r = run(*args, "--db", str(tmp_path / "x.db"))
    assert_one_line_error(r, needle)
    for english in ("required", "invalid choice", "expected one", "unrecognized", "choose from"):
        assert english not in r.stderr
