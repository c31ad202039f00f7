"""Issue 18 from the command line: `check` names figures that contradict each other; the JSON
report carries links and budget to date; a fresh year is "ej bedömt"; new-year lists moved targets."""

import json

import pytest

from sydnarke_tui.cli import main
from sydnarke_tui.store.db import Store


@pytest.fixture
def store(db_path):
    s = Store.open(db_path, demo=True, user="testare")
    yield s
    s.close()


def _check(db_path, capsys) -> tuple[int, str]:
    code = main(["check", "--year", "2019", "--db", str(db_path)])
    return code, capsys.readouterr().out


def test_the_demo_has_only_its_four_printed_errors(store, db_path, capsys):
    """The demo's narrative says "Sydnet 2.0 4 655 tkr" and its budgetram is linked: they agree."""
    code, out = _check(db_path, capsys)
    assert code == 1
    assert "Verksamhetsberättelse" not in out and "fel tecken" not in out and "Varav" not in out
    assert "4 anmärkningar, varav 4 fel." in out


def test_a_revenue_line_with_a_costs_sign_is_named(store, db_path, capsys):
    ln = next(x for x in store.load_year(2019).operating if x.label == "Driftbidrag från kommuner")
    store.set_field("operating", ln.id, "outcome", 11_000, period="helar")
    code, out = _check(db_path, capsys)
    line = next(x for x in out.splitlines() if "fel tecken" in x)
    assert "Driftbidrag från kommuner" in line and "11 000 kr" in line and "intäkt" in line


def test_varav_rows_beyond_their_project_are_named(store, db_path, capsys):
    y = store.load_year(2019)
    laxa = next(x for x in y.investments if x.label == "IT invest Laxå")
    varav = next(x for x in y.investments if x.parent_id == laxa.id)
    store.set_field("investment", varav.id, "outcome", 2_000_000, period="helar")
    code, out = _check(db_path, capsys)
    assert code == 1
    line = next(x for x in out.splitlines() if "Varav-raderna" in x)
    assert "IT invest Laxå" in line and "Sydnet 2.0" in line and "2 000 000 kr" in line and "1 945 300 kr" in line


def test_the_narratives_sydnet_figure_changed_is_named(store, db_path, capsys):
    text = store.load_year(2019).narrative["helar"]
    assert "Av det totala utfallet utgör Sydnet 2.0 4 655 tkr." in text
    store.set_field("year", 2019, "narrative", text.replace("4 655 tkr", "4 600 tkr"), period="helar")
    code, out = _check(db_path, capsys)
    assert code == 1
    line = next(x for x in out.splitlines() if "Verksamhetsberättelse" in x)
    assert "Sydnet 2.0" in line and "4 600 tkr" in line and "4 655 tkr" in line


def test_an_unlinked_budgetram_that_disagrees_with_the_net_result_is_named(store, db_path, capsys):
    ind = next(i for i in store.load_year(2019).indicators() if "budgetram" in i.name)
    store.set_field("indicator", ind.id, "link", None)
    store.set_field("indicator", ind.id, "outcome", 200, period="helar")
    code, out = _check(db_path, capsys)
    line = next(x for x in out.splitlines() if "budgetram" in x)
    assert "200 tkr" in line and "159 tkr" in line and "koppla" in line


def test_json_report_carries_the_link_and_budget_to_date(store, db_path, capsys):
    y = store.load_year(2019)
    personal = next(x for x in y.operating if x.label == "Personalkostnader")
    store.set_field("operating", personal.id, "profile", (1_000_000,) * 6 + (499_000,) + (1_060_000,) * 5)
    store.set_field("operating", personal.id, "outcome", 3_900_000, period="t1")
    assert main(["report", "--year", "2019", "--format", "json", "--db", str(db_path)]) == 0
    full = json.loads(capsys.readouterr().out)
    budgetram = next(i for g in full["goals"] for i in g["indicators"] if "budgetram" in i["name"])
    assert budgetram["link"] == "operating/total/net/deviation" and budgetram["outcome"] == 159
    assert budgetram["status"] == "achieved" and "to_date" not in full["operating"]["lines"][0]
    assert main(["report", "--year", "2019", "--period", "t1", "--format", "json", "--db", str(db_path)]) == 0
    t1 = json.loads(capsys.readouterr().out)
    line = next(x for x in t1["operating"]["lines"] if x["label"] == "Personalkostnader")
    assert line["to_date"] == {"budget": 4_000_000, "outcome": 3_900_000, "deviation": 100_000}
    others = [x for x in t1["operating"]["lines"] if x["label"] != "Personalkostnader"]
    # twelfths of the others: 4/12 of the budget; no outcome yet, no deviation
    assert [x["to_date"]["budget"] for x in others] == [0, -10_402_333, 860_000, 1_750_000, 316_667, 297_333,
                                                        3_245_333]
    assert all(x["to_date"]["deviation"] is None for x in others)
    assert t1["operating"]["totals"]["cost"]["to_date"]["deviation"] == 100_000
    assert "to_date" in t1["investments"]["lines"][0]


def test_a_fresh_year_is_not_assessed(store, db_path, capsys):
    assert main(["new-year", "--from", "2019", "--to", "2020", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "(HME): > 74 → > 59" in out  # HME: "öka från" moves to last year's outcome
    assert main(["report", "--year", "2020", "--format", "json", "--db", str(db_path)]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["summary"]["verdict"] == "not_assessed"
    assert {g["status"] for g in d["goals"]} == {"not_assessed"}
    assert main(["overview", "--year", "2020", "--db", str(db_path)]) == 0
    assert "ej bedömt" in capsys.readouterr().out


def test_overview_at_t1_shows_budget_to_date(store, db_path, capsys):
    y = store.load_year(2019)
    personal = next(x for x in y.operating if x.label == "Personalkostnader")
    store.set_field("operating", personal.id, "profile", (1_000_000,) * 6 + (499_000,) + (1_060_000,) * 5)
    store.set_field("operating", personal.id, "outcome", 3_900_000, period="t1")
    assert main(["overview", "--year", "2019", "--period", "t1", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Budget t.o.m." in out
    line = [x for x in out.splitlines() if "Personalkostnader" in x][-1]  # in "Hittills i år"
    assert "3 900" in line and "4 000" in line and "100" in line


def test_a_link_to_a_deleted_line_is_named_by_check(store, db_path, capsys):
    """A database written before deletes cleared links: the indicator and the missing line are named."""
    ind = next(i for i in store.load_year(2019).indicators() if "Sjukfrånvaro" in i.name)
    store.set_field("indicator", ind.id, "link", "operating/line/99999/deviation", expected_version=ind.version)
    code, out = _check(db_path, capsys)
    line = next(x for x in out.splitlines() if "operating/line/99999/deviation" in x)
    assert line.startswith("fel:") and "Sjukfrånvaro" in line and "driftraden har tagits bort" in line
    assert code == 1


@pytest.mark.parametrize("old, new, why", [
    ('link = "operating/total/net/deviation"', 'link = "investments/varav/Finns inte/outcome"',
     "ingen varav-rad heter 'Finns inte'"),
    ('link = "operating/total/net/deviation"', 'link = "operating/section/Ingen sådan/net/outcome"',
     "ingen driftrad hör till verksamheten 'Ingen sådan'"),
    ('link = "operating/total/net/deviation"', 'link = "operating/line/999/outcome"', None),
])
def test_a_toml_year_linking_to_nothing_loads_with_a_finding_or_is_refused_in_one_line(tmp_path, capsys, old, new,
                                                                                      why):
    from sydnarke_tui.io.toml_io import dump_year_toml
    from sydnarke_tui.store.demo import demo_year

    y = demo_year()
    y.year = 2031
    text = dump_year_toml(y).split("\n", 1)[1]  # hand-edited: without the header's checksum
    assert old in text
    f = tmp_path / "y.toml"
    f.write_text(text.replace(old, new), encoding="utf-8")
    db = str(tmp_path / "l.db")
    code = main(["load", str(f), "--db", db])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    if why is None:  # a line the file does not hold: refused, naming the field
        assert code != 0 and "ingen rad" in err and len(err.strip().splitlines()) == 1
        return
    assert code == 0
    main(["check", "--year", "2031", "--db", db])
    out = capsys.readouterr().out
    assert any("budgetram" in x and why in x for x in out.splitlines())
