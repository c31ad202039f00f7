"""Starting a year from nothing (`init --year`), then importing into it (issue 9 item 3)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from sydnarke_tui.cli import main
from sydnarke_tui.io.errors import FileFormatError
from sydnarke_tui.io.start import empty_year, missing_year_message, parse_key
from sydnarke_tui.store.db import Store

STATEMENT = """Driftredovisning 2021 (tkr)
Verksamhet;Slagtext;Utfall 2020;Budget 2021;Utfall 2021;Avvikelse
Politisk verksamhet;Intäkter;10;15;14;-1
Politisk verksamhet;Personalkostnader;-1 250;-1 300;-1 280;20
Politisk verksamhet;Övriga kostnader;-310;-320;-335;-15
Politisk verksamhet;Summa Politisk verksamhet;-1 550;-1 605;-1 601;4
IT-drift;Intäkter;31 100;31 207;31 452;245
IT-drift;Personalkostnader;-10 100;-11 799;-10 382;1 417
IT-drift;Övriga kostnader;-19 100;-19 408;-20 911;-1 503
IT-drift;Summa IT-drift;1 900;0;159;159
;Nettoresultat;350;-1 605;-1 442;163
"""


class _Cfg:
    organisation = "Sydnärkes IT-nämnd"
    members = ["Askersund", "Hallsberg", "Laxå", "Lekeberg"]
    default_key = {"Askersund": Decimal("27.512"), "Hallsberg": Decimal("35.000"), "Laxå": Decimal("12.488"),
                   "Lekeberg": Decimal("25.000")}


def test_empty_year_from_config_and_options():
    y = empty_year(2021, _Cfg())
    assert (y.year, y.organisation, y.goals, y.operating) == (2021, "Sydnärkes IT-nämnd", [], [])
    assert [(k.municipality, k.share_pct) for k in y.key.members][0] == ("Askersund", Decimal("27.512"))
    y = empty_year(2021, _Cfg(), organisation="Nämnd", members="A, B", key="A=40, b=60")
    assert y.organisation == "Nämnd" and [(k.municipality, k.share_pct) for k in y.key.members] == [
        ("A", Decimal(40)), ("B", Decimal(60))]
    assert [k.share_pct for k in empty_year(2021, _Cfg(), members="A,B").key.members] == [None, None]
    for bad, msg in (("A=40", "andel saknas för B"), ("A=40,B=70", "summerar till 110"), ("A=x,B=1", "ingen andel"),
                     ("C=50,A=50", "ingen medlem"), ("A=101,B=0", "väntade 0–100")):
        with pytest.raises(FileFormatError, match=msg):
            parse_key(bad, ["A", "B"])
    with pytest.raises(FileFormatError, match="1900–2200"):
        empty_year(99999, _Cfg())
    assert "init --year 2022" in missing_year_message(2022, [2019])
    assert "new-year --from 2019 --to 2022" in missing_year_message(2022, [2019])


def test_init_then_import_on_an_empty_database(tmp_path, capsys):
    db = str(tmp_path / "ny.db")
    f = tmp_path / "drift.csv"
    f.write_text(STATEMENT, encoding="utf-8")
    assert main(["init", "--year", "2021", "--db", db]) == 0
    assert "Året 2021 är skapat" in capsys.readouterr().out
    assert main(["init", "--year", "2021", "--db", db]) == 2
    assert "finns redan" in capsys.readouterr().err
    args = ["import", str(f), "--year", "2021", "--signs", "costs-negative", "--unit", "tkr", "--db", db]
    assert main([*args, "--dry-run"]) == 0
    dry = capsys.readouterr().out.splitlines()
    assert dry[0].startswith("Nya rader (6): Driftredovisning › Politisk verksamhet › Intäkter;")
    n = int(dry[-1].split()[1])
    assert main(args) == 0
    real = capsys.readouterr().out.splitlines()
    assert real[-1] == f"Importerat drift.csv: {n} ändringar sparade."  # the dry run counted the same
    store = Store.open(tmp_path / "ny.db", demo=False)
    y = store.load_year(2021)
    assert [ln.label for ln in y.operating] == ["Intäkter", "Personalkostnader", "Övriga kostnader"] * 2
    assert y.operating[4].budget == 11_799_000 and y.operating[4].previous_outcome == 10_100_000
    store.close()


def test_import_into_a_missing_year_names_the_command(tmp_path, capsys):
    db = str(tmp_path / "ny.db")
    f = tmp_path / "drift.csv"
    f.write_text(STATEMENT, encoding="utf-8")
    assert main(["init", "--db", db]) == 0
    capsys.readouterr()
    assert main(["import", str(f), "--year", "2021", "--db", db]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sydnarke-tui init --year 2021" in err


def test_old_section_option_still_works_with_a_note(tmp_path, capsys):
    db = str(tmp_path / "ny.db")
    f = tmp_path / "inv.csv"
    f.write_text("Projekt;Budget (kr)\nDatorer;500\n", encoding="utf-8")
    assert main(["init", "--year", "2021", "--db", db]) == 0
    capsys.readouterr()
    assert main(["import", str(f), "--year", "2021", "--section", "investments", "--db", db]) == 0
    io = capsys.readouterr()
    assert "--section heter nu --table" in io.err and "Investeringar › Datorer" in io.out
    assert main(["import", str(f), "--year", "2021", "--table", "investeringar", "--db", db, "--dry-run"]) == 0


def test_sie_dry_run_counts_equal_the_real_import(tmp_path, capsys):
    from .sie_programs import visma

    db = str(tmp_path / "ny.db")
    f = tmp_path / "bok.se"
    f.write_bytes(visma())
    assert main(["init", "--year", "2019", "--db", db]) == 0
    args = ["import", str(f), "--year", "2019", "--db", db]
    assert main([*args, "--dry-run"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "Nya rader (2): Driftredovisning › Intäkter; Driftredovisning › Kostnader"
    assert any(line.endswith("Stämmer.") for line in out)
    n = int(out[-1].split()[1])
    assert main(args) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"Importerat bok.se: {n} ändringar sparade."
    assert main([*args, "--dry-run"]) == 0  # the same file again changes nothing
    assert capsys.readouterr().out.splitlines()[-1].startswith("Torrkörning: 0 ändringar")
